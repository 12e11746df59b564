"""The reader's views: which listing each one shows, how `[`, `]` and `t` move through time, and
what the header says about where the papers on screen came from.

The reader keeps an *anchor* day: the day, week and month views are the ones holding it, and
moving to the previous or next period moves the anchor. Pure functions and one dataclass, easy
to test; the CLI and the config name views with the same :data:`ViewKind`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, get_args

from tui.core.query import Query

if TYPE_CHECKING:
    from tui.core.errors import HFPapersError
    from tui.core.library import Listing

ViewKind = Literal["latest", "day", "week", "month", "trending", "bookmarks", "search"]
"""Every view the reader can show."""
DATED_KINDS: tuple[ViewKind, ...] = ("day", "week", "month")
"""Views of one period, which `[` and `]` move through."""
START_KINDS: tuple[ViewKind, ...] = tuple(k for k in get_args(ViewKind) if k != "search")
"""Views the reader can open on by default (the config's ``default_view``)."""


@dataclass(frozen=True, slots=True)
class StartView:
    """The view the reader opens on: a kind, and the query of a dated view or a search."""

    kind: ViewKind = "latest"
    query: Query | None = None

    @classmethod
    def of(cls, query: Query) -> StartView:
        return cls(query.kind, query)


def query_for(kind: ViewKind, anchor: date) -> Query | None:
    """The listing of view ``kind`` around ``anchor`` (None: bookmarks, made of the store).

    Raises:
        ValueError: ``kind`` is "search", which needs its text (see :meth:`Query.search`).
    """
    match kind:
        case "day":
            return Query.day(anchor)
        case "week":
            iso = anchor.isocalendar()
            return Query.week(f"{iso.year}-W{iso.week:02d}")
        case "month":
            return Query.month(f"{anchor.year:04d}-{anchor.month:02d}")
        case "trending":
            return Query.trending()
        case "latest":
            return Query.latest()
        case "bookmarks":
            return None
    raise ValueError(f"the {kind} view needs a query")


def start_of(query: Query) -> date | None:
    """The first day a dated listing covers (None for latest, trending and search)."""
    value = query.value or ""
    match query.kind:
        case "day":
            return date.fromisoformat(value)
        case "week":
            year, week = value.split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        case "month":
            return date.fromisoformat(f"{value}-01")
    return None


def shifted(query: Query, anchor: date, steps: int) -> Query:
    """The previous (-1) or next (+1) period; "latest" moves like the anchor's day."""
    if query.kind == "latest":
        query = Query.day(anchor)
    return query.shifted(steps)


@dataclass
class ViewState:
    """What the main screen shows: the view, its listing, and how fresh that listing is.

    The header's status words are computed from this alone (:meth:`status`), so the screen
    never keeps a second, disagreeing copy of them.
    """

    kind: ViewKind
    query: Query | None
    """The listing shown (None in the bookmarks view)."""
    anchor: date
    """The day the day, week and month views are built around."""
    listing: Listing | None = None
    """What is on screen (None: nothing read yet, or the bookmarks view)."""
    error: str | None = None
    """Why the last fetch failed when nothing is cached to say it for us."""
    fetching: bool = False
    failing: HFPapersError | None = None
    """The first failure of a fetch that is still retrying: said at once, not after the
    retries (a later success replaces it)."""
    updated_at: datetime | None = None
    """When fresh papers last arrived, by the app's clock."""

    @property
    def label(self) -> str:
        return "Bookmarks" if self.query is None else self.query.label

    @property
    def dated(self) -> bool:
        """Whether `[` and `]` move this view through time."""
        return self.kind in (*DATED_KINDS, "latest")

    def empty_text(self, has_papers: bool, *, filtered: bool, unread_only: bool) -> str:
        """Why no paper is shown, and what to do about it."""
        if self.fetching and not has_papers:
            return "fetching…"
        if has_papers and filtered:
            return "no paper matches the filter (esc clears it)"
        if has_papers and unread_only:
            return "no unread papers here (u shows all)"
        if self.query is None:
            return "no bookmarks yet: b bookmarks the paper under the cursor"
        return "no papers here: [ and ] move in time, 4 shows trending, r refreshes"

    def status(self, now: datetime) -> tuple[str, bool]:
        """The header's status words and whether they are a warning (offline, failed, demo).

        Honest on purpose: a reader that says "No new articles" while offline misleads. The
        clock is passed in, so "2 min ago" is the same in every snapshot.
        """
        listing = self.listing
        if self.query is None:
            return "saved on this computer", False
        from tui.core.library import age_text, failure_kind

        early = self.failing if self.fetching else None
        if early is not None and (listing is None or listing.source == "network"):
            where = "showing papers from " + age_text(self.updated_at or now, now)
            return f"{failure_kind(early)}, {'retrying…' if listing is None else where}", True
        if self.fetching and (listing is None or listing.source == "network"):
            return "fetching…", False
        if listing is None:
            return ("fetch failed, nothing cached", True) if self.error else ("loading…", False)

        fresh = listing.source == "network" and self.updated_at
        moment = self.updated_at if fresh else listing.fetched_at
        age = age_text(moment, now) if moment else ""
        failure = None
        if listing.error is not None:
            failure = failure_kind(listing.error)
        elif self.error:
            failure = "fetch failed"
        if early is not None:
            failure = failure_kind(early)
        elif self.fetching:  # say what is on screen meanwhile
            if listing.source == "cache":
                return f"fetching… · cache from {age}", False
            return "fetching… · demo papers", False
        if listing.source == "network":
            if failure:
                return f"{failure}, showing papers from {age}", True
            return f"updated {age}", False
        if listing.source == "cache":
            if failure:
                return f"{failure}, showing cache from {age}", True
            return f"cached {age}", False
        return (f"demo papers ({failure})", True) if failure else ("demo papers", True)


def listing_summary(
    total: int, shown: int, read: int | None, *, unread_only: bool, sort: str,
    truncated_at: int | None = None,
) -> str:  # fmt: skip
    """The header's left words: "9 of 50 papers · 3/9 read · by upvotes".

    ``read`` counts the shown papers read (None: not known yet). A listing cut at the paging
    cap says so, since the papers past it are missing.
    """
    parts = [f"{total} paper{'s' if total != 1 else ''}"]
    if shown != total:
        parts[0] = f"{shown} of {total} papers"
    if truncated_at is not None:
        parts[0] += f" (stopped after {truncated_at:,})"
    if shown and read is not None:
        parts.append(f"{read}/{shown} read")
    if unread_only:
        parts.append("unread only")
    parts.append(f"by {sort}")
    return " · ".join(parts)
