"""The reader's marks (read, bookmarked, new), kept in step with the store and other processes.

The paper list looks these sets up for every row it paints, so they live in memory; every
change goes through the store first (durable when the call returns), and only then into the
sets. Other processes (`hfpapers bookmark add` in another terminal, a second reader) change the
same files: :meth:`ReadingMarks.sync` picks their changes up, and a toggle acts on what the
user saw, so a bookmark added elsewhere, with its note and tags, is never toggled away.

Textual-free: the main screen owns one, the paper reader borrows it, tests drive it directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.errors import StoreError

if TYPE_CHECKING:
    from tui.core.models import Paper
    from tui.core.store import Store


@dataclass(frozen=True, slots=True)
class OpenedStore:
    """The outcome of opening the store off the UI thread."""

    store: Store | None
    show_new: bool = False
    """Mark papers new since the last visit (not on a first run, when all would be)."""
    problems: tuple[str, ...] = ()
    """What the user should be told (a corrupt file moved aside, a read-only folder...)."""


def open_store(path: Path | None = None) -> OpenedStore:
    """Open the user's store and record this visit; never raises.

    Reads files, so call it from a worker thread. A store that can be read but not written
    (a read-only folder, a full disk) is still opened: the marks show, and each change says
    why it could not be saved.
    """
    from tui.core.store import Store

    try:
        store = Store(path)
    except Exception as error:  # the reader must run even without its state
        return OpenedStore(None, problems=(f"reading state unavailable: {error}",))
    problems = [store.notice] if store.notice else []
    show_new = store.last_visit is not None
    try:
        store.record_visit()
    except StoreError as error:
        problems.append(f"reading state is read-only: {error}")
    return OpenedStore(store, show_new, tuple(problems))


@dataclass(frozen=True, slots=True)
class MarkSets:
    """Read and bookmarked ids as the store holds them (built off the UI thread)."""

    read: frozenset[str] = frozenset()
    bookmarked: frozenset[str] = frozenset()

    @classmethod
    def of(cls, store: Store) -> MarkSets:
        return cls(frozenset(store.read_ids()), frozenset(store.bookmarked_ids()))


@dataclass
class ReadingMarks:
    """Which papers are read, bookmarked and new, as shown; changes go through the store."""

    store: Store | None = None
    read: set[str] = field(default_factory=set)
    bookmarked: set[str] = field(default_factory=set)
    new: set[str] = field(default_factory=set)
    """Papers no earlier visit showed (this session only; see :meth:`Store.mark_seen`)."""
    show_new: bool = False
    known: bool = False
    """True once the store was opened (or failed to): until then rows show no marks rather
    than wrong ones."""

    def adopt(self, opened: OpenedStore) -> None:
        """Take a store opened elsewhere (:func:`open_store`) and read its marks.

        Raises:
            StoreError: its files could not be read after all.
        """
        self.known = True
        if opened.store is None:
            return
        self.store, self.show_new = opened.store, opened.show_new
        self.apply(MarkSets.of(opened.store))

    def apply(self, sets: MarkSets) -> bool:
        """Show ``sets`` (read from the store); True if anything changed."""
        changed = sets.read != self.read or sets.bookmarked != self.bookmarked
        self.read, self.bookmarked = set(sets.read), set(sets.bookmarked)
        return changed

    def changes_elsewhere(self) -> MarkSets | None:
        """The marks as other processes left them, or None when nothing changed.

        A few ``stat`` calls when nothing changed; safe from a worker thread (the store
        serialises its calls), and the caller applies the result on its own thread.
        """
        store = self.store
        if store is None or not store.refresh():
            return None
        return MarkSets.of(store)

    def _writable(self) -> Store:
        if self.store is None:
            raise StoreError("reading state unavailable")
        return self.store

    def set_read(self, paper_id: str, read: bool) -> None:
        """Mark one paper read or unread (durable when this returns).

        Raises:
            StoreError: the change could not be saved; the marks are unchanged.
        """
        self._writable().set_read(paper_id, read)
        (self.read.add if read else self.read.discard)(paper_id)

    def toggle_bookmark(self, paper: Paper) -> bool:
        """Bookmark ``paper`` or remove its bookmark, as the user saw it; True if added.

        What the user saw decides, not what is on disk now: if another process bookmarked
        the paper meanwhile (say with a note and tags), `b` on a paper shown unbookmarked
        keeps that bookmark, note and tags and reports it bookmarked.

        Raises:
            StoreError: the change could not be saved; the marks are unchanged.
        """
        store = self._writable()
        if paper.id in self.bookmarked:
            store.remove_bookmark(paper.id)
            self.bookmarked.discard(paper.id)
            return False
        store.add_bookmark(paper)
        self.bookmarked.add(paper.id)
        return True

    def add_new(self, paper_ids: Iterable[str]) -> None:
        self.new.update(paper_ids)
