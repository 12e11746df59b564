"""Servers that misbehave on purpose (dripping bytes, gzip bombs, reset connections) and a
month too big to page.

Shared by the client, library and CLI tests of the network limits. Plain helpers, not fixtures,
so each test says which misbehaviour it meets (``conftest.py`` wraps :func:`resetting_endpoint`
as the ``resetting_server`` fixture).
"""

from __future__ import annotations

import copy
import functools
import json
import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.support.fixtures import DAILY, load_fixture

Answer = Callable[[socket.socket, threading.Event], None]
"""What a raw server does with one accepted connection; the event is set when it stops."""


@contextmanager
def raw_server(answer: Answer, *, threaded: bool = False) -> Iterator[str]:
    """A raw TCP server on a free port of 127.0.0.1, calling ``answer`` with each connection it
    accepts: in a thread of its own when ``threaded`` (an answer that takes long), else in
    turn. Yields its endpoint (``http://127.0.0.1:PORT``)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            if threaded:
                threading.Thread(target=answer, args=(conn, stop), daemon=True).start()
            else:
                answer(conn, stop)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


@contextmanager
def dripping_server(interval: float = 0.05, *, head_at_once: bool = False) -> Iterator[str]:
    """A raw HTTP server answering every request with a real listing, one byte per
    ``interval`` seconds (from the status line on, or only the body with ``head_at_once``).

    Yields its endpoint. Each answer would take minutes in full: only a deadline ends it.
    """
    body = json.dumps(load_fixture(DAILY)).encode()
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(
        body
    )

    def answer(conn: socket.socket, stop: threading.Event) -> None:
        with conn:
            conn.settimeout(5)
            try:
                conn.recv(65536)
                if head_at_once:
                    conn.sendall(head)
                for byte in body if head_at_once else head + body:
                    if stop.wait(interval):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return  # the client gave up and closed

    with raw_server(answer, threaded=True) as endpoint:
        yield endpoint


@contextmanager
def resetting_endpoint() -> Iterator[tuple[str, list[int]]]:
    """A raw TCP server on 127.0.0.1 that reads each request and resets the connection.

    Yields its endpoint and a list that grows by one for every connection it accepted.
    """
    accepted: list[int] = []

    def answer(conn: socket.socket, _stop: threading.Event) -> None:
        accepted.append(1)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.settimeout(2)
        try:
            conn.recv(65536)
        finally:
            conn.close()  # linger 0: an RST, not a polite FIN

    with raw_server(answer) as endpoint:
        yield endpoint, accepted


@functools.cache
def gzip_bomb(inflated: int, layers: int = 1) -> bytes:
    """A gzip body (gzipped ``layers`` times) that inflates to ``inflated`` bytes of JSON-ish
    spaces: 1 GiB is ~1 MB on the wire. Made in 1 MiB steps, never whole in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * (1 << 20)
    parts = [packer.compress(b"[")]
    for _ in range(inflated // len(block)):
        parts.append(packer.compress(block))
    parts.append(packer.compress(b"]") + packer.flush())
    data = b"".join(parts)
    for _ in range(layers - 1):
        data = _gzip(data)
    return data


def _gzip(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def month_items(count: int, month: str = "2026-10") -> list[dict[str, Any]]:
    """``count`` Daily Papers items of ``month`` in the real API shape, made from a fixture
    item: distinct ids (``2610.00000``...), titles and upvotes."""
    template = load_fixture(DAILY)[0]
    items = []
    prefix = month[2:4] + month[5:7]
    for number in range(count):
        item = copy.deepcopy(template)
        paper_id = f"{prefix}.{number:05d}"
        item["paper"]["id"] = paper_id
        item["paper"]["upvotes"] = number % 500
        item["paper"]["submittedOnDailyAt"] = f"{month}-{number % 28 + 1:02d}T00:00:00.000Z"
        item["title"] = item["paper"]["title"] = f"Paper number {number}"
        item["thumbnail"] = (
            f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper_id}.png"
        )
        items.append(item)
    return items


def serve_pages(server: HTTPServer, items: list[dict[str, Any]]) -> None:
    """Answer ``/api/daily_papers`` as Hugging Face pages a listing: ``limit`` items from
    ``p * limit`` on (``200 []`` past the end)."""

    def page(request: Request) -> Response:
        number, limit = int(request.args.get("p", "0")), int(request.args.get("limit", "50"))
        chunk = items[number * limit : (number + 1) * limit]
        return Response(json.dumps(chunk), content_type="application/json")

    server.expect_request("/api/daily_papers").respond_with_handler(page)
