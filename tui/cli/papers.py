"""`hfpapers list`, `search` and `show`: the papers, for people (tables) or scripts (--json).

Answers come from Hugging Face; when it cannot be reached they come from the cache (or, for
listings, the bundled demo) with a one-line notice on stderr, and the exit code stays 0.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, Any

from tui.cli import add_view_options
from tui.cli.common import (
    command,
    notice,
    paper_json,
    positive_int,
    print_json,
    print_lines,
    run,
    terminal_width,
    view_query,
)
from tui.core.errors import EXIT_OK

if TYPE_CHECKING:
    from tui.core.library import Listing
    from tui.core.linked import LinkedRepos
    from tui.core.models import Paper


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `list`, `search` and `show`."""
    listing = subparsers.add_parser(
        "list",
        help="list Daily Papers (the latest by default)",
        description="List Daily Papers: the latest, one day, an ISO week, a month or trending.",
    )
    add_view_options(listing)
    _add_output_options(listing)
    listing.set_defaults(func=list_command)

    search = subparsers.add_parser(
        "search", help="search papers", description="Search Hugging Face papers."
    )
    search.add_argument("query", metavar="QUERY", help="words to search titles, authors, text")
    _add_output_options(search)
    search.set_defaults(func=search_command)

    show = subparsers.add_parser(
        "show", help="show one paper", description="Show one paper by its arXiv id."
    )
    show.add_argument("arxiv_id", metavar="ARXIV_ID", help="e.g. 2605.15320 or 2605.15320v2")
    show.add_argument("--json", action="store_true", help="print a JSON object")
    show.set_defaults(func=show_command)


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=positive_int, metavar="N", help="at most N papers")
    parser.add_argument("--json", action="store_true", help="print a JSON array")


@command
def list_command(args: argparse.Namespace) -> int:
    from tui.core.library import fetch_listing

    listing = run(fetch_listing(view_query(args), limit=args.limit))
    return _print_listing(listing, as_json=args.json)


@command
def search_command(args: argparse.Namespace) -> int:
    from tui.core.library import fetch_listing
    from tui.core.query import Query

    listing = run(fetch_listing(Query.search(args.query), limit=args.limit))
    return _print_listing(listing, as_json=args.json)


@command
def show_command(args: argparse.Namespace) -> int:
    from tui.core.library import fetch_paper_and_linked
    from tui.core.models import require_arxiv_id

    found, linked = run(fetch_paper_and_linked(require_arxiv_id(args.arxiv_id)))
    if found.notice:
        notice(found.notice)
    if args.json:
        print_json(paper_json(found.paper) | linked_json(linked))
    else:
        print_lines(detail_lines(found.paper, terminal_width()))
    return EXIT_OK


def linked_json(linked: LinkedRepos | None) -> dict[str, Any]:
    """The ``linked_*`` and ``num_linked_*`` fields (null where unknown)."""
    from tui.core.linked import empty_json

    return linked.to_json() if linked is not None else empty_json()


def _print_listing(listing: Listing, *, as_json: bool) -> int:
    if listing.notice:
        notice(listing.notice)
    if listing.skipped:
        s = "" if listing.skipped == 1 else "s"
        notice(f"{listing.skipped} record{s} skipped (unreadable)")
    if listing.truncated_at is not None:
        notice(f"stopped after {listing.truncated_at:,} papers")
    if as_json:
        from tui.core.cache import Cache
        from tui.core.library import cached_linked

        cache = Cache()  # linked repositories only as known: never a request per paper
        print_json(
            [paper_json(p) | linked_json(cached_linked(p.id, cache)) for p in listing.papers]
        )
    elif listing.papers:
        print_lines(table_lines(listing.papers, terminal_width()))
    else:
        notice(f"no papers in {listing.query.label}")
    return EXIT_OK


def table_lines(papers: list[Paper], width: int) -> list[str]:
    """One line per paper: id, Daily Papers day, upvotes, comments, title cut to ``width``."""
    from tui.core.text import fit

    id_width = max(len("ID"), *(len(paper.id) for paper in papers))
    header = f"{'ID':<{id_width}}  {'DAILY':<10}  {'UP':>4}  {'CMTS':>4}  TITLE"
    lines = [header]
    title_width = max(10, width - len(header) + len("TITLE"))
    for paper in papers:
        day = paper.daily_date.isoformat() if paper.daily_date else "-"
        comments = "-" if paper.num_comments is None else str(paper.num_comments)
        lines.append(
            f"{paper.id:<{id_width}}  {day:<10}  {paper.upvotes:>4}  {comments:>4}  "
            + fit(paper.title, title_width)
        )
    return lines


def detail_lines(paper: Paper, width: int) -> list[str]:
    """A readable page for one paper: title, facts, links, AI summary and abstract."""
    width = min(width, 100)
    lines = textwrap.wrap(paper.title, width) or [paper.id]
    lines.append("")
    for label, value in _facts(paper):
        lines.extend(
            textwrap.wrap(
                value,
                width,
                initial_indent=f"{label:<14}",
                subsequent_indent=" " * 14,
                break_long_words=False,  # a URL cut in two opens nothing
                break_on_hyphens=False,
            )
        )
    if paper.ai_summary:
        lines += ["", "AI summary", *textwrap.wrap(paper.ai_summary, width)]
    lines += ["", "Abstract"]
    for number, paragraph in enumerate(paper.summary.split("\n\n")):
        lines += ([""] if number else []) + textwrap.wrap(paragraph, width)
    return lines


def _facts(paper: Paper) -> list[tuple[str, str]]:
    stars = f" ({paper.github_stars} stars)" if paper.github_stars is not None else ""
    comments = "" if paper.num_comments is None else f", {paper.num_comments} comments"
    linked = [
        f"{count} {name}{'' if count == 1 else 's'}"
        for count, name in (
            (paper.num_models, "model"),
            (paper.num_datasets, "dataset"),
            (paper.num_spaces, "space"),
        )
        if count
    ]
    facts = [
        ("id", paper.id + (" (withdrawn)" if paper.withdrawn else "")),
        ("authors", ", ".join(paper.author_names) or "unknown"),
        ("arXiv date", paper.published_at.date().isoformat() if paper.published_at else "-"),
        ("daily date", paper.daily_date.isoformat() if paper.daily_date else "-"),
        ("upvotes", f"{paper.upvotes}{comments}"),
        ("submitted", paper.submitted_by or ""),
        ("organization", paper.organization or ""),
        ("keywords", ", ".join(paper.ai_keywords)),
        ("linked", ", ".join(linked)),
        ("github", f"{paper.github_repo}{stars}" if paper.github_repo else ""),
        ("project", paper.project_page or ""),
        ("page", paper.url),
        ("arXiv", paper.arxiv_url),
        ("pdf", paper.pdf_url),
    ]
    return [(label, value) for label, value in facts if value]
