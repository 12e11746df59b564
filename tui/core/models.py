"""Paper records built from the three Hugging Face response shapes.

The API gives a *daily item* (``{"paper": {...}, "title", "summary", "numComments", ...}``), a
*search item* (the same envelope plus highlight segments) and a *flat paper*
(``/api/papers/{id}``). :func:`parse_item` turns any of them into one :class:`Paper`, following
the quirks in ``HF_API.md``: the Daily Papers date is ``paper.submittedOnDailyAt``, the arXiv date
is ``paper.publishedAt`` (the top-level ``publishedAt`` is shifted to New York time), handles come
from ``name`` falling back to ``user``, every text field is cleaned of terminal control, and
everything but id, title and summary is optional. :meth:`Paper.from_record` reads our own cache
and store records through the same field readers: those files can be edited or damaged too.

Sizes are capped at parse time (a title at :data:`MAX_TITLE` characters, ...), so no hostile
record costs seconds each time it is drawn; dates outside 1991-2099 are dropped (see
:mod:`tui.core.dates`).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from tui.core.dates import in_range
from tui.core.errors import BadResponseError
from tui.core.text import clean_line, clean_lines, clean_text

if TYPE_CHECKING:
    from tui.core.stored_abstract import StoredAbstract

HF_SITE = "https://huggingface.co"
MAX_TITLE = 1_000
"""Characters of a title (the longest arXiv titles are ~300); longer ones end in "…"."""
MAX_NAME = 200
"""Characters of an author name, keyword, organisation or handle."""
MAX_AUTHORS = 5_000
"""Authors of one paper: more than the largest collaborations list (~5,100 on one paper)."""
MAX_KEYWORDS = 50
MAX_AI_SUMMARY = 2_000
"""Characters of Hugging Face's one-line AI summary (one sentence, in practice)."""

# New-style ids (1501.00001, 0704.0001) and old-style ones (hep-th/9901001, math.AG/0101001),
# each with an optional version suffix that we drop: a paper is one record whatever its version.
# ASCII digits only: "٢٦١١.٨٠٠١١" is no arXiv id, and would end up in URLs and cache file names.
_ARXIV_ID = re.compile(
    r"^(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.ASCII
)


def normalize_arxiv_id(raw: str) -> str | None:
    """The versionless arXiv id in ``raw`` (``arXiv:2101.05490v2`` too), or None if it is none."""
    text = raw.strip()
    for prefix in ("arxiv:", "https://arxiv.org/abs/", "https://huggingface.co/papers/"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    match = _ARXIV_ID.match(text)
    return match.group("id") if match else None


def require_arxiv_id(raw: str) -> str:
    """The versionless arXiv id in ``raw``, checked before any request or file name uses it.

    Raises:
        ValueError: ``raw`` is not an arXiv id (a usage error for the CLI).
    """
    paper_id = normalize_arxiv_id(raw)
    if paper_id is None:
        raise ValueError(f"not an arXiv id: {clean_line(raw)!r}")
    return paper_id


@dataclass(frozen=True, slots=True)
class Author:
    """One author as Hugging Face lists them; ``user`` is the HF handle of a claimed author."""

    name: str
    user: str | None = None


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper, clean and safe to print. Immutable: views derive, they never edit."""

    id: str
    title: str
    abstract: str | StoredAbstract
    """The abstract, or where a cached listing holds it (the reader leaves a cached listing's
    abstracts on disk): read it as :attr:`summary`."""
    authors: tuple[Author, ...] = ()
    published_at: datetime | None = None
    """When the paper appeared on arXiv (``paper.publishedAt``)."""
    daily_date: date | None = None
    """The Daily Papers day it was submitted to (``paper.submittedOnDailyAt``), if ever."""
    upvotes: int = 0
    num_comments: int | None = None
    """Absent from ``/api/papers/{id}`` answers, hence None rather than 0."""
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    organization: str | None = None
    submitted_by: str | None = None
    withdrawn: bool = False
    num_models: int | None = None
    num_datasets: int | None = None
    num_spaces: int | None = None

    def __hash__(self) -> int:
        """By id and title: equal papers share them, and hashing (a detail pane's cache key)
        never reads an abstract left on disk."""
        return hash((self.id, self.title))

    @property
    def summary(self) -> str:
        """The abstract (``summary`` in the API), read from the cache file if it was left there."""
        abstract = self.abstract
        return abstract if isinstance(abstract, str) else abstract.read()

    @property
    def author_names(self) -> list[str]:
        return [author.name for author in self.authors]

    @property
    def url(self) -> str:
        """The paper's page on Hugging Face."""
        return f"{HF_SITE}/papers/{self.id}"

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.id}"

    @property
    def pdf_url(self) -> str:
        return f"https://arxiv.org/pdf/{self.id}"

    @property
    def year(self) -> int | None:
        """The year of ``published_at`` (citations check it against the id first: see
        ``tui.core.citation.arxiv_year``)."""
        return self.published_at.year if self.published_at else None

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape of ``hfpapers ... --json`` (documented in README)."""
        return {
            "id": self.id,
            "title": self.title,
            "authors": self.author_names,
            "summary": self.summary,
            "published_at": iso_utc(self.published_at),
            "daily_date": self.daily_date.isoformat() if self.daily_date else None,
            "upvotes": self.upvotes,
            "num_comments": self.num_comments,
            "github_repo": self.github_repo,
            "github_stars": self.github_stars,
            "project_page": self.project_page,
            "ai_summary": self.ai_summary,
            "ai_keywords": list(self.ai_keywords),
            "organization": self.organization,
            "submitted_by": self.submitted_by,
            "url": self.url,
            "arxiv_url": self.arxiv_url,
            "pdf_url": self.pdf_url,
        }

    def to_record(self) -> dict[str, Any]:
        """A compact JSON-able dict for the cache and the store; :meth:`from_record` reverses it.

        Unknown (None) and false fields are left out to keep cache files small.
        """
        record: dict[str, Any] = {"id": self.id, "title": self.title, "summary": self.summary}
        if self.authors:
            record["authors"] = [[a.name, a.user] if a.user else a.name for a in self.authors]
        if self.published_at:
            record["published_at"] = iso_utc(self.published_at)
        if self.daily_date:
            record["daily_date"] = self.daily_date.isoformat()
        for name in _OPTIONAL_SCALARS:
            value = getattr(self, name)
            if value is not None and value is not False:
                record[name] = value
        if self.ai_keywords:
            record["ai_keywords"] = list(self.ai_keywords)
        return record

    @classmethod
    def from_record(cls, record: Any, stored: StoredAbstract | None = None) -> Paper:
        """Rebuild a paper written by :meth:`to_record`, checked like an API record.

        Our files can be edited by hand or damaged: each field is type-checked and cleaned by
        the same readers as :func:`parse_item`, and a field that is unusable is dropped. With
        ``stored``, the paper keeps where its record is instead of its abstract (checked all
        the same).

        Raises:
            RecordError: the record has no usable id, title or summary.
        """
        if not isinstance(record, dict):
            raise RecordError(f"a record is a JSON {_json_kind(record)}, not an object")
        get = record.get
        paper_id, title, summary = _essentials(get("id"), get("title"), get("summary"))
        return cls(
            id=paper_id,
            title=title,
            abstract=summary if stored is None else stored,
            authors=_authors(get("authors")),
            published_at=_datetime(get("published_at")),
            daily_date=_date(get("daily_date")),
            upvotes=_int(get("upvotes")) or 0,
            num_comments=_int(get("num_comments")),
            github_repo=_url(get("github_repo")),
            github_stars=_int(get("github_stars")),
            project_page=_url(get("project_page")),
            ai_summary=_line(get("ai_summary"), MAX_AI_SUMMARY),
            ai_keywords=_keywords(get("ai_keywords")),
            organization=_line(get("organization"), MAX_NAME),
            submitted_by=_line(get("submitted_by"), MAX_NAME),
            withdrawn=get("withdrawn") is True,
            num_models=_int(get("num_models")),
            num_datasets=_int(get("num_datasets")),
            num_spaces=_int(get("num_spaces")),
        )


_OPTIONAL_SCALARS = (
    "upvotes",
    "num_comments",
    "github_repo",
    "github_stars",
    "project_page",
    "ai_summary",
    "organization",
    "submitted_by",
    "withdrawn",
    "num_models",
    "num_datasets",
    "num_spaces",
)


@dataclass(slots=True)
class ParseResult:
    """Papers parsed from one listing, and how many records could not be."""

    papers: list[Paper] = field(default_factory=list)
    skipped: int = 0


class RecordError(ValueError):
    """One record is unusable (no id, title or summary); the listing skips it."""


def papers_from_records(records: Any) -> ParseResult:
    """Papers from our own stored records (:meth:`Paper.from_record`), skipping and counting
    the unusable ones, so one damaged record never hides the others."""
    result = ParseResult()
    for record in records:
        try:
            result.papers.append(Paper.from_record(record))
        except RecordError:
            result.skipped += 1
    return result


def parse_listing(data: Any) -> ParseResult:
    """Parse a daily or search listing (a JSON array of items), skipping bad records.

    Raises:
        BadResponseError: the answer is not a list at all.
    """
    if not isinstance(data, list):
        raise BadResponseError(
            f"unexpected answer from Hugging Face: a JSON {_json_kind(data)} instead of a list"
        )
    result = ParseResult()
    seen: set[str] = set()
    for item in data:
        try:
            paper = parse_item(item)
        except RecordError:
            result.skipped += 1
            continue
        if paper.id not in seen:  # paging can repeat an item; keep the first
            seen.add(paper.id)
            result.papers.append(paper)
    return result


def parse_paper(data: Any) -> Paper:
    """Parse one ``/api/papers/{id}`` answer.

    Raises:
        BadResponseError: it is not a usable paper object.
    """
    try:
        return parse_item(data)
    except RecordError as error:
        raise BadResponseError(f"unexpected answer from Hugging Face: {error}") from None


def parse_item(item: Any) -> Paper:
    """One daily item, search item or flat paper.

    Raises:
        RecordError: it lacks a valid id, a title or a summary.
    """
    if not isinstance(item, dict):
        raise RecordError(f"a record is a JSON {_json_kind(item)}, not an object")
    paper = item.get("paper")
    envelope: Mapping[str, Any]
    if isinstance(paper, dict):
        envelope = item
    else:
        paper, envelope = item, {}

    # The envelope's title and summary are the cleaned ones; the paper's may be hard-wrapped.
    raw_summary = _text(paper.get("summary"))
    if raw_summary is None:
        raw_summary = _text(envelope.get("summary"))
    paper_id, title, summary = _essentials(
        paper.get("id"), _text(envelope.get("title")) or paper.get("title"), raw_summary
    )

    return Paper(
        id=paper_id,
        title=title,
        abstract=summary,
        authors=_authors(paper.get("authors")),
        published_at=_datetime(paper.get("publishedAt")),
        daily_date=_date(paper.get("submittedOnDailyAt")),
        upvotes=_int(paper.get("upvotes", envelope.get("upvotes"))) or 0,
        num_comments=_int(envelope.get("numComments")),
        github_repo=_url(paper.get("githubRepo")),
        github_stars=_int(paper.get("githubStars")),
        project_page=_url(paper.get("projectPage")),
        ai_summary=_line(paper.get("ai_summary"), MAX_AI_SUMMARY),
        ai_keywords=_keywords(paper.get("ai_keywords")),
        organization=_organization(paper.get("organization") or envelope.get("organization")),
        submitted_by=_handle(paper.get("submittedOnDailyBy") or envelope.get("submittedBy")),
        withdrawn=bool(paper.get("withdrawnAt")),
        num_models=_count(paper, "numTotalModels", "linkedModels"),
        num_datasets=_count(paper, "numTotalDatasets", "linkedDatasets"),
        num_spaces=_count(paper, "numTotalSpaces", "linkedSpaces"),
    )


# --- field readers: lenient, each returns a clean value or None -------------------------------


def _essentials(raw_id: Any, raw_title: Any, raw_summary: Any) -> tuple[str, str, str]:
    """The id, title and summary every paper needs, clean.

    Raises:
        RecordError: one of them is missing, of the wrong type or empty (the title).
    """
    paper_id = normalize_arxiv_id(raw_id) if isinstance(raw_id, str) else None
    if paper_id is None:
        raise RecordError("a record has no valid arXiv id")
    title = clean_line(raw_title, MAX_TITLE) if isinstance(raw_title, str) else ""
    if not title:
        raise RecordError(f"record {paper_id} has no title")
    if not isinstance(raw_summary, str):
        raise RecordError(f"record {paper_id} has no abstract")
    return paper_id, title, clean_text(raw_summary)


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "null" if value is None else type(value).__name__


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _line(value: Any, limit: int | None = None) -> str | None:
    return (clean_line(value, limit) or None) if isinstance(value, str) else None


_MAX_COUNT = 2**53
"""Larger counts are nonsense (and orjson cannot write integers past 64 bits)."""


def _int(value: Any) -> int | None:
    """A count from ints, floats or ASCII digit strings ("12"); negative or other is unknown."""
    if type(value) is int:  # the common case first: this runs six times a record
        return value if 0 <= value < _MAX_COUNT else None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())  # isdigit() alone accepts "²", which int() refuses
    elif isinstance(value, float) and math.isfinite(value):
        value = int(value)
    return value if isinstance(value, int) and 0 <= value < _MAX_COUNT else None


def _datetime(value: Any) -> datetime | None:
    """ISO-8601 strings (``...Z``) or epoch seconds/milliseconds, always timezone-aware UTC.

    A date outside 1991-2099 is no date hfpapers can use (see :mod:`tui.core.dates`): None.
    """
    try:
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            elif parsed.utcoffset():
                parsed = parsed.astimezone(UTC)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value / 1000 if abs(value) > 1e11 else value
            parsed = datetime.fromtimestamp(seconds, UTC)
        else:
            return None
    except (ValueError, OverflowError, OSError):
        return None
    return parsed if in_range(parsed.date()) else None


def _date(value: Any) -> date | None:
    """A day from a time (``submittedOnDailyAt``) or a bare ``YYYY-MM-DD`` (our records)."""
    if isinstance(value, str) and len(value) == 10:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
        return day if in_range(day) else None
    parsed = _datetime(value)
    return parsed.date() if parsed else None


def _url(value: Any) -> str | None:
    """Only http(s) URLs are kept: anything else could not be opened safely anyway."""
    if not isinstance(value, str):
        return None
    url = clean_line(value)
    return url if url.lower().startswith(("https://", "http://")) and " " not in url else None


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    words = clean_lines([v for v in value[:MAX_KEYWORDS] if isinstance(v, str)], MAX_NAME)
    return tuple(map(sys.intern, words))  # keywords repeat across papers: held once


def _authors(value: Any) -> tuple[Author, ...]:
    """API author objects (``{"name", "user"}``), bare names, or our records' [name, user]."""
    if not isinstance(value, list):
        return ()
    value = value[:MAX_AUTHORS]
    # Names are interned: an author of many papers in a listing is held once.
    if all(type(entry) is str for entry in value):  # most records: names without handles
        return tuple(map(Author, map(sys.intern, clean_lines(value, MAX_NAME))))
    authors: list[Author] = []
    for entry in value:
        if isinstance(entry, str):
            name, user = clean_line(entry, MAX_NAME), None
        elif isinstance(entry, dict):
            name = clean_line(_text(entry.get("name")) or "", MAX_NAME)
            user = _handle(entry.get("user"))
        elif isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str):
            name, user = clean_line(entry[0], MAX_NAME), _handle(entry[1])
        else:
            continue
        if name:
            authors.append(Author(sys.intern(name), user))
    return tuple(authors)


def _handle(value: Any) -> str | None:
    """An HF handle: ``name``, falling back to ``user``, of a user object (or a bare string)."""
    if isinstance(value, str):
        return clean_line(value, MAX_NAME) or None
    if isinstance(value, dict):
        for key in ("name", "user"):
            handle = value.get(key)
            if isinstance(handle, str) and clean_line(handle):
                return clean_line(handle, MAX_NAME)
    return None


def _organization(value: Any) -> str | None:
    if isinstance(value, dict):
        return _line(value.get("fullname"), MAX_NAME) or _line(value.get("name"), MAX_NAME)
    return None


def _count(paper: Mapping[str, Any], total_key: str, list_key: str) -> int | None:
    total = _int(paper.get(total_key))
    if total is not None:
        return total
    linked = paper.get(list_key)
    return len(linked) if isinstance(linked, list) else None


def iso_utc(value: datetime | None) -> str | None:
    """``2026-05-14T00:00:00Z`` (the JSON outputs' form), or None."""
    return value.isoformat().replace("+00:00", "Z") if value else None
