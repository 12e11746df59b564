"""Text made safe and measured once: zero-width characters, soft hyphens and runs of marks
removed without harming real scripts; one display width for the CLI and the reader; caps on
sizes so a hostile record costs no time to draw."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cli.papers import table_lines
from tui.core.models import MAX_NAME, MAX_TITLE, Paper, parse_item
from tui.core.text import MAX_MARKS, cell_width, clean_line, clean_text, fit

# --- one display width, as the reader (Rich) draws it -----------------------------------------


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("abc", 3),
        ("中文", 4),
        ("\U0001f44d\U0001f3fd", 2),  # 👍🏽 thumbs up with a skin tone: one emoji
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", 2),  # 👨‍👩‍👧 a ZWJ family
        ("\U0001f3f3\ufe0f\u200d\U0001f308", 2),  # 🏳️‍🌈
        ("\u200b", 0),
        ("e\u0301", 1),
        ("\u2764\ufe0f", 2),  # ❤️ made an emoji by VS16
    ],
)
def test_cell_width(text: str, cells: int) -> None:
    assert cell_width(text) == cells


def test_fit_cuts_between_graphemes_with_an_ellipsis() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert fit(f"{family}{family}abc", 5) == f"{family}{family}…"
    assert fit(f"{family}{family}abc", 4) == f"{family}…"
    assert fit("e\u0301" * 5, 3) == "e\u0301e\u0301…"
    assert fit("中文中文", 5) == "中文…"
    assert fit("short", 10) == "short"
    assert fit("short", 10, pad=True) == "short     "
    assert fit("a long title", 6, pad=True) == "a lon…"
    assert fit("中文中文", 6, pad=True) == "中文… "
    assert fit("anything", 0) == ""


@given(st.text(max_size=40), st.integers(min_value=1, max_value=30))
@settings(max_examples=300, deadline=None)
def test_fit_never_exceeds_its_cells(text: str, cells: int) -> None:
    assert cell_width(fit(text, cells)) <= cells
    assert cell_width(fit(text, cells, pad=True)) == cells or cell_width(text) > cells


def test_a_cli_row_with_emoji_and_soft_hyphens_is_exactly_the_terminal_width() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    title = f"Thumbs \U0001f44d\U0001f3fd and fam\u00adily {family} " * 4
    paper = parse_item({"id": "2605.15320", "title": title, "summary": "S"})
    assert "\u00ad" not in paper.title
    _, row = table_lines([paper], 80)
    assert cell_width(row) == 80


# --- invisible characters and runs of marks -----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("zero\u200bwidth", "zerowidth"),
        ("word\u2060joiner", "wordjoiner"),
        ("\ufeffbyte order mark", "byte order mark"),
        ("soft\u00adhyphen", "softhyphen"),
        ("stray\u200d joiner", "stray joiner"),
        ("\u200cat the start", "at the start"),
        ("ascii\u200dletters", "asciiletters"),
        ("two\u200d\u200djoiners", "twojoiners"),
        ("Z" + "\u0301" * 5000 + "algo", "Z" + "\u0301" * MAX_MARKS + "algo"),
        ("a" + "\u20dd" * 9, "a" + "\u20dd" * MAX_MARKS),  # enclosing marks
        ("x" + "\U0001d167" * 9, "x" + "\U0001d167" * MAX_MARKS),  # beyond the BMP
    ],
)
def test_stray_invisibles_and_mark_runs_are_removed(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "text",
    [
        "مرحبا بالعالم، هذا نص عربي",  # Arabic
        "می\u200cخواهم",  # Persian: ZWNJ between letters is spelling
        "नमस्ते दुनिया, स्त्री क्षत्रिय",  # Hindi: viramas and vowel signs
        "क्\u200dष",  # Devanagari half form made with ZWJ
        "ภาษาไทย ก้าวหน้า",  # Thai: tone marks
        "Tiếng Việt có dấu",  # Vietnamese: two marks on one letter
        "e\u0301\u0302\u0303\u0304",  # four marks: the most kept
        "\U0001f468\u200d\U0001f469\u200d\U0001f467 family",
        "\U0001f44d\U0001f3fd \U0001f3f3\ufe0f\u200d\U0001f308 1\ufe0f\u20e3",
        "中文标题：测试。。。。。。",
    ],
)
def test_real_scripts_and_emoji_stay_intact(text: str) -> None:
    assert clean_line(text) == text
    assert clean_text(text) == text
    assert clean_line(unicodedata.normalize("NFD", text)) == unicodedata.normalize("NFD", text)


def test_csv_export_of_a_hostile_title_is_clean() -> None:
    from tui.core.export import export
    from tui.core.store import Bookmark

    paper = parse_item(
        {"id": "2605.15320", "title": "T\u200bi\u2060t" + "\u0301" * 99 + "le", "summary": "S"}
    )
    text = export([Bookmark(paper, None)], "csv")
    assert "\u200b" not in text and "\u2060" not in text
    assert "\u0301" * (MAX_MARKS + 1) not in text


@given(st.text(max_size=60))
@settings(max_examples=500, deadline=None)
def test_cleaning_is_idempotent_and_matches_the_slow_path(text: str) -> None:
    line = clean_line(text)
    assert clean_line(line) == line
    assert line == " ".join(clean_line(f"{text} ").split())  # the fast path agrees
    prose = clean_text(text)
    assert clean_text(prose) == prose


# --- sizes are capped when a record is parsed ---------------------------------------------


def test_a_megabyte_title_and_huge_names_are_capped() -> None:
    item = {
        "id": "2605.15320",
        "title": "Long " * 200_000,
        "summary": "S",
        "authors": [{"name": "N" * 100_000}] * 3,
        "ai_keywords": ["k" * 100_000] * 500,
    }
    paper = parse_item(item)
    assert len(paper.title) == MAX_TITLE and paper.title.endswith("…")
    assert all(len(name) == MAX_NAME for name in paper.author_names)
    assert len(paper.ai_keywords) == 50 and all(len(k) == MAX_NAME for k in paper.ai_keywords)
    assert Paper.from_record(paper.to_record()) == paper
    stored = Paper.from_record(paper.to_record() | {"title": "Stored " * 200_000})
    assert len(stored.title) == MAX_TITLE
