"""`hfpapers digest`: the papers new since the last digest, as Markdown, an Atom feed or JSON.

Without an option it lists the Daily Papers no earlier digest listed (see tui/core/digest.py
for exactly what "new" means) and remembers this run in the store, apart from the reader's last
visit. ``--since DAY``, ``--days N`` and the view options (``--week 2026-W48``...) list a fixed
window instead and remember nothing, so a look by hand never takes papers from the cron job.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from tui.cli import add_view_options
from tui.cli.common import (
    command,
    fail,
    notice,
    paper_json,
    positive_int,
    run,
    view_query,
    write_stdout,
)
from tui.core.errors import EXIT_OK, EXIT_USAGE
from tui.core.formats import DIGEST_FORMATS

if TYPE_CHECKING:
    from tui.core.client import PapersClient
    from tui.core.library import Listing
    from tui.core.models import Paper
    from tui.core.query import Query
    from tui.core.store import LastDigest, Store

FEED_TITLE = "Hugging Face Daily Papers"
FETCHING_AT_ONCE = 4


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `digest`."""
    digest = subparsers.add_parser(
        "digest",
        help="the papers new since the last digest (Markdown, Atom feed, JSON)",
        description="The Daily Papers no earlier digest listed (the latest Daily Papers the "
        "first time), newest day first and most upvoted first; or, with --since, --days or a "
        "view option, every paper of that window (which is not remembered).",
    )
    window = add_view_options(digest)
    window.add_argument(
        "--since", metavar="YYYY-MM-DD", help="papers put on Daily Papers on or after this day"
    )
    window.add_argument(
        "--days", type=positive_int, metavar="N", help="papers of the last N days, today's too"
    )
    digest.add_argument("--format", "-f", choices=DIGEST_FORMATS, default="markdown",
                        help="default: markdown")  # fmt: skip
    digest.add_argument(
        "-o", "--output", metavar="FILE", help="write FILE (replaced atomically), not stdout"
    )
    digest.add_argument(
        "--min-upvotes",
        type=_count,
        default=0,
        metavar="N",
        help="only papers with at least N upvotes",
    )
    digest.add_argument("--limit", type=positive_int, metavar="N", help="at most N papers")
    digest.set_defaults(func=digest_command)


def _count(text: str) -> int:
    """argparse type: 0 or more, ASCII digits."""
    if text.isascii() and text.isdigit():
        return int(text)
    raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, not {text!r}")


@dataclass
class Window:
    """What one digest looks at, and what it calls itself."""

    title: str
    query: Query | None = None
    """One listing (latest, a day, week, month, trending); None: the days below."""
    days: list[date] = field(default_factory=list)
    last: LastDigest | None = None
    remember: bool = False
    """Record this run (only the plain "new since the last digest")."""


@command
def digest_command(args: argparse.Namespace) -> int:
    from tui.core.atomic import write_user_file
    from tui.core.digest import arrange, new_papers

    if args.output is not None and not args.output.strip():
        return fail("the output path (-o) is empty", EXIT_USAGE)
    now = datetime.now(UTC)
    today = now.date()
    store = None
    if _asks_for_new(args):
        from tui.cli.state import open_store

        store = open_store()
    window = _window(args, today, store)
    found, fresh = run(_fetch(window, today))
    seen = window.last.seen if window.last is not None else {}
    papers = arrange(new_papers(found, seen), args.min_upvotes, args.limit)
    blob = _render(args.format, papers, window, now)
    if args.output in (None, "-"):
        write_stdout(blob)
    else:
        try:
            write_user_file(args.output, blob)
        except OSError as error:
            return fail(f"cannot write {args.output}: {error.strerror or error}", EXIT_USAGE)
    if sys.stderr.isatty():
        count = len(papers)
        where = "" if args.output in (None, "-") else f" to {args.output}"
        notice(f"{count} paper{'' if count == 1 else 's'}{where}: {window.title}")
    if window.remember and store is not None:
        _remember(store, window, found, today, now, fresh)
    return EXIT_OK


def _asks_for_new(args: argparse.Namespace) -> bool:
    return not any((args.date, args.week, args.month, args.trending, args.since, args.days))


def _window(args: argparse.Namespace, today: date, store: Store | None) -> Window:
    """Raises ValueError (a usage error) for a day out of reach."""
    from tui.core.digest import MAX_DAYS, days_between, days_since_digest
    from tui.core.query import Query, parse_day

    if args.since is not None:
        first = parse_day(args.since)
        if first > today:
            raise ValueError(f"--since {first} is after today ({today})")
        if (today - first).days >= MAX_DAYS:
            raise ValueError(
                f"--since reaches back at most {MAX_DAYS} days; use --week or --month "
                "for older papers"
            )
        return Window(f"{FEED_TITLE} since {first}", days=days_between(first, today))
    if args.days is not None:
        if args.days > MAX_DAYS:
            raise ValueError(f"--days is at most {MAX_DAYS}")
        first = today - timedelta(days=args.days - 1)
        plural = "" if args.days == 1 else "s"
        title = f"{FEED_TITLE} of the last {args.days} day{plural}"
        return Window(title, days=days_between(first, today))
    if store is None:
        query = view_query(args)
        return Window(f"{FEED_TITLE}: {query.label}", query=query)
    last = store.last_digest
    if last is None:
        return Window(f"{FEED_TITLE}: latest", query=Query.latest(), remember=True)
    days, cut = days_since_digest(last.at, today)
    if cut:
        notice(f"the last digest was on {last.at:%Y-%m-%d}; looking at the last {MAX_DAYS} days")
    title = f"{FEED_TITLE} new since {last.at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return Window(title, days=days, last=last, remember=True)


async def _fetch(window: Window, today: date) -> tuple[list[tuple[date, Paper]], bool]:
    """Each paper with the day it was listed on, and whether all came fresh from Hugging Face
    (a notice says why not)."""
    import asyncio

    from tui.core.client import PapersClient
    from tui.core.query import Query

    async with PapersClient() as client:
        if window.query is not None:
            listing = await _listing(client, window.query)
            return [(p.daily_date or today, p) for p in listing.papers], _fresh(listing)
        limit = asyncio.Semaphore(FETCHING_AT_ONCE)

        async def day(when: date) -> Listing:
            async with limit:
                return await _listing(client, Query.day(when))

        listings = await asyncio.gather(*(day(when) for when in window.days))
    found = [(when, paper) for when, listing in zip(window.days, listings, strict=True)
             for paper in listing.papers]  # fmt: skip
    return found, all(_fresh(listing) for listing in listings)


async def _listing(client: PapersClient, query: Query) -> Listing:
    from tui.core.library import fetch_listing

    return await fetch_listing(query, client=client)


def _fresh(listing: Listing) -> bool:
    if listing.notice:
        notice(f"{listing.query.label}: {listing.notice}")
    if listing.skipped:
        plural = "" if listing.skipped == 1 else "s"
        notice(f"{listing.query.label}: {listing.skipped} record{plural} skipped (unreadable)")
    return listing.source == "network"


def _render(fmt: str, papers: list[Paper], window: Window, now: datetime) -> bytes:
    from tui import __version__
    from tui.core.digest import atom_feed, markdown_digest, page_url

    if fmt == "atom":
        return atom_feed(
            papers,
            title=window.title,
            feed_id=page_url(window.query),
            updated=now,
            generator=f"hfpapers {__version__}",
        )
    if fmt == "json":
        import orjson

        items = [paper_json(paper) for paper in papers]
        return orjson.dumps(items, option=orjson.OPT_INDENT_2) + b"\n"
    return markdown_digest(papers, window.title).encode("utf-8")


def _remember(
    store: Store,
    window: Window,
    found: list[tuple[date, Paper]],
    today: date,
    now: datetime,
    fresh: bool,
) -> None:
    """Record this digest, once its output is written; not when some papers came from the
    cache (the next digest must look again)."""
    from tui.core.digest import seen_after
    from tui.core.store import LastDigest

    if not fresh:
        notice("not remembered as a digest (papers from the cache): the next one looks again")
        return
    seen = window.last.seen if window.last is not None else {}
    store.record_digest(LastDigest(now, seen_after(found, seen, today)))
