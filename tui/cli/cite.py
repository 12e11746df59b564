"""`hfpapers cite` and `hfpapers export`: citations of one paper, and of the bookmarks.

`cite` works offline for any paper in the cache, the demo or the bookmarks, and fetches the
paper from Hugging Face only when none of them knows it. `export` writes the bookmarks to
stdout, or to a file with -o (see tui/core/atomic.py: replaced atomically when it is a regular
file, written through a symlink, written plainly to a FIFO or a device).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.cli.common import (
    command,
    fail,
    notice,
    print_lines,
    run,
    tag_option,
    write_stdout,
)
from tui.cli.state import note_unreadable, open_store
from tui.core.errors import EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE
from tui.core.formats import CITATION_FORMATS as CITE_FORMATS
from tui.core.formats import EXPORT_FORMATS

if TYPE_CHECKING:
    from tui.core.models import Paper


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `cite` and `export`."""
    cite = subparsers.add_parser(
        "cite",
        help="print a paper's citation (and copy it)",
        description="Print the citation of one paper: offline when the paper is cached or "
        "bookmarked, fetched from Hugging Face otherwise.",
    )
    cite.add_argument("arxiv_id", metavar="ARXIV_ID", help="e.g. 1803.03635 or arXiv:1803.03635v3")
    style = cite.add_mutually_exclusive_group()
    style.add_argument(
        "--format", "-f", choices=CITE_FORMATS, default="bibtex", help="default: bibtex"
    )
    style.add_argument(
        "--style",
        metavar="CSL_NAME",
        help="any CSL style instead, e.g. ieee, nature, chicago-author-date (needs the csl extra)",
    )
    cite.add_argument(
        "--copy",
        action="store_true",
        help="also copy it to the clipboard (system clipboard, or OSC 52 through the terminal)",
    )
    cite.set_defaults(func=cite_command)

    export = subparsers.add_parser(
        "export",
        help="export the bookmarks (BibTeX, BibLaTeX, Markdown, CSV, JSON)",
        description="Export the bookmarks, newest first, to stdout or to a file.",
    )
    export.add_argument("--format", "-f", choices=EXPORT_FORMATS, help="default: bibtex")
    export.add_argument(
        "--tag", type=tag_option, metavar="TAG", help="only bookmarks with this tag"
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write FILE (replaced atomically), not stdout"
    )
    export.add_argument(
        "--sync",
        action="store_true",
        help="rewrite every [[auto_export]] file of the config now (no other option)",
    )
    export.set_defaults(func=export_command)


@command
def cite_command(args: argparse.Namespace) -> int:
    from tui.core.models import require_arxiv_id

    paper = _find(require_arxiv_id(args.arxiv_id))
    if args.style is not None:
        from tui.core.csl import cite_csl

        text = cite_csl(paper, args.style)
    else:
        from tui.core.citation import cite

        text = cite(paper, args.format)
    print_lines(text.splitlines())
    if args.copy:
        from tui.clipboard import copy

        notice(copy(text).message)
    return EXIT_OK


def _find(paper_id: str) -> Paper:
    """The paper from the cache or demo, else the bookmarks, else Hugging Face."""
    from tui.core.errors import StoreError
    from tui.core.library import find_paper, known_paper

    paper = known_paper(paper_id)
    if paper is not None:
        return paper
    try:
        with open_store() as store:
            paper = store.bookmarked_paper(paper_id)
    except StoreError as error:  # an unreadable store must not stop a citation
        notice(error.message)
    return paper if paper is not None else run(find_paper(paper_id))


@command
def export_command(args: argparse.Namespace) -> int:
    from tui.core.export import export

    if args.sync:
        return _sync_command(args)
    if args.output is not None and not args.output.strip():
        return fail("the output path (-o) is empty", EXIT_USAGE)
    with open_store() as store:
        bookmarks = store.bookmarks(args.tag)
        note_unreadable(store)
    text = export(bookmarks, args.format or "bibtex")
    count = len(bookmarks)
    what = f"{count} bookmark{'' if count == 1 else 's'}" + (
        f" tagged {args.tag!r}" if args.tag else ""
    )
    if args.output in (None, "-"):
        if not count:
            notice(f"no bookmarks{f' tagged {args.tag!r}' if args.tag else ''} to export")
        write_stdout(text.encode("utf-8"))  # a file's content: UTF-8 whatever the locale
        return EXIT_OK
    from tui.core.atomic import write_user_file

    try:
        write_user_file(args.output, text.encode("utf-8"))
    except OSError as error:
        return fail(f"cannot write {args.output}: {error.strerror or error}", EXIT_USAGE)
    notice(f"exported {what} to {args.output}")
    return EXIT_OK


def _sync_command(args: argparse.Namespace) -> int:
    """`export --sync`: every [[auto_export]] file, as a bookmark change would rewrite them."""
    from tui.config import load_config
    from tui.core.auto_export import sync_files

    if args.output is not None or args.tag is not None or args.format is not None:
        return fail("--sync takes no --format, --tag or -o (the config names them)")
    config = load_config()
    for problem in config.export_problems:
        notice(problem)
    if not config.auto_export:
        return fail(f"no [[auto_export]] files to write in {config.path}")
    done, failures = sync_files(config.auto_export)
    for written in done:
        count, target = written.count, written.target
        tag = f" tagged {target.tag!r}" if target.tag else ""
        notice(f"exported {count} bookmark{'' if count == 1 else 's'}{tag} to {target.name}")
    for failure in failures:
        notice(f"auto-export: {failure}")
    return EXIT_NOT_FOUND if failures else EXIT_OK
