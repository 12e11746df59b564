"""Export of bookmarks: BibTeX/BibLaTeX read back by bibtexparser, CSV by the csv module, JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import bibtexparser
import pytest
from bibtexparser import middlewares

from tests.support.fixtures import load_fixture
from tui.core.export import EXPORT_FORMATS, export
from tui.core.models import Author, Paper, parse_paper
from tui.core.store import Bookmark

LOTTERY = parse_paper(load_fixture("paper_1803.03635.json"))
HASH = parse_paper(load_fixture("paper_2101.05490.json"))
ADDED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def twin(paper_id: str) -> Paper:
    """Another paper whose natural key is also frankle2018lottery."""
    return Paper(
        id=paper_id,
        title="The Lottery Ticket Hypothesis at Scale",
        abstract="",
        authors=(Author("Jonathan Frankle"),),
        published_at=datetime(2018, 6, 1, tzinfo=UTC),
    )


BOOKMARKS = [
    Bookmark(LOTTERY, ADDED, note="read §3 & the 50% result", tags=("pruning", "to-read")),
    Bookmark(HASH, None),
    Bookmark(twin("1806.00001"), ADDED, note=None, tags=("pruning",)),
    Bookmark(twin("1806.00002"), ADDED),
]


def parse(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    assert library.failed_blocks == []
    return library


def test_bibtex_export_has_unique_keys_tags_and_notes() -> None:
    library = parse(export(BOOKMARKS, "bibtex"))
    keys = [entry.key for entry in library.entries]
    assert keys == [
        "frankle2018lottery",
        "he2021neural",
        "frankle2018lotterya",
        "frankle2018lotteryb",
    ]
    first = library.entries[0].fields_dict
    assert first["keywords"].value == "pruning, to-read"
    assert first["annote"].value == r"read §3 \& the 50\% result"
    assert [p.last for p in first["author"].value] == [["Frankle"], ["Carbin"]]
    assert "annote" not in library.entries[1].fields_dict
    assert "keywords" not in library.entries[1].fields_dict
    assert {entry.entry_type for entry in library.entries} == {"misc"}


def test_biblatex_export() -> None:
    library = parse(export(BOOKMARKS, "biblatex"))
    assert len(library.entries) == 4
    assert len({entry.key for entry in library.entries}) == 4
    first = library.entries[0].fields_dict
    assert first["annotation"].value == r"read §3 \& the 50\% result"
    assert first["eprinttype"].value == "arxiv"
    assert {entry.entry_type for entry in library.entries} == {"online"}


def test_markdown_export() -> None:
    lines = export(BOOKMARKS[:2], "markdown").splitlines()
    assert lines == [
        "- [The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks]"
        "(https://huggingface.co/papers/1803.03635), Jonathan Frankle and Michael Carbin, 2018",
        "  Tags: pruning, to-read",
        "  Note: read §3 & the 50% result",
        f"- [{HASH.title}](https://huggingface.co/papers/2101.05490), "
        f"{HASH.authors[0].name} et al., 2021",
    ]


def test_csv_export_reads_back_with_the_csv_module() -> None:
    rows = list(csv.DictReader(io.StringIO(export(BOOKMARKS[:2], "csv"))))
    assert len(rows) == 2
    assert rows[0]["id"] == "1803.03635"
    assert rows[0]["title"] == LOTTERY.title
    assert rows[0]["authors"] == "Jonathan Frankle; Michael Carbin"
    assert rows[0]["year"] == "2018"
    assert rows[0]["added_at"] == "2026-11-20T09:30:00Z"
    assert rows[0]["tags"] == "pruning; to-read"
    assert rows[0]["note"] == "read §3 & the 50% result"
    assert rows[0]["arxiv_url"] == "https://arxiv.org/abs/1803.03635"
    assert rows[1]["added_at"] == "" and rows[1]["note"] == ""


def test_csv_cells_that_a_spreadsheet_would_run_are_defused() -> None:
    evil = Paper(id="2101.00001", title='=HYPERLINK("http://x","y")', abstract="")
    row = next(csv.DictReader(io.StringIO(export([Bookmark(evil, None, note="+1")], "csv"))))
    assert row["title"] == '\'=HYPERLINK("http://x","y")'
    assert row["note"] == "'+1"


def test_json_export() -> None:
    records = json.loads(export(BOOKMARKS[:2], "json"))
    assert [r["id"] for r in records] == ["1803.03635", "2101.05490"]
    assert records[0]["authors"] == ["Jonathan Frankle", "Michael Carbin"]
    assert records[0]["added_at"] == "2026-11-20T09:30:00Z"
    assert records[0]["tags"] == ["pruning", "to-read"]
    assert records[0]["note"] == "read §3 & the 50% result"
    assert records[1]["added_at"] is None and records[1]["note"] is None
    assert records[0]["url"] == "https://huggingface.co/papers/1803.03635"


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_nothing_to_export(fmt: str) -> None:
    text = export([], fmt)
    expected = {"csv": "id,title,authors,year,url,arxiv_url,pdf_url,added_at,tags,note\n"}
    assert text == expected.get(fmt, "[]\n" if fmt == "json" else "")


def test_unknown_export_format() -> None:
    with pytest.raises(ValueError, match="bibtex, biblatex, markdown, csv, json"):
        export(BOOKMARKS, "apa")
