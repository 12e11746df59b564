"""The `|` dialog: a shell command to hand the current paper to."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.models import Paper
from tui.core.pipes import PLACEHOLDERS


class PipePrompt(ModalScreen[str | None]):
    """Returns the command to run (the last one is offered again), or None when cancelled."""

    DEFAULT_CSS = """
    PipePrompt {
        align: center middle;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pipe-cancel",
                tooltip="Close without running anything"),
    ]  # fmt: skip

    def __init__(self, paper: Paper, fmt: str, last: str = "") -> None:
        super().__init__()
        self.paper, self.fmt, self.last = paper, fmt, last

    def compose(self) -> ComposeResult:
        with Vertical(id="pipe-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("Pipe to a command  ", "bold"), self.paper.title),
                classes="dialog-title",
            )
            yield Input(self.last, placeholder="e.g. jq -r .title", id="pipe-input")
            placeholders = " ".join(f"{{{name}}}" for name in PLACEHOLDERS)
            yield Static(
                Content(
                    f"the paper goes to its stdin as {self.fmt} · {placeholders} are "
                    "replaced (quoted) · enter runs · esc cancels"
                ),
                classes="dialog-hint",
            )

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self.dismiss(message.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
