"""Launching the reader: `hfpapers [--date D | --week W | --month M | --trending | --search Q]`.

Textual and the app are imported here, inside the handler, so `hfpapers --help` and the
subcommands never pay for them.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, NoReturn

from tui.cli.common import view_query
from tui.core.errors import EXIT_USAGE

if TYPE_CHECKING:
    from tui.core.views import StartView


def start_view(args: argparse.Namespace) -> StartView | None:
    """The view the command line asks for (None: the config's default).

    Raises:
        ValueError: a date, week, month or search text is malformed (the message says how).
    """
    from tui.core.views import StartView

    query = view_query(args)
    return None if query.kind == "latest" else StartView.of(query)


def launch_reader(args: argparse.Namespace) -> int:
    """Run the reader; a bad --date/--week/--month/--search is a one-line error, exit 2."""
    if getattr(args, "search", None) is not None and any(
        getattr(args, name, None) for name in ("date", "week", "month", "trending")
    ):
        print("hfpapers: --search cannot be combined with a view option", file=sys.stderr)
        return EXIT_USAGE
    try:
        start = start_view(args)
    except ValueError as error:
        print(f"hfpapers: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        print("hfpapers: the reader needs a terminal; try 'hfpapers list'", file=sys.stderr)
        return EXIT_USAGE
    import gc

    gc.disable()  # until the first paint: see PapersApp.on_mount
    from tui.app import PapersApp

    app = PapersApp(start=start)
    app.run()
    _exit_now(app.return_code or 0)


def _exit_now(code: int) -> NoReturn:
    """End the process as soon as the terminal is restored.

    Everything the reader wrote is on disk already (each store and cache write is fsynced
    before it returns), so the interpreter's teardown of Textual's objects (~100 ms) and any
    thread still waiting on a slow network or clipboard would only delay the shell prompt.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
