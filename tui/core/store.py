"""Reading state and bookmarks, kept in TinyDB files that never lose an acknowledged write.

This is the only module that imports TinyDB. ``path`` (default ``data_dir()/state.json``) is the
root file; the papers' state sits in small files beside it, by kind and arXiv month::

    state.json                   meta: schema version, last visit, last digest
    state.json.lock              inter-process lock, held around every read-modify-write
    state.d/reads-2605.json      {"reads": {id: {"seen": time, "read": time}}}
    state.d/bookmarks-2605.json  {"bookmarks": {id: {"added": time, "note", "tags", "paper"}}}

(2605: papers whose arXiv id starts 2605; old-style ids go by their yymm digits.) A bookmark
holds the paper's record (:meth:`Paper.to_record`), so it can be shown, cited and exported after
the cache is cleared.

Why small files: every TinyDB write re-serialises and rewrites its whole file. With one file
per kind and month, a toggle rewrites one month of reading records (a few hundred KB at most)
instead of the whole history, and costs ~2 ms at 10,000 records (``tests/benchmarks``).

Why it can be trusted:

- Durable: each write goes to a temp file in the same folder, is flushed and fsynced, then
  renamed over the old file and the folder fsynced. When a call returns, the change is on disk;
  a kill at any moment leaves the old file or the new one, never half of one. Temp files left
  by a kill are removed at start.
- Several processes: a write takes the lock, re-reads its file if another process replaced it
  (inode, size, mtime; each write moves the mtime forward, so no change goes unseen), then
  changes it and writes. No update is lost between the reader and a CLI call.
- A corrupt file is moved to ``<name>.corrupt-<time>`` and reported in :attr:`Store.notice`,
  never overwritten. An unwritable folder makes writes raise :class:`StoreError`; reads work.

Reads come from memory after one load; :meth:`Store.refresh` picks up other processes' writes.
What a file must hold, and upgrades of older layouts, are in tui/core/store_schema.py; the
durable write itself is tui/core/atomic.py.

Threads: TinyDB is not thread-safe. Call a Store from the UI thread or from one worker; every
call also holds an internal lock, so a Store handed from a worker to the UI thread is safe, but
calls from two threads wait for each other (and a write may wait up to ``LOCK_TIMEOUT`` for
another process).
"""

from __future__ import annotations

import contextlib
import functools
import glob
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import orjson
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.operations import delete
from tinydb.storages import Storage
from tinydb.table import Document, Table

from tui.core.atomic import (
    TEMP_SUFFIX,
    Signature,
    free_name,
    fsync_dir,
    signature_of,
    write_durably,
)
from tui.core.errors import StoreError
from tui.core.models import Paper, RecordError, iso_utc
from tui.core.store_schema import (
    SCHEMA,
    SHARD_FILE,
    CorruptFileError,
    State,
    Tables,
    arxiv_month,
    clean_note,
    clean_tags,
    meta_of,
    now,
    parse,
    parse_time,
    schema_of,
    shard_name,
    stamp,
    tag_key,
    upgrade,
    validate_bookmarks,
    validate_reads,
    validate_root,
)

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another process's write (each holds the lock for milliseconds)."""

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked paper, with its own copy of the record."""

    paper: Paper
    added_at: datetime | None
    note: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LastDigest:
    """When `hfpapers digest` last ran, and the papers it had seen on the days it will look
    at again (id -> the Daily Papers day it was listed on); see tui/core/digest.py."""

    at: datetime
    seen: Mapping[str, date]


# --- TinyDB plumbing --------------------------------------------------------------------------


class _PaperTable(Table):
    """Documents keyed by arXiv id instead of TinyDB's counter: get and update by id, no scans."""

    document_id_class = str

    def _update_table(self, updater: Callable[[dict[str, Any]], None]) -> None:
        """TinyDB's write path without its two id conversions (str to int and back).

        Our ids are strings already, and those two passes over the table were half the cost
        of a toggle in a 10,000-record file. The table is changed in place: our changes look
        before they touch anything, and a write that fails reloads the file.
        """
        tables = self._storage.read()
        updater(tables.setdefault(self.name, {}))
        self._storage.write(tables)
        self.clear_cache()


class _Database(TinyDB):
    table_class = _PaperTable


class DurableStorage(Storage):
    """A TinyDB storage that writes atomically and durably and serves reads from memory.

    :meth:`load` reads and checks the file once; TinyDB then reads from memory, and each TinyDB
    write replaces the file (temp file, fsync, rename, fsync folder), mode 0600.
    """

    def __init__(self, path: Path, validate: Callable[[Tables], None]) -> None:
        self.path = path
        self.validate = validate
        self.blocked: str | None = None
        """Why writes are refused (a corrupt file could not be moved aside)."""
        self._data: Tables = {}
        self.signature: Signature | None = None
        """(inode, size, mtime) of the file the data came from; None: there was none."""

    def read(self) -> Tables:
        return self._data

    def write(self, data: Tables) -> None:
        if self.blocked:
            self._revert()
            raise StoreError(self.blocked)
        try:
            self.signature = write_durably(self.path, orjson.dumps(data), self.signature)
        except OSError as error:
            self._revert()  # TinyDB changed the tables in memory before calling us
            raise StoreError(_cannot_write(self.path, error)) from None
        self._data = data

    def load(self) -> None:
        """Read the file (a missing one is empty).

        Raises:
            CorruptFileError: the content is not a state file.
            OSError: the file cannot be read at all (permissions, a folder in its place).
        """
        try:
            with open(self.path, "rb") as file:
                stat = os.fstat(file.fileno())
                raw = file.read()
        except FileNotFoundError:
            self.hold({}, None)
            return
        data = parse(raw)
        self.validate(data)
        self.hold(data, signature_of(stat))

    def hold(self, data: Tables, signature: Signature | None) -> None:
        """Serve ``data`` as the content of the file with ``signature``."""
        self._data, self.signature = data, signature

    def changed_on_disk(self) -> bool:
        """Whether another process replaced (or created, or removed) the file since we read it."""
        try:
            return signature_of(os.stat(self.path)) != self.signature
        except FileNotFoundError:
            return self.signature is not None

    def exists(self) -> bool:
        return self.signature is not None

    def _revert(self) -> None:
        """Back to the file's content after a failed write; empty if even that fails."""
        try:
            self.load()
        except (OSError, CorruptFileError):
            self.hold({}, None)


def _cannot_write(path: Path, error: OSError) -> str:
    return f"cannot save reading state to {path}: {error.strerror or type(error).__name__}"


def _cannot_read(path: Path, error: OSError) -> str:
    return f"cannot read reading state {path}: {error.strerror or type(error).__name__}"


def _serialised(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """One call at a time per Store, whatever thread it comes from."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._guard:
            return method(self, *args, **kwargs)

    return wrapper


# --- the store --------------------------------------------------------------------------------


class Store:
    """Reading state and bookmarks of every paper, shared safely between processes.

    Raises:
        StoreError: at open, when a file exists but cannot be read, or comes from a newer
            hfpapers; on a write, when the change could not be saved (nothing is half-saved).
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else _default_path()
        self.shard_dir = self.path.parent / f"{self.path.stem}.d"
        self._guard = threading.RLock()
        self._lock = FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT, mode=0o600)
        self._notices: list[str] = []
        self._read_only: str | None = None
        """Why every write is refused (an upgrade that could not be saved)."""
        self._new_here: set[str] = set()
        """Ids this Store saw first: new since the last visit."""
        self._root = _Database(self.path, validate_root, storage=DurableStorage)
        self._shards: dict[str, _Database] = {}
        self._remove_stray_temp_files()
        self._load(self._root)
        self._discover_shards()
        self._migrate()

    # -- reading state --

    @_serialised
    def is_read(self, paper_id: str) -> bool:
        doc = self._doc("reads", paper_id)
        return bool(doc and doc.get("read"))

    @_serialised
    def read_at(self, paper_id: str) -> datetime | None:
        doc = self._doc("reads", paper_id)
        return parse_time(doc.get("read")) if doc else None

    @_serialised
    def first_seen(self, paper_id: str) -> datetime | None:
        doc = self._doc("reads", paper_id)
        return parse_time(doc.get("seen")) if doc else None

    @_serialised
    def read_ids(self) -> set[str]:
        return {paper_id for paper_id, doc in self._all("reads") if doc.get("read")}

    @_serialised
    def set_read(self, paper_id: str, read: bool = True) -> None:
        """Mark one paper read (keeping when it was first read) or unread."""
        self._change("reads", paper_id, lambda db: self._apply_read(db, paper_id, read))

    @_serialised
    def toggle_read(self, paper_id: str) -> bool:
        """Flip read/unread as it is on disk now; return the new state."""

        def flip(db: _Database) -> bool:
            doc = _get(db.table("reads"), paper_id)
            read = not (doc and doc.get("read"))
            self._apply_read(db, paper_id, read)
            return read

        return self._change("reads", paper_id, flip)

    @_serialised
    def mark_seen(self, paper_ids: Iterable[str]) -> set[str]:
        """Note when each paper was first shown; return those new since the last visit.

        A paper is new when this Store saw it first (no earlier visit showed it), and stays new
        for the rest of the session. Only unseen papers cost a write: one per arXiv month.
        """
        ids = list(dict.fromkeys(paper_ids))
        unseen: dict[str, list[str]] = {}
        for paper_id in ids:
            if self._doc("reads", paper_id) is None:
                unseen.setdefault(arxiv_month(paper_id), []).append(paper_id)
        for group in unseen.values():
            self._change("reads", group[0], partial(self._insert_seen, paper_ids=group))
        return {paper_id for paper_id in ids if paper_id in self._new_here}

    # -- bookmarks --

    @_serialised
    def is_bookmarked(self, paper_id: str) -> bool:
        return self._doc("bookmarks", paper_id) is not None

    @_serialised
    def bookmarked_ids(self) -> set[str]:
        return {paper_id for paper_id, _ in self._all("bookmarks")}

    @_serialised
    def add_bookmark(
        self, paper: Paper, note: str | None = None, tags: Iterable[str] = ()
    ) -> Bookmark:
        """Bookmark ``paper`` with a copy of its record.

        Bookmarking it again refreshes the copy, replaces the note if one is given ("" clears
        it) and adds the tags to those it has.
        """
        return self._change(
            "bookmarks", paper.id, lambda db: self._put_bookmark(db, paper, note, tags)
        )

    @_serialised
    def remove_bookmark(self, paper_id: str) -> bool:
        """Remove a bookmark; False if there was none."""
        return self._change("bookmarks", paper_id, lambda db: self._drop_bookmark(db, paper_id))

    @_serialised
    def toggle_bookmark(self, paper: Paper) -> bool:
        """Bookmark ``paper`` or drop its bookmark, as it is on disk now; return the new state."""

        def flip(db: _Database) -> bool:
            if self._drop_bookmark(db, paper.id):
                return False
            self._put_bookmark(db, paper, None, ())
            return True

        return self._change("bookmarks", paper.id, flip)

    @_serialised
    def bookmarks(self, tag: str | None = None) -> list[Bookmark]:
        """Bookmarks, newest first; with ``tag``, those carrying it (ignoring case and Unicode
        normalisation). Unreadable ones are left out: :meth:`unreadable_bookmarks` counts them.
        """
        wanted = tag_key(tag) if tag is not None else None
        found = []
        for _, doc in self._all("bookmarks"):
            try:
                bookmark = _bookmark(doc)
            except RecordError:
                continue
            if wanted is None or wanted in map(tag_key, bookmark.tags):
                found.append(bookmark)
        oldest = datetime.min.replace(tzinfo=UTC)
        found.sort(key=lambda b: (b.added_at or oldest, b.paper.id), reverse=True)
        return found

    @_serialised
    def unreadable_bookmarks(self) -> int:
        """Bookmarks whose paper record is unusable (edited or damaged by hand): they are kept
        in the file untouched, but no listing can show them."""
        return sum(1 for _, doc in self._all("bookmarks") if _unreadable(doc))

    @_serialised
    def bookmark(self, paper_id: str) -> Bookmark | None:
        """The bookmark of ``paper_id``; None if there is none or it is unreadable."""
        doc = self._doc("bookmarks", paper_id)
        try:
            return _bookmark(doc) if doc is not None else None
        except RecordError:
            return None

    @_serialised
    def bookmarked_paper(self, paper_id: str) -> Paper | None:
        """The paper as it was bookmarked, even when the cache no longer has it (None if it is
        not bookmarked, or its record is unreadable)."""
        bookmark = self.bookmark(paper_id)
        return bookmark.paper if bookmark is not None else None

    # -- many at once, and exact restores (the reader's `A` and `z`) --

    @_serialised
    def read_times(self, paper_ids: Iterable[str]) -> dict[str, str | None]:
        """When each paper was read (the stored ISO time), None if unread: what `z` restores."""
        times: dict[str, str | None] = {}
        for paper_id in paper_ids:
            doc = self._doc("reads", paper_id)
            times[paper_id] = doc.get("read") if doc else None
        return times

    @_serialised
    def set_read_times(self, times: Mapping[str, str | None]) -> None:
        """Set each paper's read time (None: unread), one durable write per month file.

        Marking 10,000 papers read rewrites each month's file once, not once per paper.
        """
        by_shard: dict[str, dict[str, str | None]] = {}
        for paper_id, moment in times.items():
            by_shard.setdefault(shard_name("reads", paper_id), {})[paper_id] = moment
        for group in by_shard.values():
            first = next(iter(group))
            self._change("reads", first, partial(self._put_reads, times=group))

    @_serialised
    def set_bookmark(self, paper: Paper, note: str | None, tags: Iterable[str]) -> Bookmark:
        """Bookmark ``paper`` with exactly this note and these tags (the reader's editors);
        an existing bookmark keeps the time it was added."""

        def put(db: _Database) -> Bookmark:
            table = db.table("bookmarks")
            old = _get(table, paper.id) or {}
            doc = _bookmark_doc(paper, old.get("added") or now(), note, tags)
            _put(table, paper.id, doc)
            return _bookmark(doc)

        return self._change("bookmarks", paper.id, put)

    @_serialised
    def restore_bookmark(self, paper_id: str, previous: Bookmark | None) -> None:
        """Put a paper's bookmark back as it was (None: not bookmarked): what `z` does."""

        def put(db: _Database) -> None:
            if previous is None:
                self._drop_bookmark(db, paper_id)
                return
            added = iso_utc(previous.added_at) or now()
            doc = _bookmark_doc(previous.paper, added, previous.note, previous.tags)
            _put(db.table("bookmarks"), paper_id, doc)

        self._change("bookmarks", paper_id, put)

    @_serialised
    def annotations(self) -> dict[str, tuple[str | None, tuple[str, ...]]]:
        """Each bookmark's note and tags, without rebuilding its paper (cheap for the reader)."""
        notes: dict[str, tuple[str | None, tuple[str, ...]]] = {}
        for paper_id, doc in self._all("bookmarks"):
            note = doc.get("note")
            note = (clean_note(note) or None) if isinstance(note, str) else None
            notes[paper_id] = (note, tuple(clean_tags(doc.get("tags"))))
        return notes

    # -- visits --

    @property
    def last_visit(self) -> datetime | None:
        """When :meth:`record_visit` was last called (by any process)."""
        with self._guard:
            return parse_time(meta_of(self._root.storage.read()).get("last_visit"))

    @_serialised
    def record_visit(self) -> None:
        with self._locked():
            self._sync(self._root)
            self._writemeta_of(last_visit=now())

    @property
    def last_digest(self) -> LastDigest | None:
        """What :meth:`record_digest` last kept (by any process); None before the first
        digest, or when the record was damaged by hand (the next digest starts afresh)."""
        with self._guard:
            record = meta_of(self._root.storage.read()).get("digest")
        if not isinstance(record, dict):
            return None
        at = parse_time(record.get("at"))
        seen = record.get("seen")
        if at is None or not isinstance(seen, dict):
            return None
        days = {}
        for paper_id, day in seen.items():
            with contextlib.suppress(TypeError, ValueError):
                days[str(paper_id)] = date.fromisoformat(day)
        return LastDigest(at, days)

    @_serialised
    def record_digest(self, digest: LastDigest) -> None:
        """Remember a digest, apart from the reader's last visit (it never touches it)."""
        record = {
            "at": stamp(digest.at),
            "seen": {paper_id: day.isoformat() for paper_id, day in digest.seen.items()},
        }
        with self._locked():
            self._sync(self._root)
            self._writemeta_of(digest=record)

    # -- housekeeping --

    @property
    def notice(self) -> str | None:
        """One line for the user (a corrupt file moved aside), or None."""
        with self._guard:
            return "; ".join(self._notices) or None

    @_serialised
    def refresh(self) -> bool:
        """Pick up what other processes wrote since; True if anything changed."""
        before = set(self._shards)
        self._discover_shards()
        changed = set(self._shards) != before
        for db in (self._root, *self._shards.values()):
            if db.storage.changed_on_disk():
                self._load(db)
                changed = True
        return changed

    @_serialised
    def close(self) -> None:
        for db in (self._root, *self._shards.values()):
            db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals: reading --

    def _doc(self, kind: str, paper_id: str) -> Document | None:
        db = self._shards.get(shard_name(kind, paper_id))
        return _get(db.table(kind), paper_id) if db is not None else None

    def _all(self, kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every (id, document) of ``kind``, straight from memory (no per-document copies)."""
        for name, db in self._shards.items():
            if name.startswith(kind):
                yield from db.storage.read().get(kind, {}).items()

    def _load(self, db: _Database) -> None:
        """(Re)load one file; a corrupt one is moved aside and replaced by an empty one."""
        storage: DurableStorage = db.storage
        try:
            storage.load()
        except CorruptFileError as error:
            self._quarantine(storage, str(error))
        except OSError as error:
            raise StoreError(_cannot_read(storage.path, error)) from None
        db.clear_cache()

    def _discover_shards(self) -> None:
        try:
            names = sorted(os.listdir(self.shard_dir))
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(_cannot_read(self.shard_dir, error)) from None
        for name in names:
            match = SHARD_FILE.match(name)
            if match and match.group(1) not in self._shards:
                self._load(self._shard(match.group(1)))

    def _shard(self, name: str) -> _Database:
        db = self._shards.get(name)
        if db is None:
            validate = validate_reads if name.startswith("reads") else validate_bookmarks
            path = self.shard_dir / f"{name}.json"
            db = self._shards[name] = _Database(path, validate, storage=DurableStorage)
        return db

    def _quarantine(self, storage: DurableStorage, why: str) -> None:
        """Move a corrupt file to ``<name>.corrupt-<time>``, say so, and start it empty.

        Under the lock, after a second look: another process may have replaced it meanwhile.
        """
        path = storage.path
        try:
            with self._locked():
                try:
                    storage.load()
                    return
                except CorruptFileError:
                    pass
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
                target = free_name(path.with_name(f"{path.name}.corrupt-{stamp}"))
                os.rename(path, target)
                fsync_dir(path.parent)
        except (StoreError, OSError) as error:
            reason = error.message if isinstance(error, StoreError) else error.strerror
            storage.hold({}, None)
            storage.blocked = f"{path} is unreadable ({why}); not overwriting it"
            self._notices.append(f"{path} is unreadable ({why}) and could not be moved: {reason}")
            return
        storage.hold({}, None)
        self._notices.append(f"{path} was unreadable ({why}); moved it to {target}, started afresh")

    def _remove_stray_temp_files(self) -> None:
        """Temp files exist only while a writer holds the lock: any seen under it are strays."""
        if not self._temp_files():
            return
        with contextlib.suppress(StoreError), self._locked():
            for temp in self._temp_files():
                with contextlib.suppress(OSError):
                    temp.unlink()

    def _temp_files(self) -> list[Path]:
        own = f".{glob.escape(self.path.name)}.*{TEMP_SUFFIX}"  # root and its backups
        return [*self.path.parent.glob(own), *self.shard_dir.glob(f".*{TEMP_SUFFIX}")]

    # -- internals: writing --

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if self._read_only:
            raise StoreError(self._read_only)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except Timeout:
            raise StoreError(
                f"the reading state is locked by another hfpapers process ({self._lock.lock_file})"
            ) from None
        except OSError as error:
            raise StoreError(_cannot_write(self.path, error)) from None
        try:
            yield
        finally:
            self._lock.release()

    def _sync(self, db: _Database) -> None:
        """Under the lock: make memory match the file before changing it."""
        if db.storage.changed_on_disk():
            self._load(db)

    def _change(self, kind: str, paper_id: str, action: Callable[[_Database], R]) -> R:
        """Run ``action`` on the paper's file under the lock, on fresh data."""
        with self._locked():
            db = self._shard(shard_name(kind, paper_id))
            self._sync(db)
            self._ensure_layout()
            return action(db)

    def _ensure_layout(self) -> None:
        """Before the first write: the shard folder, and a root file naming the schema."""
        if not self.shard_dir.is_dir():
            try:
                self.shard_dir.mkdir(mode=0o700, exist_ok=True)
                fsync_dir(self.path.parent)
            except OSError as error:
                raise StoreError(_cannot_write(self.shard_dir, error)) from None
        if not self._root.storage.exists():
            self._sync(self._root)
            if not self._root.storage.exists():
                self._writemeta_of()

    def _writemeta_of(self, **fields: Any) -> None:
        meta = self._root.table("meta")
        _put(meta, "state", {**(_get(meta, "state") or {}), "schema": SCHEMA, **fields})

    def _apply_read(self, db: _Database, paper_id: str, read: bool) -> None:
        reads = db.table("reads")
        doc = _get(reads, paper_id)
        if doc is None:
            moment = now()
            doc = {"seen": moment, "read": moment} if read else {"seen": moment}
            reads.insert(Document(doc, paper_id))
            self._new_here.add(paper_id)
        elif read and not doc.get("read"):
            reads.update({"read": now()}, doc_ids=[paper_id])
        elif not read and "read" in doc:
            reads.update(delete("read"), doc_ids=[paper_id])

    def _insert_seen(self, db: _Database, paper_ids: list[str]) -> None:
        reads = db.table("reads")
        missing = [paper_id for paper_id in paper_ids if _get(reads, paper_id) is None]
        if missing:
            moment = now()
            reads.insert_multiple(Document({"seen": moment}, paper_id) for paper_id in missing)
            self._new_here.update(missing)

    def _put_bookmark(
        self, db: _Database, paper: Paper, note: str | None, tags: Iterable[str]
    ) -> Bookmark:
        table = db.table("bookmarks")
        old = _get(table, paper.id) or {}
        added = old.get("added") if parse_time(old.get("added")) else None
        kept = old.get("note") if isinstance(old.get("note"), str) else None
        note = note if note is not None else kept
        tags = [*clean_tags(old.get("tags")), *tags]
        doc = _bookmark_doc(paper, added or now(), note, tags)
        _put(table, paper.id, doc)
        return _bookmark(doc)

    def _put_reads(self, db: _Database, times: Mapping[str, str | None]) -> None:
        """Set read times in one file with one write (TinyDB's update writes per call)."""

        def change(table: dict[str, Any]) -> None:
            for paper_id, moment in times.items():
                doc = table.get(paper_id)
                if moment is None:
                    if doc is not None:
                        doc.pop("read", None)
                elif doc is None:
                    table[paper_id] = {"seen": moment, "read": moment}
                    self._new_here.add(paper_id)
                else:
                    doc["read"] = moment

        reads = cast(_PaperTable, db.table("reads"))
        reads._update_table(change)

    def _drop_bookmark(self, db: _Database, paper_id: str) -> bool:
        table = db.table("bookmarks")
        if _get(table, paper_id) is None:
            return False
        table.remove(doc_ids=[paper_id])
        return True

    # -- internals: schema upgrades --

    def _migrate(self) -> None:
        """Upgrade an older layout under the lock; if it cannot be saved, in memory only."""
        version = schema_of(self._root.storage.read())
        if version > SCHEMA:
            raise StoreError(
                f"{self.path} comes from a newer hfpapers (schema {version}); please upgrade"
            )
        if version == SCHEMA:
            return
        try:
            with self._locked():
                self.refresh()  # another process may have upgraded it meanwhile
                version = schema_of(self._root.storage.read())
                if version < SCHEMA:
                    _write_backup(self.path, version)
                    self._persist(upgrade(self._snapshot(), version))
        except StoreError as error:
            self._hold(upgrade(self._snapshot(), version))
            self._read_only = f"{self.path} needs an upgrade that cannot be saved: {error}"
            self._notices.append(self._read_only)

    def _snapshot(self) -> State:
        return {
            "root": self._root.storage.read(),
            "shards": {name: db.storage.read() for name, db in self._shards.items()},
        }

    def _persist(self, state: State) -> None:
        """Write upgraded content: shards first, the root (naming the new schema) last.

        A kill in between leaves the old root, so the upgrade runs again (upgrades merge).
        """
        self._ensure_layout()
        for name, tables in state["shards"].items():
            db = self._shard(name)
            if tables != db.storage.read():
                db.storage.write(tables)
                db.clear_cache()
        self._root.storage.write(state["root"])
        self._root.clear_cache()

    def _hold(self, state: State) -> None:
        """Serve upgraded content from memory without writing it."""
        for name, tables in state["shards"].items():
            storage = self._shard(name).storage
            storage.hold(tables, storage.signature)
        self._root.storage.hold(state["root"], self._root.storage.signature)

    # -- reading position in a paper's full text --

    @_serialised
    def reading_position(self, paper_id: str) -> float | None:
        """How far into the paper's full text the reader was (0.0 to 1.0), or None."""
        doc = self._doc("reads", paper_id)
        position = doc.get("pos") if doc else None
        if isinstance(position, int | float) and not isinstance(position, bool):
            return min(1.0, max(0.0, float(position)))
        return None

    @_serialised
    def set_reading_position(self, paper_id: str, fraction: float) -> None:
        """Remember how far into the full text the reader is (one durable write: call it when
        leaving the text, not on every scroll)."""
        position = round(min(1.0, max(0.0, fraction)), 4)
        self._change("reads", paper_id, lambda db: self._put_position(db, paper_id, position))

    def _put_position(self, db: _Database, paper_id: str, position: float) -> None:
        reads = db.table("reads")
        doc = _get(reads, paper_id)
        if doc is None:
            reads.insert(Document({"seen": now(), "pos": position}, paper_id))
            self._new_here.add(paper_id)
        elif doc.get("pos") != position:
            reads.update({"pos": position}, doc_ids=[paper_id])


def _get(table: Table, doc_id: str) -> Document | None:
    return cast(Document | None, table.get(doc_id=doc_id))


def _put(table: Table, doc_id: str, doc: dict[str, Any]) -> None:
    """Insert or replace one document in one write (TinyDB's upsert may write twice)."""
    if _get(table, doc_id) is None:
        table.insert(Document(doc, doc_id))
    else:
        table.update(lambda old: (old.clear(), old.update(doc)), doc_ids=[doc_id])


def _default_path() -> Path:
    from tui.paths import data_dir

    try:
        return data_dir() / "state.json"
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise StoreError(f"cannot create the folder for reading state: {reason}") from None


def _bookmark_doc(
    paper: Paper, added: str, note: str | None, tags: Iterable[str]
) -> dict[str, Any]:
    """A bookmark document: when, the paper's record, and the note and tags if any."""
    doc: dict[str, Any] = {"added": added, "paper": paper.to_record()}
    note = clean_note(note) if note is not None else None
    if note:
        doc["note"] = note
    kept = clean_tags(tags)
    if kept:
        doc["tags"] = kept
    return doc


def _bookmark(doc: Mapping[str, Any]) -> Bookmark:
    """A stored bookmark, checked like everything read from disk.

    Raises:
        RecordError: its paper record is unusable; a wrong note, tags or time are just dropped.
    """
    note = doc.get("note")
    return Bookmark(
        paper=Paper.from_record(doc.get("paper")),
        added_at=parse_time(doc.get("added")),
        note=(clean_note(note) or None) if isinstance(note, str) else None,
        tags=tuple(clean_tags(doc.get("tags"))),
    )


def _unreadable(doc: Mapping[str, Any]) -> bool:
    try:
        Paper.from_record(doc.get("paper"))
    except RecordError:
        return True
    return False


def _write_backup(path: Path, version: int) -> None:
    """Keep the pre-upgrade root as ``<name>.v<version>-backup`` (never over an older one)."""
    backup = path.with_name(f"{path.name}.v{version}-backup")
    if backup.exists():
        return
    try:
        write_durably(backup, path.read_bytes(), None)
    except OSError as error:
        raise StoreError(_cannot_write(backup, error)) from None
