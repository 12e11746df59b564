"""The reader's pure parts: the filter index, the view arithmetic, the header status words,
the detail text and the list rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.reader import NOW, fixture_papers, make_app, settle
from tui.core.errors import BadResponseError, OfflineError
from tui.core.library import Listing
from tui.core.models import Author, Paper
from tui.core.paper_filter import PaperIndex, haystack
from tui.core.query import Query
from tui.core.views import ViewState, query_for, shifted, start_of
from tui.widgets.abstract_view import describe, fold_authors

README = Path(__file__).parent.parent / "README.md"


def brute_force(papers: list[Paper], query: str) -> list[int]:
    words = query.lower().split()
    return [i for i, p in enumerate(papers) if all(w in haystack(p) for w in words)]


def test_index_matches_title_authors_keywords_and_abstract() -> None:
    papers = fixture_papers()
    index = PaperIndex(papers)
    lottery = [papers[i].title for i in index.match("LOTTERY ticket")]
    assert lottery == ["The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks"]
    author = next(p for p in papers if p.authors).authors[0].name
    assert papers.index(next(p for p in papers if p.authors)) in index.match(author)
    assert index.match("   ") is None
    assert index.match("zzzz-no-such-word") == []


def test_narrowing_gives_what_a_full_scan_gives() -> None:
    papers = fixture_papers()
    index = PaperIndex(papers)
    for typed in ["n", "ne", "neu", "neur", "neural", "neural n", "neural ne", "neural net"]:
        assert index.match(typed) == brute_force(papers, typed), typed
    assert index.match("ne") == brute_force(papers, "ne")  # shorter again: a full scan


@settings(max_examples=60, deadline=None)
@given(
    titles=st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=12),
    query=st.text(max_size=8),
)
def test_index_agrees_with_brute_force(titles: list[str], query: str) -> None:
    papers = [Paper(id=f"2601.{n:05d}", title=t, summary="") for n, t in enumerate(titles)]
    index = PaperIndex(papers)
    expected = brute_force(papers, query) if query.split() else None
    assert index.match(query) == expected


def test_views_and_time() -> None:
    day = date(2026, 11, 26)
    assert query_for("day", day) == Query.day(day)
    assert query_for("week", day) == Query.week("2026-W48")
    assert query_for("month", day) == Query.month("2026-11")
    assert start_of(Query.week("2026-W48")) == date(2026, 11, 23)
    assert start_of(Query.month("2026-11")) == date(2026, 11, 1)
    assert start_of(Query.trending()) is None
    assert shifted(Query.latest(), day, -1) == Query.day("2026-11-25")
    assert shifted(Query.week("2026-W01"), day, -1) == Query.week("2025-W52")


def listing(source: str, error: Exception | None = None, age: timedelta = timedelta()) -> Listing:
    return Listing(Query.latest(), [], source, NOW - age, error=error)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(listing=None, fetching=True), ("fetching…", False)),
        (dict(listing=listing("cache", age=timedelta(hours=3)), fetching=True),
         ("fetching… · cache from 3 h ago", False)),
        (dict(listing=listing("demo"), fetching=True), ("fetching… · demo papers", False)),
        (dict(listing=None), ("loading…", False)),
        (dict(listing=None, error="boom"), ("fetch failed, nothing cached", True)),
        (dict(listing=listing("network"), updated_at=NOW - timedelta(minutes=2)),
         ("updated 2 min ago", False)),
        (dict(listing=listing("cache", age=timedelta(hours=3))), ("cached 3 h ago", False)),
        (dict(listing=listing("cache", OfflineError("x"), timedelta(hours=3))),
         ("offline, showing cache from 3 h ago", True)),
        (dict(listing=listing("cache", BadResponseError("x"), timedelta(days=3))),
         ("bad answer from Hugging Face, showing cache from 3 days ago", True)),
        (dict(listing=listing("demo")), ("demo papers", True)),
        (dict(listing=listing("demo", OfflineError("x"))), ("demo papers (offline)", True)),
        (dict(listing=None, bookmarks=True), ("saved on this computer", False)),
    ],
)  # fmt: skip
def test_status_words(kwargs, expected) -> None:
    query = None if kwargs.pop("bookmarks", False) else Query.latest()
    view = ViewState("latest" if query else "bookmarks", query, NOW.date(), **kwargs)
    assert view.status(NOW) == expected


def test_authors_fold() -> None:
    assert fold_authors([]) == ""
    assert fold_authors(["A"]) == "A"
    assert fold_authors(["A", "B", "C"]) == "A, B and C"
    names = [f"N{i}" for i in range(252)]
    assert fold_authors(names) == ", ".join(names[:12]) + " and 240 more"


def test_detail_lists_every_known_fact_and_skips_unknown_ones() -> None:
    paper = Paper(
        id="2605.00001",
        title="[b]T[/b]",
        summary="Abstract text.",
        authors=(Author("Ada"), Author("Bob")),
        published_at=datetime(2026, 5, 1, tzinfo=UTC),
        daily_date=date(2026, 5, 4),
        upvotes=12,
        num_comments=3,
        github_repo="https://github.com/x/y",
        github_stars=42,
        project_page="https://x.example",
        ai_summary="Short.",
        ai_keywords=("k1", "k2"),
        organization="Org [x]",
    )
    text = describe(paper).plain
    for fragment in [
        "[b]T[/b]", "Ada and Bob",
        "2605.00001 · ▲ 12 · ✎ 3 · Daily Papers 2026-05-04 · arXiv 2026-05-01",
        "o page · p PDF · a arXiv · O GitHub ★ 42 · W project", "https://github.com/x/y",
        "https://x.example", "Org [x]", "Short.", "k1, k2", "Abstract text.",
    ]:  # fmt: skip
        assert fragment in text, fragment
    lines = text.splitlines()
    assert lines[5] == "Abstract text."  # title, authors, two lines of facts, a blank
    assert text.index("Abstract text.") < text.index("Short.") < text.index("k1, k2")
    first = describe(paper, ai_summary_first=True).plain
    assert first.index("Short.") < first.index("Abstract text.")
    noted = describe(paper, "my note\nline two", ("rl", "thesis")).plain
    assert "#rl #thesis" in noted.splitlines()[3]
    order = [noted.index(part) for part in ("Abstract text.", "my note\nline two", "Short.")]
    assert order == sorted(order)
    bare = describe(Paper(id="2605.00002", title="T", summary="S")).plain
    assert "GitHub" not in bare and "✎" not in bare and "authors not listed" in bare


async def test_list_rows_show_marks_title_and_counts() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot)
        papers = screen.paper_list
        first = papers.current
        screen.marks.read.add(first.id)
        screen.marks.bookmarked.add(first.id)
        screen.marks.new.add(first.id)
        papers.refresh_marks()
        row = papers.render_line(0).text
        assert row.startswith("  ★ + ")  # read: no dot; bookmarked; no note; new
        assert first.title[:20] in row and f"▲{first.upvotes:>4}" in row
        second = papers.render_line(1).text
        assert second.startswith(" ●    ")
        assert len(second) == papers.scrollable_content_region.width


async def test_readme_shows_the_key_table_of_the_bindings() -> None:
    """The bindings are the one source of the key table; README's Reader section carries it."""
    from tui.keys import markdown_table

    app = make_app()
    async with app.run_test():
        table = markdown_table(app.get_key_display)
    readme = README.read_text(encoding="utf-8")
    reader = readme.split("## Reader", 1)[1].split("\n## ", 1)[0]
    assert table in reader, f"README's key table is out of date; it should read:\n{table}"


def test_every_binding_has_an_id_a_tooltip_and_a_documented_id() -> None:
    from textual.binding import Binding

    from tui.keys import CHAINS

    config = README.read_text(encoding="utf-8").split("## Configuration", 1)[1]
    owners = {cls for _where, chain in CHAINS for cls in chain}
    bindings = [
        b for owner in owners for b in getattr(owner, "BINDINGS", []) if isinstance(b, Binding)
    ]
    assert len(bindings) > 50
    for binding in bindings:
        assert binding.id and binding.tooltip, binding
        assert f"`{binding.id}`" in config, binding.id


def test_date_sort_copes_with_missing_dates() -> None:
    from tui.widgets.paper_list import SORT_KEYS

    papers = [
        Paper(id="2601.00001", title="a", summary="", daily_date=date(2026, 1, 5)),
        Paper(id="2601.00002", title="b", summary="",
              published_at=datetime(2026, 1, 7, tzinfo=UTC)),
        Paper(id="2601.00003", title="c", summary=""),
        Paper(id="2601.00004", title="d", summary="", daily_date=date(2026, 1, 7),
              published_at=datetime(2026, 1, 1, tzinfo=UTC)),
    ]  # fmt: skip
    ordered = sorted(papers, key=SORT_KEYS["date"], reverse=True)
    assert [p.title for p in ordered] == ["b", "d", "a", "c"]


@pytest.mark.parametrize("width", [60, 80, 120, 150])
async def test_the_key_bar_always_shows_how_to_quit_and_get_help(width: int) -> None:
    from tui.widgets.key_bar import KeyBar

    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one(KeyBar).render())
        assert "q Quit" in line and "? Help" in line
        assert len(line) <= width
        if width >= 80:
            assert "n Next unread" in line  # the reading session's key stays
        if width >= 150:
            assert "S Search" in line and "] Next" in line  # nothing dropped when it fits
