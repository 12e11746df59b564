"""The client's limits against hostile servers: endpoint checks, one deadline per request, a cap
on answer size, paging to the listing's end, and the first failure told at once."""

from __future__ import annotations

import asyncio
import gzip
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.support.fixtures import DAILY, FIXTURES, serve_fixture
from tests.support.servers import dripping_server, gzip_bomb, month_items, serve_pages
from tui.core import client as client_module
from tui.core.client import PapersClient
from tui.core.errors import BadResponseError, HFPapersError, OfflineError, SlowAnswerError
from tui.core.query import Query

REPO = Path(__file__).parent.parent
GUARD = 20.0
"""Seconds a test waits for a call the old code never ended (so it fails, not hangs)."""


def host_of(server: HTTPServer) -> str:
    return server.url_for("/").split("//")[1].rstrip("/")


# --- 3. malformed endpoints -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://127.0.0.1:99999", "HF_ENDPOINT has an invalid port: 'http://127.0.0.1:99999'"),
        ("http://127.0.0.1:0", "HF_ENDPOINT has an invalid port: 'http://127.0.0.1:0'"),
        ("http://127.0.0.1:abc", "HF_ENDPOINT has an invalid port: 'http://127.0.0.1:abc'"),
        ("http://127.0.0.1:-1", "HF_ENDPOINT has an invalid port: 'http://127.0.0.1:-1'"),
        ("http://[::1", "HF_ENDPOINT is not a valid URL (Invalid IPv6 URL): 'http://[::1'"),
        ("http://[zz]:80", "HF_ENDPOINT is not a valid URL ('zz' does not appear to be an IPv4 "
         "or IPv6 address): 'http://[zz]:80'"),
        ("http://:80", "HF_ENDPOINT has no host name: 'http://:80'"),
        ("http://@", "HF_ENDPOINT has no host name: 'http://@'"),
        ("http://a b", "HF_ENDPOINT has no valid host name: 'http://a b'"),
        ("http://u:secret@127.0.0.1:9", "HF_ENDPOINT must not hold a user name or password "
         "(HF_TOKEN is the way to sign in)"),
        ("http://u:secret@[::1", "HF_ENDPOINT must not hold a user name or password "
         "(HF_TOKEN is the way to sign in)"),
    ],
)  # fmt: skip
def test_a_malformed_endpoint_is_refused_in_one_line(endpoint: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        PapersClient(endpoint)
    assert str(caught.value) == message
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize(
    "endpoint", ["http://[::1]:9", "https://hf-mirror.example:8443/base", "http://localhost"]
)
def test_well_formed_endpoints_are_taken(endpoint: str) -> None:
    assert PapersClient(endpoint).endpoint == endpoint


# --- 4. one deadline for a whole request --------------------------------------------------------


@pytest.mark.parametrize("head_at_once", [False, True])
async def test_a_dripping_server_is_cut_at_the_deadline(head_at_once: bool) -> None:
    with dripping_server(0.05, head_at_once=head_at_once) as endpoint:
        client = PapersClient(endpoint, deadline=0.5, backoff=0.0, read_timeout=5.0)
        async with client:
            started = time.monotonic()
            with pytest.raises(SlowAnswerError) as caught:
                await asyncio.wait_for(client.listing(Query.latest()), GUARD)
            elapsed = time.monotonic() - started
    assert caught.value.message == f"{endpoint[7:]} sent no complete answer within 0.5 s"
    assert caught.value.exit_code == 3
    assert 0.5 <= elapsed < 2.0  # each byte came within the read timeout: only a deadline ends it


async def test_the_deadline_covers_the_retries(hf_server: HTTPServer) -> None:
    # A quick 503, then a try that stalls: the deadline counts from the first try.
    release = threading.Event()

    def stall(request: Request) -> Response:
        release.wait(GUARD)
        return Response("[]", content_type="application/json")

    hf_server.expect_oneshot_request("/api/daily_papers").respond_with_data("", status=503)
    hf_server.expect_request("/api/daily_papers").respond_with_handler(stall)
    client = PapersClient(hf_server.url_for("/"), deadline=0.5, backoff=0.0, read_timeout=5.0)
    try:
        async with client:
            started = time.monotonic()
            with pytest.raises(SlowAnswerError):
                await asyncio.wait_for(client.listing(Query.latest()), GUARD)
            elapsed = time.monotonic() - started
    finally:
        release.set()
        # The stalled try is logged once its handler returns: wait for it, or it lands in
        # the next test's server log (seen: "assert 2 == 1" in the answer-cap test).
        deadline = time.monotonic() + GUARD
        while len(hf_server.log) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
    assert 0.5 <= elapsed < 2.0


# --- 5. a cap on the decoded answer -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (lambda: gzip_bomb(64 << 20), "gzip"),
        (lambda: b"[" + b" " * (8 << 20) + b"]", None),
    ],
    ids=["gzip-bomb", "plain"],
)
async def test_an_answer_over_the_cap_is_unusable(
    hf_server: HTTPServer, body: Callable[[], bytes], encoding: str | None
) -> None:
    headers = {"Content-Encoding": encoding} if encoding else {}
    hf_server.expect_request("/api/daily_papers").respond_with_data(
        body(),
        content_type="application/json",
        headers=headers,
    )
    async with PapersClient(hf_server.url_for("/"), max_answer_bytes=1_000_000) as client:
        with pytest.raises(BadResponseError) as caught:
            await client.listing(Query.latest())
    assert caught.value.message == (
        f"{host_of(hf_server)} sent an answer over 1 MB; not reading more of it"
    )
    assert caught.value.exit_code == 4
    assert len(hf_server.log) == 1  # not retried


@pytest.mark.parametrize("encoding", [None, "gzip", "x-gzip", "deflate"])
async def test_an_answer_within_the_cap_is_read_whatever_its_encoding(
    hf_server: HTTPServer, encoding: str | None
) -> None:
    raw = (FIXTURES / DAILY).read_bytes()
    body = zlib.compress(raw) if encoding == "deflate" else gzip.compress(raw) if encoding else raw
    hf_server.expect_request("/api/daily_papers").respond_with_data(
        body, headers={"Content-Encoding": encoding} if encoding else {}
    )
    async with PapersClient(hf_server.url_for("/"), max_answer_bytes=len(raw)) as client:
        result = await client.listing(Query.latest())
    assert len(result.papers) == 28
    assert hf_server.log[0][0].headers["Accept-Encoding"] == "gzip, deflate"


@pytest.mark.parametrize(
    ("body", "encoding"),
    [(lambda: b"\x1b\x00", "br"), (lambda: gzip_bomb(64 << 20, layers=2), "gzip, gzip")],
    ids=["brotli", "double-gzip-bomb"],
)
async def test_an_encoding_we_cannot_bound_is_unusable(
    hf_server: HTTPServer, body: Callable[[], bytes], encoding: str
) -> None:
    # httpx would decode both, the second without any bound (a 2 KB body, 64 MiB inflated).
    hf_server.expect_request("/api/daily_papers").respond_with_data(
        body(),
        headers={"Content-Encoding": encoding},
    )
    async with PapersClient(hf_server.url_for("/")) as client:
        with pytest.raises(BadResponseError) as caught:
            await client.listing(Query.latest())
    assert caught.value.message == (
        f"{host_of(hf_server)} sent an answer compressed as {encoding!r}, which hfpapers "
        "cannot read"
    )


async def test_a_redirect_is_followed_without_reading_its_body(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_data(
        gzip_bomb(64 << 20),
        status=302,
        headers={"Location": "/mirror/api/daily_papers", "Content-Encoding": "gzip"},
    )
    serve_fixture(hf_server, "/mirror/api/daily_papers", DAILY)
    async with PapersClient(hf_server.url_for("/"), max_answer_bytes=1_000_000) as client:
        result = await client.listing(Query.latest())
    assert len(result.papers) == 28
    assert [request.path for request, _ in hf_server.log] == [
        "/api/daily_papers",
        "/mirror/api/daily_papers",
    ]


async def test_a_redirect_loop_is_a_bad_response(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_data(
        "", status=302, headers={"Location": "/api/daily_papers"}
    )
    async with PapersClient(hf_server.url_for("/")) as client:
        with pytest.raises(BadResponseError, match="too many redirects"):
            await client.listing(Query.latest())


MEMORY_PROBE = """
import asyncio, sys
from tui.core.client import PapersClient
from tui.core.errors import BadResponseError
from tui.core.query import Query

async def main():
    async with PapersClient(sys.argv[1], max_answer_bytes=1_000_000) as client:
        try:
            await client.listing(Query.latest())
        except BadResponseError as error:
            print(error.message)

asyncio.run(main())
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forked test process.
with open("/proc/self/status") as status:
    print(next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:")))
"""


@pytest.mark.parametrize(
    ("body", "status", "headers"),
    [
        (lambda: gzip_bomb(256 << 20), 200, {"Content-Encoding": "gzip"}),
        (lambda: gzip_bomb(256 << 20, layers=2), 200, {"Content-Encoding": "gzip, gzip"}),
        (lambda: b"[" + b" " * (200 << 20) + b"]", 200, {}),
        (lambda: gzip_bomb(256 << 20), 302, {"Content-Encoding": "gzip", "Location": "/x"}),
    ],
    ids=["gzip-bomb", "double-gzip-bomb", "plain-200MB", "bomb-in-a-redirect"],
)
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_reading_a_huge_answer_keeps_memory_bounded(
    hf_server: HTTPServer, body: Callable[[], bytes], status: int, headers: dict[str, str]
) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_data(
        body(),
        status=status,
        headers=headers,
    )
    hf_server.expect_request("/x").respond_with_data("", status=404)
    probe = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, hf_server.url_for("/")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    *_, peak_mib = probe.stdout.split()
    assert int(peak_mib) < 150  # the whole answer in memory would be 200-256 MiB and more


# --- 6. paging ends with the listing ----------------------------------------------------------


async def test_a_month_of_ten_thousand_papers_is_paged_to_its_end(hf_server: HTTPServer) -> None:
    items = month_items(10_000)
    serve_pages(hf_server, items)
    async with PapersClient(hf_server.url_for("/")) as client:
        result = await client.listing(Query.month("2026-10"))
    assert [paper.id for paper in result.papers] == [item["paper"]["id"] for item in items]
    assert result.truncated_at is None
    pages = [dict(request.args) for request, _ in hf_server.log]
    assert pages[-1] == {"month": "2026-10", "p": "200", "limit": "50"}  # the empty page
    assert len(pages) == 201


async def test_the_safety_cap_stops_paging_and_says_so(
    hf_server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client_module.MAX_PAGES >= 1000
    monkeypatch.setattr(client_module, "MAX_PAGES", 3)
    serve_pages(hf_server, month_items(100))
    async with PapersClient(hf_server.url_for("/"), page_size=10) as client:
        result = await client.listing(Query.month("2026-10"))
    assert len(result.papers) == 30
    assert result.truncated_at == 30
    assert len(hf_server.log) == 3


async def test_a_listing_that_ends_on_the_cap_is_not_truncated(
    hf_server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "MAX_PAGES", 3)
    serve_pages(hf_server, month_items(25))
    async with PapersClient(hf_server.url_for("/"), page_size=10) as client:
        result = await client.listing(Query.month("2026-10"))
    assert (len(result.papers), result.truncated_at) == (25, None)


# --- 7. the first failure, at once --------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "reason"),
    [
        ("http://127.0.0.1:9", "cannot reach 127.0.0.1:9: connection refused"),
        ("http://hfpapers-test.invalid", "cannot reach hfpapers-test.invalid: host name not found"),
    ],
)
async def test_the_first_failure_is_told_while_retries_go_on(endpoint: str, reason: str) -> None:
    told: list[HFPapersError] = []
    first = asyncio.Event()
    loop_thread = threading.get_ident()

    def on_first_failure(error: HFPapersError) -> None:
        assert threading.get_ident() == loop_thread  # on the event loop, not a worker thread
        told.append(error)
        first.set()

    # Waits of 30 s between tries: the fetch is far from over when the failure is told.
    client = PapersClient(endpoint, backoff=30.0, retry_budget=300.0, deadline=300.0)
    async with client:
        fetch = asyncio.create_task(
            client.listing(Query.latest(), on_first_failure=on_first_failure)
        )
        try:
            await asyncio.wait_for(first.wait(), GUARD)
            assert not fetch.done()
        finally:
            fetch.cancel()
            await asyncio.gather(fetch, return_exceptions=True)
    assert len(told) == 1 and isinstance(told[0], OfflineError)
    assert told[0].message.startswith(reason)


async def test_a_failure_that_is_not_retried_is_not_told_early(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_json({"error": "x"}, status=400)
    told: list[HFPapersError] = []
    async with PapersClient(hf_server.url_for("/"), backoff=0.0) as client:
        with pytest.raises(BadResponseError):
            await client.listing(Query.day("2026-11-26"), on_first_failure=told.append)
    assert told == []
