"""The `hfpapers` command: no subcommand launches the reader; subcommands script it.

Kept light on purpose: only argparse is imported here, and each subcommand module imports what
it needs inside its handlers, so `hfpapers` reaches the reader's first paint without paying for
httpx or TinyDB it does not use yet.

Exit codes (the table is tui/core/errors.py): 0 success, 1 not found or stdout unwritable,
2 usage, 3 network/API failure with nothing cached, 4 unusable response with nothing cached,
5 the store could not be read or written.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from tui import __version__
from tui.core.errors import EXIT_INTERRUPTED, EXIT_USAGE

# Each module has `register(subparsers)`, adding its subcommands with `set_defaults(func=...)`;
# a handler takes the parsed args and returns the exit code.
COMMAND_MODULES = (
    "tui.cli.papers",
    "tui.cli.state",
    "tui.cli.cite",
    "tui.cli.read",
    "tui.cli.digest",
)


_VALUED = {"--date", "--week", "--month", "--search"}


def _names_a_command(words: list[str]) -> bool:
    """Whether the command line has a subcommand (or a word that may be one, or asks for
    help): only then are the command modules imported."""
    value_next = False
    for word in words:
        if value_next:
            value_next = False
        elif word in ("-h", "--help") or not word.startswith("-"):
            return True
        else:
            value_next = word in _VALUED
    return False


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors (``hfpapers: ...``) instead of a usage dump."""

    def error(self, message: str) -> NoReturn:
        print(f"hfpapers: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def add_view_options(parser: argparse.ArgumentParser) -> argparse._MutuallyExclusiveGroup:
    """--date/--week/--month/--trending, shared by the reader, `list` and `digest`; returns
    their group, for a command's own options that exclude them."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--date", metavar="YYYY-MM-DD", help="one Daily Papers day")
    group.add_argument("--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W48")
    group.add_argument("--month", metavar="YYYY-MM", help="a month, e.g. 2026-11")
    group.add_argument("--trending", action="store_true", help="trending papers")
    return group


def build_parser(commands: bool = True) -> Parser:
    parser = Parser(
        prog="hfpapers",
        description="A keyboard-driven terminal reader for Hugging Face Daily Papers. "
        "Without a subcommand, opens the reader.",
    )
    parser.add_argument("--version", action="version", version=f"hfpapers {__version__}")
    add_view_options(parser)
    parser.add_argument("--search", metavar="QUERY", help="open the reader on a search")
    if commands:
        subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
        for name in COMMAND_MODULES:
            importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(commands=_names_a_command(words))
    args = parser.parse_args(argv)
    handler = getattr(args, "func", None)
    try:
        if handler is None:
            from tui.cli.reader import launch_reader

            return launch_reader(args)
        return int(handler(args))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
