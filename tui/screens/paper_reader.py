"""`R`: a paper's full text, full screen.

The text comes from the cache when it was read before (so it reads offline), else from Hugging
Face in an exclusive async worker; it is parsed off the UI thread, its first screens are laid
out at once and the rest in a thread. `q`/`esc` leave at once, even while a fetch waits on a slow
server (the worker is cancelled with the screen). The reading position is saved in the store
when leaving and restored the next time.

Push it with ``app.push_screen(PaperReaderScreen(paper))``. `c`, `C`, `b`, `e`, `#`, `p` and `a`
do what they do in the list, through the app's :class:`PaperActions`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from tui.screens.choice_picker import ChoicePicker
from tui.screens.main_keys import paper_key
from tui.widgets.header_bar import HeaderBar
from tui.widgets.key_bar import KeyBar
from tui.widgets.paper_text_view import PaperTextView

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from tui.app import PapersApp
    from tui.core.errors import HFPapersError
    from tui.core.library import FoundText
    from tui.core.models import Paper
    from tui.core.paper_doc import PaperDoc
    from tui.core.paper_layout import Layout
    from tui.core.store import Store

NO_TEXT = "Hugging Face has no full text for this paper."


class SearchBar(Input):
    """The `/` bar: enter searches, escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search", id="text-search-close",
                tooltip="Close the search bar"),
    ]  # fmt: skip

    class Closed(Message):
        """The user left the search bar without searching."""

    def __init__(self) -> None:
        super().__init__(
            placeholder="search the paper", id="text-search", select_on_focus=True, compact=True
        )

    def action_close(self) -> None:
        self.post_message(self.Closed())


class PaperReaderScreen(Screen[None]):
    """The full text of one paper, with sections, search, links and citations."""

    DEFAULT_CSS = """
    PaperReaderScreen #text-search {
        display: none;
        dock: bottom;
        margin-bottom: 1;
        height: 1;
        background: $panel;
    }
    """

    AUTO_FOCUS = "#paper-text"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "close", "Back", id="reader-close",
                tooltip="Back to where you were"),
        Binding("right_square_bracket", "section(1)", "Next section", id="reader-next-section",
                tooltip="Go to the next section"),
        Binding("left_square_bracket", "section(-1)", "Prev section",
                id="reader-previous-section", tooltip="Go to the previous section"),
        Binding("t", "contents", "Contents", id="reader-contents",
                tooltip="Table of contents: jump to a section"),
        Binding("slash", "search", "Search", id="reader-search",
                tooltip="Search the paper; n and N go to the next and previous match"),
        Binding("n", "match(1)", "Next match", show=False, id="reader-next-match",
                tooltip="Go to the next match"),
        Binding("N", "match(-1)", "Prev match", show=False, id="reader-previous-match",
                tooltip="Go to the previous match"),
        Binding("o", "links", "Links", id="reader-links",
                tooltip="Open a link: pick from the list, or type its number first (12o)"),
        paper_key("toggle-bookmark"),
        paper_key("edit-note"),
        paper_key("edit-tags", tooltip="Tag the paper (bookmarks it)"),  # no filter here
        paper_key("copy-citation"),
        paper_key("pick-citation"),
        paper_key("open-pdf", show=True),
        paper_key("open-arxiv", show=True),
    ]  # fmt: skip

    class TextShown(Message):
        """The text is on screen (``source``: network or cache), or could not be had."""

        def __init__(self, source: str | None, error: str | None = None) -> None:
            super().__init__()
            self.source, self.error = source, error

    def __init__(self, paper: Paper) -> None:
        super().__init__()
        self.paper = paper
        self.found: FoundText | None = None
        self.failure: str | None = None
        """Why there is no text (not found, offline with nothing cached)."""
        self.fetching = True
        self.count = ""
        """Digits typed before `o` (a link number)."""
        self._restored = False

    # --- layout ---------------------------------------------------------------------------

    @property
    def papers_app(self) -> PapersApp:
        return cast("PapersApp", self.app)

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="reader-header")
        yield PaperTextView(id="paper-text", on_scroll=self.update_header)
        yield SearchBar()
        yield KeyBar()

    @property
    def view(self) -> PaperTextView:
        return self.query_one(PaperTextView)

    @property
    def header(self) -> HeaderBar:
        return self.query_one(HeaderBar)

    def on_mount(self) -> None:
        self.view.show_message("loading the paper's text…")
        self.update_header()
        self._load()

    # --- loading --------------------------------------------------------------------------

    @work(exclusive=True, group="paper-text", exit_on_error=False)
    async def _load(self) -> None:
        """The kept text, else Hugging Face's; parsed in a thread; then shown."""
        from tui.core.errors import HFPapersError, NotFoundError
        from tui.core.paper_doc import parse_document

        try:
            found = await self._find_text()
        except NotFoundError:
            self._fail(f"{NO_TEXT} p opens the PDF, a the arXiv page.", "not found")
            return
        except (HFPapersError, ValueError) as error:
            self._fail(
                f"Could not get the text ({_message(error)}). p opens the PDF, a the arXiv page.",
                _message(error),
            )
            return
        doc = await asyncio.to_thread(parse_document, found.text)
        self.found = found
        self._show(doc)

    async def _find_text(self) -> FoundText:
        from tui.core.library import find_text, open_client

        async with await open_client(self.papers_app.client_factory) as client:
            return await find_text(self.paper.id, client=client)

    def _fail(self, line: str, why: str) -> None:
        self.fetching = False
        self.failure = line
        self.view.show_message(line)
        self.update_header()
        self.post_message(self.TextShown(None, why))

    def _show(self, doc: PaperDoc) -> None:
        view = self.view
        view.show_document(doc)
        self.fetching = False
        self.update_header()
        if view.needs_full_layout:  # after the first screen is painted: it must not wait
            self.call_after_refresh(self._lay_out, doc, view.text_width)
        else:
            self._restore_position()
        if self.found is not None:
            if self.found.notice:
                self._say(self.found.notice, "warning")
            self.post_message(self.TextShown(self.found.source))

    @work(thread=True, exclusive=True, group="paper-layout", exit_on_error=False)
    def _lay_out(self, doc: PaperDoc, width: int) -> None:
        """The whole layout, off the UI thread (math conversion is most of it)."""
        from tui.core.paper_layout import layout

        full = layout(doc, width)
        self.app.call_from_thread(self._adopt, full)

    def _adopt(self, full: Layout) -> None:
        self.view.adopt(full)
        self._restore_position()
        self.update_header()

    def _restore_position(self) -> None:
        if self._restored:
            return
        self._restored = True
        store = self._store()
        try:
            position = store.reading_position(self.paper.id) if store is not None else None
        except Exception:  # an unreadable store must not keep the paper from showing
            position = None
        if position:
            self.view.go_to_position(position)
            self.update_header()

    # --- header ---------------------------------------------------------------------------

    def update_header(self) -> None:
        if not self.query(PaperTextView):  # the screen is leaving
            return
        view = self.view
        if self.fetching:
            status = "loading…"
        elif self.failure is not None:
            status = "no text"
        else:
            status = f"{view.progress}%"
            if view.matches:
                status = f"match {view.current_match + 1}/{len(view.matches)} · {status}"
            if self.count:
                status = f"link {self.count}… · {status}"
        self.header.show(self.paper.title, "", status, warning=self.failure is not None)

    # --- keys -----------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        """Digits before `o` make a link number (`12o` opens link 12)."""
        if self.focused is not self.view:
            return
        digit = event.character is not None and event.character.isdigit()
        if digit and not (event.character == "0" and not self.count):
            self.count = (self.count + (event.character or ""))[-4:]
            event.stop()
            self.update_header()
        elif self.count and event.key != "o":  # any other key drops the number
            self.count = ""
            self.update_header()

    def action_close(self) -> None:
        """Leave at once; save the position if the text was shown."""
        self.workers.cancel_all()
        if self.found is not None and self.view.text_layout is not None:
            store = self._store()
            if store is not None:
                try:
                    store.set_reading_position(self.paper.id, self.view.position)
                except Exception as error:  # the reader must leave even if the store fails
                    self._say(f"Could not save the reading position: {error}", "error")
        self.dismiss(None)

    def action_section(self, step: int) -> None:
        self.view.next_section(step)  # the header follows the scroll

    def action_contents(self) -> None:
        view = self.view
        if view.doc is None or not view.doc.sections:
            self._say("This paper has no sections to jump to", "warning")
            return
        sections = view.doc.sections
        lines = view.section_lines()
        entries = [Content("  " * (s.level - 1) + s.title) for s in sections]

        def jump(index: int | None) -> None:
            if index is not None and 0 <= index < len(lines):
                view.go_to_line(lines[index])
                self.update_header()

        current = max(0, view.current_section())
        self.app.push_screen(ChoicePicker("Contents", entries, highlighted=current), jump)

    def action_search(self) -> None:
        if self.view.doc is None:
            return
        bar = self.query_one(SearchBar)
        bar.display = True
        bar.focus()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        if not isinstance(message.input, SearchBar):
            return
        message.stop()
        query = message.value.strip()
        self._close_search()
        if query:
            found = self.view.search(query)
            if not found:
                self._say(f"No match for {query!r}", "warning")
        self.update_header()

    def on_search_bar_closed(self) -> None:
        self._close_search()

    def _close_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.display = False
        self.view.focus()

    def action_match(self, step: int) -> None:
        if self.view.next_match(step) < 0:
            self._say("No search: / searches the paper", "warning")
        self.update_header()

    def action_links(self) -> None:
        view = self.view
        links = view.doc.links if view.doc is not None else []
        number, self.count = self.count, ""
        if number:
            index = int(number) - 1
            if 0 <= index < len(links):
                self._open(links[index].url, f"link {number}")
            else:
                self._say(f"No link {number} (this paper has {len(links)})", "warning")
            self.update_header()
            return
        if not links:
            self._say("This paper has no web links", "warning")
            return
        entries = [
            Content.assemble((f"↗{link.number:<4}", "$text-primary"), link.text, "  ",
                             (link.url, "$text-muted"))
            for link in links
        ]  # fmt: skip
        visible = view.link_at_line(round(view.scroll_y))
        start = visible[0] - 1 if visible else 0

        def open_chosen(index: int | None) -> None:
            if index is not None:
                self._open(links[index].url, f"link {index + 1}")

        self.app.push_screen(ChoicePicker("Links", entries, highlighted=start), open_chosen)

    def action_copy_citation(self) -> None:
        self.papers_app.actions.copy_citation(self.paper)

    def action_pick_citation(self) -> None:
        self.papers_app.actions.pick_citation(self.paper)

    def action_open(self, link: str) -> None:
        self.papers_app.actions.open_link(self.paper, link)

    def action_toggle_bookmark(self) -> None:
        self.papers_app.actions.toggle_bookmark(self.paper, self.header.flash)

    def action_edit_note(self) -> None:
        self.papers_app.actions.edit_note(self.paper, self.header.flash)

    def action_edit_tags(self) -> None:
        self.papers_app.actions.edit_tags(self.paper, self.header.flash)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure: said once; the screen shows why it has no text."""
        if event.state == WorkerState.ERROR:
            self.papers_app.report_worker_failure(event.worker)
            if self.fetching:
                self._fail("Could not show the text. p opens the PDF, a the arXiv page.", "error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        views = self.query(PaperTextView)  # none once the screen is leaving
        has_text = bool(views) and views.first().doc is not None
        if action in ("section", "contents", "search", "match", "links"):
            return True if has_text else None
        return True

    # --- helpers --------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_header)

    def _store(self) -> Store | None:
        try:
            return self.papers_app.store
        except Exception as error:
            self._say(f"reading state unavailable: {error}", "error")
            return None

    def _open(self, url: str, what: str) -> None:
        self.papers_app.open_link(url, what)

    def _say(self, message: str, severity: SeverityLevel = "information") -> None:
        self.papers_app.say(message, severity)


def _message(error: HFPapersError | ValueError) -> str:
    return getattr(error, "message", None) or str(error)
