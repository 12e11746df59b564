"""Shared test set-up: every test gets its own XDG dirs, so no developer state leaks in."""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from pytest_httpserver import HTTPServer
from pytest_httpserver.httpserver import QueryMatcher

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture(name: str) -> Any:
    """A JSON fixture by its path under tests/fixtures (``real/paper_2605.15320.json``)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config, data and cache dirs at a temporary folder, and unset the network env."""
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    # No test may reach the real API: an unset endpoint points at a closed local port.
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    return home


# --- a local stand-in for the Hugging Face API (pytest-httpserver) ---------------------------


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on 127.0.0.1 (not "localhost", which may resolve to ::1), free port."""
    return ("127.0.0.1", 0)


@pytest.fixture
def hf_server(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    """pytest-httpserver's server, with HF_ENDPOINT pointing at it (subprocesses inherit it).

    Register answers with :func:`serve_fixture` (or the server's own ``expect_request``);
    ``hf_server.log`` lists the requests it got, for asserting on query parameters.
    """
    monkeypatch.setenv("HF_ENDPOINT", httpserver.url_for("/").rstrip("/"))
    return httpserver


class QueryIncludes(QueryMatcher):
    """Matches a request whose query has at least these parameters (p, limit... may vary)."""

    def __init__(self, params: dict[str, str]) -> None:
        self.params = params

    def get_comparing_values(self, request_query_string: bytes) -> tuple[Any, Any]:
        query = dict(parse_qsl(request_query_string.decode(), keep_blank_values=True))
        return {key: query.get(key) for key in self.params}, self.params


def serve_fixture(
    server: HTTPServer,
    path: str,
    fixture: str,
    query: dict[str, str] | None = None,
    *,
    status: int = 200,
) -> None:
    """Answer GET ``path`` with the bytes of ``tests/fixtures/<fixture>``, as served by HF.

    ``query`` (e.g. ``{"date": "2026-11-26"}``) restricts the answer to requests carrying those
    parameters; other parameters (the client's ``p`` and ``limit``) are ignored. Earlier
    registrations win, so register the specific answers first.
    """
    server.expect_request(
        path, method="GET", query_string=QueryIncludes(query) if query else None
    ).respond_with_data(
        (FIXTURES / fixture).read_bytes(), status=status, content_type="application/json"
    )


@pytest.fixture
def resetting_server() -> Iterator[tuple[str, list[int]]]:
    """A raw TCP server on 127.0.0.1 that reads each request and resets the connection."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    accepted: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            accepted.append(1)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.settimeout(2)
            try:
                conn.recv(65536)
            finally:
                conn.close()  # linger 0: an RST, not a polite FIN

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    stop.set()
    thread.join(timeout=5)
    server.close()
