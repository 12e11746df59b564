"""Fetch with fallback: network, else the cache (with its age), else the demo, else the error."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.conftest import load_fixture, serve_fixture
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
)
from tui.core.library import (
    Listing,
    age_text,
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
