"""Snapshot tests of the reader (pytest-textual-snapshot): main screen, detail, help, offline,
an empty day, and 80x24. Deterministic: fixture data, a frozen clock, no blinking cursor, no
real network. Review changes with `pytest tests/test_snapshots.py --snapshot-report` and
accept them with `--snapshot-update` only after looking at the report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from textual.pilot import Pilot

from tests.support.fixtures import serve_fixture
from tests.support.reader import DAY, cache_listing, fixture_papers, make_app, no_blink, settle
from tui.core.query import Query
from tui.core.views import StartView


@pytest.fixture
def served(hf_server: HTTPServer) -> HTTPServer:
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json", {"date": DAY})
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    return hf_server


def before(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        no_blink(pilot.app)
        await pilot.pause()

    return run_before


def day_app():  # type: ignore[no-untyped-def]
    return make_app(start=StartView("day", Query.day(DAY)))


def test_main_screen(served, snap_compare) -> None:
    assert snap_compare(day_app(), terminal_size=(120, 34), run_before=before("j", "j"))


def test_detail_focused(served, snap_compare) -> None:
    assert snap_compare(day_app(), terminal_size=(120, 34), run_before=before("j", "enter"))


def test_help(served, snap_compare) -> None:
    assert snap_compare(day_app(), terminal_size=(120, 34), run_before=before("question_mark"))


def test_offline_status(snap_compare) -> None:
    cache_listing(Query.day(DAY), fixture_papers(), age=timedelta(hours=3))
    assert snap_compare(day_app(), terminal_size=(120, 34), run_before=before())


def test_empty_listing(served, snap_compare) -> None:
    app = make_app(start=StartView("day", Query.day("2026-11-22")))
    assert snap_compare(app, terminal_size=(120, 34), run_before=before())


def test_narrow_80x24(served, snap_compare) -> None:
    assert snap_compare(day_app(), terminal_size=(80, 24), run_before=before("j"))


def test_filter_and_bookmark(served, snap_compare) -> None:
    keys = ("b", "slash", *"sparse", "enter", "j", "m")
    assert snap_compare(day_app(), terminal_size=(120, 34), run_before=before(*keys))


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_a_real_day_shows_the_abstract_first(hf_server: HTTPServer, snap_compare, size) -> None:
    """The recorded 2026-05-18 day: the first line of the abstract is on the first screen."""
    serve_fixture(hf_server, "/api/daily_papers", "real/daily_papers_2026-05-18.json")
    app = make_app(start=StartView("day", Query.day("2026-05-18")))
    assert snap_compare(app, terminal_size=size, run_before=before("n"))
