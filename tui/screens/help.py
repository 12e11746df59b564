"""The `?` screen: every key, from help.md (the same table README's Reader section shows).

The table is drawn as two aligned columns rather than through the Markdown widget, whose
bordered tables take three lines a row: here every key fits on one screen.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

_INLINE = re.compile(r"[`*]")


def help_markdown() -> str:
    """The key table and its notes: the single source for this screen and README."""
    return files("tui.screens").joinpath("help.md").read_text(encoding="utf-8")


def help_content(markdown: str) -> Content:
    """help.md as aligned key / action columns, then its notes as plain paragraphs."""
    rows: list[tuple[str, str]] = []
    notes: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [_INLINE.sub("", cell).strip() for cell in line.strip("|").split("|")]
            if len(cells) == 2 and not set(cells[0]) <= set("-: ") and cells[0] != "key":
                rows.append((cells[0], cells[1]))
        else:
            notes.append(_INLINE.sub("", line))
    width = max(len(key) for key, _ in rows) + 2
    parts: list[str | tuple[str, str]] = [("Keys", "bold"), "\n\n"]
    for key, action in rows:
        parts += [(key.ljust(width), "bold $text-accent"), action, "\n"]
    paragraphs = " ".join(notes).replace("  ", "\n\n").strip()
    parts += ["\n", (" ".join(paragraphs.split()), "$text-muted")]
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """Keys, scrollable; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help-close",
                tooltip="Back to the papers"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="help-down",
                tooltip="Scroll down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="help-up", tooltip="Scroll up"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(help_content(help_markdown()), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        dialog = self.query_one("#help-dialog", VerticalScroll)
        if direction == "down":
            dialog.scroll_down(animate=False)
        else:
            dialog.scroll_up(animate=False)
