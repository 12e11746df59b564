"""Files kept in step with the bookmarks: the config's ``[[auto_export]]`` entries.

Each entry names a file (``~/thesis/papers.bib``), optionally a tag (only bookmarks with it)
and a format (else the one its extension names). After every change of bookmarks, notes or
tags, from the reader or the CLI, each file is rewritten whole, as ``hfpapers export`` writes
it (same keys, same rules), through :func:`tui.core.atomic.write_user_file`: a reader of the
file sees the old one or the new one, a symlink is written through, the mode is kept.

The bookmarks are read from disk for each rewrite (a fresh :class:`Store`), so a file always
holds what every process wrote, not one process's view of it; and the rewrites of all
processes take turns under one lock file, so the last file written is the newest state.
A file that cannot be written is reported, never raised: the bookmark change is already saved.
Textual-free: the CLI calls :func:`sync_files`, the reader the same in a thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.formats import EXPORT_FORMATS

if TYPE_CHECKING:
    from tui.core.store import Bookmark, Store

EXTENSIONS: dict[str, tuple[str, ...]] = {
    ".bib": ("bibtex", "biblatex"),
    ".md": ("markdown",),
    ".markdown": ("markdown",),
    ".csv": ("csv",),
    ".json": ("json",),
}
"""A file's extension -> the formats that fit it (the first is the default)."""
LOCK_TIMEOUT = 10.0
"""Seconds to wait while another process rewrites the files."""
_KEYS = {"path", "tag", "format"}


@dataclass(frozen=True, slots=True)
class ExportTarget:
    """One file to keep in step."""

    path: Path
    """Where, ``~`` expanded."""
    format: str
    tag: str | None = None
    shown: str = ""
    """The path as the config writes it, for messages."""

    @property
    def name(self) -> str:
        return self.shown or str(self.path)


def parse_targets(entries: Any) -> tuple[list[ExportTarget], list[str]]:
    """The config's ``auto_export`` value (an array of tables): the usable entries, and one
    line per problem (an entry with a problem is left out, the others kept)."""
    if not isinstance(entries, list):
        return [], ["auto_export must be written [[auto_export]] (a list of tables)"]
    targets: list[ExportTarget] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, 1):
        try:
            target = _target(entry)
        except ValueError as error:
            problems.append(f"[[auto_export]] entry {number}: {error}; left out")
            continue
        if any(known.path == target.path for known in targets):
            problems.append(
                f"[[auto_export]] entry {number}: {target.name} is already exported; left out"
            )
            continue
        targets.append(target)
    return targets, problems


def _target(entry: Any) -> ExportTarget:
    """Raises ValueError saying what is wrong with one entry."""
    if not isinstance(entry, dict):
        raise ValueError("not a table (write path = ...)")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise ValueError(f"unknown key {', '.join(map(repr, unknown))} (use path, tag, format)")
    shown = entry.get("path")
    if not isinstance(shown, str) or not shown.strip():
        raise ValueError("path is missing")
    path = Path(os.path.expanduser(shown.strip()))
    if not path.is_absolute():
        raise ValueError(f"path {shown!r} must start with / or ~ (cron and the reader start in "
                         "different folders)")  # fmt: skip
    fits = EXTENSIONS.get(path.suffix.lower())
    fmt = entry.get("format")
    if fmt is None:
        if fits is None:
            known = ", ".join(EXTENSIONS)
            raise ValueError(f"{shown!r} does not end in {known}; add format = ...")
        fmt = fits[0]
    if not isinstance(fmt, str) or fmt.strip().lower() not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    fmt = fmt.strip().lower()
    if fits is not None and fmt not in fits:
        raise ValueError(f"format {fmt!r} does not fit {shown!r}")
    return ExportTarget(path, fmt, _tag(entry.get("tag")), shown.strip())


def _tag(raw: Any) -> str | None:
    if raw is None:
        return None
    from tui.core.store_schema import clean_tags

    tags = clean_tags([raw]) if isinstance(raw, str) else []
    if not tags:
        raise ValueError(f"tag must be a non-empty string, not {raw!r}")
    return tags[0]


@dataclass(frozen=True, slots=True)
class ExportFailure:
    """A file that could not be rewritten, and why."""

    target: ExportTarget
    reason: str

    def __str__(self) -> str:
        return f"cannot write {self.target.name}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ExportDone:
    """A file rewritten, with how many bookmarks it holds."""

    target: ExportTarget
    count: int


_in_process = threading.Lock()


def sync_files(
    targets: Sequence[ExportTarget], store_path: Path | None = None
) -> tuple[list[ExportDone], list[ExportFailure]]:
    """Rewrite every target from the bookmarks on disk now; never raises for a file's sake.

    Blocks (disk, and up to :data:`LOCK_TIMEOUT` for another process): call it from a thread
    in the reader.
    """
    if not targets:
        return [], []
    from filelock import FileLock, Timeout

    from tui.core.errors import StoreError
    from tui.core.store import Store

    with _in_process:
        try:
            store = Store(store_path)
        except StoreError as error:
            return [], [ExportFailure(target, error.message) for target in targets]
        lock = FileLock(f"{store.path}.export-lock", timeout=LOCK_TIMEOUT, mode=0o600)
        try:
            with lock:
                store.refresh()  # what another process wrote while we waited
                return _write_all(targets, store)
        except Timeout:
            reason = "another hfpapers process is still writing it"
            return [], [ExportFailure(target, reason) for target in targets]
        except OSError as error:  # the lock file itself (a read-only data folder)
            reason = f"cannot lock {lock.lock_file}: {error.strerror or error}"
            return [], [ExportFailure(target, reason) for target in targets]
        finally:
            store.close()


def _write_all(
    targets: Sequence[ExportTarget], store: Store
) -> tuple[list[ExportDone], list[ExportFailure]]:
    from tui.core.atomic import write_user_file
    from tui.core.export import export

    done, failed = [], []
    by_tag: dict[str | None, list[Bookmark]] = {}
    for target in targets:
        if target.tag not in by_tag:
            by_tag[target.tag] = store.bookmarks(target.tag)
        bookmarks = by_tag[target.tag]
        try:
            write_user_file(target.path, export(bookmarks, target.format).encode("utf-8"))
        except OSError as error:
            failed.append(ExportFailure(target, error.strerror or type(error).__name__))
            continue
        done.append(ExportDone(target, len(bookmarks)))
    return done, failed


class ExportSync:
    """The reader's rewrites: one at a time, and a burst of changes (`b` `b` `b`) costs one
    more rewrite, not one each.

    :meth:`request` says whether a new run must be started; a run that has not begun yet will
    read the store when it does, so it covers every change made before that.
    """

    def __init__(self, targets: Sequence[ExportTarget], store_path: Path | None) -> None:
        self.targets = list(targets)
        self.store_path = store_path
        self._state = threading.Lock()
        self._waiting = False

    def request(self) -> bool:
        """A change was made: True when the caller must start :meth:`run` in a thread."""
        if not self.targets:
            return False
        with self._state:
            if self._waiting:
                return False
            self._waiting = True
            return True

    def run(self) -> list[ExportFailure]:
        """Rewrite the files (blocking); the failures, for one notification."""
        with _in_process, self._state:  # the run before this one finishes first
            self._waiting = False
        # A change made from here on starts another run, which waits for this one.
        return sync_files(self.targets, self.store_path)[1]


def failure_text(failures: Sequence[ExportFailure]) -> str:
    """One line for all of them."""
    return "auto-export: " + "; ".join(map(str, failures))
