"""What a listing is: a day, an ISO week, a month, trending, or a search.

One :class:`Query` names a listing for the API client (its query parameters), the cache (its
key) and the reader (its label and its previous/next neighbours).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

Kind = Literal["latest", "day", "week", "month", "trending", "search"]

# ASCII digits only: int() reads "٢٠٢٦" too, and such a value would reach the API and cache.
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
        """The previous (-1) or next (+1) day, week or month; other kinds do not move."""
        if self.kind == "day" and self.value:
            return replace(
                self, value=(date.fromisoformat(self.value) + timedelta(steps)).isoformat()
            )
        if self.kind == "week" and self.value:
            year, week = map(int, _WEEK.match(self.value).groups())  # type: ignore[union-attr]
            monday = date.fromisocalendar(year, week, 1) + timedelta(weeks=steps)
            iso = monday.isocalendar()
            return replace(self, value=f"{iso.year}-W{iso.week:02d}")
        if self.kind == "month" and self.value:
            year, month = map(int, self.value.split("-"))
            index = year * 12 + (month - 1) + steps
            return replace(self, value=f"{index // 12:04d}-{index % 12 + 1:02d}")
        return self


def parse_day(text: str) -> date:
    """A ``YYYY-MM-DD`` day. Raises ValueError with a readable message."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}") from None


def parse_week(text: str) -> str:
    """A ``YYYY-Www`` ISO week, normalised. Raises ValueError with a readable message."""
    match = _WEEK.match(text.strip())
    try:
        if not match:
            raise ValueError
        date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValueError(f"not an ISO week (YYYY-Www): {text!r}") from None
    return text.strip()


def parse_month(text: str) -> str:
    """A ``YYYY-MM`` month. Raises ValueError with a readable message."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"not a month (YYYY-MM): {text!r}")
    return text.strip()
