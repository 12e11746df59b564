"""Dates hfpapers can mean (1991-2099): refused on the command line, never produced by moving
through time, dropped from records; and only the YYYY-MM-DD form of a day."""

from __future__ import annotations

from datetime import date

import pytest
from pytest_httpserver import HTTPServer

from tests.support.cli import hfpapers
from tui.core.models import Paper, parse_item
from tui.core.query import Query

# --- the command line: one line, exit 2, before any request --------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--date", "0001-01-01"], "the day '0001-01-01' is out of range"),
        (["list", "--date", "9999-12-31"], "the day '9999-12-31' is out of range"),
        (["list", "--date", "1990-12-31"], "the day '1990-12-31' is out of range"),
        (["list", "--month", "0000-05"], "the month '0000-05' is out of range"),
        (["list", "--month", "2100-01"], "the month '2100-01' is out of range"),
        (["list", "--week", "9999-W52"], "the week '9999-W52' is out of range"),
        (["list", "--week", "1990-W52"], "the week '1990-W52' is out of range"),
        (["list", "--date", "20261126"], "not a date (YYYY-MM-DD): '20261126'"),
        (["list", "--date", "2026-W48-1"], "not a date (YYYY-MM-DD): '2026-W48-1'"),
        (["list", "--limit", "\u0663"], "argument --limit: expected a whole number of 1 or more"),
        (["list", "--limit", "1_0"], "argument --limit: expected a whole number of 1 or more"),
        (["search", "x", "--limit", "\uff13"], "argument --limit: expected a whole number"),
        (["--date", "0001-01-01"], "the day '0001-01-01' is out of range"),
        (["--month", "0000-05"], "the month '0000-05' is out of range"),
    ],
)
def test_out_of_range_and_loose_dates_are_usage_errors(
    hf_server: HTTPServer, args: list[str], message: str
) -> None:
    result = hfpapers(*args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr, result.stderr
    assert hf_server.log == []


def test_the_edges_of_the_range_are_accepted() -> None:
    assert Query.day("1991-01-01").value == "1991-01-01"
    assert Query.day(date(2099, 12, 31)).value == "2099-12-31"
    assert Query.week("1991-W01").value == "1991-W01"  # starts on 31 December 1990
    assert Query.month("2099-12").value == "2099-12"


def test_a_date_object_out_of_range_is_refused_too() -> None:
    with pytest.raises(ValueError, match="out of range"):
        Query.day(date(1, 1, 1))


# --- moving through time stops at the edges -----------------------------------------------


@pytest.mark.parametrize(
    ("query", "steps"),
    [
        (Query.day("1991-01-01"), -1),
        (Query.day("2099-12-31"), 1),
        (Query.week("1991-W01"), -1),
        (Query.month("1991-01"), -1),
        (Query.month("2099-12"), 1),
        (Query.day("2026-11-26"), -(10**7)),
        (Query.week("2026-W48"), 10**6),
    ],
)
def test_shifting_past_an_edge_returns_the_same_query(query: Query, steps: int) -> None:
    assert query.shifted(steps) is query


def test_shifting_inside_the_range_still_moves() -> None:
    assert Query.day("1991-01-02").shifted(-1) == Query.day("1991-01-01")
    assert Query.week("2026-W01").shifted(-1) == Query.week("2025-W52")
    assert Query.month("2026-01").shifted(-1) == Query.month("2025-12")
    assert Query.month("2099-11").shifted(1) == Query.month("2099-12")


# --- records: a date out of range is dropped, the paper kept ------------------------------


@pytest.mark.parametrize("bad", ["9999-12-31T00:00:00.000Z", "0001-01-01T00:00:00Z", 1e18])
def test_an_api_record_with_a_date_out_of_range_keeps_the_paper_without_it(bad: object) -> None:
    item = {
        "paper": {
            "id": "2605.15320",
            "title": "T",
            "summary": "S",
            "publishedAt": bad,
            "submittedOnDailyAt": bad,
        }
    }
    paper = parse_item(item)
    assert (paper.id, paper.published_at, paper.daily_date) == ("2605.15320", None, None)


def test_a_stored_record_with_a_date_out_of_range_keeps_the_paper_without_it() -> None:
    record = {
        "id": "2605.15320",
        "title": "T",
        "summary": "S",
        "published_at": "9999-12-31T00:00:00Z",
        "daily_date": "9999-12-31",
    }
    paper = Paper.from_record(record)
    assert (paper.title, paper.published_at, paper.daily_date) == ("T", None, None)
