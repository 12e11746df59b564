"""Standard output that cannot be written: a full disk is one line and exit 1 for every command
that prints; a closed pipe stays a quiet exit 0."""

from __future__ import annotations

import os
import subprocess

import pytest
from pytest_httpserver import HTTPServer

from tests.support.cli import bookmark, hfpapers
from tests.support.fixtures import DAY, LOTTERY, serve_fixture


def into_full_disk(*args: str) -> subprocess.CompletedProcess[str]:
    with open("/dev/full", "wb") as full:  # every write: ENOSPC, as on a full disk
        return hfpapers(*args, stdout=full)


COMMANDS = {
    "list": ["list", "--date", DAY],
    "list --json": ["list", "--date", DAY, "--json"],
    "show": ["show", LOTTERY.id],
    "show --json": ["show", LOTTERY.id, "--json"],
    "cite": ["cite", LOTTERY.id],
    "bookmarks": ["bookmarks"],
    "bookmarks --json": ["bookmarks", "--json"],
    "export": ["export"],
    "export -o -": ["export", "-f", "csv", "-o", "-"],
    "bookmark add": ["bookmark", "add", LOTTERY.id],
}


@pytest.fixture
def answers(hf_server: HTTPServer) -> HTTPServer:
    """The API a command may ask, and one bookmark for those reading the store."""
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json", {"date": DAY})
    serve_fixture(hf_server, f"/api/papers/{LOTTERY.id}", f"paper_{LOTTERY.id}.json")
    bookmark(LOTTERY, tags=("pruning",))
    return hf_server


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(answers: HTTPServer, command: str) -> None:
    result = into_full_disk(*COMMANDS[command])
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == "hfpapers: cannot write the output: No space left on device"
    assert all(line.startswith("hfpapers: ") for line in lines)


@pytest.mark.parametrize("command", ["list --json", "export", "bookmarks --json"])
def test_a_closed_pipe_is_still_a_quiet_exit_0(answers: HTTPServer, command: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # no reader at all: the first write is EPIPE
    try:
        result = hfpapers(*COMMANDS[command], stdout=write_end)
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (0, "")
