"""The `S` dialog: a search text for Hugging Face's paper search."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class SearchScreen(ModalScreen[str | None]):
    """Returns the text to search for, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="search-cancel", tooltip="Close without searching"
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog", classes="dialog"):
            yield Static("Search Hugging Face papers", classes="dialog-title")
            yield Input(placeholder="e.g. diffusion transformers", id="search-input")
            yield Static("enter searches · esc cancels", classes="dialog-hint")

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self.dismiss(message.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
