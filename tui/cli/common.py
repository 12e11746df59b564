"""Helpers every CLI command shares: one-line errors, notices, JSON output, running async code.

Light to import (stdlib only at module level): `hfpapers` must start fast.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import unicodedata
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from tui.core.errors import HFPapersError
    from tui.core.models import Paper
    from tui.core.query import Query

EXIT_OK = 0
EXIT_USAGE = 2
T = TypeVar("T")
Handler = Callable[[argparse.Namespace], int]


def notice(message: str) -> None:
    """A one-line note on stderr (stdout stays clean for pipes and --json)."""
    from tui.core.text import clean_line

    print(f"hfpapers: {clean_line(message)}", file=sys.stderr)


def fail(error: HFPapersError | str, exit_code: int | None = None) -> int:
    """Print ``error`` as one ``hfpapers: ...`` line on stderr; return its exit code.

    A typed error brings its own exit code; a plain message is a usage error (2) unless
    ``exit_code`` says otherwise.
    """
    message = error if isinstance(error, str) else error.message
    notice(message)
    if exit_code is not None:
        return exit_code
    return EXIT_USAGE if isinstance(error, str) else error.exit_code


def command(handler: Handler) -> Handler:
    """Wrap a handler so typed errors become one line and an exit code, never a traceback.

    ``ValueError`` is bad input (an id, a date, HF_ENDPOINT): a usage error. A closed pipe
    (``hfpapers list | head``) ends the command quietly.
    """

    @functools.wraps(handler)
    def wrapper(args: argparse.Namespace) -> int:
        from tui.core.errors import HFPapersError

        try:
            return handler(args)
        except HFPapersError as error:
            return fail(error)
        except ValueError as error:
            return fail(str(error), EXIT_USAGE)
        except BrokenPipeError:
            # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
        finally:
            _tell_cache_problem()

    return wrapper


def _tell_cache_problem() -> None:
    """One notice when the cache was off or kept nothing ("cache off: ... is not a folder").

    Only a command that used the cache has imported it; the others pay nothing for this.
    """
    cache = sys.modules.get("tui.core.cache")
    problem = cache.problem_met() if cache is not None else None
    if problem:
        notice(problem)


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run one coroutine to completion (each command is one short event loop)."""
    import asyncio

    return asyncio.run(coroutine)


def positive_int(text: str) -> int:
    """argparse type for --limit."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


def view_query(args: argparse.Namespace) -> Query:
    """The listing named by --date/--week/--month/--trending (and --search where it exists).

    Raises:
        ValueError: a malformed date, week, month or search text, with a readable message.
    """
    from tui.core.query import Query

    if args.date:
        return Query.day(args.date)
    if args.week:
        return Query.week(args.week)
    if args.month:
        return Query.month(args.month)
    if args.trending:
        return Query.trending()
    if getattr(args, "search", None) is not None:  # "" is an empty search, not no search
        return Query.search(args.search)
    return Query.latest()


def paper_json(paper: Paper) -> dict[str, Any]:
    """One paper in the public ``--json`` shape (documented in README), with its reading state."""
    from tui.cli.state import reading_json

    return paper.to_json() | reading_json(paper.id)


def print_json(value: Any) -> None:
    """``value`` as indented UTF-8 JSON on stdout."""
    import orjson

    sys.stdout.flush()
    sys.stdout.buffer.write(orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.buffer.flush()


def print_lines(lines: list[str]) -> None:
    """Text for people on stdout; characters the terminal cannot encode become '?'."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    sys.stdout.flush()


def terminal_width() -> int:
    """Columns of the terminal (100 when stdout is not one)."""
    return max(40, shutil.get_terminal_size((100, 24)).columns)


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters count two, combining marks none."""
    return sum(_char_width(char) for char in text)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, ending in "…" when cut."""
    if display_width(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for char in text:
        char_width = _char_width(char)
        if used + char_width > width - 1:
            break
        kept.append(char)
        used += char_width
    return "".join(kept).rstrip() + "…"


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
