"""The background fetch: cache first, fresh papers merged in, honest status when it fails, and
a quit that does not wait for a slow server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.support.fixtures import FIXTURES, serve_fixture
from tests.support.reader import (
    cache_listing,
    fixture_papers,
    main_screen,
    make_app,
    notifications,
    settle,
)
from tui.config import Config
from tui.core.query import Query
from tui.core.store import Store
from tui.widgets.header_bar import HeaderBar

SIZE = (120, 36)
LATEST = Query.latest()


def header_status(app) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one(HeaderBar).status


@pytest.fixture
def gate(hf_server: HTTPServer) -> Iterator[threading.Event]:
    """A server whose Daily Papers answer waits until the test opens the gate (or it ends)."""
    gate = threading.Event()
    body = (FIXTURES / "daily_papers_2026-11-26.json").read_bytes()

    def slow(request: Request) -> Response:
        gate.wait(30)
        return Response(body, content_type="application/json")

    hf_server.expect_request("/api/daily_papers").respond_with_handler(slow)
    yield gate
    gate.set()


async def test_offline_with_a_cache_says_so_and_keeps_the_cache() -> None:
    papers = fixture_papers()[:10]
    cache_listing(LATEST, papers, age=timedelta(hours=3))
    app = make_app()  # HF_ENDPOINT is a closed port (conftest)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        assert screen.view.listing.source == "cache" and screen.view.listing.error is not None
        assert {p.id for p in screen.paper_list.papers} == {p.id for p in papers}
        assert header_status(app) == "offline, showing cache from 3 h ago"
        assert any("showing cache from 3 h ago" in text for text in notifications(app))


async def test_offline_without_a_cache_shows_the_demo_labelled() -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        assert screen.view.listing.source == "demo"
        assert screen.paper_list.row_count > 0
        assert header_status(app) == "demo papers (offline)"
        assert any("demo" in text for text in notifications(app))


async def test_server_error_falls_back_to_the_cache(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_data("oops", status=503)
    cache_listing(LATEST, fixture_papers()[:5], age=timedelta(minutes=20))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        assert screen.paper_list.row_count == 5
        assert header_status(app) == "unavailable, showing cache from 20 min ago"


@pytest.mark.parametrize(
    ("fixture", "expected_rows", "status"),
    [
        (
            "bad/daily_papers_truncated.json",
            5,
            "bad answer from Hugging Face, showing cache from 3 h ago",
        ),
        ("bad/daily_papers_missing_paper_id.json", None, "updated just now"),
        ("bad/daily_papers_wrong_types.json", None, "updated just now"),
    ],
)
async def test_bad_answers_never_crash(hf_server, fixture, expected_rows, status) -> None:
    serve_fixture(hf_server, "/api/daily_papers", fixture)
    cache_listing(LATEST, fixture_papers()[:5])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        assert header_status(app) == status
        if expected_rows is not None:
            assert screen.paper_list.row_count == expected_rows
        else:
            assert screen.view.listing.source == "network" and screen.paper_list.row_count > 0
        await pilot.press("j", "enter", "b", "c")  # and the reader keeps working
        await settle(pilot)


async def test_fresh_papers_are_merged_reporting_how_many_are_new(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")
    papers = fixture_papers()
    old, new = papers[:20], papers[20:]
    cache_listing(LATEST, old)
    with Store() as store:  # an earlier visit saw the cached papers
        store.mark_seen(p.id for p in old)
        store.record_visit()
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        assert screen.view.listing.source == "network"
        assert screen.paper_list.row_count == 28
        assert "8 new papers" in str(app.screen.header.render())
        assert screen.marks.new == {p.id for p in new}
        assert header_status(app) == "updated just now"


async def test_the_cursor_stays_on_its_paper_when_fresh_papers_arrive(
    gate: threading.Event,
) -> None:
    papers = fixture_papers()
    cache_listing(LATEST, papers[10:])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _wait_for_fetch(pilot)
        assert header_status(app) == "fetching… · cache from 3 h ago"
        await pilot.press("j", "j", "j")
        chosen = screen.paper_list.current
        gate.set()
        screen = await settle(pilot)
        assert screen.paper_list.row_count == 28
        assert screen.paper_list.current == chosen
        assert screen.detail.paper == chosen


async def test_quit_during_a_slow_fetch_is_prompt(gate: threading.Event) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for_fetch(pilot)
        started = time.perf_counter()
        await pilot.press("q")
    elapsed = time.perf_counter() - started
    assert not gate.is_set()  # the server never answered
    assert elapsed < 1.0, f"quit took {elapsed:.2f} s with a fetch in flight"


async def _wait_for_fetch(pilot):  # type: ignore[no-untyped-def]
    """Wait (by yielding, not sleeping) until the fetch worker is waiting on the server."""
    for _ in range(500):
        await pilot.pause()
        screen = main_screen(pilot.app)
        if screen is not None and not screen.cache_pending and screen.view.fetching:
            return screen
    raise AssertionError("the fetch never started")


async def test_background_refresh_fetches_again(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")
    app = make_app(config=Config(refresh_minutes=7))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        timers = {t._interval: t._callback for t in screen._timers}  # private, but precise
        assert timers[7 * 60] == screen._refresh_in_background
        before = len(hf_server.log)
        screen._refresh_in_background()  # what the refresh_minutes timer calls
        await settle(pilot)
        assert len(hf_server.log) == before + 1
        await pilot.press("5")  # the bookmarks view has nothing to fetch
        screen = await settle(pilot)
        screen._refresh_in_background()
        await settle(pilot)
        assert len(hf_server.log) == before + 1


async def test_a_corrupt_state_file_is_reported_and_the_reader_runs() -> None:
    from tui import paths

    (paths.data_dir() / "state.json").write_text("{ not json", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        assert any("corrupt" in text for text in notifications(app)), notifications(app)
        await pilot.press("b")
        await pilot.pause()
        assert Store().is_bookmarked(screen.paper_list.current.id)


async def test_a_large_cached_listing_shows_its_first_screen_before_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from tui.core.cache import HEAD_SIZE
    from tui.widgets.paper_list import PaperList

    base = fixture_papers()[0]
    papers = [
        replace(base, id=f"2611.{10000 + n:05d}", title=f"Paper {n}", upvotes=n)
        for n in range(HEAD_SIZE + 50)
    ]
    cache_listing(LATEST, papers)
    shown: list[list[int]] = []
    original = PaperList.set_papers

    def recording(self: PaperList, papers: list, index: object = None) -> None:  # type: ignore[type-arg]
        if papers:
            shown.append([paper.upvotes for paper in papers])
        original(self, papers, index)  # type: ignore[arg-type]

    monkeypatch.setattr(PaperList, "set_papers", recording)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        first, *later = shown
        assert len(first) == HEAD_SIZE and first[:3] == [149, 148, 147]  # the most upvoted
        assert len(later[0]) == HEAD_SIZE + 50  # then the whole listing
        assert screen.paper_list.row_count == HEAD_SIZE + 50
        assert screen.paper_list.current.upvotes == 149  # the cursor kept its paper


async def test_an_unexpected_worker_error_is_one_notification_and_the_reader_goes_on(
    hf_server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")

    def broken(query: Query, *, head: bool = False) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("tui.screens.listing_loader.read_cached", broken)
    monkeypatch.setattr("tui.screens.main.read_cached", lambda query, head=False: (None, ""))
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        failures = [text for text in notifications(app) if "disk on fire" in text]
        assert failures == ["Something went wrong (read the cached listing): disk on fire"]
        assert not screen.cache_pending
        assert screen.view.listing is not None and screen.view.listing.source == "network"
        assert screen.paper_list.row_count > 0  # the fetch went on without the cache
        assert header_status(app) == "updated just now"


async def test_offline_is_said_at_the_first_failure_while_the_retries_go_on() -> None:
    from tui.core.client import PapersClient

    cache_listing(LATEST, fixture_papers()[:5], age=timedelta(hours=3))
    # A patient client: four tries with backoff against a closed port (HF_ENDPOINT, conftest).
    app = make_app(client_factory=lambda: PapersClient(backoff=5.0, max_attempts=4))
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        for _ in range(400):  # yield until the first refusal is known; no clock involved
            await pilot.pause()
            screen = main_screen(app)
            if screen is not None and screen.view.failing is not None:
                break
        assert screen is not None and screen.view.fetching  # the retries are still going on
        assert header_status(app) == "offline, showing cache from 3 h ago"


async def test_an_unusable_cache_folder_is_one_notification_and_the_reader_runs(
    isolated_dirs,  # type: ignore[no-untyped-def]
) -> None:
    (isolated_dirs / "cache").mkdir(parents=True)
    (isolated_dirs / "cache" / "hfpapers").write_text("a file where the cache folder goes")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        about_cache = [text for text in notifications(app) if "cache" in text.lower()]
        assert len(about_cache) == 1 and "not a folder" in about_cache[0], about_cache
        assert screen.view.listing is not None and screen.view.listing.source == "demo"
        assert screen.paper_list.row_count > 0


async def test_a_listing_cut_at_the_paging_cap_says_so_in_the_header() -> None:
    from tui.core.cache import Cache

    Cache().save_listing(LATEST, fixture_papers(), truncated_at=50_000)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        left = app.screen.query_one(HeaderBar)._left.plain
        assert "papers (stopped after 50,000)" in left


async def test_a_large_fetched_listing_leaves_its_abstracts_in_the_cache_file(
    hf_server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.stored_abstract import StoredAbstract
    from tui.screens import listing_loader
    from tui.widgets.abstract_view import AbstractView

    monkeypatch.setattr(listing_loader, "ON_DISK_FROM", 10)  # the fixture's 50 papers: large
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")
    fetched = fixture_papers()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        assert screen.view.listing.source == "network"
        papers = screen.paper_list.papers
        assert {p.id for p in papers} == {p.id for p in fetched}
        assert all(isinstance(p.abstract, StoredAbstract) for p in papers)
        shown = screen.paper_list.current
        expected = next(p for p in fetched if p.id == shown.id).summary
        assert shown.summary == expected
        detail = screen.query_one(AbstractView)
        words = expected.split()[:3]
        assert " ".join(words) in " ".join(
            detail.render_line(y).text for y in range(detail.size.height)
        ).replace("  ", " ")


async def test_a_small_fetched_listing_keeps_its_abstracts(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        assert screen.view.listing.source == "network"
        assert all(isinstance(p.abstract, str) for p in screen.paper_list.papers)


async def test_moving_through_cached_days_keeps_no_cache_file_open_behind() -> None:
    """Each cached listing read keeps its file open for its abstracts; leaving the view lets
    it go, so a long session does not pile up open files."""
    import gc
    import os
    from datetime import date, timedelta

    from tests.support.synthetic import daily_items
    from tui.core.cache import HEAD_SIZE
    from tui.core.models import parse_listing
    from tui.core.stored_abstract import StoredAbstract
    from tui.core.views import StartView

    last = date(2026, 11, 26)
    days = [last - timedelta(days=n) for n in range(12)]
    papers = parse_listing(daily_items(HEAD_SIZE + 20)).papers  # read whole, not its head
    for day in days:
        cache_listing(Query.day(day.isoformat()), papers)
    app = make_app(start=StartView("day", Query.day(last.isoformat())))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        gc.collect()
        first = len(os.listdir("/proc/self/fd"))
        for day in days[1:]:
            await pilot.press("left_square_bracket")
            screen = await settle(pilot)
            assert screen.view.query == Query.day(day.isoformat())
            assert screen.view.listing is not None and screen.view.listing.source == "cache"
            assert isinstance(screen.paper_list.papers[0].abstract, StoredAbstract)
        gc.collect()
        assert len(os.listdir("/proc/self/fd")) <= first + 1
