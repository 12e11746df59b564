"""The key yardstick: a bare Textual OptionList of 10,000 rows, `j` moving its cursor, started
the same way as hfpapers (issue: keys as fast as a bare Textual list)."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList

ROWS = 10_000


class BareList(OptionList):
    BINDINGS: ClassVar = [Binding("j", "cursor_down", "Down")]


class BareListApp(App[None]):
    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield BareList(
            *(f"BARE-LIST-ROW {n:05d} a paper title of ordinary length" for n in range(ROWS))
        )


if __name__ == "__main__":
    BareListApp().run()
