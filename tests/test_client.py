"""The API client against a real local HTTP server: calls, paging, headers and every fault."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import orjson
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.support.fixtures import FIXTURES, load_fixture, serve_fixture
from tui import __version__
from tui.core.client import PapersClient, retry_after
from tui.core.errors import (
    BadResponseError,
    NetworkError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
    ServerError,
)
from tui.core.query import Query

DAY = "2026-11-26"
DAILY_FIXTURE = "daily_papers_2026-11-26.json"


def make_client(server: HTTPServer | str, **options: float) -> PapersClient:
    """A client for ``server`` that retries without waiting, so tests stay fast."""
    endpoint = server if isinstance(server, str) else server.url_for("/")
    options = {"backoff": 0.0, "retry_budget": 5.0, **options}
    return PapersClient(endpoint, **options)  # type: ignore[arg-type]


def params(server: HTTPServer) -> list[dict[str, str]]:
    return [dict(request.args) for request, _ in server.log]


def serve_items(server: HTTPServer, items: list, query: dict[str, str] | None = None) -> None:
    server.expect_request("/api/daily_papers", query_string=query).respond_with_json(items)


# --- calls and parameters --------------------------------------------------------------------


async def test_day_listing_asks_for_the_date_and_parses_every_paper(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json", {"date": DAY})
    async with make_client(hf_server) as client:
        result = await client.listing(Query.day(DAY))
    expected = [item["paper"]["id"] for item in load_fixture("daily_papers_2026-11-26.json")]
    assert [paper.id for paper in result.papers] == expected
    assert result.skipped == 0
    assert params(hf_server) == [{"date": DAY, "p": "0", "limit": "50"}]


async def test_requests_name_hfpapers_and_send_no_token_by_default(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")
    async with make_client(hf_server) as client:
        await client.listing(Query.latest())
    request = hf_server.log[0][0]
    assert request.headers["User-Agent"] == f"hfpapers/{__version__}"
    assert "Authorization" not in request.headers


async def test_hf_token_is_sent_as_bearer_and_never_shown(
    hf_server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_secret123")
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")
    client = PapersClient()  # endpoint and token from the environment
    async with client:
        await client.listing(Query.latest())
    assert hf_server.log[0][0].headers["Authorization"] == "Bearer hf_secret123"
    assert "hf_secret123" not in repr(client)


def test_endpoint_comes_from_hf_endpoint_without_trailing_slash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "https://hf-mirror.example/// ")
    assert PapersClient().endpoint == "https://hf-mirror.example"
    monkeypatch.delenv("HF_ENDPOINT")
    assert PapersClient().endpoint == "https://huggingface.co"


@pytest.mark.parametrize("endpoint", ["ftp://example.org", "huggingface.co", "http://"])
def test_an_unusable_endpoint_is_refused_with_a_clear_message(endpoint: str) -> None:
    with pytest.raises(ValueError, match="HF_ENDPOINT is not an http"):
        PapersClient(endpoint)


def test_a_malformed_endpoint_url_names_the_setting() -> None:
    with pytest.raises(ValueError) as caught:
        PapersClient("http://[::1")
    assert str(caught.value) == "HF_ENDPOINT is not a valid URL (Invalid IPv6 URL): 'http://[::1'"


def test_a_token_with_control_characters_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValueError, match="HF_TOKEN") as caught:
        PapersClient("http://127.0.0.1:9", token="hf_abc\ndef")
    assert "hf_abc" not in str(caught.value)


async def test_week_listing_pages_until_a_short_page(hf_server: HTTPServer) -> None:
    items = load_fixture("daily_papers_2026-11-26.json")
    for page in range(3):
        chunk = items[page * 10 : page * 10 + 10]
        serve_items(hf_server, chunk, {"week": "2026-W48", "p": str(page), "limit": "10"})
    async with make_client(hf_server, page_size=10) as client:
        result = await client.listing(Query.week("2026-W48"))
    assert [p.id for p in result.papers] == [item["paper"]["id"] for item in items]
    assert [q["p"] for q in params(hf_server)] == ["0", "1", "2"]


async def test_limit_caps_the_total_and_stops_paging(hf_server: HTTPServer) -> None:
    items = load_fixture("daily_papers_2026-11-26.json")
    for page in range(3):
        chunk = items[page * 10 : page * 10 + 10]
        serve_items(hf_server, chunk, {"month": "2026-11", "p": str(page), "limit": "10"})
    async with make_client(hf_server, page_size=10) as client:
        result = await client.listing(Query.month("2026-11"), limit=15)
    assert [p.id for p in result.papers] == [item["paper"]["id"] for item in items[:15]]
    assert [q["p"] for q in params(hf_server)] == ["0", "1"]


async def test_paging_stops_when_the_server_ignores_the_page(hf_server: HTTPServer) -> None:
    items = load_fixture("daily_papers_2026-11-26.json")[:10]
    serve_items(hf_server, items)  # the same full page whatever p is
    async with make_client(hf_server, page_size=10) as client:
        result = await client.listing(Query.day(DAY))
    assert len(result.papers) == 10
    assert len(hf_server.log) == 2


async def test_a_page_of_unreadable_records_does_not_end_paging(hf_server: HTTPServer) -> None:
    good = load_fixture(DAILY_FIXTURE)[0]
    serve_items(hf_server, [{"paper": {}}, "junk"], {"date": DAY, "p": "0", "limit": "2"})
    serve_items(hf_server, [good], {"date": DAY, "p": "1", "limit": "2"})
    async with make_client(hf_server, page_size=2) as client:
        result = await client.listing(Query.day(DAY))
    assert [p.id for p in result.papers] == [good["paper"]["id"]]
    assert result.skipped == 2
    assert len(hf_server.log) == 2


async def test_latest_is_one_page_even_when_full(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "real/daily_papers_2026-05-18.json")
    async with make_client(hf_server) as client:
        result = await client.listing(Query.latest())
    assert len(result.papers) == 50
    assert params(hf_server) == [{"p": "0", "limit": "50"}]


async def test_trending_asks_for_the_trending_sort(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")
    async with make_client(hf_server) as client:
        await client.listing(Query.trending(), limit=5)
    assert params(hf_server) == [{"sort": "trending", "p": "0", "limit": "5"}]


async def test_search_sends_q_and_limit(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/papers/search", "real/search_kazakh_2025-05.json")
    async with make_client(hf_server) as client:
        everything = await client.search("kazakh")
        some = await client.listing(Query.search("kazakh  corpus"), limit=3)
    assert len(everything.papers) == 9
    assert [p.id for p in some.papers] == [p.id for p in everything.papers[:3]]
    assert params(hf_server) == [{"q": "kazakh"}, {"q": "kazakh corpus", "limit": "3"}]


async def test_paper_drops_the_version_suffix(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/papers/2605.13301", "real/paper_2605.13301.json")
    async with make_client(hf_server) as client:
        paper = await client.paper("2605.13301v2")
    assert (paper.id, paper.upvotes, paper.github_stars) == ("2605.13301", 140, 70)


async def test_an_invalid_id_fails_before_any_request(hf_server: HTTPServer) -> None:
    async with make_client(hf_server) as client:
        with pytest.raises(ValueError, match=r"not an arXiv id: '\.\./etc'"):
            await client.paper("../etc")
    assert hf_server.log == []


# --- faults ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [Query.day(DAY), Query.search("x")])
async def test_an_answer_of_only_unreadable_records_is_a_bad_response(
    hf_server: HTTPServer, query: Query
) -> None:
    junk = [{"paper": {}}, "junk", None, [load_fixture(DAILY_FIXTURE)[0]]]
    hf_server.expect_request("/api/daily_papers").respond_with_json(junk)
    hf_server.expect_request("/api/papers/search").respond_with_json(junk)
    async with make_client(hf_server) as client:
        with pytest.raises(BadResponseError) as caught:
            await client.listing(query)
    host = hf_server.url_for("/").split("//")[1].rstrip("/")
    assert (
        caught.value.message == f"unusable answer from {host}: none of its 4 records could be read"
    )


async def test_an_empty_answer_is_an_empty_listing(hf_server: HTTPServer) -> None:
    serve_items(hf_server, [])
    async with make_client(hf_server) as client:
        result = await client.listing(Query.day(DAY))
    assert (result.papers, result.skipped) == ([], 0)


async def test_another_paper_than_the_one_asked_for_is_a_bad_response(
    hf_server: HTTPServer,
) -> None:
    hf_server.expect_request("/api/papers/2605.13301").respond_with_data(
        (FIXTURES / "real/paper_2605.15320.json").read_bytes(), content_type="application/json"
    )
    async with make_client(hf_server) as client:
        with pytest.raises(BadResponseError) as caught:
            await client.paper("2605.13301v1")
    assert caught.value.message.endswith("asked for paper 2605.13301, got 2605.15320")


async def test_a_gone_paper_is_not_found(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/papers/2605.13301").respond_with_data("", status=410)
    async with make_client(hf_server) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.paper("2605.13301")
    assert caught.value.message == "paper 2605.13301 not found on Hugging Face"
    assert len(hf_server.log) == 1


async def test_unknown_paper_is_not_found(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/papers/1234.56789").respond_with_json(
        {"error": "Paper not found"}, status=404
    )
    async with make_client(hf_server) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.paper("1234.56789")
    assert caught.value.message == "paper 1234.56789 not found on Hugging Face"
    assert caught.value.exit_code == 1
    assert len(hf_server.log) == 1  # a 404 is an answer, not retried


async def test_a_rejected_date_is_a_clear_error_without_retries(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_json(
        {"error": "Invalid date"}, status=400
    )
    async with make_client(hf_server) as client:
        with pytest.raises(BadResponseError) as caught:
            await client.listing(Query.day("2019-01-01"))
    assert caught.value.message == (
        "Hugging Face rejected the day 2019-01-01 (HTTP 400: Invalid date)"
    )
    assert len(hf_server.log) == 1


async def test_server_errors_are_retried_then_reported(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_data("oops", status=500)
    async with make_client(hf_server, max_attempts=3) as client:
        with pytest.raises(ServerError) as caught:
            await client.listing(Query.latest())
    assert caught.value.message == "Hugging Face server error (HTTP 500); try again later"
    assert caught.value.exit_code == 3
    assert len(hf_server.log) == 3


async def test_a_server_error_that_clears_is_retried_to_success(hf_server: HTTPServer) -> None:
    hf_server.expect_oneshot_request("/api/daily_papers").respond_with_data("", status=502)
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")
    async with make_client(hf_server) as client:
        result = await client.listing(Query.latest())
    assert len(result.papers) == 28
    assert [response.status_code for _, response in hf_server.log] == [502, 200]


async def test_rate_limit_beyond_the_budget_gives_up_at_once(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_data(
        "", status=429, headers={"Retry-After": "30"}
    )
    async with make_client(hf_server, retry_budget=10) as client:
        with pytest.raises(RateLimitedError) as caught:
            await client.listing(Query.latest())
    assert caught.value.message == (
        "Hugging Face is rate limiting us (HTTP 429); try again in 30 s"
    )
    assert caught.value.retry_after == 30
    assert len(hf_server.log) == 1  # waiting 30 s would blow the 10 s budget


async def test_a_short_retry_after_is_honoured(hf_server: HTTPServer) -> None:
    hf_server.expect_oneshot_request("/api/papers/search").respond_with_data(
        "", status=429, headers={"Retry-After": "0"}
    )
    serve_fixture(hf_server, "/api/papers/search", "real/search_kazakh_2025-05.json")
    async with make_client(hf_server) as client:
        result = await client.search("kazakh")
    assert len(result.papers) == 9
    assert len(hf_server.log) == 2


async def test_an_html_page_is_a_bad_response(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_data(
        "<!doctype html><html><body>Hugging Face</body></html>", content_type="text/html"
    )
    async with make_client(hf_server) as client:
        with pytest.raises(BadResponseError) as caught:
            await client.listing(Query.latest())
    host = hf_server.url_for("/").split("//")[1].rstrip("/")
    assert caught.value.message == (
        f"{host} answered with a web page, not the papers API; check HF_ENDPOINT"
    )
    assert caught.value.exit_code == 4
    assert len(hf_server.log) == 1


async def test_truncated_json_is_a_bad_response(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "bad/daily_papers_truncated.json")
    async with make_client(hf_server) as client:
        with pytest.raises(BadResponseError, match="sent broken JSON"):
            await client.listing(Query.latest())


async def test_wrong_top_level_type_is_a_bad_response(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_json({"papers": []})
    async with make_client(hf_server) as client:
        with pytest.raises(BadResponseError, match="a JSON object instead of a list"):
            await client.listing(Query.latest())


async def test_wrong_field_types_are_parsed_not_fatal(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "bad/daily_papers_wrong_types.json")
    async with make_client(hf_server) as client:
        result = await client.listing(Query.latest())
    assert [p.upvotes for p in result.papers][:2] == [13, 148]
    assert result.skipped == 0


async def test_a_paper_of_the_wrong_type_is_a_bad_response(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/papers/2605.13301").respond_with_json(["not", "a", "paper"])
    async with make_client(hf_server) as client:
        with pytest.raises(BadResponseError, match="unexpected answer from Hugging Face"):
            await client.paper("2605.13301")


async def test_a_connection_reset_is_offline_after_retries(
    resetting_server: tuple[str, list[int]],
) -> None:
    endpoint, accepted = resetting_server
    async with make_client(endpoint, max_attempts=3) as client:
        with pytest.raises(OfflineError) as caught:
            await client.listing(Query.latest())
    assert caught.value.message == f"cannot reach {endpoint[7:]}: connection reset by peer"
    assert len(accepted) == 3


async def test_a_read_timeout_is_offline(hf_server: HTTPServer) -> None:
    release = threading.Event()

    def stall(request: Request) -> Response:
        release.wait(10)
        return Response("[]", content_type="application/json")

    hf_server.expect_request("/api/daily_papers").respond_with_handler(stall)
    try:
        async with make_client(hf_server, read_timeout=0.2, max_attempts=1) as client:
            with pytest.raises(OfflineError) as caught:
                await client.listing(Query.latest())
    finally:
        release.set()
    host = hf_server.url_for("/").split("//")[1].rstrip("/")
    assert caught.value.message == f"{host} did not answer within 0.2 s (read timeout)"


async def test_no_server_at_all_is_offline() -> None:
    async with make_client("http://127.0.0.1:9", max_attempts=2) as client:
        with pytest.raises(OfflineError) as caught:
            await client.listing(Query.latest())
    assert caught.value.message == "cannot reach 127.0.0.1:9: connection refused"
    assert isinstance(caught.value, NetworkError) and caught.value.exit_code == 3


async def test_retries_stop_when_the_next_wait_would_pass_the_budget(
    resetting_server: tuple[str, list[int]],
) -> None:
    # Waits of 0.3 s, then 0.6 s: the second would end past the 0.5 s budget, so two tries.
    endpoint, accepted = resetting_server
    async with make_client(endpoint, backoff=0.3, retry_budget=0.5, max_attempts=10) as client:
        with pytest.raises(OfflineError):
            await client.listing(Query.latest())
    assert len(accepted) == 2


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "30"}, 30.0),
        ({"Retry-After": "2.5"}, 2.5),
        ({"RateLimit": '"api";r=0;t=174'}, 174.0),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "1e999"}, None),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": "-5"}, 0.0),
        ({"Retry-After": "99999999"}, 86400.0),
        ({"Retry-After": "Fri, 31 Dec 99999 23:59:59 GMT"}, None),
        ({}, None),
    ],
)
def test_retry_after_header(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after(httpx.Response(429, headers=headers)) == expected


def test_retry_after_as_an_http_date() -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=40), usegmt=True)
    wait = retry_after(httpx.Response(429, headers={"Retry-After": later}))
    assert wait is not None and 35 <= wait <= 40


def test_fixture_files_are_served_byte_for_byte() -> None:
    # The truncated fixture must stay broken, or the fault test above proves nothing.
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads((FIXTURES / "bad/daily_papers_truncated.json").read_bytes())
