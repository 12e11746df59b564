"""`hfpapers read ARXIV_ID`: a paper's full text, rendered for a terminal or as raw Markdown.

On a terminal the text is laid out like the reader shows it (headings, lists, tables, math as
Unicode, numbered links listed at the end); piped, it is Hugging Face's Markdown, for other
tools. Either way escape sequences and control characters are removed first. The text comes
from the cache when it was read before (offline too), else from Hugging Face, and is kept.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tui.cli.common import EXIT_OK, command, notice, run, terminal_width

if TYPE_CHECKING:
    from rich.style import Style

    from tui.core.paper_doc import Marks

MAX_WIDTH = 100
"""Lines are laid out at most this wide: long lines of prose are hard to read."""

STYLES = {
    "h1": "bold cyan",
    "h2": "bold cyan",
    "h3": "bold",
    "strong": "bold",
    "table-header": "bold",
    "em": "italic",
    "strike": "strike",
    "code": "green",
    "code-block": "green",
    "link": "underline blue",
    "link-number": "blue dim",
    "math": "yellow",
    "image": "italic magenta",
    "muted": "dim",
    "quote": "dim",
    "table-border": "dim",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `read`."""
    read = subparsers.add_parser(
        "read",
        help="print a paper's full text",
        description="Print a paper's full text from Hugging Face (kept in the cache, so it "
        "reads offline afterwards): laid out for the terminal, or the raw Markdown when piped.",
    )
    read.add_argument("arxiv_id", metavar="ARXIV_ID", help="e.g. 2605.15320 or 2605.15320v2")
    form = read.add_mutually_exclusive_group()
    form.add_argument("--raw", action="store_true", help="print the Markdown, even on a terminal")
    form.add_argument(
        "--pretty", action="store_true", help="lay the text out as on a terminal, even when piped"
    )
    read.add_argument(
        "--refresh", action="store_true", help="fetch the text again even if it is cached"
    )
    read.set_defaults(func=read_command)


@command
def read_command(args: argparse.Namespace) -> int:
    from tui.core.library import find_text
    from tui.core.models import require_arxiv_id
    from tui.core.text import strip_control

    found = run(find_text(require_arxiv_id(args.arxiv_id), refresh=args.refresh))
    if found.notice:
        notice(found.notice)
    pretty = args.pretty or (sys.stdout.isatty() and not args.raw)
    if not pretty:
        text = strip_control(found.text)
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="replace")
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return EXIT_OK
    print_rendered(found.text, min(MAX_WIDTH, terminal_width()))
    return EXIT_OK


def print_rendered(markdown: str, width: int) -> None:
    """The text laid out at ``width`` (colours only on a terminal), then its links."""
    from rich.console import Console
    from rich.text import Text

    from tui.core.paper_doc import parse_document
    from tui.core.paper_layout import layout

    doc = parse_document(markdown)
    console = Console(highlight=False, soft_wrap=True, emoji=False, markup=False)
    styles: dict[Marks, Style | str] = {}
    for line in layout(doc, width).lines:
        text = Text()
        for run_text, marks, _link in line:
            text.append(run_text, _style(marks, styles))
        console.print(text)
    if doc.links:
        console.print()
        console.print(Text("Links", style="bold"))
        for link in doc.links:
            console.print(Text.assemble((f"↗{link.number} ", "blue"), link.url))


def _style(marks: Marks, cache: dict[Marks, Style | str]) -> Style | str:
    from rich.style import Style

    style = cache.get(marks)
    if style is None:
        style = Style.combine(
            [Style(), *(Style.parse(STYLES[m]) for m in sorted(marks) if m in STYLES)]
        )
        cache[marks] = style
    return style
