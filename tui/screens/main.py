"""MainScreen: header, paper list, detail pane, filter bar and key bar; every action one key.

Start-up order is what makes the reader feel instant: the frame paints first (with the head of
the cached listing when there is one), a thread worker reads the rest and opens the store off
the UI thread, and only then an async worker asks Hugging Face for fresh papers and merges
them in. Nothing here awaits the network in a handler, so `q` always quits at once.

Memory: once a listing and its filter index are in, ``gc.freeze()`` exempts them (and
everything made before) from the collector's full passes, which otherwise walk 10,000 papers'
objects for 50-90 ms while the user types; leaving the view unfreezes them, so they can go.

State lives in two objects, not in loose attributes: :class:`ViewState` (which listing, how
fresh; the header's words are computed from it) and the app's :class:`ReadingMarks` (read,
bookmarked, new; every change through the store). Workers report by messages only.
"""

from __future__ import annotations

import asyncio
import gc
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from tui.core.errors import HFPapersError, StoreError
from tui.core.linked_lookup import LOOKUP_CAP, look_up, look_up_all
from tui.core.paper_filter import has_terms
from tui.core.query import Query
from tui.core.views import (
    StartView,
    ViewKind,
    ViewState,
    listing_summary,
    query_for,
    shifted,
    start_of,
)
from tui.screens.listing_loader import (
    ListingPrepared,
    ListingRead,
    MarksChanged,
    Prepared,
    StoreOpened,
    load_cached,
    read_cached,
    settle_fetched,
)
from tui.screens.main_keys import MAIN_KEYS, key_applies
from tui.widgets.abstract_view import AbstractView, PaperDetail, linked_lines
from tui.widgets.filter_input import FilterInput
from tui.widgets.header_bar import HeaderBar
from tui.widgets.key_bar import KeyBar
from tui.widgets.paper_list import SORT_KEYS, SORT_NAMES, PaperList

if TYPE_CHECKING:
    from tui.app import PapersApp
    from tui.core.library import Listing
    from tui.core.linked import LinkedRepos
    from tui.core.marks import ReadingMarks
    from tui.core.models import Paper
    from tui.paper_actions import PaperActions

NARROW = 100
"""Below this many columns the list sits above the detail pane instead of beside it."""
MARKS_SYNC_SECONDS = 2.0
"""How often the reader looks for marks changed by other processes (a few stat calls)."""
AFTER_A_JUMP = 0.03
"""Seconds after a jump of the cursor before its neighbours' lines are made. Made at once, they
delayed the jump's repaint: the first filter letter that changes the rows took ~55 ms instead
of ~30 at 10,000 papers. After a step they are made at once: a held `j` repeats every ~33 ms
and its next step was slower when they came later (held `j`: ~10 ms a step against ~15)."""


class MainScreen(Screen[None]):
    """The reader: a list of papers and the one under the cursor."""

    AUTO_FOCUS = "#papers"

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As Textual's, without repainting the whole screen at each focus change (enter and
    back move focus between the panes): the widgets whose looks depend on focus repaint
    themselves, so the rest need not (pinned Textual: see pyproject)."""

    BINDINGS: ClassVar[list[BindingType]] = MAIN_KEYS

    def __init__(self, start: StartView) -> None:
        super().__init__()
        self.start = start
        self.view = ViewState(start.kind, start.query, date.today())
        self.cache_pending = True
        """True until the cached listing of the current view has been read."""
        self._unread_exhausted: tuple[ViewState, int, int] | None = None
        """Where `n` last found no unread paper below: the same `n` again goes a day back."""
        self._open_first_unread = False
        """Open the first unread paper once the view's papers arrive (after `n` moved days)."""
        self._detail_line = 0
        """The list row whose paper the detail pane shows (a move by one is a step)."""

    # --- parts ----------------------------------------------------------------------------

    @property
    def papers_app(self) -> PapersApp:
        return cast("PapersApp", self.app)

    @property
    def marks(self) -> ReadingMarks:
        return self.papers_app.marks

    @property
    def actions(self) -> PaperActions:
        return self.papers_app.actions

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with Horizontal(id="panes"):
            yield PaperList(self.marks, has=self._has, id="papers")
            yield AbstractView(id="detail")
        yield FilterInput(id="filter")
        yield KeyBar()

    @property
    def header(self) -> HeaderBar:
        return self.query_one(HeaderBar)

    @property
    def paper_list(self) -> PaperList:
        return self.query_one("#papers", PaperList)

    @property
    def detail(self) -> AbstractView:
        return self.query_one("#detail", AbstractView)

    @property
    def filter_input(self) -> FilterInput:
        return self.query_one("#filter", FilterInput)

    def current_paper(self) -> Paper | None:
        return self.paper_list.current

    # --- lifecycle ------------------------------------------------------------------------

    def on_mount(self) -> None:
        app = self.papers_app
        start = self.start
        self.view.anchor = (start_of(start.query) if start.query else None) or app.clock().date()
        self.paper_list.focus()
        self.watch(self.paper_list, "highlighted", self._highlighted, init=False)
        self.watch(self.filter_input, "value", self._filter_changed, init=False)
        self.set_interval(30, self.update_header)
        self.set_interval(MARKS_SYNC_SECONDS, self.sync_marks)
        if app.config.refresh_minutes > 0:
            self.set_interval(app.config.refresh_minutes * 60, self._refresh_in_background)
        self.show_view(start.kind, start.query, first=True)

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        self.query_one("#panes").set_class(narrow, "-narrow")
        self.query_one(KeyBar).compact = narrow

    def on_unmount(self) -> None:
        gc.unfreeze()

    def on_screen_resume(self) -> None:
        if self.is_mounted:  # back from the paper reader, where b, e or # may have changed
            self._marks_changed()

    def on_app_focus(self, event: events.AppFocus) -> None:
        self.sync_marks()  # back from another terminal, where `hfpapers bookmark` may have run

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker failed unexpectedly: say so once, and clear what it left pending, so the
        header never sits on "loading…" or "fetching…"."""
        if event.state != WorkerState.ERROR:
            return
        self.papers_app.report_worker_failure(event.worker)
        if event.worker.group == "load" and self.cache_pending:
            self.cache_pending = False  # go on without the cache: fresh papers may still come
            self.marks.known = True
            self.paper_list.refresh_marks()
            self.call_after_refresh(self._fetch, self.view)
        elif event.worker.group == "fetch":
            self.view.fetching = False
        self.update_header()

    # --- views ----------------------------------------------------------------------------

    def show_view(self, kind: ViewKind, query: Query | None = None, *, first: bool = False) -> None:
        """Switch to a view: empty the panes, read the cache in a thread, then fetch."""
        gc.unfreeze()  # the listing left may be collected now
        query = query or query_for(kind, self.view.anchor)
        self.view = ViewState(kind, query, self.view.anchor)
        self.cache_pending = True
        self.paper_list.set_papers([])
        self.paper_list.empty_text = "loading…"
        self.detail.show_paper(None)
        self.update_header()
        shown = None
        if first and query is not None:
            # Before the first paint, so the first frame already holds papers: one line of
            # one file (or the bundled demo). The rest of a large listing follows.
            shown, problem = read_cached(query, head=True)
            if problem:
                self.papers_app.say(problem, "warning")
            if shown is not None:
                self.show_cached(shown)
        load = partial(self._load, query, shown, opens_store=first and not self.marks.known)
        if shown is None:
            load()
        else:  # papers are on the first frame: the rest waits until it is painted
            self.call_after_refresh(load)

    def _load(self, query: Query | None, shown: Listing | None, *, opens_store: bool) -> None:
        self.run_worker(
            partial(load_cached, query, shown, store=self.marks.store, opens_store=opens_store,
                    show_new=self.marks.show_new, post=self.post_message),
            thread=True, exclusive=True, group="load", exit_on_error=False,
            description="read the cached listing",
        )  # fmt: skip

    def on_store_opened(self, message: StoreOpened) -> None:
        try:
            self.marks.adopt(message.opened)
        except StoreError as error:
            self.papers_app.say(f"reading state unavailable: {error}", "error")
        for problem in message.opened.problems:
            self.papers_app.say(problem, "warning")
        self._marks_changed()

    def on_listing_read(self, message: ListingRead) -> None:
        if message.query != self.view.query:
            return  # the user moved on before the cache was read
        if message.problem:
            self.papers_app.say(message.problem, "warning")
        if message.notice_only:
            return
        if self.view.query is None:
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
        self.call_after_refresh(self._fetch, self.view)

    def on_listing_prepared(self, message: ListingPrepared) -> None:
        if message.query != self.view.query or message.papers is not self.paper_list.papers:
            return  # another listing is on screen now
        self.marks.add_new(message.prepared.new_ids)
        self.paper_list.refresh_marks()
        self.paper_list.set_index(message.prepared.index)
        gc.freeze()  # the listing and its index: see _leave_listing

    def show_cached(self, listing: Listing) -> None:
        """Put a cached (or demo) listing on screen, before its index and new marks exist."""
        self.view.listing = listing
        self._populate(listing.papers, Prepared())

    def _show_bookmarks(self) -> None:
        store = self.marks.store
        bookmarks = store.bookmarks() if store is not None else []
        self._populate([bookmark.paper for bookmark in bookmarks], Prepared())
        skipped = store.unreadable_bookmarks() if store is not None else 0
        if skipped:
            s = "" if skipped == 1 else "s"
            self.papers_app.say(f"{skipped} bookmark{s} skipped (unreadable)", "warning")

    def _populate(self, papers: list[Paper], prepared: Prepared) -> None:
        self.marks.add_new(prepared.new_ids)
        self.paper_list.set_papers(papers, prepared.index)
        view = self.view
        real = view.listing is not None and view.listing.source != "demo"  # not May 2026's
        if view.kind == "latest" and real and papers:
            days = [p.daily_date for p in papers if p.daily_date]
            if days:
                view.anchor = max(days)
        self.paper_list.empty_text = self._empty_text()
        self._show_current()
        self.update_header()
        if self._open_first_unread and papers:
            self._open_first_unread = False
            self._after_day_change()

    # --- fetching -------------------------------------------------------------------------

    @work(exclusive=True, group="fetch", exit_on_error=False, description="fetch papers")
    async def _fetch(self, view: ViewState) -> None:
        query = view.query
        if query is None:
            return
        view.fetching = True
        self.update_header()
        try:
            listing = await self._fetch_listing(query, view)
            marks = self.marks
            listing, prepared = await asyncio.to_thread(
                settle_fetched, listing, marks.store, marks.show_new
            )
        except (HFPapersError, ValueError) as error:
            if view is self.view:
                view.error = str(error)
                self.papers_app.say(f"Could not fetch {query.label}: {error}", "error")
            return
        finally:
            view.fetching, view.failing = False, None
            if view is self.view:
                self.update_header()
        if view is self.view:
            self._merge(listing, prepared)

    async def _fetch_listing(self, query: Query, view: ViewState) -> Listing:
        from tui.core.library import fetch_listing, open_client

        def failing(error: HFPapersError) -> None:  # said now; retries go on meanwhile
            view.failing = error
            if view is self.view:
                self.update_header()

        async with await open_client(self.papers_app.client_factory) as client:
            return await fetch_listing(query, client=client, on_first_failure=failing)

    def _merge(self, listing: Listing, prepared: Prepared) -> None:
        """Show fresh papers, keeping the cursor on the same paper; report what is new."""
        previous = self.view.listing
        self.view.listing = listing
        if listing.source == "network":
            self.view.updated_at = self.papers_app.clock()
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
        gc.freeze()  # fresh papers and their index in: see the module docstring
        if new:
            # In the header rather than a toast: a toast's layout stalls the UI ~50 ms.
            self.header.flash(f"{len(new)} new paper{'s' if len(new) != 1 else ''}", seconds=5)

    def _refresh_in_background(self) -> None:
        if self.view.query is not None and not self.view.fetching:
            self._fetch(self.view)

    # --- marks made elsewhere -------------------------------------------------------------

    def sync_marks(self) -> None:
        """Look for marks changed by other processes, off the UI thread."""
        if self.marks.store is not None:
            self.run_worker(
                self._changed_marks, thread=True, exclusive=True, group="marks",
                exit_on_error=False, description="look for reading marks changed elsewhere",
            )  # fmt: skip

    def _changed_marks(self) -> None:
        sets = self.marks.changes_elsewhere()
        if sets is not None:
            self.post_message(MarksChanged(sets))

    def on_marks_changed(self, message: MarksChanged) -> None:
        if self.marks.apply(message.sets):
            self._marks_changed()

    # --- showing --------------------------------------------------------------------------

    def _show_current(self) -> None:
        paper = self.paper_list.current
        if paper is None:
            self.detail.show_paper(None, self._empty_text())
        elif self.detail.paper is None or self.detail.paper.id != paper.id:
            self._show_detail(paper)

    def _show_detail(self, paper: Paper, keep_scroll: bool = False) -> None:
        self.detail.show(self._detail_of(paper), keep_scroll=keep_scroll)

    def _detail_of(self, paper: Paper) -> PaperDetail:
        linked = self.papers_app.linked.get(paper.id)
        return PaperDetail(
            paper, self.marks.notes.get(paper.id), self.marks.tags.get(paper.id, ()),
            linked_lines(linked), self.papers_app.config.ai_summary_first,
        )  # fmt: skip

    def _prepare_neighbours(self) -> None:
        """Wrap the papers next to the cursor while idle: `j`/`k` then show made lines."""
        papers, line = self.paper_list, self.paper_list.cursor
        for neighbour in (line + 1, line - 1):
            paper = papers.paper_at(neighbour)
            if paper is not None:
                self.detail.prepare(self._detail_of(paper))

    def _empty_text(self) -> str:
        papers = self.paper_list
        return self.view.empty_text(
            bool(papers.papers), filtered=bool(papers.filter_text), unread_only=papers.unread_only
        )

    def update_header(self) -> None:
        """Redraw the header line (also every 30 s, so "N min ago" stays true)."""
        papers, marks = self.paper_list, self.marks
        listing = self.view.listing
        summary = listing_summary(
            len(papers.papers), papers.row_count,
            papers.count_shown(marks.read) if marks.known else None,
            unread_only=papers.unread_only, sort=SORT_NAMES[papers.sort_key],
            truncated_at=listing.truncated_at if listing is not None else None,
        )  # fmt: skip
        status, warning = self.view.status(self.papers_app.clock())
        self.header.show(self.view.label, summary, status, warning=warning)
        self.refresh_bindings()  # what applies (filter, paper, dated view) may have changed
        if not papers.row_count:
            papers.empty_text = self._empty_text()
            papers.refresh()

    def _highlighted(self, paper: Paper | None) -> None:
        """Show the paper in the same frame as the cursor's move (its lines were made ahead
        while idle), then make its neighbours' lines for the next key: at once after a step
        (a held `j` needs them before its next repeat), a moment later after a jump (a filter
        letter, `G`, a page), whose repaint making them at once delayed."""
        line = self.paper_list.cursor
        step, self._detail_line = abs(line - self._detail_line) == 1, line
        if paper is not None and (self.detail.paper is None or self.detail.paper.id != paper.id):
            self._show_detail(paper)
            if step:
                self.call_after_refresh(self._prepare_neighbours)
            else:
                self.set_timer(AFTER_A_JUMP, self._prepare_neighbours)

    def on_paper_list_opened(self, message: PaperList.Opened) -> None:
        self._open(message.paper)

    def _open(self, paper: Paper) -> None:
        """What enter does: the paper in the detail pane, focused, and marked read."""
        self._show_detail(paper)
        self.detail.focus()
        unread = paper.id not in self.marks.read
        if self.papers_app.config.mark_read_on_open and unread:
            self.actions.set_read([paper], True)
            self._marks_changed(paper)

    def on_abstract_view_back(self) -> None:
        self.paper_list.focus()

    def go_to_paper(self, paper_id: str) -> None:
        """Put the cursor on a paper of this listing, dropping filters that hide it."""
        papers = self.paper_list
        if not papers.move_to(paper_id):
            self.filter_input.value = ""
            self.filter_input.display = False
            papers.set_filter("")
            papers.set_unread_only(False)
            papers.move_to(paper_id)
        papers.focus()
        self.update_header()

    # --- reading ----------------------------------------------------------------------------

    def action_step(self, steps: int) -> None:
        """J / K: the next or previous paper, opened, without going back to the list."""
        papers = self.paper_list
        line = papers.cursor + steps
        if 0 <= line < papers.row_count:
            papers.cursor = line
            if papers.current is not None:
                self._open(papers.current)
        else:
            self.header.flash("last paper" if steps > 0 else "first paper")

    def action_next_unread(self, step: int) -> None:
        """n / N: open the next (previous) unread paper; past the last one of a day, a second
        `n` goes to the day before and opens its first unread paper."""
        papers = self.paper_list
        # From the list, the paper under the cursor counts if it is unread: not opened yet.
        line = papers.find_unread(step, include_current=step > 0 and papers.has_focus)
        if line is not None:
            self._unread_exhausted = None
            papers.cursor = line
            if papers.current is not None:
                self._open(papers.current)
            return
        where = (self.view, papers.cursor, step)
        goes_back = step > 0 and self.view.kind in ("day", "latest") and self.view.query
        if goes_back and self._unread_exhausted == where:
            self._unread_exhausted = None
            self._open_first_unread = True
            self.action_shift(-1)
            return
        self._unread_exhausted = where
        above = "above" if step < 0 else "below"
        hint = "; n again: the day before" if goes_back else ""
        self.header.flash(f"no unread papers {above}{hint}", seconds=4)

    def _after_day_change(self) -> None:
        """The day `n` moved to has its papers: open the first unread one, or say there is none."""
        papers = self.paper_list
        label = self.view.label
        papers.cursor = 0
        line = papers.find_unread(1, include_current=True)
        if line is None:
            self._unread_exhausted = (self.view, papers.cursor, 1)
            self.header.flash(f"{label}: no unread papers; n again: the day before", seconds=4)
            return
        papers.cursor = line
        if papers.current is not None:
            self._open(papers.current)
        self.header.flash(f"{label}: first unread paper", seconds=4)

    def action_mark_all_read(self) -> None:
        papers = self.paper_list.shown_papers
        if papers and self.actions.set_read(papers, True, self.header.flash):
            self._marks_changed()

    def action_undo(self) -> None:
        if self.actions.undo(partial(self.header.flash, seconds=4)):
            self._marks_changed()

    def action_edit_note(self) -> None:
        if (paper := self.paper_list.current) is not None:
            self.actions.edit_note(paper, self._annotated)

    def action_edit_tags(self) -> None:
        if (paper := self.paper_list.current) is not None:
            self.actions.edit_tags(paper, self._annotated)

    def _annotated(self, confirmation: str) -> None:
        self.header.flash(confirmation, seconds=3)
        self._marks_changed()

    def _marks_changed(self, *papers: Paper) -> None:
        """Repaint what shows marks: rows (those of ``papers`` when named, else all), the
        header's progress, the detail's note and tags, and the bookmarks view itself."""
        if self.view.query is None:
            self._show_bookmarks()
        if papers and not self.paper_list.unread_only:
            for changed in papers:
                self.paper_list.refresh_paper(changed.id)
        else:
            self.paper_list.refresh_marks()
        if (shown := self.detail.paper) is not None:
            self._show_detail(shown, keep_scroll=True)  # unchanged: made lines, nothing redrawn
        self.update_header()

    # --- the full text, and what cites the paper -------------------------------------------

    def action_read_paper(self) -> None:
        from tui.screens.paper_reader import PaperReaderScreen

        if (paper := self.paper_list.current) is not None:
            if self.papers_app.config.mark_read_on_open and paper.id not in self.marks.read:
                self.actions.set_read([paper], True)  # reading it in full is reading it
            self.app.push_screen(PaperReaderScreen(paper))

    def action_linked(self) -> None:
        if (paper := self.paper_list.current) is not None:
            self._pick_linked(paper)

    @work(exclusive=True, group="linked-picker", exit_on_error=False,
          description="look up what cites the paper")  # fmt: skip
    async def _pick_linked(self, paper: Paper) -> None:
        from tui.screens.linked_picker import LinkedPicker

        linked = self.papers_app.linked.get(paper.id)
        if linked is None:
            self.header.flash("looking up models, datasets and Spaces…", seconds=10)
            try:
                linked = await look_up(paper.id, self.papers_app.client_factory)
            except (HFPapersError, ValueError) as error:
                self.papers_app.say(f"Could not look up what cites {paper.id}: {error}", "error")
                return
            finally:
                self.header.end_flash()
            self._linked_found(paper.id, linked)
        self.app.push_screen(LinkedPicker(linked))

    def on_abstract_view_linked_found(self, message: AbstractView.LinkedFound) -> None:
        self._linked_found(message.paper_id, message.linked)

    def _linked_found(self, paper_id: str, linked: LinkedRepos) -> None:
        self.papers_app.linked[paper_id] = linked
        if self.detail.paper is not None and self.detail.paper.id == paper_id:
            self._show_detail(self.detail.paper, keep_scroll=True)
        if has_terms(self.paper_list.filter_text):
            self.paper_list.set_filter(self.paper_list.filter_text)
            self.update_header()

    def _has(self, paper: Paper, kind: str) -> bool:
        """For the `has:` filter: known to be cited by repositories of ``kind``."""
        from tui.core.linked import is_cited_by  # not before the first paint

        return is_cited_by(self.papers_app.linked.get(paper.id), kind)

    @work(exclusive=True, group="linked-all", exit_on_error=False,
          description="look up what cites the papers of the view")  # fmt: skip
    async def _look_up_view(self, view: ViewState) -> None:
        def progress(number: int, total: int) -> None:
            self.header.flash(f"looking up what cites them… {number}/{total}", seconds=5)

        unknown = await look_up_all(
            self.paper_list.papers, self.papers_app.linked, self.papers_app.client_factory,
            found=self._linked_found, progress=progress, wanted=lambda: view is self.view,
        )  # fmt: skip
        self.header.end_flash()
        if unknown and view is self.view:
            self.papers_app.say(f"{unknown} papers not looked up (offline, or past {LOOKUP_CAP})")

    def action_toggle_bookmark(self) -> None:
        if (paper := self.paper_list.current) is not None:
            self.actions.toggle_bookmark(paper, self.header.flash)
            self._marks_changed(paper)

    def action_toggle_read(self) -> None:
        paper = self.paper_list.current
        if paper is not None:
            read = paper.id not in self.marks.read
            if self.actions.set_read([paper], read, self.header.flash):
                self._marks_changed(paper)

    def action_unread_only(self) -> None:
        papers = self.paper_list
        papers.set_unread_only(not papers.unread_only)
        papers.empty_text = self._empty_text()
        self.papers_app.say(
            f"Unread papers only ({papers.row_count})" if papers.unread_only else "All papers"
        )
        self.update_header()

    # --- citations and links --------------------------------------------------------------

    def action_copy_citation(self) -> None:
        if (paper := self.paper_list.current) is not None:
            self.actions.copy_citation(paper)

    def action_pick_citation(self) -> None:
        if (paper := self.paper_list.current) is not None:
            self.actions.pick_citation(paper)

    def action_open(self, link: str) -> None:
        if (paper := self.paper_list.current) is not None:
            self.actions.open_link(paper, link)

    # --- views and time -------------------------------------------------------------------

    def action_view(self, kind: ViewKind) -> None:
        self.show_view(kind)

    def action_shift(self, steps: int) -> None:
        query = self.view.query
        if query is None:
            return
        try:
            target = shifted(query, self.view.anchor, steps)
        except ValueError as error:  # past the dates the reader can mean
            self.papers_app.say(str(error), "warning")
            return
        start = start_of(target)
        if start is None or target == query:
            return
        if start > self.papers_app.clock().date():
            self.papers_app.say("No papers from the future yet", "warning")
            return
        self.view.anchor = start
        self.show_view(cast("ViewKind", target.kind), target)

    def action_today(self) -> None:
        self.view.anchor = self.papers_app.clock().date()
        kind = self.view.kind
        self.show_view(kind if kind in ("day", "week", "month") else "day")

    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        def search(text: str | None) -> None:
            if not text:
                return
            try:
                query = Query.search(text)
            except ValueError as error:
                self.papers_app.say(str(error), "error")
                return
            self.show_view("search", query)

        self.app.push_screen(SearchScreen(), search)

    def action_refresh(self) -> None:
        if self.view.query is None:
            self._show_bookmarks()
        else:
            self.view.error = None
            self._fetch(self.view)

    # --- list -----------------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        keys = list(SORT_KEYS)
        key = keys[(keys.index(self.paper_list.sort_key) + 1) % len(keys)]
        self.paper_list.sort_by(key)
        self.papers_app.say(f"Sorted by {SORT_NAMES[key]}")
        self.update_header()

    def action_filter(self) -> None:
        bar = self.filter_input
        bar.display = True
        bar.focus()

    def action_clear_filter(self) -> None:
        self.filter_input.action_clear_filter()

    def action_scroll_detail(self, pages: int) -> None:
        if pages > 0:
            self.detail.scroll_page_down(animate=False)
        else:
            self.detail.scroll_page_up(animate=False)

    def _filter_changed(self, text: str) -> None:
        """Narrow the list as the filter bar's text changes. A watch, not ``Input.Changed``:
        called at once, so the list repaints in the same frame as the typed letter."""
        if text == self.paper_list.filter_text:
            return
        looking = any(w.group == "linked-all" and w.is_running for w in self.workers)
        if {"model", "dataset", "space"} & set(has_terms(text)) and not looking:
            self._look_up_view(self.view)
        was_filtered = bool(self.paper_list.filter_text)
        if not self.paper_list.set_filter(text) and was_filtered == bool(text):
            return  # the same rows: the header's counts and the keys that apply stand
        self.paper_list.empty_text = self._empty_text()
        self.update_header()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        if isinstance(message.input, FilterInput):
            self.paper_list.action_first()
            self.paper_list.focus()

    def on_filter_input_cleared(self) -> None:
        self.paper_list.set_filter("")
        self.filter_input.display = False
        self.paper_list.focus()
        self.update_header()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return key_applies(
            action, has_paper=self.paper_list.current is not None, dated=self.view.dated,
            filtered=bool(self.paper_list.filter_text),
        )  # fmt: skip
