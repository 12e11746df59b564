"""Getting papers on screen: the cached listing first (off the UI thread), then fresh ones.

A mixin of :class:`tui.screens.main.MainScreen`. The loader thread reads the cache (or the demo)
and opens the store, so the first paint never waits for the disk; the fetch is an exclusive
async worker, cancelled when the view changes or the app quits, so nothing ever waits for the
network in a handler.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

from tui.core.query import Query
from tui.widgets.paper_index import PaperIndex

if TYPE_CHECKING:
    from tui.core.library import Listing
    from tui.core.models import Paper
    from tui.core.store import Store
    from tui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object


class Loaded(Message):
    """The loader thread has read a cached listing (or found none)."""

    def __init__(self, query: Query | None, listing: Listing | None) -> None:
        super().__init__()
        self.query, self.listing = query, listing


class StoreOpened(Message):
    """The loader thread has opened the reading-state store (or failed to)."""

    def __init__(self, store: Store | None, error: str | None) -> None:
        super().__init__()
        self.store, self.error = store, error


class ListingPrepared(Message):
    """The loader thread has built the filter index and found the new papers of a listing."""

    def __init__(self, query: Query | None, papers: list[Paper], prepared: Prepared) -> None:
        super().__init__()
        self.query, self.papers, self.prepared = query, papers, prepared


@dataclass
class Prepared:
    """What a listing needs before it is shown, computed off the UI thread."""

    index: PaperIndex | None = None
    new_ids: set[str] = field(default_factory=set)


def prepare(papers: list[Paper], store: Store | None, show_new: bool) -> Prepared:
    """Build the filter index and note which papers are new since the last visit.

    Runs in a worker thread: the store serialises its own calls, and this is the only other
    place it is used while the UI thread waits for the result.
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


class ListingLoader(_Base):
    """Loads the cached listing, fetches the fresh one, merges it in."""

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, query: Query | None, opens_store: bool, shown: Listing | None = None) -> None:
        """Read the cached listing, open the store, then prepare the listing, posting each
        result as it comes: the rows reach the screen before the store's and the index's
        costs are paid (the reading marks fill in a moment later).

        ``shown`` is what is on screen already (the first view reads its head before the
        first paint); only a partial one is read again, whole.
        """
        if query is None:  # the bookmarks view is made of the store: open it first
            if opens_store:
                self._open_store()
            self.post_message(Loaded(query, None))
            return
        from tui.core.library import cached_listing

        listing = shown
        if listing is None:
            listing = cached_listing(query, head=True)
            if listing is not None and listing.partial:  # a large listing: its first screen
                self.post_message(Loaded(query, listing))
        if listing is not None and listing.partial:
            listing = cached_listing(query)
        self.post_message(Loaded(query, listing))
        store = self._open_store() if opens_store else self.papers_app.store_if_open
        papers = listing.papers if listing else []
        if papers:
            self.post_message(
                ListingPrepared(query, papers, prepare(papers, store, self._show_new))
            )

    def _open_store(self) -> Store | None:
        """Open the store (in the loader thread) and post it; None when it cannot be read."""
        store, error = None, None
        try:
            from tui.core.store import Store

            store = Store()
            self._show_new = store.last_visit is not None  # a first run: nothing is "new"
            store.record_visit()
        except Exception as problem:  # the reader must run even without its state
            store, error = None, f"reading state unavailable: {problem}"
        self.post_message(StoreOpened(store, error))
        return store

    def on_store_opened(self, message: StoreOpened) -> None:
        app = self.papers_app
        if message.store is not None and not app.has_store:
            app.set_store(message.store)
            self._adopt_store()
        if message.error:
            app.say(message.error, "error")
        self.states_known = True
        self.paper_list.set_states(self._read, self._bookmarked, self._new)

    def on_loaded(self, message: Loaded) -> None:
        if message.query != self.view_query:
            return  # the user moved on before the cache was read
        if self.kind == "bookmarks":
            self.cache_pending = False
            self._show_bookmarks()
            return
        if message.listing is not None:
            self.show_cached(message.listing)
            if message.listing.partial:
                return  # the whole listing follows
        self.cache_pending = False
        # Fetch once the cached rows are on screen: the fetch's first step imports httpx,
        # which would otherwise hold up that paint.
        self.call_after_refresh(self._fetch, self.view_query)

    def on_listing_prepared(self, message: ListingPrepared) -> None:
        if message.query != self.view_query or message.papers is not self.paper_list.papers:
            return  # another listing is on screen now
        self._new |= message.prepared.new_ids
        self.paper_list.set_states(self._read, self._bookmarked, self._new)
        self.paper_list.set_index(message.prepared.index)

    def _adopt_store(self) -> None:
        store = self.papers_app.store
        try:
            self._read = set(store.read_ids())
            self._bookmarked = set(store.bookmarked_ids())
            notice = store.notice
        except Exception as error:
            self.papers_app.say(f"reading state unavailable: {error}", "error")
            return
        if notice:
            self.papers_app.say(notice, "warning")

    def show_cached(self, listing: Listing) -> None:
        """Put a cached (or demo) listing on screen, before its index and new marks exist."""
        self.listing = listing
        self._populate(listing.papers, Prepared())

    def _populate(self, papers: list[Paper], prepared: Prepared) -> None:
        self._new |= prepared.new_ids
        if self.states_known:
            self.paper_list.set_states(self._read, self._bookmarked, self._new)
        self.paper_list.set_papers(papers, prepared.index)
        latest = self.view_query is not None and self.view_query.kind == "latest"
        real = self.listing is not None and self.listing.source != "demo"  # not May 2026's
        if latest and real and papers:
            days = [p.daily_date for p in papers if p.daily_date]
            if days:
                self.anchor_day = max(days)
        self.paper_list.empty_text = self._empty_text()
        self._show_current()
        self.update_header()

    @work(exclusive=True, group="fetch", exit_on_error=False)
    async def _fetch(self, query: Query | None) -> None:
        if query is None:
            return
        from tui.core.errors import HFPapersError

        run = self._fetching = object()
        self.update_header()
        try:
            listing = await self._fetch_listing(query)
            store = self.papers_app.store_if_open
            prepared = await asyncio.to_thread(prepare, listing.papers, store, self._show_new)
        except (HFPapersError, ValueError) as error:
            if query == self.view_query:
                self.fetch_error = str(error)
                self.papers_app.say(f"Could not fetch {query.label}: {error}", "error")
            return
        finally:
            if self._fetching is run:
                self._fetching = None
                self.update_header()
        if query == self.view_query:
            self._merge(listing, prepared)

    async def _fetch_listing(self, query: Query) -> Listing:
        from tui.core.library import fetch_listing

        factory = self.papers_app.client_factory
        if factory is None:
            return await fetch_listing(query)
        async with factory() as client:
            return await fetch_listing(query, client=client)

    def _merge(self, listing: Listing, prepared: Prepared) -> None:
        """Show fresh papers, keeping the cursor on the same paper; report what is new."""
        previous = self.listing
        self.listing = listing
        if listing.source == "network":
            self.updated_at = self.papers_app.clock()
        if listing.error is not None:
            self.update_header()
            status = self.header.status
            self.papers_app.say(f"{status}: {listing.error}", "warning", title="No fresh papers")
            if previous is not None and previous.source == listing.source:
                return  # the same cache (or demo) is already on screen
        fresh = {paper.id for paper in listing.papers}
        known = {paper.id for paper in self.paper_list.papers}
        new = fresh - known if previous is not None and previous.source == "cache" else set()
        self._populate(listing.papers, prepared)
        if new:
            # In the header rather than a toast: a toast's layout stalls the UI ~50 ms.
            self.header.flash(f"{len(new)} new paper{'s' if len(new) != 1 else ''}", seconds=5)

    def _refresh_in_background(self) -> None:
        if self.kind != "bookmarks" and self._fetching is None:
            self._fetch(self.view_query)
