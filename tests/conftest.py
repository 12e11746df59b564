"""Pytest fixtures only (helpers live in ``tests/support/``): every test gets its own XDG dirs,
so no developer state leaks in, and the local servers that stand in for Hugging Face."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.support.servers import resetting_endpoint


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

    Register answers with :func:`tests.support.fixtures.serve_fixture` (or the server's own
    ``expect_request``); ``hf_server.log`` lists the requests it got, for asserting on query
    parameters.
    """
    monkeypatch.setenv("HF_ENDPOINT", httpserver.url_for("/").rstrip("/"))
    return httpserver


@pytest.fixture
def resetting_server() -> Iterator[tuple[str, list[int]]]:
    """A raw TCP server that resets every connection: its endpoint and the connections' count
    (see :func:`tests.support.servers.resetting_endpoint`)."""
    with resetting_endpoint() as server:
        yield server
