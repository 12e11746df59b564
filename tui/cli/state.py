"""`hfpapers bookmark add|remove`, `bookmarks` and `mark read|unread`: reading state, scripted.

A command that exits 0 has its change on disk (see tui/core/store.py). The store, and the
network for `bookmark add`, are imported inside the handlers: `hfpapers` must start fast.
"""

from __future__ import annotations

import argparse
import functools
from typing import TYPE_CHECKING, Any

from tui.cli.common import (
    command,
    fail,
    notice,
    paper_json,
    print_json,
    print_lines,
    run,
    tag_option,
    terminal_width,
)
from tui.core.errors import EXIT_NOT_FOUND, EXIT_OK

if TYPE_CHECKING:
    from tui.core.models import Paper
    from tui.core.store import Bookmark, Store


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `bookmark`, `bookmarks` and `mark`."""
    bookmark = subparsers.add_parser(
        "bookmark",
        help="add or remove a bookmark",
        description="Bookmark a paper (a copy of it is kept with the bookmark) or remove one.",
    )
    actions = bookmark.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="bookmark a paper",
        description="Bookmark a paper, from the cache or else fetched from Hugging Face. "
        "Bookmarking it again adds the tags and replaces the note.",
    )
    add.add_argument("arxiv_id", metavar="ARXIV_ID", help="e.g. 2605.15320")
    add.add_argument("--note", metavar="TEXT", help='a note ("" clears it)')
    add.add_argument(
        "--tag",
        dest="tags",
        type=tag_option,
        action="append",
        default=[],
        metavar="TAG",
        help="a tag (repeatable)",
    )
    add.set_defaults(func=bookmark_add_command)
    remove = actions.add_parser("remove", help="remove a bookmark")
    remove.add_argument("arxiv_id", metavar="ARXIV_ID")
    remove.set_defaults(func=bookmark_remove_command)

    bookmarks = subparsers.add_parser(
        "bookmarks", help="list bookmarks", description="List bookmarks, newest first."
    )
    bookmarks.add_argument(
        "--tag", type=tag_option, metavar="TAG", help="only bookmarks with this tag"
    )
    bookmarks.add_argument("--json", action="store_true", help="print a JSON array")
    bookmarks.set_defaults(func=bookmarks_command)

    mark = subparsers.add_parser(
        "mark", help="mark a paper read or unread", description="Mark a paper read or unread."
    )
    mark.add_argument("state", choices=("read", "unread"), help="read or unread")
    mark.add_argument("arxiv_id", metavar="ARXIV_ID")
    mark.set_defaults(func=mark_command)


@command
def bookmark_add_command(args: argparse.Namespace) -> int:
    from tui.core.models import require_arxiv_id

    paper_id = require_arxiv_id(args.arxiv_id)
    store = open_store()
    paper = _paper_to_bookmark(paper_id, store)
    bookmark = store.add_bookmark(paper, note=args.note, tags=args.tags)
    sync_exports(store)
    print_lines([_titled(f"bookmarked {paper.id}: ", paper.title, bookmark, terminal_width())])
    return EXIT_OK


@command
def bookmark_remove_command(args: argparse.Namespace) -> int:
    from tui.core.models import require_arxiv_id

    paper_id = require_arxiv_id(args.arxiv_id)
    store = open_store()
    if not store.remove_bookmark(paper_id):
        return fail(f"{paper_id} is not bookmarked", EXIT_NOT_FOUND)
    sync_exports(store)
    print_lines([f"removed the bookmark of {paper_id}"])
    return EXIT_OK


@command
def bookmarks_command(args: argparse.Namespace) -> int:
    with open_store() as store:
        marks = store.bookmarks(tag=args.tag)
        note_unreadable(store)
    if args.json:
        print_json([bookmark_json(bookmark) for bookmark in marks])
    elif marks:
        print_lines(bookmark_lines(marks, terminal_width()))
    else:
        notice(f"no bookmarks tagged {args.tag!r}" if args.tag else "no bookmarks yet")
    return EXIT_OK


@command
def mark_command(args: argparse.Namespace) -> int:
    from tui.core.models import require_arxiv_id

    paper_id = require_arxiv_id(args.arxiv_id)
    open_store().set_read(paper_id, args.state == "read")
    print_lines([f"marked {paper_id} {args.state}"])
    return EXIT_OK


def open_store() -> Store:
    """The user's store; a notice about it (a corrupt file moved aside) goes to stderr."""
    from tui.core.store import Store

    store = Store()
    if store.notice:
        notice(store.notice)
    return store


def sync_exports(store: Store | None = None) -> bool:
    """Rewrite the config's ``[[auto_export]]`` files after a bookmark change; False if one
    could not be written. Each failure is one line on stderr: the change itself is saved
    whatever happens here, so the command still succeeds."""
    from tui.config import load_config
    from tui.core.auto_export import sync_files

    config = load_config()
    for problem in config.export_problems:
        notice(problem)
    _done, failures = sync_files(config.auto_export, store.path if store else None)
    for failure in failures:
        notice(f"auto-export: {failure}")
    return not failures and not config.export_problems


def note_unreadable(store: Store) -> None:
    """Say how many bookmarks could not be read (the others are listed all the same)."""
    count = store.unreadable_bookmarks()
    if count:
        notice(f"{count} bookmark{'' if count == 1 else 's'} skipped (unreadable)")


@functools.cache
def _reading_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Read and bookmarked ids, looked up once per command."""
    from tui.core.errors import StoreError

    try:
        store = open_store()
    except StoreError as error:
        notice(f"{error.message}; showing every paper as unread and not bookmarked")
        return frozenset(), frozenset()
    return frozenset(store.read_ids()), frozenset(store.bookmarked_ids())


def reading_json(paper_id: str) -> dict[str, bool]:
    """The ``read`` and ``bookmarked`` fields of a paper's ``--json`` object."""
    read, bookmarked = _reading_sets()
    return {"read": paper_id in read, "bookmarked": paper_id in bookmarked}


def bookmark_json(bookmark: Bookmark) -> dict[str, Any]:
    """A paper's ``--json`` object plus the bookmark's note, tags and time."""
    from tui.core.models import iso_utc

    added = iso_utc(bookmark.added_at)
    return paper_json(bookmark.paper) | {
        "note": bookmark.note,
        "tags": list(bookmark.tags),
        "bookmarked_at": added,
    }


def bookmark_lines(marks: list[Bookmark], width: int) -> list[str]:
    """id, day bookmarked, title and tags on one line; the note, if any, on the next."""
    from tui.core.text import fit

    id_width = max(len(bookmark.paper.id) for bookmark in marks)
    lines = []
    for bookmark in marks:
        day = bookmark.added_at.date().isoformat() if bookmark.added_at else "-"
        head = f"{bookmark.paper.id:<{id_width}}  {day}  "
        lines.append(_titled(head, bookmark.paper.title, bookmark, width))
        if bookmark.note:
            note = " ".join(bookmark.note.split())  # a note's lines, on the listing's one
            lines.append(fit(f"{'':<{id_width}}  note: {note}", width))
    return lines


def _titled(head: str, title: str, bookmark: Bookmark, width: int) -> str:
    """``head``, the title cut to what the width leaves, and the tags in full."""
    from tui.core.text import cell_width, fit

    tags = "".join(f"  #{tag}" for tag in bookmark.tags)
    room = max(10, width - cell_width(head) - cell_width(tags))
    return f"{head}{fit(title, room)}{tags}"


def _paper_to_bookmark(paper_id: str, store: Store) -> Paper:
    """The paper from the cache, else the bookmark's own copy, else Hugging Face.

    Raises:
        NotFoundError, NetworkError, BadResponseError: known nowhere offline and not fetched.
    """
    from tui.core.errors import NetworkError
    from tui.core.library import find_paper, known_paper

    paper = known_paper(paper_id) or store.bookmarked_paper(paper_id)
    if paper is not None:
        return paper
    try:
        return run(find_paper(paper_id))
    except NetworkError as error:
        error.message = f"cannot bookmark {paper_id}: it is not cached, and {error.message}"
        raise
