"""Fetch with fallback: network, else the cache (with its age), else the demo, else the error."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.support.fixtures import load_fixture, serve_fixture
from tests.support.servers import dripping_server, month_items, serve_pages
from tui.core import client as client_module
from tui.core.cache import Cache
from tui.core.client import PapersClient
from tui.core.demo import demo_papers
from tui.core.errors import (
    BadResponseError,
    HFPapersError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    ServerError,
    SlowAnswerError,
)
from tui.core.library import (
    Listing,
    age_text,
    cache_problem,
    cached_listing,
    fetch_listing,
    fetch_paper,
    find_paper,
    known_paper,
)
from tui.core.models import parse_listing
from tui.core.query import Query

DAY = Query.day("2026-11-26")
FIXTURE = "daily_papers_2026-11-26.json"
FIXTURE_IDS = [item["paper"]["id"] for item in load_fixture(FIXTURE)]


def fast_client(endpoint: str = "http://127.0.0.1:9") -> PapersClient:
    return PapersClient(endpoint, backoff=0.0, retry_budget=2.0)


async def test_a_fetched_listing_is_fresh_and_kept(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", FIXTURE, {"date": "2026-11-26"})
    listing = await fetch_listing(DAY)
    assert listing.source == "network"
    assert [p.id for p in listing.papers] == FIXTURE_IDS
    assert listing.error is None and listing.notice is None
    assert listing.status_text == "updated just now"
    cached = Cache().load_listing(DAY)
    assert cached is not None
    assert cached.papers == listing.papers
    assert cached.fetched_at == listing.fetched_at


async def test_offline_serves_the_cache_with_its_age(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", FIXTURE)
    fresh = await fetch_listing(DAY)
    listing = await fetch_listing(DAY, client=fast_client())
    assert listing.source == "cache"
    assert listing.papers == fresh.papers
    assert isinstance(listing.error, OfflineError)
    assert listing.status_text == "offline, showing cache from just now"
    assert listing.notice == (
        "offline (cannot reach 127.0.0.1:9: connection refused); showing cache from just now"
    )


async def test_the_age_of_an_old_cache_is_told() -> None:
    papers = parse_listing(load_fixture(FIXTURE)).papers
    three_hours_ago = datetime.now(UTC) - timedelta(hours=3, minutes=5)
    Cache().save_listing(DAY, papers, fetched_at=three_hours_ago)
    listing = await fetch_listing(DAY, client=fast_client())
    assert listing.status_text == "offline, showing cache from 3 h ago"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(5, "just now"), (61, "1 min ago"), (3599, "59 min ago"), (3600, "1 h ago"),
     (47 * 3600, "47 h ago"), (3 * 86400 + 5, "3 days ago")],
)  # fmt: skip
def test_age_text(seconds: int, text: str) -> None:
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    assert age_text(now - timedelta(seconds=seconds), now) == text


async def test_offline_with_nothing_cached_shows_the_labelled_demo() -> None:
    listing = await fetch_listing(Query.latest(), client=fast_client(), limit=5)
    assert listing.source == "demo"
    assert listing.papers == demo_papers()[:5]
    assert listing.status_text == "demo papers (offline, nothing cached)"
    assert listing.notice is not None
    assert "showing bundled demo papers (recorded 18 May 2026), not live data" in listing.notice


@pytest.mark.parametrize("query", [DAY, Query.trending(), Query.search("kazakh")])
async def test_other_views_offline_with_nothing_cached_raise(query: Query) -> None:
    with pytest.raises(OfflineError, match=r"cannot reach 127\.0\.0\.1:9"):
        await fetch_listing(query, client=fast_client())


def serve_fault(server: HTTPServer, fault: str) -> None:
    if fault == "truncated":
        serve_fixture(server, "/api/daily_papers", "bad/daily_papers_truncated.json")
        return
    request = server.expect_request("/api/daily_papers")
    if fault == "500":
        request.respond_with_data("", status=500)
    elif fault == "429":
        request.respond_with_data("", status=429, headers={"Retry-After": "30"})
    else:
        request.respond_with_data("<html>oops</html>", content_type="text/html")


@pytest.mark.parametrize(
    ("fault", "error_type"),
    [("500", ServerError), ("429", RateLimitedError), ("html", BadResponseError),
     ("truncated", BadResponseError)],
)  # fmt: skip
async def test_each_fault_falls_back_to_an_intact_cache(
    hf_server: HTTPServer, fault: str, error_type: type
) -> None:
    serve_fixture(hf_server, "/api/daily_papers", FIXTURE)
    fresh = await fetch_listing(DAY)
    path = Cache().listing_path(DAY)
    before = path.read_bytes()
    hf_server.clear()
    serve_fault(hf_server, fault)
    listing = await fetch_listing(DAY, client=fast_client(hf_server.url_for("/")))
    assert isinstance(listing.error, error_type)
    assert listing.source == "cache"
    assert listing.papers == fresh.papers
    assert path.read_bytes() == before
    kind = {"500": "unavailable", "429": "rate limited"}.get(fault, "bad answer from Hugging Face")
    assert listing.status_text == f"{kind}, showing cache from just now"


@pytest.mark.parametrize(
    ("fault", "error_type"),
    [("500", ServerError), ("html", BadResponseError), ("truncated", BadResponseError)],
)
async def test_each_fault_without_a_cache_raises(
    hf_server: HTTPServer, fault: str, error_type: type
) -> None:
    serve_fault(hf_server, fault)
    with pytest.raises(error_type):
        await fetch_listing(DAY, client=fast_client(hf_server.url_for("/")))
    assert not Cache().listing_path(DAY).exists()


async def test_a_limited_fetch_keeps_its_papers_but_not_as_the_listing(
    hf_server: HTTPServer,
) -> None:
    serve_fixture(hf_server, "/api/daily_papers", FIXTURE)
    listing = await fetch_listing(DAY, limit=5)
    assert [p.id for p in listing.papers] == FIXTURE_IDS[:5]
    assert Cache().load_listing(DAY) is None  # five papers would hide the other 23 offline
    assert Cache().load_paper(FIXTURE_IDS[4]) == listing.papers[4]
    await fetch_listing(DAY)
    assert len(Cache().load_listing(DAY).papers) == 28  # type: ignore[union-attr]
    offline = await fetch_listing(DAY, client=fast_client(), limit=3)
    assert [p.id for p in offline.papers] == FIXTURE_IDS[:3]


async def test_an_unwritable_cache_does_not_cost_the_fresh_listing(
    hf_server: HTTPServer, tmp_path: Path
) -> None:
    serve_fixture(hf_server, "/api/daily_papers", FIXTURE)
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the cache dir should be")
    listing = await fetch_listing(DAY, cache=Cache(blocked))
    assert listing.source == "network"
    assert len(listing.papers) == 28


def test_cached_listing_prefers_the_cache_then_the_demo() -> None:
    assert cached_listing(DAY) is None
    assert cached_listing(Query.search("x")) is None
    demo = cached_listing(Query.latest())
    assert demo is not None and demo.source == "demo" and demo.error is None
    assert demo.status_text == "demo papers (nothing cached yet)"
    papers = parse_listing(load_fixture(FIXTURE)).papers
    Cache().save_listing(Query.latest(), papers)
    cached = cached_listing(Query.latest())
    assert isinstance(cached, Listing)
    assert cached.source == "cache" and cached.papers == papers
    assert cached.status_text == "cached just now"


def test_painting_from_the_cache_does_not_import_httpx() -> None:
    code = (
        "import sys\n"
        "from tui.core.library import cached_listing\n"
        "from tui.core.query import Query\n"
        "assert cached_listing(Query.latest()) is not None\n"
        "print('httpx' in sys.modules, 'textual' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert out.stdout.split() == ["False", "False"]


def test_demo_papers_are_real_records_from_the_recorded_feed() -> None:
    recorded = {
        p.id: p for p in parse_listing(load_fixture("real/daily_papers_2026-05-18.json")).papers
    }
    demo = demo_papers()
    assert 12 <= len(demo) <= 20
    assert all(recorded[paper.id] == paper for paper in demo)
    assert [p.upvotes for p in demo] == sorted((p.upvotes for p in demo), reverse=True)


async def test_known_paper_is_offline_only(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", FIXTURE)
    await fetch_listing(DAY)
    assert known_paper(f"{FIXTURE_IDS[0]}v2").id == FIXTURE_IDS[0]  # type: ignore[union-attr]
    assert known_paper(demo_papers()[0].id) == demo_papers()[0]
    assert known_paper("2605.99999") is None
    assert known_paper("nonsense") is None
    assert len(hf_server.log) == 1


async def test_find_paper_uses_the_cache_before_the_network(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/papers/2605.15320", "real/paper_2605.15320.json")
    cached = parse_listing(load_fixture(FIXTURE)).papers[0]
    Cache().save_papers([cached])
    assert await find_paper(cached.id) == cached
    assert await find_paper(demo_papers()[0].id) == demo_papers()[0]
    assert hf_server.log == []
    fetched = await find_paper("arXiv:2605.15320v1")  # neither cached nor in the demo
    assert fetched.title.startswith("FFAvatar")
    assert len(hf_server.log) == 1
    assert Cache().load_paper("2605.15320") == fetched


async def test_fetch_paper_is_fresh_then_falls_back(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/papers/2605.13301", "real/paper_2605.13301.json")
    found = await fetch_paper("2605.13301")
    assert found.source == "network" and found.notice is None
    offline = await fetch_paper("2605.13301", client=fast_client())
    assert offline.source == "cache"
    assert offline.paper == found.paper
    assert offline.notice == (
        "offline (cannot reach 127.0.0.1:9: connection refused); showing 2605.13301 from the cache"
    )
    demo_id = demo_papers()[1].id
    from_demo = await fetch_paper(demo_id, client=fast_client())
    assert from_demo.source == "demo"
    with pytest.raises(OfflineError):
        await fetch_paper("2605.99999", client=fast_client())


async def test_not_found_is_an_answer_not_a_reason_to_fall_back(hf_server: HTTPServer) -> None:
    paper = demo_papers()[0]  # known offline, yet Hugging Face's "no" wins
    hf_server.expect_request(f"/api/papers/{paper.id}").respond_with_data("", status=404)
    with pytest.raises(NotFoundError, match=f"paper {paper.id} not found"):
        await fetch_paper(paper.id)


async def test_an_invalid_id_is_refused_before_anything(hf_server: HTTPServer) -> None:
    with pytest.raises(ValueError, match="not an arXiv id"):
        await find_paper("1234")
    assert hf_server.log == []


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (OfflineError("cannot reach x"), "offline, showing cache from 3 h ago"),
        (RateLimitedError("HTTP 429"), "rate limited, showing cache from 3 h ago"),
        (ServerError("HTTP 503"), "unavailable, showing cache from 3 h ago"),
        (BadResponseError("web page"), "bad answer from Hugging Face, showing cache from 3 h ago"),
    ],
)
def test_the_status_names_why_the_cache_is_shown(error: HFPapersError, status: str) -> None:
    fetched = datetime.now(UTC) - timedelta(hours=3, minutes=1)
    listing = Listing(Query.latest(), [], "cache", fetched, error=error)
    assert listing.status_text == status


# --- a bad answer never replaces a good cached listing ---------------------------------------

CLOSED_DAY = Query.day("2025-01-15")
JUNK: list[object] = [{"paper": {}}, "junk", None, {"paper": {"id": "2611.00001"}}]


def cache_papers(query: Query, count: int) -> tuple[list, bytes]:
    """``count`` fixture papers saved as the listing of ``query``; the file's bytes."""
    papers = parse_listing(load_fixture(FIXTURE)).papers[:count]
    Cache().save_listing(query, papers)
    return papers, Cache().listing_path(query).read_bytes()


async def test_a_mostly_unreadable_answer_keeps_the_cached_listing(hf_server: HTTPServer) -> None:
    cached, before = cache_papers(CLOSED_DAY, 8)
    good = load_fixture(FIXTURE)[20]
    hf_server.expect_request("/api/daily_papers").respond_with_json([good, *JUNK * 10])
    listing = await fetch_listing(CLOSED_DAY)
    assert listing.source == "cache"
    assert listing.papers == cached
    assert isinstance(listing.error, BadResponseError)
    assert listing.error.message == (
        "Hugging Face answered with 1 readable record of 41; keeping the cached listing"
    )
    assert listing.status_text == "bad answer from Hugging Face, showing cache from just now"
    assert Cache().listing_path(CLOSED_DAY).read_bytes() == before


async def test_a_mostly_unreadable_answer_with_nothing_cached_is_shown(
    hf_server: HTTPServer,
) -> None:
    good = load_fixture(FIXTURE)[20]
    hf_server.expect_request("/api/daily_papers").respond_with_json([good, *JUNK * 10])
    listing = await fetch_listing(CLOSED_DAY)
    assert (listing.source, [p.id for p in listing.papers]) == ("network", [good["paper"]["id"]])
    assert listing.skipped == 40


async def test_an_answer_half_readable_replaces_the_cache(hf_server: HTTPServer) -> None:
    cache_papers(CLOSED_DAY, 8)
    items = load_fixture(FIXTURE)[20:24]
    hf_server.expect_request("/api/daily_papers").respond_with_json([*items, *JUNK])
    listing = await fetch_listing(CLOSED_DAY)
    assert (listing.source, len(listing.papers), listing.skipped) == ("network", 4, 4)
    assert len(Cache().load_listing(CLOSED_DAY).papers) == 4  # type: ignore[union-attr]


async def test_readability_is_judged_before_the_limit_cuts(hf_server: HTTPServer) -> None:
    cache_papers(CLOSED_DAY, 8)
    hf_server.expect_request("/api/daily_papers").respond_with_json([*load_fixture(FIXTURE), *JUNK])
    listing = await fetch_listing(CLOSED_DAY, limit=3)  # 3 papers kept, 4 records skipped
    assert (listing.source, len(listing.papers), listing.skipped) == ("network", 3, 4)


@pytest.mark.parametrize(
    ("query", "label"),
    [
        (CLOSED_DAY, "Wed 15 Jan 2025"),
        (Query.week("2025-W03"), "Week 2025-W03"),
        (Query.month("2025-01"), "January 2025"),
    ],
)
async def test_an_empty_answer_for_a_closed_period_keeps_the_cache(
    hf_server: HTTPServer, query: Query, label: str
) -> None:
    cached, before = cache_papers(query, 8)
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    listing = await fetch_listing(query)
    assert (listing.source, listing.papers) == ("cache", cached)
    assert isinstance(listing.error, BadResponseError)
    assert listing.error.message == (
        f"Hugging Face answered with no papers for {label}, which had 8 cached; "
        "keeping the cached listing"
    )
    assert Cache().listing_path(query).read_bytes() == before


def open_period(kind: str) -> Query:
    """The view of ``kind`` that holds today, made when the test runs (not when it is
    collected: a run that crosses midnight would otherwise test a period already over)."""
    today = datetime.now(UTC).date()
    iso = today.isocalendar()
    return {
        "latest": Query.latest(),
        "trending": Query.trending(),
        "day": Query.day(today),
        "week": Query.week(f"{iso.year}-W{iso.week:02d}"),
        "month": Query.month(f"{today:%Y-%m}"),
    }[kind]


@pytest.mark.parametrize("kind", ["latest", "trending", "day", "week", "month"])
async def test_an_empty_answer_for_an_open_view_replaces_the_cache(
    hf_server: HTTPServer, kind: str
) -> None:
    query = open_period(kind)
    cache_papers(query, 8)
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    listing = await fetch_listing(query)
    assert (listing.source, listing.papers, listing.error) == ("network", [], None)
    assert Cache().load_listing(query).papers == []  # type: ignore[union-attr]


# --- an unusable cache folder ------------------------------------------------------------------


async def test_a_file_where_the_cache_folder_should_be_costs_nothing_but_the_cache(
    hf_server: HTTPServer, isolated_dirs: Path
) -> None:
    folder = isolated_dirs / "cache" / "hfpapers"
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder")
    assert cached_listing(DAY) is None
    assert cached_listing(Query.latest()).source == "demo"  # type: ignore[union-attr]
    serve_fixture(hf_server, "/api/daily_papers", FIXTURE)
    listing = await fetch_listing(DAY)
    assert (listing.source, len(listing.papers)) == ("network", 28)
    assert cache_problem() == f"cache off: {folder} is not a folder"
    assert folder.read_text() == "not a folder"


def test_a_cache_that_cannot_be_created_has_a_problem_not_an_exception() -> None:
    cache = Cache(Path("/proc/self/no-such-dir/hfpapers"))
    assert cache.load_listing(DAY) is None
    assert cache.load_paper(FIXTURE_IDS[0]) is None
    cache.save_listing(DAY, parse_listing(load_fixture(FIXTURE)).papers)  # silently not kept
    assert cache_problem(cache) == (
        "cache off: cannot create /proc/self/no-such-dir/hfpapers (no such file or directory)"
    )


def test_a_usable_cache_has_no_problem() -> None:
    assert cache_problem() is None


# --- a slow answer -----------------------------------------------------------------------------


async def test_a_dripping_server_shows_the_cache_within_the_deadline() -> None:
    cached, _ = cache_papers(DAY, 8)
    with dripping_server(0.05) as endpoint:
        client = PapersClient(endpoint, deadline=0.4, backoff=0.0)
        listing = await asyncio.wait_for(fetch_listing(DAY, client=client), 20)
        await client.aclose()
    assert (listing.source, listing.papers) == ("cache", cached)
    assert isinstance(listing.error, SlowAnswerError)
    assert listing.status_text == "slow answer, showing cache from just now"
    assert listing.notice == (
        f"slow answer ({endpoint[7:]} sent no complete answer within 0.4 s); "
        "showing cache from just now"
    )


# --- paging to the end, and a listing cut by the safety cap ----------------------------------


async def test_a_listing_cut_by_the_safety_cap_says_so_fresh_and_cached(
    hf_server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "MAX_PAGES", 2)
    serve_pages(hf_server, month_items(120))
    month = Query.month("2026-10")
    fresh = await fetch_listing(month)
    assert (len(fresh.papers), fresh.truncated_at) == (100, 100)
    offline = await fetch_listing(month, client=fast_client())
    assert (offline.source, len(offline.papers), offline.truncated_at) == ("cache", 100, 100)
    assert cached_listing(month).truncated_at == 100  # type: ignore[union-attr]


# --- the first failure, at once ----------------------------------------------------------------


async def test_fetch_listing_tells_the_first_failure_while_retrying() -> None:
    cache_papers(DAY, 8)
    told: list[HFPapersError] = []
    first = asyncio.Event()

    def on_first_failure(error: HFPapersError) -> None:
        told.append(error)
        first.set()

    client = PapersClient("http://127.0.0.1:9", backoff=30.0, retry_budget=300.0, deadline=300.0)
    fetch = asyncio.create_task(
        fetch_listing(DAY, client=client, on_first_failure=on_first_failure)
    )
    try:
        await asyncio.wait_for(first.wait(), 20)
        assert not fetch.done()
    finally:
        fetch.cancel()
        await asyncio.gather(fetch, return_exceptions=True)
        await client.aclose()
    assert [error.message for error in told] == ["cannot reach 127.0.0.1:9: connection refused"]


async def test_a_success_after_the_first_failure_is_the_answer(hf_server: HTTPServer) -> None:
    hf_server.expect_oneshot_request("/api/daily_papers").respond_with_data("", status=502)
    serve_fixture(hf_server, "/api/daily_papers", FIXTURE)
    told: list[HFPapersError] = []
    listing = await fetch_listing(
        DAY, client=fast_client(hf_server.url_for("/")), on_first_failure=told.append
    )
    assert [type(error) for error in told] == [ServerError]
    assert (listing.source, len(listing.papers), listing.error) == ("network", 28, None)


def test_a_fetched_listing_takes_its_abstracts_from_the_cache_only_when_it_holds_the_same() -> None:
    from dataclasses import replace

    from tui.core.library import with_abstracts_on_disk
    from tui.core.stored_abstract import StoredAbstract

    papers = parse_listing(load_fixture(FIXTURE)).papers
    fetched = Listing(Query.latest(), papers, "network")
    assert with_abstracts_on_disk(fetched) is fetched  # nothing cached yet
    Cache().save_listing(Query.latest(), papers)
    settled = with_abstracts_on_disk(fetched)
    assert settled.papers == papers and settled.source == "network"
    assert all(isinstance(p.abstract, StoredAbstract) for p in settled.papers)
    other = replace(fetched, papers=papers[1:])  # the cache holds another set by now
    assert with_abstracts_on_disk(other) is other
    cached = replace(fetched, source="cache")
    assert with_abstracts_on_disk(cached) is cached
