"""The `/` filter bar: an Input that narrows the list as you type and clears on escape."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input


class FilterInput(Input):
    """Typing narrows the list (``Input.Changed``); enter returns to it; escape clears."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """As Textual's, but not a layout property: an Input's virtual width is its text's, so
    every keystroke re-laid-out the whole screen (and repainted both panes' scrollbars a
    frame later). The bar's own size is fixed; its text still scrolls within it."""

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
