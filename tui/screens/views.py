"""Which listing each view key shows, and how `[`, `]` and `t` move through time.

The reader keeps an *anchor* day: the day, week and month views are the ones holding it, and
moving to the previous or next period moves the anchor. Pure functions, easy to test.
"""

from __future__ import annotations

from datetime import date

from tui.core.query import Query

VIEW_KEYS = {"1": "day", "2": "week", "3": "month", "4": "trending", "5": "bookmarks"}
DATED_KINDS = ("day", "week", "month")


def query_for(kind: str, anchor: date) -> Query:
    """The listing of view ``kind`` (latest, day, week, month, trending) around ``anchor``."""
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
    raise ValueError(f"unknown view {kind!r}")


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
