"""What a listing is: a day, an ISO week, a month, trending, or a search.

One :class:`Query` names a listing for the API client (its query parameters), the cache (its
key) and the reader (its label and its previous/next neighbours). A dated query always lies
(at least partly) between :data:`tui.core.dates.FIRST_DAY` and ``LAST_DAY``: the constructors
refuse others, and :meth:`Query.shifted` stops at the edges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from tui.core.dates import FIRST_DAY, LAST_DAY, in_range, out_of_range_message

Kind = Literal["latest", "day", "week", "month", "trending", "search"]

# ASCII digits only: int() reads "٢٠٢٦" too, and such a value would reach the API and cache.
# Only the extended forms: date.fromisoformat() also takes "20261126" and "2026-W48-1".
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


@dataclass(frozen=True, slots=True)
class Query:
    """One listing. ``value`` is a ``YYYY-MM-DD`` day, ``YYYY-Www`` week, ``YYYY-MM`` month
    or a search text; ``latest`` and ``trending`` have none."""

    kind: Kind = "latest"
    value: str | None = None

    @classmethod
    def latest(cls) -> Query:
        return cls("latest")

    @classmethod
    def trending(cls) -> Query:
        return cls("trending")

    @classmethod
    def day(cls, day: date | str) -> Query:
        """Raises ValueError for a malformed day, or one out of range."""
        if isinstance(day, date) and not in_range(day):
            raise ValueError(out_of_range_message("the day", day.isoformat()))
        parsed = day if isinstance(day, date) else parse_day(day)
        return cls("day", parsed.isoformat())

    @classmethod
    def week(cls, week: str) -> Query:
        return cls("week", parse_week(week))

    @classmethod
    def month(cls, month: str) -> Query:
        return cls("month", parse_month(month))

    @classmethod
    def search(cls, text: str) -> Query:
        text = " ".join(text.split())
        if not text:
            raise ValueError("the search text is empty")
        if len(text) > 250:
            raise ValueError("the search text is longer than Hugging Face's 250 characters")
        return cls("search", text)

    @property
    def cache_key(self) -> str:
        """A stable, file-name-safe key for this listing (search text is hashed by the cache)."""
        return f"{self.kind}:{self.value}" if self.value else self.kind

    @property
    def label(self) -> str:
        """How the reader's header names this listing."""
        match self.kind:
            case "latest":
                return "Latest papers"
            case "trending":
                return "Trending"
            case "day":
                return date.fromisoformat(self.value or "").strftime("%a %d %b %Y")
            case "week":
                return f"Week {self.value}"
            case "month":
                return date.fromisoformat(f"{self.value}-01").strftime("%B %Y")
            case _:
                return f"Search: {self.value}"

    def params(self) -> dict[str, str]:
        """Query parameters for ``/api/daily_papers`` (search goes to another endpoint)."""
        match self.kind:
            case "day":
                return {"date": self.value or ""}
            case "week":
                return {"week": self.value or ""}
            case "month":
                return {"month": self.value or ""}
            case "trending":
                return {"sort": "trending"}
            case _:
                return {}

    def shifted(self, steps: int) -> Query:
        """The previous (-1) or next (+1) day, week or month; other kinds do not move.

        At the edges of the dates hfpapers knows (1991 to 2099) it returns this same query
        rather than one out of range, so the reader just stays where it is.
        """
        first = _first_day(self)
        if first is None:
            return self
        if self.kind == "day":
            day = first.toordinal() + steps
            if not FIRST_DAY.toordinal() <= day <= LAST_DAY.toordinal():
                return self
            return replace(self, value=date.fromordinal(day).isoformat())
        if self.kind == "week":
            ordinal = first.toordinal() + 7 * steps
            if not 1 <= ordinal <= LAST_DAY.toordinal() or not _week_in_range(
                monday := date.fromordinal(ordinal)
            ):
                return self
            iso = monday.isocalendar()
            return replace(self, value=f"{iso.year}-W{iso.week:02d}")
        index = first.year * 12 + (first.month - 1) + steps
        if not FIRST_DAY.year <= index // 12 <= LAST_DAY.year:
            return self
        return replace(self, value=f"{index // 12:04d}-{index % 12 + 1:02d}")


def parse_day(text: str) -> date:
    """A ``YYYY-MM-DD`` day from 1991 to 2099. Raises ValueError with a readable message."""
    try:
        if not _DAY.match(text.strip()):
            raise ValueError
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}") from None
    if not in_range(day):
        raise ValueError(out_of_range_message("the day", text.strip()))
    return day


def parse_week(text: str) -> str:
    """A ``YYYY-Www`` ISO week from 1991 to 2099. Raises ValueError with a readable message."""
    match = _WEEK.match(text.strip())
    if match and not FIRST_DAY.year - 1 <= int(match[1]) <= LAST_DAY.year + 1:
        raise ValueError(out_of_range_message("the week", text.strip()))
    try:
        if not match:
            raise ValueError
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValueError(f"not an ISO week (YYYY-Www): {text!r}") from None
    if not _week_in_range(monday):
        raise ValueError(out_of_range_message("the week", text.strip()))
    return text.strip()


def parse_month(text: str) -> str:
    """A ``YYYY-MM`` month from 1991 to 2099. Raises ValueError with a readable message."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"not a month (YYYY-MM): {text!r}")
    if not FIRST_DAY.year <= int(match[1]) <= LAST_DAY.year:
        raise ValueError(out_of_range_message("the month", text.strip()))
    return text.strip()


def _week_in_range(monday: date) -> bool:
    """Whether the week starting on ``monday`` has a day in range (1991-W01 starts in 1990)."""
    return FIRST_DAY - timedelta(days=6) <= monday <= LAST_DAY


def _first_day(query: Query) -> date | None:
    """The first day of a dated query (None for the others)."""
    value = query.value or ""
    match query.kind:
        case "day":
            return date.fromisoformat(value)
        case "week":
            year, week = map(int, value.split("-W"))
            return date.fromisocalendar(year, week, 1)
        case "month":
            return date.fromisoformat(f"{value}-01")
    return None
