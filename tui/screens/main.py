"""MainScreen: header, paper list, detail pane, filter bar and footer; every action one key.

Start-up order is what makes the reader feel instant: the frame paints first, a thread worker
reads the cached listing (or the demo) and the store off the UI thread, the list fills, and only
then an async worker asks Hugging Face for fresh papers and merges them in. Nothing here awaits
the network in a handler, so `q` always quits at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen

from tui.core.query import Query
from tui.screens.listing_status import status_of
from tui.screens.loading import ListingLoader, Prepared
from tui.screens.main_actions import ReaderActions
from tui.screens.views import DATED_KINDS, query_for, start_of
from tui.widgets.abstract_view import AbstractView
from tui.widgets.filter_input import FilterInput
from tui.widgets.header_bar import HeaderBar
from tui.widgets.key_bar import KeyBar
from tui.widgets.paper_list import SORT_NAMES, PaperList

if TYPE_CHECKING:
    from tui.app import PapersApp
    from tui.core.library import Listing
    from tui.core.models import Paper

NARROW = 100
"""Below this many columns the list sits above the detail pane instead of beside it."""


@dataclass(frozen=True)
class StartView:
    """What to show: a view kind, with an explicit query for dated views and searches."""

    kind: str = "latest"
    query: Query | None = None


class MainScreen(ListingLoader, ReaderActions, Screen[None]):
    """The reader: a list of papers and the one under the cursor.

    Loading lives in :class:`ListingLoader`, key actions in :class:`ReaderActions`.
    """

    AUTO_FOCUS = "#papers"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "toggle_bookmark", "Bookmark", id="toggle-bookmark",
                tooltip="Bookmark the paper, or remove its bookmark"),
        Binding("m", "toggle_read", "Read/unread", id="toggle-read",
                tooltip="Mark the paper read or unread"),
        Binding("u", "unread_only", "Unread only", show=False, id="unread-only",
                tooltip="Show only unread papers, or all again"),
        Binding("c", "copy_citation", "Cite", id="copy-citation",
                tooltip="Copy a citation in the default format"),
        Binding("C", "pick_citation", "Cite as…", show=False, id="pick-citation",
                tooltip="Choose a citation format, with a preview"),
        Binding("o", "open('page')", "HF page", show=False, id="open-page",
                tooltip="Open the paper's Hugging Face page in the browser"),
        Binding("p", "open('pdf')", "PDF", show=False, id="open-pdf",
                tooltip="Open the PDF in the browser"),
        Binding("a", "open('arxiv')", "arXiv", show=False, id="open-arxiv",
                tooltip="Open the arXiv page in the browser"),
        Binding("O", "open('github')", "GitHub", show=False, id="open-github",
                tooltip="Open the paper's GitHub repository"),
        Binding("W", "open('project')", "Project page", show=False, id="open-project",
                tooltip="Open the paper's project page"),
        Binding("left_square_bracket", "shift(-1)", "Previous", id="previous-period",
                tooltip="Previous day, week or month"),
        Binding("right_square_bracket", "shift(1)", "Next", id="next-period",
                tooltip="Next day, week or month"),
        Binding("t", "today", "Today", show=False, id="today", tooltip="Go to today"),
        Binding("1", "view('day')", "Day", show=False, id="view-day", tooltip="Day view"),
        Binding("2", "view('week')", "Week", show=False, id="view-week", tooltip="Week view"),
        Binding("3", "view('month')", "Month", show=False, id="view-month",
                tooltip="Month view"),
        Binding("4", "view('trending')", "Trending", show=False, id="view-trending",
                tooltip="Trending papers"),
        Binding("5", "view('bookmarks')", "Bookmarks", show=False, id="view-bookmarks",
                tooltip="Your bookmarks"),
        Binding("slash", "filter", "Filter", id="filter",
                tooltip="Narrow the list as you type (title, authors, abstract, keywords)"),
        Binding("escape", "clear_filter", "Clear filter", id="clear-filter",
                tooltip="Show every paper again"),
        Binding("S", "search", "Search", id="search", tooltip="Search Hugging Face papers"),
        Binding("s", "cycle_sort", "Sort", show=False, id="cycle-sort",
                tooltip="Sort by upvotes, date, comments or GitHub stars"),
        Binding("r", "refresh", "Refresh", show=False, id="refresh",
                tooltip="Fetch fresh papers now"),
        Binding("space,pagedown", "scroll_detail(1)", "Scroll", show=False,
                id="scroll-detail-down", tooltip="Scroll the abstract down a page"),
        Binding("pageup", "scroll_detail(-1)", "Scroll up", show=False,
                id="scroll-detail-up", tooltip="Scroll the abstract up a page"),
    ]  # fmt: skip

    def __init__(self, start: StartView) -> None:
        super().__init__()
        self.start = start
        self.kind = start.kind
        self.view_query: Query | None = None
        """The listing shown (None in the bookmarks view)."""
        self.anchor_day: date = date.today()
        self.listing: Listing | None = None
        self.fetch_error: str | None = None
        self._fetching: object | None = None
        self._read: set[str] = set()
        self._bookmarked: set[str] = set()
        self._new: set[str] = set()
        self._show_new = False
        """Mark papers new since the last visit (not on a first run, when all would be)."""
        self.updated_at: datetime | None = None
        """When fresh papers last arrived, by the app's clock."""
        self._detail_wanted: Paper | None = None
        self.detail_pending = False
        """A highlighted paper waits to be shown in the detail pane (after the next repaint)."""
        self.cache_pending = True
        """True until the cached listing of the current view has been read."""
        self.states_known = False
        """True once the store has been opened (or failed to): until then rows show no marks."""

    @property
    def papers_app(self) -> PapersApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with Horizontal(id="panes"):
            yield PaperList(id="papers")
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

    def on_mount(self) -> None:
        today = self.papers_app.clock().date()
        start = self.start
        self.anchor_day = (start_of(start.query) if start.query else None) or today
        self.paper_list.focus()
        self.set_interval(30, self.update_header)
        minutes = self.papers_app.config.refresh_minutes
        if minutes > 0:
            self.set_interval(minutes * 60, self._refresh_in_background)
        if self.papers_app.has_store:  # given by the caller (tests): adopt it now
            self._adopt_store()
            self.states_known = True
        self.show_view(start.kind, start.query, first=True)

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        self.query_one("#panes").set_class(narrow, "-narrow")
        self.query_one(KeyBar).compact = narrow

    # --- views -------------------------------------------------------------------------

    def show_view(self, kind: str, query: Query | None = None, *, first: bool = False) -> None:
        """Switch to a view: empty the panes, read the cache in a thread, then fetch."""
        self.kind = kind
        if kind == "bookmarks":
            self.view_query = None
        else:
            self.view_query = query or query_for(kind, self.anchor_day)
        self.listing = None
        self.fetch_error = None
        self.cache_pending = True
        self.paper_list.set_papers([])
        self.paper_list.empty_text = "loading…"
        self.detail.show_paper(None)
        self.update_header()
        shown = None
        if first and self.view_query is not None:
            # Before the first paint, so the first frame already holds papers: one line of
            # one file (or the bundled demo). The rest of a large listing follows.
            from tui.core.library import cached_listing

            shown = cached_listing(self.view_query, head=True)
            if shown is not None:
                self.show_cached(shown)
        opens_store = first and not self.papers_app.has_store
        if shown is None:
            self._load(self.view_query, opens_store, shown)
        else:  # papers are on the first frame: the rest waits until it is painted
            self.call_after_refresh(self._load, self.view_query, opens_store, shown)

    # --- showing ------------------------------------------------------------------------------

    def _show_bookmarks(self) -> None:
        papers = [bookmark.paper for bookmark in self.papers_app.store.bookmarks()]
        self.listing = None
        self._populate(papers, Prepared())

    def _show_current(self) -> None:
        paper = self.paper_list.current
        if paper is None:
            self.detail.show_paper(None, self._empty_text())
        elif self.detail.paper is None or self.detail.paper.id != paper.id:
            self.detail.show_paper(paper)

    def _empty_text(self) -> str:
        if self._fetching is not None and not self.paper_list.papers:
            return "fetching…"
        if self.paper_list.papers and self.paper_list.filter_text:
            return "no paper matches the filter (esc clears it)"
        if self.paper_list.papers and self.paper_list.unread_only:
            return "no unread papers here (u shows all)"
        if self.kind == "bookmarks":
            return "no bookmarks yet: b bookmarks the paper under the cursor"
        return "no papers here: [ and ] move in time, 4 shows trending, r refreshes"

    def update_header(self) -> None:
        """Redraw the header line (also every 30 s, so "N min ago" stays true)."""
        papers = self.paper_list
        label = "Bookmarks" if self.view_query is None else self.view_query.label
        shown, total = papers.row_count, len(papers.papers)
        parts = [f"{total} paper{'s' if total != 1 else ''}"]
        if shown != total:
            parts[0] = f"{shown} of {total} papers"
        if papers.unread_only:
            parts.append("unread only")
        parts.append(f"by {SORT_NAMES[papers.sort_key]}")
        status, warning = status_of(
            self.listing, self.papers_app.clock(), fetching=self._fetching is not None,
            error=self.fetch_error, bookmarks=self.kind == "bookmarks",
            updated_at=self.updated_at,
        )  # fmt: skip
        self.header.show(label, " · ".join(parts), status, warning=warning)
        self.refresh_bindings()  # what applies (filter, paper, dated view) may have changed
        if not papers.row_count:
            papers.empty_text = self._empty_text()
            papers.refresh()

    def on_paper_list_highlighted(self, message: PaperList.Highlighted) -> None:
        """Show the paper after the list has repainted: the detail pane's layout costs more
        than the cursor move, and a held key then updates it once per frame, not per row."""
        self._detail_wanted = message.paper
        if not self.detail_pending:
            self.detail_pending = True
            self.call_after_refresh(self._show_wanted)

    def _show_wanted(self) -> None:
        self.detail_pending = False
        paper = self._detail_wanted
        if paper is not None and (self.detail.paper is None or self.detail.paper.id != paper.id):
            self.detail.show_paper(paper)

    def on_paper_list_opened(self, message: PaperList.Opened) -> None:
        self.detail.show_paper(message.paper)
        self.detail.focus()
        if self.papers_app.config.mark_read_on_open and message.paper.id not in self._read:
            self._set_read(message.paper, True)

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

    def on_abstract_view_back(self) -> None:
        self.paper_list.focus()

    # --- reading state --------------------------------------------------------------------

    def current_paper(self) -> Paper | None:
        return self.paper_list.current

    def _set_read(self, paper: Paper, read: bool) -> bool:
        """Mark a paper read or unread; False when the store refused (it said why)."""
        if not self._store_call("set_read", paper.id, read):
            return False
        (self._read.add if read else self._read.discard)(paper.id)
        self.paper_list.refresh_paper(paper.id)
        return True

    def _store_call(self, method: str, *args: object) -> bool:
        """Run a store method on the UI thread; a failure is a notification, not a crash."""
        try:
            getattr(self.papers_app.store, method)(*args)
        except Exception as error:  # StoreError, or an unusable file
            self.papers_app.say(f"Could not save reading state: {error}", "error")
            return False
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needs_paper = {
            "toggle_bookmark", "toggle_read", "copy_citation", "pick_citation", "open",
        }  # fmt: skip
        if action in needs_paper and self.paper_list.current is None:
            return None
        if action == "shift" and self.kind not in (*DATED_KINDS, "latest"):
            return None
        if action == "clear_filter":
            return bool(self.paper_list.filter_text)
        return True
