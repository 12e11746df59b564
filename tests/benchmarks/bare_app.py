"""The yardstick: a bare Textual app that shows one line, started the same way as hfpapers."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("BARE-APP-READY")


if __name__ == "__main__":
    BareApp().run()
