"""The `?` screen: every key as it is bound now (the keymap applied), then help.md's notes.

The keys come from the bindings themselves (:mod:`tui.keys`), so a key remapped in the config
shows remapped here, as it does in the key bar and the palette. Drawn as aligned columns
rather than through the Markdown widget, whose bordered tables take three lines a row.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.keys import KeyRow

_INLINE = re.compile(r"[`*]")


def help_notes() -> str:
    """The prose under the keys: what the marks and the header's words mean."""
    text = files("tui.screens").joinpath("help.md").read_text(encoding="utf-8")
    return " ".join(_INLINE.sub("", text).split())


def help_content(sections: list[tuple[str, list[KeyRow]]], palette: tuple[str, str]) -> Content:
    """Sections of aligned key / action columns, then the notes."""
    rows = [row for _title, section in sections for row in section]
    width = max((len(row.shown) for row in rows), default=0) + 2
    parts: list[str | tuple[str, str]] = []
    for title, section in sections:
        parts += [(title, "bold"), "\n"]
        for row in section:
            parts += [(row.shown.ljust(width), "bold $text-accent"), row.action, "\n"]
        parts.append("\n")
    key, action = palette
    parts += [(key.ljust(width), "bold $text-accent"), action, "\n\n"]
    parts.append((help_notes(), "$text-muted"))
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
        from tui.keys import PALETTE, command_rows, help_rows

        keymap = getattr(getattr(self.app, "config", None), "keymap", None)
        sections = help_rows(self.app.get_key_display, keymap)
        commands = command_rows(getattr(self.app, "command_keys", ()), self.app.get_key_display)
        if commands:
            sections.append(("Your commands ([commands] in the config)", commands))
        palette_key = self.app.get_key_display(Binding(self.app.COMMAND_PALETTE_BINDING, ""))
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(help_content(sections, (palette_key, PALETTE[1])), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        dialog = self.query_one("#help-dialog", VerticalScroll)
        if direction == "down":
            dialog.scroll_down(animate=False)
        else:
            dialog.scroll_up(animate=False)
