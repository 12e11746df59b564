"""The CLI against hostile servers and an unusable cache folder, run as real subprocesses.

Limits that take seconds by default (the deadline, the answer cap, the page cap) are set small
through ``hfpapers(..., limits=...)``, which changes the client's module constants first.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.support.cli import OFFLINE, hfpapers
from tests.support.fixtures import DAILY, load_fixture, serve_fixture
from tests.support.servers import dripping_server, gzip_bomb, month_items, serve_pages
from tui.core.cache import Cache
from tui.core.query import Query

CLOSED_DAY = "2025-01-15"


def list_day_online(server: HTTPServer, day: str = CLOSED_DAY) -> str:
    """List ``day`` once from the server (so it is cached); its JSON output."""
    serve_fixture(server, "/api/daily_papers", DAILY)
    result = hfpapers("list", "--date", day, "--json")
    assert (result.returncode, result.stderr) == (0, "")
    server.clear()
    return result.stdout


# --- 1. a bad answer keeps the cached listing ----------------------------------------------------


@pytest.mark.parametrize("answer", ["empty", "mostly unreadable"])
def test_a_bad_answer_keeps_the_cached_day(hf_server: HTTPServer, answer: str) -> None:
    cached = list_day_online(hf_server)
    before = Cache().listing_path(Query.day(CLOSED_DAY)).read_bytes()
    if answer == "empty":
        body: list[object] = []
        reason = "Hugging Face answered with no papers for Wed 15 Jan 2025, which had 28 cached"
    else:
        body = [load_fixture(DAILY)[0], *[{"paper": {}}] * 40]
        reason = "Hugging Face answered with 1 readable record of 41"
    hf_server.expect_request("/api/daily_papers").respond_with_json(body)
    result = hfpapers("list", "--date", CLOSED_DAY, "--json")
    assert result.returncode == 0
    assert result.stdout == cached
    assert result.stderr == (
        f"hfpapers: bad answer from Hugging Face ({reason}; keeping the cached listing); "
        "showing cache from just now\n"
    )
    assert Cache().listing_path(Query.day(CLOSED_DAY)).read_bytes() == before


# --- 2. an unusable cache folder -----------------------------------------------------------------


def drop_root_privilege() -> None:
    """In the child: lose the capabilities that let root ignore file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def permissions_bind() -> Callable[[], None] | None:
    """A preexec that makes chmod bind for this user (None when it binds already)."""
    if os.geteuid() != 0:
        return None
    probe = subprocess.run(
        [sys.executable, "-c", "pass"], preexec_fn=drop_root_privilege, capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("running as root without the right to drop capabilities")
    return drop_root_privilege


COMMANDS = [
    ["list", "--json"],
    ["list", "--date", CLOSED_DAY, "--json"],
    ["search", "kazakh", "--json"],
    ["show", "2605.15320", "--json"],
    ["cite", "2605.15320"],
    ["bookmark", "add", "2605.15320"],
    ["mark", "read", "2605.15320"],  # needs no cache, so has nothing to say about it
]


def cache_notice(args: list[str], line: str) -> list[str]:
    return [] if args[0] == "mark" else [line]


def serve_everything(server: HTTPServer) -> None:
    serve_fixture(server, "/api/daily_papers", DAILY)
    serve_fixture(server, "/api/papers/search", "real/search_kazakh_2025-05.json")
    serve_fixture(server, "/api/papers/2605.15320", "real/paper_2605.15320.json")


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_a_file_where_the_cache_folder_should_be(
    hf_server: HTTPServer, isolated_dirs: Path, args: list[str]
) -> None:
    folder = isolated_dirs / "cache" / "hfpapers"
    folder.parent.mkdir(parents=True)
    folder.write_text("a file, not a folder")
    serve_everything(hf_server)
    result = hfpapers(*args)
    assert result.returncode == 0
    assert result.stdout
    assert result.stderr.splitlines() == cache_notice(
        args, f"hfpapers: cache off: {folder} is not a folder"
    )
    assert folder.read_text() == "a file, not a folder"


def test_without_a_cache_offline_the_demo_still_answers(isolated_dirs: Path) -> None:
    folder = isolated_dirs / "cache" / "hfpapers"
    folder.parent.mkdir(parents=True)
    folder.write_text("")
    result = hfpapers("list", "--json", HF_ENDPOINT=OFFLINE)
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 16
    assert result.stderr.splitlines()[-1] == f"hfpapers: cache off: {folder} is not a folder"
    assert len(result.stderr.splitlines()) == 2  # the demo's notice, and this one


@pytest.mark.parametrize(
    ("under", "reason"),
    [("proc", "no such file or directory"), ("plain file", "not a directory")],
)
def test_a_cache_folder_that_cannot_be_created_is_off(
    hf_server: HTTPServer, isolated_dirs: Path, under: str, reason: str
) -> None:
    if under == "proc":  # binds for root too
        home = Path("/proc/self/hfpapers-cache")
    else:
        isolated_dirs.mkdir(parents=True, exist_ok=True)
        (isolated_dirs / "plain").write_text("")
        home = isolated_dirs / "plain" / "cache"
    serve_everything(hf_server)
    result = hfpapers("list", "--json", XDG_CACHE_HOME=str(home))
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 28
    assert result.stderr == f"hfpapers: cache off: cannot create {home}/hfpapers ({reason})\n"


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_an_unreadable_cache_folder(
    hf_server: HTTPServer, isolated_dirs: Path, args: list[str]
) -> None:
    preexec = permissions_bind()
    folder = isolated_dirs / "cache" / "hfpapers"
    folder.mkdir(parents=True)
    folder.chmod(0)
    try:
        serve_everything(hf_server)
        result = hfpapers(*args, preexec=preexec)
    finally:
        folder.chmod(0o700)
    assert result.returncode == 0
    assert result.stdout
    assert result.stderr.splitlines() == cache_notice(
        args, f"hfpapers: cache off: cannot read {folder} (permission denied)"
    )
    assert list(folder.iterdir()) == []


def test_a_read_only_cache_folder_is_read_but_not_written(
    hf_server: HTTPServer, isolated_dirs: Path
) -> None:
    preexec = permissions_bind()
    cached = list_day_online(hf_server)
    folder = isolated_dirs / "cache" / "hfpapers"
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        offline = hfpapers("list", "--date", CLOSED_DAY, "--json", preexec=preexec,
                           HF_ENDPOINT=OFFLINE)  # fmt: skip
        serve_fixture(hf_server, "/api/daily_papers", "real/daily_papers_2026-05-18.json")
        online = hfpapers("list", "--date", CLOSED_DAY, "--json", preexec=preexec)
    finally:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o700)
    assert (offline.returncode, offline.stdout) == (0, cached)
    problem = f"hfpapers: cache not kept: cannot write {folder} (permission denied)"
    assert offline.stderr.splitlines()[-1] == problem
    assert (online.returncode, len(json.loads(online.stdout))) == (0, 50)
    assert online.stderr.splitlines() == [problem]
    assert {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} == before


# --- 3. a malformed HF_ENDPOINT ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://127.0.0.1:99999", "HF_ENDPOINT has an invalid port: 'http://127.0.0.1:99999'"),
        ("http://127.0.0.1:abc", "HF_ENDPOINT has an invalid port: 'http://127.0.0.1:abc'"),
        ("http://[::1", "HF_ENDPOINT is not a valid URL (Invalid IPv6 URL): 'http://[::1'"),
        ("http://:8080", "HF_ENDPOINT has no host name: 'http://:8080'"),
        ("http://user:hunter2@127.0.0.1:9",
         "HF_ENDPOINT must not hold a user name or password (HF_TOKEN is the way to sign in)"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("args", [["list"], ["search", "x"], ["show", "2605.15320"]])
def test_a_malformed_endpoint_exits_2_in_one_line(
    endpoint: str, message: str, args: list[str]
) -> None:
    result = hfpapers(*args, HF_ENDPOINT=endpoint)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"hfpapers: {message}\n"


# --- 4. one deadline for a whole request ---------------------------------------------------------


def test_a_dripping_server_gives_the_cache_at_the_deadline(hf_server: HTTPServer) -> None:
    cached = list_day_online(hf_server)
    with dripping_server(0.05) as endpoint:
        result = hfpapers(
            "list", "--date", CLOSED_DAY, "--json", limits={"DEADLINE": 0.5},
            HF_ENDPOINT=endpoint,
        )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, cached)
    assert result.stderr == (
        f"hfpapers: slow answer ({endpoint[7:]} sent no complete answer within 0.5 s); "
        "showing cache from just now\n"
    )


def test_a_dripping_server_with_nothing_cached_exits_3() -> None:
    with dripping_server(0.05) as endpoint:
        result = hfpapers("search", "x", limits={"DEADLINE": 0.5}, HF_ENDPOINT=endpoint)
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == f"hfpapers: {endpoint[7:]} sent no complete answer within 0.5 s\n"


# --- 5. a cap on the answer's size ---------------------------------------------------------------


def test_a_gzip_bomb_gives_the_cache(hf_server: HTTPServer) -> None:
    cached = list_day_online(hf_server)
    hf_server.expect_request("/api/daily_papers").respond_with_data(
        gzip_bomb(64 << 20), headers={"Content-Encoding": "gzip"}
    )
    result = hfpapers(
        "list", "--date", CLOSED_DAY, "--json", limits={"MAX_ANSWER_BYTES": 1_000_000}
    )
    host = hf_server.url_for("/").split("//")[1].rstrip("/")
    assert (result.returncode, result.stdout) == (0, cached)
    assert result.stderr == (
        f"hfpapers: bad answer from Hugging Face ({host} sent an answer over 1 MB; not reading "
        "more of it); showing cache from just now\n"
    )


def test_a_gzip_bomb_with_nothing_cached_exits_4(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/papers/search").respond_with_data(
        gzip_bomb(64 << 20), headers={"Content-Encoding": "gzip"}
    )
    result = hfpapers("search", "x", limits={"MAX_ANSWER_BYTES": 1_000_000})
    assert (result.returncode, result.stdout) == (4, "")
    assert "sent an answer over 1 MB; not reading more of it" in result.stderr


# --- 6. paging to the end ------------------------------------------------------------------------


def test_a_month_of_ten_thousand_papers_is_listed_whole(hf_server: HTTPServer) -> None:
    items = month_items(10_000)
    serve_pages(hf_server, items)
    result = hfpapers("list", "--month", "2026-10", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    papers = json.loads(result.stdout)
    assert [paper["id"] for paper in papers] == [item["paper"]["id"] for item in items]


def test_the_safety_cap_says_where_it_stopped(hf_server: HTTPServer) -> None:
    serve_pages(hf_server, month_items(400))
    result = hfpapers("list", "--month", "2026-10", "--json", limits={"MAX_PAGES": 3})
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 150
    assert result.stderr == "hfpapers: stopped after 150 papers\n"
