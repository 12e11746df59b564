"""Helpers every CLI command shares: one-line errors, notices, output, running async code.

Light to import (stdlib and tui.core.errors at module level): `hfpapers` must start fast.
Everything a command prints goes through :func:`print_lines`, :func:`print_json` or
:func:`write_stdout`, so a stdout that cannot be written (a full disk) is one line and exit 1.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from tui.core.errors import EXIT_OK, EXIT_USAGE, HFPapersError, OutputError

if TYPE_CHECKING:
    from tui.core.models import Paper
    from tui.core.query import Query

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
    (``hfpapers list | head``) ends the command quietly; a stdout that cannot be written
    otherwise (a full disk) is one line and exit 1.
    """

    @functools.wraps(handler)
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except OutputError as error:
            silence_stdout()
            return fail(error)
        except HFPapersError as error:
            return fail(error)
        except ValueError as error:
            return fail(str(error), EXIT_USAGE)
        except BrokenPipeError:
            silence_stdout()
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


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush of what is still buffered
    cannot fail again (and print a traceback) after the error was reported."""
    with contextlib.suppress(OSError, ValueError):  # ValueError: no stdout at all
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def write_stdout(blob: bytes) -> None:
    """Bytes on stdout, after any text already buffered there.

    Raises:
        BrokenPipeError: the reader went away (``| head``): the command ends quietly.
        OutputError: stdout cannot be written otherwise (ENOSPC, EIO...).
    """
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(blob)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _output_error(error) from None


def _output_error(error: OSError) -> OutputError:
    return OutputError(f"cannot write the output: {error.strerror or type(error).__name__}")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run one coroutine to completion (each command is one short event loop)."""
    import asyncio

    return asyncio.run(coroutine)


def positive_int(text: str) -> int:
    """argparse type for --limit: ASCII digits only (int() also reads "٣" and " 3_0 ")."""
    value = int(text) if text.isascii() and text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {text!r}")
    return value


def tag_option(text: str) -> str:
    """argparse type for --tag: a tag as stored (one clean line), never empty."""
    from tui.core.store_schema import clean_tags

    tags = clean_tags([text])
    if not tags:
        raise argparse.ArgumentTypeError(f"a tag cannot be empty, not {text!r}")
    return tags[0]


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
    """``value`` as indented UTF-8 JSON on stdout (raises like :func:`write_stdout`)."""
    import orjson

    write_stdout(orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n")


def print_lines(lines: list[str]) -> None:
    """Text for people on stdout; characters the terminal cannot encode become '?'.

    Raises like :func:`write_stdout`.
    """
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        sys.stdout.write("".join(f"{line}\n" for line in lines))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _output_error(error) from None


def terminal_width() -> int:
    """Columns of the terminal (100 when stdout is not one)."""
    return max(40, shutil.get_terminal_size((100, 24)).columns)
