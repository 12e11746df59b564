"""Listings and paper records kept on disk, so the reader starts offline and paints at once.

Layout under the cache dir (``paths.cache_dir()`` unless a root is given)::

    listings/<key>.jsonl  one listing: a header line, then one compact paper record a line
    papers/<YYMM>.json    every paper ever seen, sharded by the id's year-month prefix

A listing file holds its own records, so painting a listing parses that one file and never the
paper store, however many thousand papers it holds. Its header line also carries the most
upvoted records (the reader's default order), so the first screen of a 10,000-paper listing
is read from one line while the rest streams in, one record at a time (no whole-file parse).
Every write is atomic (temp file in the same dir, fsync, rename): a crash leaves the old file or
the new one, never half of one. A file that cannot be read is treated as absent; the cache is a
convenience and must never crash the app.

A folder that cannot be used (a plain file in its place, no permission, a read-only disk) turns
the cache off rather than raising: reads find nothing, writes keep nothing, and
:attr:`Cache.problem` says why, so a front end can tell the user once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from tui.core.atomic import write_atomic
from tui.core.models import (
    Paper,
    ParseResult,
    RecordError,
    normalize_arxiv_id,
    papers_from_records,
)
from tui.core.query import Query
from tui.core.stored_abstract import ListingFile, StoredAbstract

if TYPE_CHECKING:
    from tui.core.linked import LinkedRepos

FORMAT = 2
"""Bumped when the file layout changes; files of another format are ignored."""
HEAD_SIZE = 100
"""Most upvoted records kept in a listing's header line: more than a screen of rows."""

_SAFE_NAME = re.compile(r"^[A-Za-z0-9-]{1,40}$")
_LOCK_TIMEOUT = 10.0


@dataclass(slots=True)
class CachedListing:
    """A listing as it was last fetched."""

    query: Query
    papers: list[Paper]
    fetched_at: datetime
    skipped: int = 0
    count: int = 0
    """Papers in the whole listing (more than ``len(papers)`` for a head)."""
    truncated_at: int | None = None
    """Set when paging stopped at the client's safety cap, not at the listing's end."""


@dataclass(slots=True)
class _Access:
    """What the cache may do with its folder, found out on first use, and why not all."""

    read: bool
    write: bool
    problem: str | None = None


_PROBLEMS: dict[Path, str] = {}
"""Per cache folder, the first problem this process met with it (see :func:`problem_met`)."""


class Cache:
    """The offline cache. Cheap to create; touches the disk only when asked."""

    def __init__(self, root: Path | None = None) -> None:
        if root is None:
            from tui.paths import cache_dir

            root = cache_dir()
        self.root = Path(root)
        self._access: _Access | None = None

    @property
    def problem(self) -> str | None:
        """Why the cache is off or did not keep something ("cache off: ... is not a folder"),
        or None. Checks the folder on first use: call it off the event loop."""
        self._allowed()
        return _PROBLEMS.get(self.root)

    def _allowed(self) -> _Access:
        """Create the folder if need be and find out whether it can be read and written."""
        if self._access is None:
            self._access = _check_folder(self.root)
            if self._access.problem is not None:
                _PROBLEMS.setdefault(self.root, self._access.problem)
        return self._access

    def _failed_write(self, error: OSError) -> None:
        _PROBLEMS.setdefault(self.root, f"cache not kept: {_reason(error)} ({self.root})")

    # --- listings -----------------------------------------------------------------------------

    def listing_path(self, query: Query) -> Path:
        """The file of ``query``: readable for days/weeks/months, hashed for searches."""
        name = query.cache_key.replace(":", "-")
        if query.kind == "search" or not _SAFE_NAME.match(name):
            import hashlib  # searches only: not on the way to the first paint

            digest = hashlib.sha256(query.cache_key.encode()).hexdigest()[:24]
            name = f"{query.kind}-{digest}"
        return self.root / "listings" / f"{name}.jsonl"

    def load_listing(
        self, query: Query, *, head: bool = False, abstracts_on_disk: bool = False
    ) -> CachedListing | None:
        """The cached listing of ``query``, or None if there is none (or it is unreadable).

        With ``head``, only its :data:`HEAD_SIZE` most upvoted papers (most upvoted first),
        read from the header line alone; ``count`` still tells the size of the whole. With
        ``abstracts_on_disk``, the papers' abstracts are read from the file when asked for
        (the reader's way: see :mod:`tui.core.stored_abstract`).
        """
        if not self._allowed().read:
            return None
        try:
            with self.listing_path(query).open("rb") as file:
                first_line = file.readline()
                header = orjson.loads(first_line)
                if header["format"] != FORMAT or header["query"] != [query.kind, query.value]:
                    return None  # another format, or a hash collision
                count = int(header["count"])
                if head:
                    read = papers_from_records(header["head"])
                elif abstracts_on_disk:
                    read = _papers_left_on_disk(file, len(first_line))
                else:  # one line at a time: never all records as dicts at once
                    read = papers_from_records(map(orjson.loads, file))
                    if len(read.papers) + read.skipped != count:
                        return None  # cut short: treat as absent
                if read.skipped and not read.papers:
                    return None  # nothing readable: as good as absent
                return CachedListing(
                    query=query,
                    papers=read.papers,
                    fetched_at=_aware(datetime.fromisoformat(header["fetched_at"])),
                    # a damaged record is skipped and counted, never the whole listing lost
                    skipped=int(header.get("skipped", 0)) + read.skipped,
                    count=count,
                    truncated_at=_optional_int(header.get("truncated_at")),
                )
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, IndexError,
                AttributeError):  # fmt: skip
            return None

    def save_listing(
        self,
        query: Query,
        papers: Iterable[Paper],
        *,
        skipped: int = 0,
        fetched_at: datetime | None = None,
        truncated_at: int | None = None,
    ) -> None:
        """Keep ``papers`` as the listing of ``query`` and add them to the paper store.

        Not kept (and not raised) when the cache is off; see :attr:`problem`.

        Raises:
            OSError: the cache dir cannot be written (callers treat the cache as best effort).
        """
        if not self._allowed().write:
            return
        papers = list(papers)
        records = [paper.to_record() for paper in papers]
        by_upvotes = sorted(range(len(papers)), key=lambda i: papers[i].upvotes, reverse=True)
        header = {
            "format": FORMAT,
            "query": [query.kind, query.value],
            "fetched_at": (fetched_at or datetime.now(UTC)).isoformat(),
            "skipped": skipped,
            "truncated_at": truncated_at,
            "count": len(records),
            "head": [records[i] for i in by_upvotes[:HEAD_SIZE]],
        }
        lines = [orjson.dumps(header), *(orjson.dumps(record) for record in records)]
        try:
            write_atomic(self.listing_path(query), b"\n".join(lines) + b"\n")
        except OSError as error:
            self._failed_write(error)
            raise
        self.save_papers(papers)

    # --- papers -------------------------------------------------------------------------------

    def load_paper(self, arxiv_id: str) -> Paper | None:
        """Any paper ever saved, by arXiv id (with or without version), or None."""
        paper_id = normalize_arxiv_id(arxiv_id)
        if paper_id is None or not self._allowed().read:
            return None
        record = _read_shard(self._shard_path(paper_id)).get(paper_id)
        try:
            return Paper.from_record(record) if isinstance(record, dict) else None
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None

    def save_papers(self, papers: Iterable[Paper]) -> None:
        """Merge ``papers`` into the store: new fields win, fields the new record lacks stay
        (a search result has no Daily Papers date; that must not erase the one we know).

        Raises:
            OSError: the cache dir cannot be written.
        """
        if not self._allowed().write:
            return
        by_shard: dict[Path, list[Paper]] = {}
        for paper in papers:
            by_shard.setdefault(self._shard_path(paper.id), []).append(paper)
        if not by_shard:
            return
        from filelock import FileLock  # its Timeout is an OSError, like any other failure

        lock_path = self.root / "papers" / ".lock"
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(lock_path, timeout=_LOCK_TIMEOUT):  # two processes must not lose records
                for path, group in by_shard.items():
                    shard = _read_shard(path)
                    for paper in group:
                        old = shard.get(paper.id)
                        new = paper.to_record()
                        shard[paper.id] = {**old, **new} if isinstance(old, dict) else new
                    write_atomic(path, orjson.dumps(shard))
        except OSError as error:
            self._failed_write(error)
            raise

    def _shard_path(self, paper_id: str) -> Path:
        prefix = paper_id[:4]
        name = prefix if prefix.isdigit() else "old-style"
        return self.root / "papers" / f"{name}.json"

    # --- full texts and linked repositories ---------------------------------------------------

    def text_path(self, paper_id: str) -> Path:
        """``texts/<id>.md`` (an old-style id's ``/`` becomes ``_``)."""
        return self.root / "texts" / f"{paper_id.replace('/', '_')}.md"

    def load_text(self, arxiv_id: str) -> CachedText | None:
        """A paper's full text as last fetched, or None (also when unreadable)."""
        paper_id = normalize_arxiv_id(arxiv_id)
        if paper_id is None:
            return None
        path = self.text_path(paper_id)
        try:
            with path.open("rb") as file:
                stat = os.fstat(file.fileno())
                text = file.read().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return CachedText(text, datetime.fromtimestamp(stat.st_mtime, UTC))

    def save_text(self, arxiv_id: str, text: str) -> None:
        """Keep a paper's full text (atomically: a reader sees the old text or the new one).

        Raises:
            OSError: the cache dir cannot be written.
            ValueError: ``arxiv_id`` is not an arXiv id.
        """
        from tui.core.models import require_arxiv_id

        write_atomic(self.text_path(require_arxiv_id(arxiv_id)), text.encode("utf-8"))

    def linked_path(self, paper_id: str) -> Path:
        return self.root / "linked" / f"{paper_id.replace('/', '_')}.json"

    def load_linked(self, arxiv_id: str) -> LinkedRepos | None:
        """The repositories citing a paper as last fetched (with their fetch time), or None."""
        from tui.core.linked import from_record

        paper_id = normalize_arxiv_id(arxiv_id)
        if paper_id is None:
            return None
        record = _read(self.linked_path(paper_id))
        if not isinstance(record, dict) or record.get("id") != paper_id:
            return None
        try:
            return from_record(record)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None

    def save_linked(self, linked: LinkedRepos) -> None:
        """Keep what cites a paper, atomically.

        Raises:
            OSError: the cache dir cannot be written.
        """
        path = self.linked_path(linked.paper_id)
        write_atomic(path, orjson.dumps(linked.to_record()))


@dataclass(slots=True)
class CachedText:
    """A paper's full text and when it was kept."""

    text: str
    fetched_at: datetime


def problem_met(root: Path | None = None) -> str | None:
    """The first problem a cache of ``root`` (default: the user's cache folder) met in this
    process, or None; never touches the disk. A command tells it once, at its end."""
    if root is None:
        from tui.paths import cache_dir

        root = cache_dir()
    return _PROBLEMS.get(Path(root))


def _check_folder(root: Path) -> _Access:
    """Create ``root`` if need be, and find out what may be done with it."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # exist_ok covers folders only
        return _Access(False, False, f"cache off: {root} is not a folder")
    except OSError as error:
        return _Access(False, False, f"cache off: cannot create {root} ({_reason(error)})")
    if not os.access(root, os.R_OK | os.X_OK):
        return _Access(False, False, f"cache off: cannot read {root} (permission denied)")
    if not os.access(root, os.W_OK | os.X_OK):
        return _Access(True, False, f"cache not kept: cannot write {root} (permission denied)")
    return _Access(True, True)


def _reason(error: OSError) -> str:
    """ "no space left on device", from an OSError, for a one-line problem."""
    if isinstance(error.errno, int) and error.errno > 0:
        return os.strerror(error.errno).lower()
    return str(error) or type(error).__name__


def _papers_left_on_disk(file: BinaryIO, offset: int) -> ParseResult:
    """The papers of a listing's record lines (from ``offset`` on), each keeping where its
    record is rather than its abstract."""
    listing, result = ListingFile(file), ParseResult()
    for line in file:
        record = orjson.loads(line)
        raw_id = record.get("id") if isinstance(record, dict) else None
        stored = StoredAbstract(listing, offset, len(line), raw_id) if type(raw_id) is str else None
        try:
            result.papers.append(Paper.from_record(record, stored))
        except RecordError:
            result.skipped += 1
        offset += len(line)
    return result


def _read(path: Path) -> Any:
    """Decoded JSON of ``path``, or None when it is missing or unreadable."""
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None


def _read_shard(path: Path) -> dict[str, Any]:
    data = _read(path)
    return data if isinstance(data, dict) else {}


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
