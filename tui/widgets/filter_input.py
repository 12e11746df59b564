"""The `/` filter bar: an Input that narrows the list as you type and clears on escape."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FilterInput(Input):
    """Typing narrows the list (``Input.Changed``); enter returns to it; escape clears."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="filter-clear",
                tooltip="Clear the filter and return to the list"),
    ]  # fmt: skip

    class Cleared(Message):
        """The user dropped the filter."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="filter: title, authors, abstract, keywords",
            id=id,
            select_on_focus=False,
            compact=True,
        )

    def action_clear_filter(self) -> None:
        self.value = ""
        self.post_message(self.Cleared())
