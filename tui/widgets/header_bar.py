"""The header line: which view, how many papers, and how fresh they are.

The status on the right is honest about where the papers came from: "fetching…",
"updated 2 min ago", "offline, showing cache from 3 h ago" or "demo papers".

One widget drawing one line: an update repaints it without laying out the screen (two
``Static`` widgets did, ~25 ms on every filter keystroke).
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget


class HeaderBar(Widget):
    """One line: view label and counts on the left, status on the right."""

    status = ""
    """The status words shown on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._left = Content("")
        self._shown: tuple[str, str, str, bool] | None = None
        self._warning = False
        self._flash: str | None = None
        self._flash_timer: Timer | None = None

    def show(self, view: str, detail: str, status: str, *, warning: bool = False) -> None:
        """Update both sides; ``warning`` colours the status (offline, failed). Repaints only
        when something changed (it is called at every filter keystroke)."""
        if (view, detail, status, warning) == self._shown:
            return
        self._shown = (view, detail, status, warning)
        self._left = Content.assemble(
            (f" {view}", "bold"), (f"  {detail}" if detail else "", "dim")
        )
        self.status, self._warning = status, warning
        self.refresh()

    def flash(self, message: str, seconds: float = 2.0) -> None:
        """Show ``message`` in place of the status for a moment: feedback for a key whose
        result is already visible (a toast would cost ~60 ms to lay out)."""
        self._flash = message
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash_timer = self.set_timer(seconds, self.end_flash)
        self.refresh()

    def end_flash(self) -> None:
        """Back to the status words (a flash whose work is done)."""
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash = self._flash_timer = None
        self.refresh()

    def render(self) -> RenderResult:
        if self._flash is not None:
            right = Content.styled(f" {self._flash} ", "bold $text-accent")
        else:
            style = "$text-warning" if self._warning else "$text-muted"
            right = Content.styled(f" {self.status} ", style)
        room = max(0, self.size.width - right.cell_length)
        left = self._left.truncate(room, ellipsis=self._left.cell_length > room, pad=True)
        return Content.assemble(left, right)
