"""Reading a listing for the main screen off the UI thread, reported by messages alone.

:func:`load_cached` runs in a thread worker: it reads the cached listing (or the demo), opens
the store on the first view, and prepares the listing (filter index, papers new since the last
visit), posting each result as it comes, so rows reach the screen before the store's and the
index's costs are paid. It never touches the screen's state: the screen applies each message
on the UI thread and drops those of a view it has left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from tui.core.marks import MarkSets, OpenedStore, open_store
from tui.core.paper_filter import PaperIndex
from tui.core.query import Query

if TYPE_CHECKING:
    from tui.core.library import Listing
    from tui.core.models import Paper
    from tui.core.store import Store


class ListingRead(Message):
    """The cached listing of ``query`` (None: nothing cached); ``problem`` if the cache failed.

    ``notice_only``: nothing was read, there is only the problem to tell.
    """

    def __init__(
        self, query: Query | None, listing: Listing | None, problem: str = "",
        *, notice_only: bool = False,
    ) -> None:  # fmt: skip
        super().__init__()
        self.query, self.listing, self.problem = query, listing, problem
        self.notice_only = notice_only


class StoreOpened(Message):
    """The reading-state store has been opened (or could not be)."""

    def __init__(self, opened: OpenedStore) -> None:
        super().__init__()
        self.opened = opened


class ListingPrepared(Message):
    """The filter index and the new papers of a listing are ready."""

    def __init__(self, query: Query | None, papers: list[Paper], prepared: Prepared) -> None:
        super().__init__()
        self.query, self.papers, self.prepared = query, papers, prepared


class MarksChanged(Message):
    """Another process changed the reading marks; these are the store's now."""

    def __init__(self, sets: MarkSets) -> None:
        super().__init__()
        self.sets = sets

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, MarksChanged)


@dataclass
class Prepared:
    """What a listing needs before it is filterable, computed off the UI thread."""

    index: PaperIndex | None = None
    new_ids: set[str] = field(default_factory=set)


def prepare(papers: list[Paper], store: Store | None, show_new: bool) -> Prepared:
    """Build the filter index and note which papers are new since the last visit.

    Runs in a worker thread: the store serialises its own calls.
    """
    new_ids: set[str] = set()
    if store is not None and papers:
        try:
            seen_first = store.mark_seen(paper.id for paper in papers)
        except Exception:  # state that cannot be saved must not hide the papers
            seen_first = set()
        if show_new:
            new_ids = seen_first
    return Prepared(PaperIndex(papers), new_ids)


ON_DISK_FROM = 1_000
"""Papers in a fetched listing from which its abstracts are left in the cache file: fewer hold
~1.5 MB of abstracts, not worth reading the file again (~40 ms a thousand papers)."""


def settle_fetched(
    listing: Listing, store: Store | None, show_new: bool
) -> tuple[Listing, Prepared]:
    """A fetched listing, prepared; a large one as the cache now holds it, its abstracts left
    in the file (memory then does not grow with them: see ``tui.core.stored_abstract``).

    Runs in a worker thread.
    """
    if len(listing.papers) >= ON_DISK_FROM:
        from tui.core.library import with_abstracts_on_disk

        listing = with_abstracts_on_disk(listing)
    return listing, prepare(listing.papers, store, show_new)


def read_cached(query: Query, *, head: bool = False) -> tuple[Listing | None, str]:
    """The cached listing (or demo) of ``query``, and why the cache failed if it did.

    The cache is a convenience: a folder that cannot be read is reported, never fatal.
    """
    from tui.core.library import cached_listing

    try:
        return cached_listing(query, head=head), ""
    except OSError as error:
        return None, f"cache unavailable: {error.strerror or error}"


def load_cached(
    query: Query | None,
    shown: Listing | None,
    *,
    store: Store | None,
    opens_store: bool,
    show_new: bool,
    post: Callable[[Message], object],
) -> None:
    """Read the cached listing of ``query``, open the store if asked, then prepare the listing.

    ``shown`` is what is on screen already (the first view reads its head before the first
    paint); only a partial one is read again, whole. ``store`` and ``show_new`` are the
    screen's, passed in rather than read from another thread.
    """
    if opens_store:  # the first view: say once if the cache is off (it is a convenience)
        from tui.core.library import cache_problem

        problem = cache_problem()
        if problem:
            post(ListingRead(query, None, problem, notice_only=True))
    if query is None:  # the bookmarks view is made of the store: open it first
        if opens_store:
            post(StoreOpened(open_store()))
        post(ListingRead(None, None))
        return
    listing, problem = shown, ""
    if listing is None:
        listing, problem = read_cached(query, head=True)
        if listing is not None and listing.partial:  # a large listing: its first screen
            post(ListingRead(query, listing))
    if listing is not None and listing.partial:
        listing, problem = read_cached(query)
    post(ListingRead(query, listing, problem))
    if opens_store:  # after the rows are posted: they need not wait for it
        opened = open_store()
        post(StoreOpened(opened))
        store, show_new = opened.store, opened.show_new
    if listing is not None and listing.papers:
        post(ListingPrepared(query, listing.papers, prepare(listing.papers, store, show_new)))
