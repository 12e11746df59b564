"""The `?` screen: every key, rendered from help.md (the same file README's key table is)."""

from __future__ import annotations

from importlib.resources import files
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown


def help_markdown() -> str:
    """The key table, the single source for this screen and README's Reader section."""
    return files("tui.screens").joinpath("help.md").read_text(encoding="utf-8")


class HelpScreen(ModalScreen[None]):
    """Keys, in a scrollable Markdown page; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help-close",
                tooltip="Back to the papers"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="help-down",
                tooltip="Scroll down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="help-up", tooltip="Scroll up"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Markdown(help_markdown(), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        dialog = self.query_one("#help-dialog", VerticalScroll)
        if direction == "down":
            dialog.scroll_down(animate=False)
        else:
            dialog.scroll_up(animate=False)
