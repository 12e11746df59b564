"""The reader's marks (read, bookmarked, noted, tagged, new), kept in step with the store and
with other processes, and every change of a session undoable.

The paper list looks these up for every row it paints, so they live in memory; every change
goes through the store first (durable when the call returns), and only then into memory. Other
processes (`hfpapers bookmark add` in another terminal, a second reader) change the same files:
:meth:`ReadingMarks.changes_elsewhere` picks their changes up, and a toggle acts on what the
user saw, so a bookmark added elsewhere, with its note and tags, is never toggled away.

Each change records what it replaced, exactly (read times, the whole bookmark), so
:meth:`ReadingMarks.undo` puts it back through the store like any other change.

Textual-free: the main screen and the paper reader share the app's one instance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.errors import StoreError

if TYPE_CHECKING:
    from tui.core.models import Paper
    from tui.core.store import Bookmark, Store

Annotation = tuple[str | None, tuple[str, ...]]
"""A bookmark's note and tags."""


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
    """The marks as the store holds them (built off the UI thread)."""

    read: frozenset[str] = frozenset()
    bookmarked: frozenset[str] = frozenset()
    annotations: Mapping[str, Annotation] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store) -> MarkSets:
        annotations = store.annotations()
        return cls(frozenset(store.read_ids()), frozenset(annotations), annotations)


@dataclass(frozen=True, slots=True)
class Change:
    """One undoable change: what it was, and what it replaced."""

    what: str
    """How the header named it ("marked 12 papers read")."""
    read_times: Mapping[str, str | None] = field(default_factory=dict)
    """Read time (None: unread) of each paper before the change."""
    bookmark: tuple[str, Bookmark | None] | None = None
    """A paper's bookmark before the change (None: it had none)."""


@dataclass
class ReadingMarks:
    """What the reader shows on each paper; every change goes through the store and can be
    undone, newest first."""

    store: Store | None = None
    read: set[str] = field(default_factory=set)
    bookmarked: set[str] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)
    """Bookmarked papers' notes (only those with one)."""
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Bookmarked papers' tags (only those with some)."""
    new: set[str] = field(default_factory=set)
    """Papers no earlier visit showed (this session only; see :meth:`Store.mark_seen`)."""
    show_new: bool = False
    known: bool = False
    """True once the store was opened (or failed to): until then rows show no marks rather
    than wrong ones."""
    history: list[Change] = field(default_factory=list)
    """This session's changes, oldest first (what `z` takes back)."""
    on_bookmarks_changed: Callable[[], None] | None = None
    """Called after each saved change of bookmarks, notes or tags (the app rewrites the
    ``[[auto_export]]`` files); not for changes other processes made (they did that)."""

    # --- the store's state ---------------------------------------------------------------

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
        notes = {id: note for id, (note, _tags) in sets.annotations.items() if note}
        tags = {id: tags for id, (_note, tags) in sets.annotations.items() if tags}
        changed = (sets.read, sets.bookmarked, notes, tags) != (
            self.read, self.bookmarked, self.notes, self.tags,
        )  # fmt: skip
        self.read, self.bookmarked = set(sets.read), set(sets.bookmarked)
        self.notes, self.tags = notes, tags
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

    def all_tags(self) -> list[str]:
        """Every tag in use, for completion (first spelling of each, sorted)."""
        seen: dict[str, str] = {}
        for tags in self.tags.values():
            for tag in tags:
                seen.setdefault(tag.casefold(), tag)
        return sorted(seen.values(), key=str.casefold)

    # --- changes --------------------------------------------------------------------------

    def _writable(self) -> Store:
        if self.store is None:
            raise StoreError("reading state unavailable")
        return self.store

    def set_read(self, papers: Iterable[Paper], read: bool, what: str = "") -> int:
        """Mark papers read or unread, one durable write per month file; return how many
        changed (those already so are left alone, and are not part of the undo).

        Raises:
            StoreError: nothing could be saved; the marks are unchanged.
        """
        store = self._writable()
        ids = [p.id for p in papers if (p.id in self.read) != read]
        if not ids:
            return 0
        before = store.read_times(ids)
        moment = _now() if read else None
        store.set_read_times(dict.fromkeys(ids, moment))
        (self.read.update if read else self.read.difference_update)(ids)
        state = "read" if read else "unread"
        default = (
            f"marked {ids[0]} {state}" if len(ids) == 1 else f"marked {len(ids)} papers {state}"
        )
        self.history.append(Change(what or default, read_times=before))
        return len(ids)

    def toggle_bookmark(self, paper: Paper) -> bool:
        """Bookmark ``paper`` or remove its bookmark, as the user saw it; True if added.

        What the user saw decides, not what is on disk now: if another process bookmarked
        the paper meanwhile (say with a note and tags), `b` on a paper shown unbookmarked
        keeps that bookmark, note and tags and reports it bookmarked.

        Raises:
            StoreError: the change could not be saved; the marks are unchanged.
        """
        store = self._writable()
        before = store.bookmark(paper.id)
        if paper.id in self.bookmarked:
            store.remove_bookmark(paper.id)
            self._show_bookmark(paper.id, None)
            self.history.append(Change("bookmark removed", bookmark=(paper.id, before)))
            self._bookmarks_changed()
            return False
        added = store.add_bookmark(paper)
        self._show_bookmark(paper.id, added)
        self.history.append(Change("bookmarked", bookmark=(paper.id, before)))
        self._bookmarks_changed()
        return True

    def annotate(self, paper: Paper, note: str | None, tags: Iterable[str], what: str) -> None:
        """Give ``paper`` exactly this note and these tags, bookmarking it if need be.

        Raises:
            StoreError: the change could not be saved; the marks are unchanged.
        """
        store = self._writable()
        before = store.bookmark(paper.id)
        saved = store.set_bookmark(paper, note, tags)
        self._show_bookmark(paper.id, saved)
        self.history.append(Change(what, bookmark=(paper.id, before)))
        self._bookmarks_changed()

    def undo(self) -> str | None:
        """Take back this session's newest change; return what it was (None: nothing left).

        Raises:
            StoreError: it could not be saved; the change stays undoable.
        """
        if not self.history:
            return None
        store = self._writable()
        change = self.history[-1]
        if change.read_times:
            store.set_read_times(change.read_times)
            for paper_id, moment in change.read_times.items():
                (self.read.add if moment else self.read.discard)(paper_id)
        if change.bookmark is not None:
            paper_id, previous = change.bookmark
            store.restore_bookmark(paper_id, previous)
            self._show_bookmark(paper_id, previous)
        self.history.pop()
        if change.bookmark is not None:
            self._bookmarks_changed()
        return change.what

    def _bookmarks_changed(self) -> None:
        if self.on_bookmarks_changed is not None:
            self.on_bookmarks_changed()

    def add_new(self, paper_ids: Iterable[str]) -> None:
        self.new.update(paper_ids)

    def _show_bookmark(self, paper_id: str, bookmark: Bookmark | None) -> None:
        self.notes.pop(paper_id, None)
        self.tags.pop(paper_id, None)
        if bookmark is None:
            self.bookmarked.discard(paper_id)
            return
        self.bookmarked.add(paper_id)
        if bookmark.note:
            self.notes[paper_id] = bookmark.note
        if bookmark.tags:
            self.tags[paper_id] = bookmark.tags


def _now() -> str:
    """Now, as the store writes times."""
    from tui.core.store_schema import now

    return now()
