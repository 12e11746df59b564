"""The `C` dialog: every citation format with a live preview, or any CSL style by name.

Returns ``(label, text)`` to copy, or None when cancelled. Citations are plain text shown
through ``Content``: a title full of brackets previews exactly as it will be pasted.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.citation import FORMATS, cite
from tui.core.models import Paper

LABELS = {
    "bibtex": "BibTeX",
    "biblatex": "BibLaTeX",
    "apa": "APA",
    "mla": "MLA",
    "plain": "Plain text",
    "markdown": "Markdown",
}


class CitePicker(ModalScreen[tuple[str, str] | None]):
    """Pick a format (enter copies it), or type a CSL style name (enter copies that)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cite-cancel", tooltip="Close without copying"),
    ]

    def __init__(self, paper: Paper) -> None:
        super().__init__()
        self.paper = paper
        self.previews = {fmt: cite(paper, fmt) for fmt in FORMATS}

    def compose(self) -> ComposeResult:
        with Vertical(id="cite-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("Cite  ", "bold"), self.paper.title), classes="dialog-title"
            )
            with Horizontal(id="cite-body"):
                yield OptionList(
                    *(Option(Content(LABELS.get(fmt, fmt)), id=fmt) for fmt in FORMATS),
                    id="cite-formats",
                )
                with VerticalScroll(id="cite-preview-box") as box:
                    box.can_focus = False  # tab goes from the formats to the style input
                    yield Static(id="cite-preview")
            yield Input(placeholder="or a CSL style name: ieee, nature, chicago-author-date…",
                        id="cite-style")  # fmt: skip
            yield Static("enter copies · tab switches · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        formats = self.query_one("#cite-formats", OptionList)
        default = self.app.config.citation_format if hasattr(self.app, "config") else "bibtex"
        formats.highlighted = FORMATS.index(default) if default in FORMATS else 0
        formats.focus()

    def on_option_list_option_highlighted(self, message: OptionList.OptionHighlighted) -> None:
        fmt = message.option.id or ""
        self._preview(self.previews.get(fmt, ""))

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        fmt = message.option.id or ""
        self.dismiss((LABELS.get(fmt, fmt), self.previews[fmt]))

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        style = message.value.strip()
        if style:
            self._preview("formatting…")
            self._cite_csl(style)

    @work(thread=True, exclusive=True, group="csl", exit_on_error=False)
    def _cite_csl(self, style: str) -> None:
        """citeproc is slow to import and to run: keep it off the UI thread."""
        from tui.core.csl import cite_csl

        try:
            text = cite_csl(self.paper, style)
        except Exception as error:  # unknown style, CSL not installed
            self.app.call_from_thread(self._preview, f"{error}")
            return
        self.app.call_from_thread(self.dismiss, (f"{style} (CSL)", text))

    def _preview(self, text: str) -> None:
        self.query_one("#cite-preview", Static).update(Content(text))

    def action_cancel(self) -> None:
        self.dismiss(None)
