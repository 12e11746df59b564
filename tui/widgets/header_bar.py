"""The header line: which view, how many papers, and how fresh they are.

The status on the right is honest about where the papers came from: "fetching…",
"updated 2 min ago", "offline, showing cache from 3 h ago" or "demo papers".
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class HeaderBar(Horizontal):
    """One line: view label and counts on the left, status on the right."""

    status = ""
    """The status words shown on the right."""

    def compose(self) -> ComposeResult:
        yield Static(id="header-view")
        yield Static(id="header-status")

    def show(self, view: str, detail: str, status: str, *, warning: bool = False) -> None:
        """Update both sides; ``warning`` colours the status (offline, failed)."""
        left = Content.assemble((f" {view}", "bold"), (f"  {detail}" if detail else "", "dim"))
        self.query_one("#header-view", Static).update(left)
        self.status = status
        right = self.query_one("#header-status", Static)
        right.update(Content(f"{status} "))
        right.set_class(warning, "-warning")
