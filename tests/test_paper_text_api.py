"""The paper's full text from Hugging Face (`/papers/{id}.md`) and the cache: the client's
answers to every fault, the cache-first library call, offline with and without a kept copy,
and the reading position in the store."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from tests.support.fixtures import FIXTURES
from tests.support.servers import raw_server
from tui.core.cache import Cache
from tui.core.client import PapersClient
from tui.core.errors import BadResponseError, NetworkError, NotFoundError, ServerError
from tui.core.library import find_text
from tui.core.store import Store

PAPER = "2605.15320"
TEXT = (FIXTURES / "text" / "long_paper.md").read_text(encoding="utf-8")


def quick() -> PapersClient:
    return PapersClient(retry_budget=0, backoff=0, max_attempts=1)


def serve_text(server: HTTPServer, body: bytes | str = TEXT, status: int = 200,
               content_type: str = "text/markdown; charset=utf-8") -> None:  # fmt: skip
    server.expect_request(f"/papers/{PAPER}.md").respond_with_data(
        body, status=status, content_type=content_type
    )


async def text_of(server: HTTPServer) -> str:
    async with quick() as client:
        return await client.paper_text(PAPER + "v2")


async def test_the_text_is_the_markdown_as_sent(hf_server: HTTPServer) -> None:
    serve_text(hf_server)
    assert await text_of(hf_server) == TEXT
    assert [request.path for request, _ in hf_server.log] == [f"/papers/{PAPER}.md"]


async def test_a_byte_order_mark_is_not_text(hf_server: HTTPServer) -> None:
    serve_text(hf_server, b"\xef\xbb\xbf# Title\n")
    assert await text_of(hf_server) == "# Title\n"


@pytest.mark.parametrize(
    ("body", "status", "content_type", "error", "message"),
    [
        ("", 404, "text/plain", NotFoundError, f"paper {PAPER} not found on Hugging Face"),
        ("oops", 500, "text/plain", ServerError, "Hugging Face server error (HTTP 500)"),
        ("<!DOCTYPE html><html><body>login</body></html>", 200, "text/html", BadResponseError,
         "answered with a web page"),
        ("<html>x</html>", 200, "text/markdown", BadResponseError, "answered with a web page"),
        (b"# caf\xe9 latin-1", 200, "text/markdown", BadResponseError, "not UTF-8"),
        ("  \n", 200, "text/markdown", BadResponseError, "sent an empty text"),
    ],
)  # fmt: skip
async def test_each_bad_answer_is_a_typed_error(
    hf_server: HTTPServer,
    body: str | bytes,
    status: int,
    content_type: str,
    error: type[Exception],
    message: str,
) -> None:
    serve_text(hf_server, body, status, content_type)
    with pytest.raises(error, match=re.escape(message)):
        await text_of(hf_server)


@pytest.fixture
def truncating_server() -> Iterator[str]:
    """Promises 100,000 bytes of Markdown, sends 20 and closes the connection."""

    def answer(conn: socket.socket, _stop: threading.Event) -> None:
        with conn:
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/markdown\r\n"
                b"Content-Length: 100000\r\n\r\n# Cut short after 20"
            )

    with raw_server(answer) as endpoint:
        yield endpoint


async def test_a_truncated_answer_is_a_network_failure_not_a_text(truncating_server: str) -> None:
    async with PapersClient(truncating_server, retry_budget=0, backoff=0, max_attempts=1) as c:
        with pytest.raises(NetworkError):
            await c.paper_text(PAPER)
    assert Cache().load_text(PAPER) is None


# --- library: cache first ------------------------------------------------------------------


async def test_a_text_read_once_is_kept_and_read_offline(hf_server: HTTPServer) -> None:
    serve_text(hf_server)
    async with quick() as client:
        fetched = await find_text(PAPER, client=client)
    assert (fetched.source, fetched.text, fetched.notice) == ("network", TEXT, None)
    assert Cache().load_text(PAPER).text == TEXT  # type: ignore[union-attr]
    async with PapersClient("http://127.0.0.1:9", retry_budget=0, max_attempts=1) as offline:
        again = await find_text(PAPER, client=offline)
    assert (again.source, again.text, again.notice) == ("cache", TEXT, None)


async def test_a_kept_text_is_read_without_asking_hugging_face(hf_server: HTTPServer) -> None:
    Cache().save_text(PAPER, "# Kept\n")
    async with quick() as client:
        found = await find_text(PAPER, client=client)
    assert (found.source, found.text) == ("cache", "# Kept\n")
    assert hf_server.log == []


async def test_offline_with_nothing_kept_raises() -> None:
    async with PapersClient("http://127.0.0.1:9", retry_budget=0, max_attempts=1) as offline:
        with pytest.raises(NetworkError, match=re.escape("cannot reach 127.0.0.1:9")):
            await find_text(PAPER, client=offline)


async def test_refresh_falls_back_to_the_kept_text_and_says_why() -> None:
    Cache().save_text(PAPER, "# Kept\n")
    async with PapersClient("http://127.0.0.1:9", retry_budget=0, max_attempts=1) as offline:
        found = await find_text(PAPER, client=offline, refresh=True)
    assert (found.source, found.text) == ("cache", "# Kept\n")
    assert found.notice is not None and found.notice.startswith("offline (cannot reach")


async def test_not_found_is_not_kept(hf_server: HTTPServer) -> None:
    serve_text(hf_server, "", 404, "text/plain")
    async with quick() as client:
        with pytest.raises(NotFoundError):
            await find_text(PAPER, client=client)
    assert not Cache().text_path(PAPER).exists()


def test_an_unreadable_kept_text_is_absent() -> None:
    path = Cache().text_path(PAPER)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe not utf-8")
    assert Cache().load_text(PAPER) is None
    found_offline = asyncio.run(_offline_find())
    assert found_offline == "raised"


async def _offline_find() -> str:
    async with PapersClient("http://127.0.0.1:9", retry_budget=0, max_attempts=1) as offline:
        try:
            await find_text(PAPER, client=offline)
        except NetworkError:
            return "raised"
    return "found"


# --- reading position ------------------------------------------------------------------------


def test_the_reading_position_survives_a_restart() -> None:
    store = Store()
    assert store.reading_position(PAPER) is None
    store.set_reading_position(PAPER, 0.3456789)
    store.close()
    again = Store()
    assert again.reading_position(PAPER) == pytest.approx(0.3457)
    assert not again.is_read(PAPER)  # reading in the full text does not mark it read
    again.set_read(PAPER)
    assert again.reading_position(PAPER) == pytest.approx(0.3457)  # marking keeps it


@pytest.mark.parametrize(("given", "kept"), [(-1.0, 0.0), (2.5, 1.0), (1.0, 1.0)])
def test_the_reading_position_is_a_fraction(given: float, kept: float) -> None:
    store = Store()
    store.set_reading_position(PAPER, given)
    assert store.reading_position(PAPER) == kept
