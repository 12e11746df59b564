"""Bookmarks exported as one text: BibTeX, BibLaTeX, Markdown, CSV or JSON.

Pure: it takes the bookmarks (anything with ``paper``, ``added_at``, ``note`` and ``tags``, as
:class:`tui.core.store.Bookmark` has) and returns the text; the CLI decides where it goes.
BibTeX keys are unique within one export. Tags go to ``keywords`` and the note to ``annote``
(BibLaTeX: ``annotation``), fields bibliography styles do not print.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from tui.core.citation import arxiv_year, biblatex, bibtex, markdown, markdown_escape, unique_keys
from tui.core.formats import EXPORT_FORMATS
from tui.core.models import Paper, iso_utc
from tui.core.text import clean_line

CSV_COLUMNS = (
    "id",
    "title",
    "authors",
    "year",
    "url",
    "arxiv_url",
    "pdf_url",
    "added_at",
    "tags",
    "note",
)
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class BookmarkLike(Protocol):
    @property
    def paper(self) -> Paper: ...
    @property
    def added_at(self) -> datetime | None: ...
    @property
    def note(self) -> str | None: ...
    @property
    def tags(self) -> Sequence[str]: ...


def export(bookmarks: Sequence[BookmarkLike], fmt: str) -> str:
    """All ``bookmarks`` in ``fmt`` (one of :data:`EXPORT_FORMATS`), ending with a newline.

    Raises:
        ValueError: an unknown format (the message lists them).
    """
    writer = _WRITERS.get(fmt.lower().strip())
    if writer is None:
        raise ValueError(
            f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    return writer(bookmarks)


EntryWriter = Callable[[Paper, str | None, Mapping[str, str] | None], str]


def _bib(bookmarks: Sequence[BookmarkLike], entry: EntryWriter, note_field: str) -> str:
    keys = unique_keys(b.paper for b in bookmarks)
    entries = [
        entry(b.paper, key, {"keywords": ", ".join(b.tags), note_field: b.note or ""})
        for b, key in zip(bookmarks, keys, strict=True)
    ]
    return "".join(f"{text}\n\n" for text in entries)


def _bibtex(bookmarks: Sequence[BookmarkLike]) -> str:
    return _bib(bookmarks, bibtex, "annote")


def _biblatex(bookmarks: Sequence[BookmarkLike]) -> str:
    return _bib(bookmarks, biblatex, "annotation")


def _markdown(bookmarks: Sequence[BookmarkLike]) -> str:
    """A list, one bookmark an item; tags and the note on the item's own lines."""
    lines = []
    for bookmark in bookmarks:
        lines.append(f"- {markdown(bookmark.paper)}")
        if bookmark.tags:
            tags = ", ".join(markdown_escape(clean_line(tag)) for tag in bookmark.tags)
            lines.append(f"  Tags: {tags}")
        if bookmark.note:
            lines.append(f"  Note: {markdown_escape(clean_line(bookmark.note))}")
    return "".join(f"{line}\n" for line in lines)


def _csv(bookmarks: Sequence[BookmarkLike]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for bookmark in bookmarks:
        paper = bookmark.paper
        row = [
            paper.id,
            paper.title,
            "; ".join(paper.author_names),
            arxiv_year(paper) or "",
            paper.url,
            paper.arxiv_url,
            paper.pdf_url,
            iso_utc(bookmark.added_at) or "",
            "; ".join(bookmark.tags),
            bookmark.note or "",
        ]
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _cell(value: object) -> str:
    """One CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe."""
    text = clean_line(str(value))
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _json(bookmarks: Sequence[BookmarkLike]) -> str:
    """The papers in the public ``--json`` shape, plus ``added_at``, ``tags`` and ``note``."""
    records = [
        {
            **bookmark.paper.to_json(),
            "added_at": iso_utc(bookmark.added_at),
            "tags": list(bookmark.tags),
            "note": bookmark.note,
        }
        for bookmark in bookmarks
    ]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


_WRITERS = {
    "bibtex": _bibtex,
    "biblatex": _biblatex,
    "markdown": _markdown,
    "csv": _csv,
    "json": _json,
}
