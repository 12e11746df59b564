"""The main screen's key actions, one method per key, kept apart from loading and layout.

A mixin of :class:`tui.screens.main.MainScreen`; it uses that screen's widgets and state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

from tui.screens.views import shifted, start_of
from tui.widgets.filter_input import FilterInput
from tui.widgets.paper_list import SORT_KEYS, SORT_NAMES

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

    _Base = MainScreen
else:
    _Base = object

LINKS = {
    "page": ("Hugging Face page", lambda paper: paper.url),
    "pdf": ("PDF", lambda paper: paper.pdf_url),
    "arxiv": ("arXiv page", lambda paper: paper.arxiv_url),
    "github": ("GitHub repository", lambda paper: paper.github_repo),
    "project": ("project page", lambda paper: paper.project_page),
}


class ReaderActions(_Base):
    """Bookmark, read, filter, sort, cite, open, move in time, switch views."""

    # --- reading state --------------------------------------------------------------------

    def action_toggle_bookmark(self) -> None:
        paper = self.paper_list.current
        if paper is None:
            return
        adding = paper.id not in self._bookmarked
        if not self._store_call("toggle_bookmark", paper):
            return
        (self._bookmarked.add if adding else self._bookmarked.discard)(paper.id)
        self.paper_list.refresh_paper(paper.id)
        self.header.flash("★ bookmarked" if adding else "bookmark removed")

    def action_toggle_read(self) -> None:
        paper = self.paper_list.current
        if paper is not None:
            read = paper.id not in self._read
            if self._set_read(paper, read):
                self.header.flash("marked read" if read else "marked unread")

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
        paper = self.paper_list.current
        if paper is None:
            return
        from tui.core.citation import cite

        fmt = self.papers_app.config.citation_format
        try:
            text = cite(paper, fmt)
        except (ValueError, KeyError) as error:
            self.papers_app.say(f"Cannot cite as {fmt!r}: {error}", "error")
            return
        self.papers_app.copy_text(text, f"{fmt} citation")

    def action_pick_citation(self) -> None:
        paper = self.paper_list.current
        if paper is None:
            return
        from tui.screens.cite_picker import CitePicker

        def copy(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                self.papers_app.copy_text(choice[1], f"{choice[0]} citation")

        self.app.push_screen(CitePicker(paper), copy)

    def action_open(self, link: str) -> None:
        paper = self.paper_list.current
        if paper is not None and link in LINKS:
            what, url_of = LINKS[link]
            self.papers_app.open_link(url_of(paper), what)

    # --- views and time -------------------------------------------------------------------

    def action_view(self, kind: str) -> None:
        self.show_view(kind)

    def action_shift(self, steps: int) -> None:
        if self.view_query is None:
            return
        target = shifted(self.view_query, self.anchor_day, steps)
        start = start_of(target)
        today = self.papers_app.clock().date()
        if start is None or target == self.view_query:
            return
        if start > today:
            self.papers_app.say("No papers from the future yet", "warning")
            return
        self.anchor_day = start
        self.show_view(target.kind, target)

    def action_today(self) -> None:
        self.anchor_day = self.papers_app.clock().date()
        kind = self.kind if self.kind in ("day", "week", "month") else "day"
        self.show_view(kind)

    def action_search(self) -> None:
        from tui.core.query import Query
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
        if self.kind == "bookmarks":
            self._show_bookmarks()
        else:
            self.fetch_error = None
            self._fetch(self.view_query)

    # --- list ----------------------------------------------------------------------------

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

    def on_input_changed(self, message: Input.Changed) -> None:
        if isinstance(message.input, FilterInput):
            self.paper_list.set_filter(message.value)
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
