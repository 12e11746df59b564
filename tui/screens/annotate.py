"""The `e` and `#` dialogs: a paper's note (several lines) and its tags (one line, completed
from the tags already in use). Each returns what to save, or None when cancelled: nothing is
written until the user saves."""

from __future__ import annotations

import re
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static, TextArea

from tui.core.models import Paper

_SEPARATORS = re.compile(r"[\s,]+")


def split_tags(text: str) -> list[str]:
    """Tags typed as "rl, thesis survey": separated by spaces or commas, '#' optional."""
    return [tag.lstrip("#") for tag in _SEPARATORS.split(text) if tag.lstrip("#")]


class TagSuggester(Suggester):
    """Completes the tag being typed (the last word) from the tags already in use."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        typed = _SEPARATORS.split(value)[-1].lstrip("#")
        if not typed:
            return None
        have = {tag.casefold() for tag in split_tags(value)}
        prefix = typed.casefold()
        for tag in self.tags:
            folded = tag.casefold()
            if folded.startswith(prefix) and folded not in have:
                return value + tag[len(typed) :]
        return None


def _title(verb: str, paper: Paper) -> Static:
    return Static(Content.assemble((f"{verb}  ", "bold"), paper.title), classes="dialog-title")


class NoteEditor(ModalScreen[str | None]):
    """A multi-line note: ctrl+s saves (an empty note removes it), escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note-save", tooltip="Save the note"),
        Binding("escape", "cancel", "Cancel", id="note-cancel",
                tooltip="Close without saving anything"),
    ]  # fmt: skip

    def __init__(self, paper: Paper, note: str | None) -> None:
        super().__init__()
        self.paper, self.note = paper, note or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield _title("Note", self.paper)
            yield TextArea(self.note, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Static("ctrl+s saves · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagsEditor(ModalScreen[list[str] | None]):
    """The paper's tags on one line; enter saves, escape cancels; → accepts a completion."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tags-cancel",
                tooltip="Close without saving anything"),
    ]  # fmt: skip

    def __init__(self, paper: Paper, tags: tuple[str, ...], known: list[str]) -> None:
        super().__init__()
        self.paper, self.tags, self.known = paper, tags, known

    def compose(self) -> ComposeResult:
        with Vertical(id="tags-dialog", classes="dialog"):
            yield _title("Tags", self.paper)
            yield Input(
                " ".join(self.tags) + (" " if self.tags else ""),
                placeholder="tags, separated by spaces or commas",
                suggester=TagSuggester(self.known),
                id="tags-input",
            )
            hint = "enter saves · esc cancels · → completes"
            if self.known:
                hint += " · in use: " + " ".join(self.known[:12])
            yield Static(Content(hint), classes="dialog-hint")

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self.dismiss(split_tags(message.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
