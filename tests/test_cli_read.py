"""`hfpapers read` and the linked-repository fields of `show`/`list --json`, run as real
subprocesses against a local stand-in API (and in a pseudo-terminal for the rendered form)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest
from pytest_httpserver import HTTPServer

from tests.support.cli import OFFLINE, REPO, hfpapers
from tests.support.fixtures import FIXTURES, serve_fixture
from tui.core.cache import Cache

PAPER = "2605.15320"
LONG = (FIXTURES / "text" / "long_paper.md").read_text(encoding="utf-8")
HOSTILE = (FIXTURES / "text" / "hostile.md").read_text(encoding="utf-8")


def serve_text(server: HTTPServer, body: str = LONG, status: int = 200) -> None:
    server.expect_request(f"/papers/{PAPER}.md").respond_with_data(
        body, status=status, content_type="text/markdown"
    )


def test_piped_it_prints_the_markdown_and_reads_offline_afterwards(hf_server: HTTPServer) -> None:
    serve_text(hf_server)
    online = hfpapers("read", f"arXiv:{PAPER}v1")
    assert (online.returncode, online.stderr) == (0, "")
    assert online.stdout == LONG
    offline = hfpapers("read", PAPER, HF_ENDPOINT=OFFLINE)
    assert (offline.returncode, offline.stderr, offline.stdout) == (0, "", LONG)
    assert len(hf_server.log) == 1


def test_pretty_lays_the_text_out_with_math_as_unicode_and_links_listed(
    hf_server: HTTPServer,
) -> None:
    serve_text(hf_server)
    result = hfpapers("read", PAPER, "--pretty", COLUMNS="80")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Sparse Mixture Attention: Efficient Long-Context Transformers"
    assert not any(line.startswith("#") for line in lines)
    assert all(len(line) <= 80 for line in lines)
    assert "Attention(Q, K, V) = softmax(QKᵀ/(√dₖ))V (1)" in result.stdout
    assert "\\frac" not in result.stdout and "$" not in result.stdout
    assert "Links" in lines and f"↗1 {'https://arxiv.org/abs/1706.03762'}" in lines


def test_on_a_terminal_it_is_rendered(hf_server: HTTPServer) -> None:
    """stdout a pseudo-terminal: laid out and coloured, not the raw Markdown."""
    Cache().save_text(PAPER, "# A *title*\n\nMath $\\theta_0 \\geq a$.\n")
    pid, fd = pty.fork()
    if pid == 0:  # the child: run the command on the terminal
        os.execvpe(sys.executable, [sys.executable, "-m", "tui", "read", PAPER],
                   {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80"})  # fmt: skip
    output = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    text = output.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0
    assert "\x1b[" in text  # styled for the terminal
    assert "# A" not in text and "title" in text
    assert "θ₀ ≥ a" in text


def test_raw_wins_on_a_terminal_and_hostile_text_is_cleaned(hf_server: HTTPServer) -> None:
    serve_text(hf_server, HOSTILE)
    for args in (["read", PAPER], ["read", PAPER, "--pretty"]):
        result = hfpapers(*args)
        assert result.returncode == 0
        assert not any(char in result.stdout for char in "\x1b\x07\x9b\x00\u202e")
    pretty = hfpapers("read", PAPER, "--pretty").stdout
    assert "[bold red]Title[/bold red]" in pretty
    assert "<script>" not in pretty


@pytest.mark.parametrize(
    ("status", "body", "code", "message"),
    [
        (404, "", 1, f"paper {PAPER} not found on Hugging Face"),
        (500, "down", 3, "Hugging Face server error (HTTP 500); try again later"),
        (200, "<!doctype html><html></html>", 4,
         "{host} answered with a web page, not the paper's text; check HF_ENDPOINT"),
    ],
)  # fmt: skip
def test_each_failure_is_one_line_and_its_exit_code(
    hf_server: HTTPServer, status: int, body: str, code: int, message: str
) -> None:
    serve_text(hf_server, body, status)
    result = hfpapers("read", PAPER)
    host = hf_server.url_for("/").split("//")[1].rstrip("/")
    assert (result.returncode, result.stdout) == (code, "")
    assert result.stderr == f"hfpapers: {message.format(host=host)}\n"


def test_offline_with_nothing_cached_exits_3_and_a_bad_id_2() -> None:
    offline = hfpapers("read", PAPER, HF_ENDPOINT=OFFLINE)
    assert offline.returncode == 3
    assert offline.stderr == "hfpapers: cannot reach 127.0.0.1:9: connection refused\n"
    bad = hfpapers("read", "not-an-id")
    assert (bad.returncode, bad.stderr) == (2, "hfpapers: not an arXiv id: 'not-an-id'\n")


def test_refresh_fetches_again_and_falls_back_to_the_kept_text(hf_server: HTTPServer) -> None:
    Cache().save_text(PAPER, "# Old\n")
    serve_text(hf_server, "# New\n")
    assert hfpapers("read", PAPER).stdout == "# Old\n"
    assert hfpapers("read", PAPER, "--refresh").stdout == "# New\n"
    offline = hfpapers("read", PAPER, "--refresh", HF_ENDPOINT=OFFLINE)
    assert (offline.returncode, offline.stdout) == (0, "# New\n")
    assert offline.stderr.startswith("hfpapers: offline (cannot reach 127.0.0.1:9")


# --- linked repositories in the JSON ---------------------------------------------------------


def test_show_json_gains_the_linked_repositories(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/papers/1803.03635", "paper_1803.03635.json")
    result = hfpapers("show", "1803.03635", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    paper = json.loads(result.stdout)
    assert paper["linked_models"] == [
        {
            "id": "fixture-org/lth-resnet20-cifar10",
            "likes": 3,
            "downloads": 41,
            "pipeline_tag": "image-classification",
        }
    ]
    assert (paper["num_linked_models"], paper["num_linked_datasets"]) == (1, 0)
    assert (paper["linked_spaces"], paper["num_linked_spaces"]) == ([], 0)
    assert len(hf_server.log) == 1  # from the paper answer: no request per kind


def test_show_json_of_an_answer_without_them_says_null(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, f"/api/papers/{PAPER}", f"real/paper_{PAPER}.json")
    paper = json.loads(hfpapers("show", PAPER, "--json").stdout)
    assert paper["linked_models"] is None and paper["num_linked_spaces"] is None


def test_list_json_carries_the_linked_repositories_known_and_asks_for_none(
    hf_server: HTTPServer,
) -> None:
    serve_fixture(hf_server, "/api/papers/1803.03635", "paper_1803.03635.json")
    assert hfpapers("show", "1803.03635", "--json").returncode == 0  # now known
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")
    before = len(hf_server.log)
    papers = json.loads(hfpapers("list", "--date", "2026-11-26", "--json").stdout)
    assert len(hf_server.log) == before + 1  # the listing only
    by_id = {paper["id"]: paper for paper in papers}
    assert by_id["1803.03635"]["num_linked_models"] == 1
    others = [paper for paper in papers if paper["id"] != "1803.03635"]
    assert all(paper["linked_models"] is None for paper in others)


def test_read_is_in_the_help() -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "read", "--help"], capture_output=True,
                            text=True, cwd=REPO, timeout=60)  # fmt: skip
    assert result.returncode == 0 and "--raw" in result.stdout and "--pretty" in result.stdout
