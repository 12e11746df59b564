"""A dialog to choose one entry of a list: the paper's sections (`t`), its links (`o`), the
repositories citing it (`L`).

Entries are plain text (``Content``), never markup: a section title or a link text from a paper
shows exactly as written. Returns the index chosen, or None when cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class ChoicePicker(ModalScreen[int | None]):
    """Pick one entry with j/k or the arrows and enter; esc cancels."""

    DEFAULT_CSS = """
    ChoicePicker {
        align: center middle;
    }
    ChoicePicker > #choice-dialog {
        width: 80%;
        max-width: 110;
        height: auto;
        max-height: 90%;
        background: $surface;
        border: round $border;
        padding: 0 1;
    }
    ChoicePicker #choice-title {
        text-style: bold;
        margin-bottom: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ChoicePicker #choice-list {
        height: auto;
        max-height: 24;
    }
    ChoicePicker #choice-hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel", id="choice-cancel", tooltip="Close the list"),
        Binding("j", "move(1)", "Down", show=False, id="choice-down", tooltip="Next entry"),
        Binding("k", "move(-1)", "Up", show=False, id="choice-up", tooltip="Previous entry"),
    ]

    def __init__(
        self,
        title: str,
        entries: Sequence[str | Content],
        *,
        highlighted: int = 0,
        hint: str = "enter chooses · esc closes",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.entries = [e if isinstance(e, Content) else Content(e) for e in entries]
        self.start = highlighted
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog"):
            yield Static(Content(self.title_text), id="choice-title")
            yield OptionList(
                *(Option(entry, id=str(index)) for index, entry in enumerate(self.entries)),
                id="choice-list",
            )
            yield Static(Content(self.hint), id="choice-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.entries:
            options.highlighted = min(max(0, self.start), len(self.entries) - 1)
        options.focus()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        self.choose(int(message.option.id or 0))

    def choose(self, index: int) -> None:
        """The user chose entry ``index``: close with it (subclasses may act on it first)."""
        self.dismiss(index)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
