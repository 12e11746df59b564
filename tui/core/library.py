"""Fetch with fallback, shared by the CLI and the reader: network, else cache, else demo.

A listing always says where it came from (``source``) and, when the network failed, why
(``error``), so every front end can tell the user "offline, showing cache from 3 h ago".

An answer that is mostly unreadable, or empty for a day, week or month that is over while the
cache holds papers for it, does not replace the cached listing: the cache is shown with a
``BadResponseError`` saying why, as for any other bad answer.

The bundled demo stands in only for the *latest* view when nothing is cached: an offline first
start shows real papers, clearly labelled. A day, week, month, trending view or search never
falls back to it, since old unrelated papers would be a wrong answer there (and a script
reading ``--json`` would take them for the real listing).

httpx is imported only when a fetch needs it, so painting from the cache stays cheap.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Literal, TypeVar

from tui.core.cache import Cache
from tui.core.errors import (
    BadResponseError,
    HFPapersError,
    NetworkError,
    RateLimitedError,
    ServerError,
    SlowAnswerError,
)
from tui.core.models import Paper, normalize_arxiv_id, require_arxiv_id
from tui.core.query import Query

if TYPE_CHECKING:
    from tui.core.client import Fetched, OnFailure, PapersClient
    from tui.core.linked import LinkedRepos

Source = Literal["network", "cache", "demo"]
T = TypeVar("T")

_FALLBACK_ERRORS = (NetworkError, BadResponseError)
"""Failures the cache can stand in for; "not found" and bad input are answers, not failures."""


@dataclass(slots=True)
class Listing:
    """Papers of one query, where they came from, and what went wrong getting fresh ones."""

    query: Query
    papers: list[Paper]
    source: Source
    fetched_at: datetime | None = None
    """When the papers came from Hugging Face (None for the demo)."""
    skipped: int = 0
    """Records in the answer that could not be read."""
    error: HFPapersError | None = None
    """Why fresh papers could not be had (only for cache and demo listings)."""
    partial: bool = False
    """Only the most upvoted papers of a large cached listing (see ``cached_listing``)."""
    truncated_at: int | None = None
    """Set when paging stopped at the client's safety cap rather than the listing's end: the
    listing may go on past these papers ("stopped after 50,000 papers")."""

    @property
    def age_text(self) -> str:
        """How old the papers are: "just now", "5 min ago", "3 h ago", "2 days ago"."""
        if self.fetched_at is None:
            from tui.core.demo import RECORDED

            return f"recorded {RECORDED:%d %b %Y}"
        return age_text(self.fetched_at)

    @property
    def status_text(self) -> str:
        """A short status line: "updated just now", "offline, showing cache from 3 h ago"."""
        if self.source == "network":
            return f"updated {self.age_text}"
        if self.source == "cache":
            if self.error is None:
                return f"cached {self.age_text}"
            return f"{failure_kind(self.error)}, showing cache from {self.age_text}"
        if self.error is None:
            return "demo papers (nothing cached yet)"
        return f"demo papers ({failure_kind(self.error)}, nothing cached)"

    @property
    def notice(self) -> str | None:
        """One line telling why these are not fresh papers (None when they are)."""
        if self.source == "network":
            return None
        reason = f"{failure_kind(self.error)} ({self.error.message}); " if self.error else ""
        if self.source == "cache":
            return f"{reason}showing cache from {self.age_text}"
        from tui.core.demo import RECORDED

        return (
            f"{reason}showing bundled demo papers (recorded {RECORDED:%d %b %Y}), "
            "not live data; nothing is cached yet"
        )


@dataclass(slots=True)
class FoundPaper:
    """One paper, where it came from, and why fresh data could not be had."""

    paper: Paper
    source: Source
    error: HFPapersError | None = None

    @property
    def notice(self) -> str | None:
        """One line telling why this is not a fresh record (None when it is)."""
        if self.source == "network":
            return None
        reason = f"{failure_kind(self.error)} ({self.error.message}); " if self.error else ""
        where = "the cache" if self.source == "cache" else "the bundled demo papers"
        return f"{reason}showing {self.paper.id} from {where}"


def age_text(moment: datetime, now: datetime | None = None) -> str:
    """ "just now", "5 min ago", "3 h ago", "2 days ago" for an aware ``moment``."""
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400 * 2:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"


def cached_listing(
    query: Query, cache: Cache | None = None, *, head: bool = False
) -> Listing | None:
    """The cached listing of ``query``, else the demo (latest view only), else None.

    Synchronous and quick (one file), for a first paint before any network work. With
    ``head``, a large listing gives only its most upvoted papers (``partial``), read from one
    line: a first screen in a millisecond while the whole is read. The whole leaves its
    abstracts in the file, read when shown (the reader's memory does not grow with them).
    """
    cached = (cache or Cache()).load_listing(query, head=head, abstracts_on_disk=not head)
    if cached is not None:
        partial = len(cached.papers) < cached.count
        return Listing(
            query,
            cached.papers,
            "cache",
            cached.fetched_at,
            cached.skipped,
            partial=partial,
            truncated_at=cached.truncated_at,
        )
    return _demo_listing(query, None, None)


def with_abstracts_on_disk(listing: Listing, cache: Cache | None = None) -> Listing:
    """A fetched ``listing`` as the cache now holds it: the same papers, their abstracts left
    in the file (the reader's way, see ``cached_listing``). ``listing`` itself when the cache
    does not hold exactly its papers (not kept, the cache off, or written since by another
    process). Reads a file: call it off the UI thread.
    """
    if listing.source != "network" or not listing.papers:
        return listing
    cached = (cache or Cache()).load_listing(listing.query, abstracts_on_disk=True)
    if cached is None or [p.id for p in cached.papers] != [p.id for p in listing.papers]:
        return listing
    return replace(listing, papers=cached.papers)


async def fetch_listing(
    query: Query,
    *,
    client: PapersClient | None = None,
    cache: Cache | None = None,
    limit: int | None = None,
    on_first_failure: OnFailure | None = None,
) -> Listing:
    """Fresh papers of ``query``, kept in the cache; on failure the cache, then the demo.

    A listing cut short by ``limit`` is not kept as the listing (it would hide the rest
    offline), but its papers are. An answer worse than the cache (see the module docstring)
    is not kept either: the cache is returned, with the reason as its ``error``.

    ``on_first_failure`` is called on the event loop, at most once, with the first failure
    that will be retried, while the retries go on: a front end can say "offline" at once and
    replace that with whatever this returns.

    Raises:
        NetworkError, BadResponseError: the fetch failed and there is nothing to fall back on.
        ValueError: HF_ENDPOINT or HF_TOKEN is unusable.
    """
    cache = cache or Cache()
    try:
        result: Fetched = await _with_client(
            client, lambda c: c.listing(query, limit, on_first_failure=on_first_failure)
        )
    except _FALLBACK_ERRORS as error:
        fallback = await asyncio.to_thread(_fallback_listing, query, cache, error, limit)
        if fallback is None:
            raise
        return fallback
    distrust = await asyncio.to_thread(_worse_than_cache, query, cache, result)
    if distrust is not None:
        fallback = await asyncio.to_thread(_fallback_listing, query, cache, distrust, limit)
        if fallback is not None and fallback.source == "cache":
            return fallback
    fetched_at = datetime.now(UTC)
    complete = limit is None or len(result.papers) < limit
    await asyncio.to_thread(_keep_listing, cache, query, result, fetched_at, complete)
    return Listing(
        query,
        result.papers,
        "network",
        fetched_at,
        result.skipped,
        truncated_at=result.truncated_at,
    )


def cache_problem(cache: Cache | None = None) -> str | None:
    """Why the cache is off or did not keep something, for one notice; None when it works.

    Touches the disk the first time (it checks the folder): call it off the event loop.
    """
    return (cache or Cache()).problem


def known_paper(arxiv_id: str, cache: Cache | None = None) -> Paper | None:
    """A paper known without the network (cache, then demo), or None."""
    paper_id = normalize_arxiv_id(arxiv_id)
    found = _known(paper_id, cache or Cache(), None) if paper_id else None
    return found.paper if found else None


async def fetch_paper(
    arxiv_id: str, *, client: PapersClient | None = None, cache: Cache | None = None
) -> FoundPaper:
    """The paper fresh from Hugging Face (kept in the cache); on failure, as known offline.

    Raises:
        ValueError: ``arxiv_id`` is not an arXiv id (no request is made).
        NotFoundError: Hugging Face does not know it.
        NetworkError, BadResponseError: the fetch failed and it is not known offline.
    """
    paper_id = require_arxiv_id(arxiv_id)
    cache = cache or Cache()
    try:
        paper = await _with_client(client, lambda c: c.paper(paper_id))
    except _FALLBACK_ERRORS as error:
        known = await asyncio.to_thread(_known, paper_id, cache, error)
        if known is None:
            raise
        return known
    await asyncio.to_thread(_keep_papers, cache, [paper])
    return FoundPaper(paper, "network")


async def find_paper(
    arxiv_id: str, *, client: PapersClient | None = None, cache: Cache | None = None
) -> Paper:
    """The paper as known offline if it is, else fetched (for citing or bookmarking by id).

    Raises:
        ValueError, NotFoundError, NetworkError, BadResponseError: as :func:`fetch_paper`.
    """
    paper_id = require_arxiv_id(arxiv_id)
    cache = cache or Cache()
    known = await asyncio.to_thread(known_paper, paper_id, cache)
    if known is not None:
        return known
    return (await fetch_paper(paper_id, client=client, cache=cache)).paper


# --- helpers ---------------------------------------------------------------------------------


async def _with_client(
    client: PapersClient | None, call: Callable[[PapersClient], Awaitable[T]]
) -> T:
    """Run ``call`` with the given client, or with a short-lived one of our own."""
    if client is not None:
        return await call(client)
    async with await open_client() as own:
        return await call(own)


async def open_client(factory: Callable[[], PapersClient] | None = None) -> PapersClient:
    """A client from ``factory`` (the reader's tests inject quick ones), else a default one,
    made in a thread: importing httpx and building its TLS context take ~50-80 ms, a visible
    stall on an event loop."""
    if factory is not None:
        return factory()
    return await asyncio.to_thread(_default_client)


def _default_client() -> PapersClient:
    from tui.core.client import PapersClient

    return PapersClient()


def _known(paper_id: str, cache: Cache, error: HFPapersError | None) -> FoundPaper | None:
    paper = cache.load_paper(paper_id)
    if paper is not None:
        return FoundPaper(paper, "cache", error)
    from tui.core.demo import demo_papers

    demo = next((demo for demo in demo_papers() if demo.id == paper_id), None)
    return FoundPaper(demo, "demo", error) if demo else None


def _fallback_listing(
    query: Query, cache: Cache, error: HFPapersError, limit: int | None
) -> Listing | None:
    cached = cache.load_listing(query)
    if cached is None:
        return _demo_listing(query, error, limit)
    papers = cached.papers[:limit] if limit else cached.papers
    return Listing(
        query,
        papers,
        "cache",
        cached.fetched_at,
        cached.skipped,
        error,
        truncated_at=cached.truncated_at,
    )


def _demo_listing(query: Query, error: HFPapersError | None, limit: int | None) -> Listing | None:
    if query.kind != "latest":
        return None
    from tui.core.demo import demo_papers  # the bundled files: read only when shown

    papers = demo_papers()
    return Listing(query, papers[:limit] if limit else papers, "demo", error=error)


def _worse_than_cache(query: Query, cache: Cache, result: Fetched) -> BadResponseError | None:
    """Why ``result`` must not replace the cached listing of ``query``, or None.

    Over half its records unreadable, or no papers for a period that is over: either would
    turn a good cached listing into a few papers or none ("0 papers" where 120 were), while
    the papers cannot have gone. Today, latest and trending may shrink for real.
    """
    unreadable = result.skipped * 2 > result.records
    if not unreadable and (result.papers or not _is_over(query)):
        return None
    cached = cache.load_listing(query, head=True)
    if cached is None or cached.count == 0:
        return None
    if unreadable:
        readable = result.records - result.skipped
        s = "" if readable == 1 else "s"
        what = f"{readable} readable record{s} of {result.records}"
    else:
        what = f"no papers for {query.label}, which had {cached.count} cached"
    return BadResponseError(f"Hugging Face answered with {what}; keeping the cached listing")


def _is_over(query: Query, today: date | None = None) -> bool:
    """Whether the day, week or month of ``query`` ended before today (UTC)."""
    today = today or datetime.now(UTC).date()
    if query.kind == "day" and query.value:
        last = date.fromisoformat(query.value)
    elif query.kind == "week" and query.value:
        year, week = query.value.split("-W")
        last = date.fromisocalendar(int(year), int(week), 7)
    elif query.kind == "month" and query.value:
        first = date.fromisoformat(f"{query.value}-01")
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    else:
        return False
    return last < today


def _keep_listing(
    cache: Cache, query: Query, result: Fetched, fetched_at: datetime, complete: bool
) -> None:
    """Best effort: a cache that cannot be written must not cost the user fresh papers (the
    cache keeps the reason as its ``problem``)."""
    with contextlib.suppress(OSError):
        if complete:
            cache.save_listing(
                query,
                result.papers,
                skipped=result.skipped,
                fetched_at=fetched_at,
                truncated_at=result.truncated_at,
            )
        else:
            cache.save_papers(result.papers)


def _keep_papers(cache: Cache, papers: list[Paper]) -> None:
    with contextlib.suppress(OSError):
        cache.save_papers(papers)


def failure_kind(error: HFPapersError | None) -> str:
    """Two or three words for why the papers are not fresh, for status lines."""
    if isinstance(error, RateLimitedError):
        return "rate limited"
    if isinstance(error, ServerError):
        return "unavailable"
    if isinstance(error, SlowAnswerError):
        return "slow answer"
    if isinstance(error, NetworkError):
        return "offline"
    return "bad answer from Hugging Face"


# --- full texts and linked repositories --------------------------------------------------------

LINKED_MAX_AGE = timedelta(days=1)
"""Linked repositories older than this are fetched again when asked for (new models appear)."""


@dataclass(slots=True)
class FoundText:
    """A paper's full text (Markdown), where it came from, and why fresh text could not be had."""

    paper_id: str
    text: str
    source: Source
    fetched_at: datetime | None = None
    error: HFPapersError | None = None

    @property
    def notice(self) -> str | None:
        """One line telling why this text is not fresh from Hugging Face (None when it is, or
        when it is simply the copy kept from an earlier read)."""
        if self.error is None:
            return None
        when = f" from {age_text(self.fetched_at)}" if self.fetched_at else ""
        return f"{failure_kind(self.error)} ({self.error.message}); showing the cached text{when}"


def cached_text(arxiv_id: str, cache: Cache | None = None) -> FoundText | None:
    """The text kept from an earlier read, or None (synchronous: one file)."""
    paper_id = normalize_arxiv_id(arxiv_id)
    kept = (cache or Cache()).load_text(paper_id) if paper_id else None
    if paper_id is None or kept is None:
        return None
    return FoundText(paper_id, kept.text, "cache", kept.fetched_at)


async def find_text(
    arxiv_id: str,
    *,
    client: PapersClient | None = None,
    cache: Cache | None = None,
    refresh: bool = False,
) -> FoundText:
    """A paper's full text: the kept copy if there is one (a paper's text does not change, and
    it then reads offline), else fetched from Hugging Face and kept.

    With ``refresh``, Hugging Face first and the kept copy only when it cannot answer.

    Raises:
        ValueError: ``arxiv_id`` is not an arXiv id (no request is made).
        NotFoundError: Hugging Face has no text for the paper.
        NetworkError, BadResponseError: the fetch failed and no copy is kept.
    """
    paper_id = require_arxiv_id(arxiv_id)
    cache = cache or Cache()
    if not refresh:
        kept = await asyncio.to_thread(cached_text, paper_id, cache)
        if kept is not None:
            return kept
    try:
        text = await _with_client(client, lambda c: c.paper_text(paper_id))
    except _FALLBACK_ERRORS as error:
        kept = await asyncio.to_thread(cached_text, paper_id, cache) if refresh else None
        if kept is None:
            raise
        kept.error = error
        return kept
    await asyncio.to_thread(_keep_text, cache, paper_id, text)
    return FoundText(paper_id, text, "network", datetime.now(UTC))


def _keep_text(cache: Cache, paper_id: str, text: str) -> None:
    with contextlib.suppress(OSError):
        cache.save_text(paper_id, text)


@dataclass(slots=True)
class FoundLinked:
    """What cites a paper, where it came from, and why fresh data could not be had."""

    linked: LinkedRepos
    source: Source
    error: HFPapersError | None = None


def cached_linked(arxiv_id: str, cache: Cache | None = None) -> LinkedRepos | None:
    """The linked repositories kept for a paper, however old, or None (never the network:
    ``list`` and ``search`` use this for every paper)."""
    return (cache or Cache()).load_linked(arxiv_id)


async def find_linked(
    arxiv_id: str,
    *,
    client: PapersClient | None = None,
    cache: Cache | None = None,
    max_age: timedelta = LINKED_MAX_AGE,
    now: datetime | None = None,
) -> FoundLinked:
    """The repositories citing a paper: kept ones younger than ``max_age``, else fetched (and
    kept); when the fetch fails, the kept ones however old.

    Raises:
        ValueError: ``arxiv_id`` is not an arXiv id.
        NotFoundError: Hugging Face does not know the paper.
        NetworkError, BadResponseError: the fetch failed and nothing is kept.
    """
    paper_id = require_arxiv_id(arxiv_id)
    cache = cache or Cache()
    kept = await asyncio.to_thread(cached_linked, paper_id, cache)
    moment = now or datetime.now(UTC)
    fresh = kept is not None and kept.fetched_at is not None and moment - kept.fetched_at < max_age
    if kept is not None and fresh and kept.complete:
        return FoundLinked(kept, "cache")
    try:
        linked = await _with_client(client, lambda c: c.linked_repos(paper_id))
    except _FALLBACK_ERRORS as error:
        if kept is None:
            raise
        return FoundLinked(kept, "cache", error)
    await asyncio.to_thread(_keep_linked, cache, linked)
    return FoundLinked(linked, "network")


def _keep_linked(cache: Cache, linked: LinkedRepos) -> None:
    with contextlib.suppress(OSError):
        cache.save_linked(linked)


async def fetch_paper_and_linked(
    arxiv_id: str, *, client: PapersClient | None = None, cache: Cache | None = None
) -> tuple[FoundPaper, LinkedRepos | None]:
    """:func:`fetch_paper`, plus what cites the paper as its answer says (the kinds it lists),
    completed by the kept record; offline, the kept record. One request, as ``show`` makes.

    Raises:
        As :func:`fetch_paper`.
    """
    paper_id = require_arxiv_id(arxiv_id)
    cache = cache or Cache()
    try:
        paper, linked = await _with_client(client, lambda c: c.paper_and_linked(paper_id))
    except _FALLBACK_ERRORS as error:
        known = await asyncio.to_thread(_known, paper_id, cache, error)
        if known is None:
            raise
        return known, await asyncio.to_thread(cached_linked, paper_id, cache)
    await asyncio.to_thread(_keep_papers, cache, [paper])
    kept = await asyncio.to_thread(cached_linked, paper_id, cache)
    if linked.repos:
        linked = linked.adding(kept)
        await asyncio.to_thread(_keep_linked, cache, linked)
        return FoundPaper(paper, "network"), linked
    return FoundPaper(paper, "network"), kept
