"""The view arithmetic (``tui.core.views``): which query a view and a day make, where a period
starts, the step to the previous one, and the header's status words for a listing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support.reader import NOW
from tui.core.errors import BadResponseError, OfflineError
from tui.core.library import Listing
from tui.core.query import Query
from tui.core.views import ViewState, query_for, shifted, start_of


def test_views_and_time() -> None:
    day = date(2026, 11, 26)
    assert query_for("day", day) == Query.day(day)
    assert query_for("week", day) == Query.week("2026-W48")
    assert query_for("month", day) == Query.month("2026-11")
    assert start_of(Query.week("2026-W48")) == date(2026, 11, 23)
    assert start_of(Query.month("2026-11")) == date(2026, 11, 1)
    assert start_of(Query.trending()) is None
    assert shifted(Query.latest(), day, -1) == Query.day("2026-11-25")
    assert shifted(Query.week("2026-W01"), day, -1) == Query.week("2025-W52")


def listing(source: str, error: Exception | None = None, age: timedelta = timedelta()) -> Listing:
    return Listing(Query.latest(), [], source, NOW - age, error=error)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (dict(listing=None, fetching=True), ("fetching…", False)),
        (dict(listing=listing("cache", age=timedelta(hours=3)), fetching=True),
         ("fetching… · cache from 3 h ago", False)),
        (dict(listing=listing("demo"), fetching=True), ("fetching… · demo papers", False)),
        (dict(listing=None), ("loading…", False)),
        (dict(listing=None, error="boom"), ("fetch failed, nothing cached", True)),
        (dict(listing=listing("network"), updated_at=NOW - timedelta(minutes=2)),
         ("updated 2 min ago", False)),
        (dict(listing=listing("cache", age=timedelta(hours=3))), ("cached 3 h ago", False)),
        (dict(listing=listing("cache", OfflineError("x"), timedelta(hours=3))),
         ("offline, showing cache from 3 h ago", True)),
        (dict(listing=listing("cache", BadResponseError("x"), timedelta(days=3))),
         ("bad answer from Hugging Face, showing cache from 3 days ago", True)),
        (dict(listing=listing("demo")), ("demo papers", True)),
        (dict(listing=listing("demo", OfflineError("x"))), ("demo papers (offline)", True)),
        (dict(listing=None, bookmarks=True), ("saved on this computer", False)),
    ],
)  # fmt: skip
def test_status_words(kwargs, expected) -> None:
    query = None if kwargs.pop("bookmarks", False) else Query.latest()
    view = ViewState("latest" if query else "bookmarks", query, NOW.date(), **kwargs)
    assert view.status(NOW) == expected
