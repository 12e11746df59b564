"""`hfpapers list/search/show` run as real subprocesses against a local stand-in API."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.support.cli import OFFLINE, REPO, hfpapers
from tests.support.fixtures import DAILY, DAY, FIXTURES, load_fixture, serve_fixture
from tui.core.cache import Cache
from tui.core.demo import demo_papers
from tui.core.query import Query
from tui.core.text import cell_width


def day_listing_json(server: HTTPServer) -> subprocess.CompletedProcess[str]:
    serve_fixture(server, "/api/daily_papers", DAILY, {"date": DAY})
    return hfpapers("list", "--date", DAY, "--json")


# --- list ------------------------------------------------------------------------------------


def test_list_json_field_by_field(hf_server: HTTPServer) -> None:
    result = day_listing_json(hf_server)
    assert (result.returncode, result.stderr) == (0, "")
    papers = json.loads(result.stdout)
    items = load_fixture(DAILY)
    assert len(papers) == len(items) == 28
    for paper, item in zip(papers, items, strict=True):
        raw = item["paper"]
        assert paper["id"] == raw["id"]
        assert paper["title"] == item["title"]
        assert paper["authors"] == [author["name"] for author in raw["authors"]]
        assert paper["summary"] == " ".join(raw["summary"].split())
        assert paper["published_at"] == raw["publishedAt"].replace(".000Z", "Z")
        assert paper["daily_date"] == raw["submittedOnDailyAt"][:10] == DAY
        assert paper["upvotes"] == raw["upvotes"]
        assert paper["num_comments"] == item["numComments"]
        assert paper["github_repo"] == raw.get("githubRepo")
        assert paper["github_stars"] == raw.get("githubStars")
        assert paper["project_page"] == raw.get("projectPage")
        assert paper["ai_summary"] == raw.get("ai_summary")
        assert paper["ai_keywords"] == raw.get("ai_keywords", [])
        assert paper["url"] == f"https://huggingface.co/papers/{raw['id']}"
        assert paper["arxiv_url"] == f"https://arxiv.org/abs/{raw['id']}"
        assert paper["pdf_url"] == f"https://arxiv.org/pdf/{raw['id']}"


def test_list_prints_a_table_fitted_to_the_terminal(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "real/daily_papers_2026-05-18.json")
    result = hfpapers("list", COLUMNS="80")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "DAILY", "UP", "CMTS", "TITLE"]
    items = load_fixture("real/daily_papers_2026-05-18.json")
    assert len(lines) == 1 + len(items)
    for line, item in zip(lines[1:], items, strict=True):
        assert cell_width(line) <= 80
        paper_id, day, upvotes, comments, *title = line.split()
        assert paper_id == item["paper"]["id"]
        assert day == item["paper"]["submittedOnDailyAt"][:10]
        assert int(upvotes) == item["paper"]["upvotes"]
        assert int(comments) == item["numComments"]
        title_text = " ".join(title)
        if title_text.endswith("…"):
            assert item["title"].startswith(title_text[:-1])
        else:
            assert title_text == item["title"]
    assert any(line.endswith("…") for line in lines)


def test_list_week_with_limit_asks_for_no_more(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", DAILY, {"week": "2026-W48"})
    result = hfpapers("list", "--week", "2026-W48", "--limit", "3", "--json")
    assert result.returncode == 0
    assert [p["id"] for p in json.loads(result.stdout)] == [
        item["paper"]["id"] for item in load_fixture(DAILY)[:3]
    ]
    assert [dict(request.args) for request, _ in hf_server.log] == [
        {"week": "2026-W48", "p": "0", "limit": "3"}
    ]


@pytest.mark.parametrize(
    ("options", "params"),
    [(["--trending"], {"sort": "trending"}), (["--month", "2026-11"], {"month": "2026-11"})],
)
def test_list_views_reach_the_api(
    hf_server: HTTPServer, options: list[str], params: dict[str, str]
) -> None:
    serve_fixture(hf_server, "/api/daily_papers", DAILY, params)
    result = hfpapers("list", *options, "--json")
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 28


def test_skipped_records_are_reported(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "bad/daily_papers_missing_paper_id.json")
    result = hfpapers("list", "--json")
    assert result.returncode == 0
    assert result.stderr == "hfpapers: 1 record skipped (unreadable)\n"
    assert len(json.loads(result.stdout)) == 4


def test_an_empty_day_says_so(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    table = hfpapers("list", "--date", "2026-11-22")
    assert (table.returncode, table.stdout) == (0, "")
    assert table.stderr == "hfpapers: no papers in Sun 22 Nov 2026\n"
    assert hfpapers("list", "--date", "2026-11-22", "--json").stdout == "[]\n"


def test_remote_text_cannot_drive_the_terminal(hf_server: HTTPServer) -> None:
    items = copy.deepcopy(load_fixture(DAILY)[:2])
    items[0]["title"] = "\x1b[2J\x1b]0;owned\x07Cleared screen"
    items[0]["paper"]["summary"] = "Bell\x07 and \x9b31m red"
    hf_server.expect_request(f"/api/papers/{items[0]['paper']['id']}").respond_with_json(
        {**items[0]["paper"], "title": items[0]["title"]}
    )
    hf_server.expect_request("/api/daily_papers").respond_with_json(items)
    for args in (["list"], ["list", "--json"], ["show", items[0]["paper"]["id"]]):
        result = hfpapers(*args)
        assert result.returncode == 0
        assert not any(char in result.stdout for char in "\x1b\x07\x9b")
        assert "Cleared screen" in result.stdout


def test_a_closed_pipe_ends_quietly(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", "real/daily_papers_2026-05-18.json")
    reader = subprocess.Popen(
        [sys.executable, "-m", "tui", "list", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert reader.stdout is not None and reader.stderr is not None
    assert reader.stdout.readline() == b"[\n"
    reader.stdout.close()  # like `| head -1`: ~150 KB of JSON no longer fits the pipe
    assert reader.wait(timeout=60) == 0
    assert reader.stderr.read() == b""


# --- search and show -------------------------------------------------------------------------


def test_search_json_field_by_field(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/papers/search", "real/search_kazakh_2025-05.json")
    result = hfpapers("search", "kazakh", "--limit", "4", "--json")
    assert result.returncode == 0
    papers = json.loads(result.stdout)
    items = load_fixture("real/search_kazakh_2025-05.json")[:4]
    assert [p["id"] for p in papers] == [item["paper"]["id"] for item in items]
    first = papers[0]
    assert first["title"] == "KazQAD: Kazakh Open-Domain Question Answering Dataset"
    assert first["authors"][:2] == ["Rustem Yeshpanov", "Pavel Efimov"]
    assert first["published_at"] == "2024-04-06T03:40:36Z"
    assert first["daily_date"] is None
    assert first["num_comments"] == 0
    assert first["ai_summary"] is None
    assert "\n" not in first["summary"]
    assert [dict(r.args) for r, _ in hf_server.log] == [{"q": "kazakh", "limit": "4"}]


def test_search_table(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/papers/search", "papers_search_neural_network.json")
    result = hfpapers("search", "neural network")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1 + 28
    assert [dict(r.args) for r, _ in hf_server.log] == [{"q": "neural network"}]


def test_show_json_field_by_field(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/papers/2605.13301", "real/paper_2605.13301.json")
    result = hfpapers("show", "2605.13301v1", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    paper = json.loads(result.stdout)
    raw = load_fixture("real/paper_2605.13301.json")
    assert paper["id"] == "2605.13301"
    assert paper["title"] == raw["title"]
    assert paper["authors"] == [a["name"] for a in raw["authors"]]
    assert paper["published_at"] == "2026-05-13T00:00:00Z"
    assert paper["daily_date"] == "2026-05-15"
    assert (paper["upvotes"], paper["num_comments"]) == (140, None)
    assert paper["github_repo"] == "https://github.com/Simplified-Reasoning/SU-01"
    assert paper["github_stars"] == 70
    assert paper["project_page"] == raw["projectPage"]
    assert paper["ai_summary"] == raw["ai_summary"]
    assert paper["ai_keywords"] == raw["ai_keywords"]


def test_show_prints_a_readable_page(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/papers/1803.03635", "paper_1803.03635.json")
    result = hfpapers("show", "arXiv:1803.03635", COLUMNS="72")
    assert result.returncode == 0
    text = result.stdout
    lines = text.splitlines()
    assert lines[0].startswith("The Lottery Ticket Hypothesis")
    assert all(len(line) <= 72 or "https://" in line for line in lines)  # URLs are not cut
    assert "authors       Jonathan Frankle, Michael Carbin" in text
    assert "arXiv date    2018-03-09" in text
    assert "github        https://github.com/google-research/lottery-ticket-hypothesis" in text
    assert "(1166 stars)" in " ".join(text.split())
    assert "linked        1 model\n" in text
    assert "\nAbstract\n" in text and "\nAI summary\n" in text
    raw_summary = load_fixture("paper_1803.03635.json")["summary"]
    assert " ".join(text.split("\nAbstract\n")[1].split()) == " ".join(raw_summary.split())


def test_show_unknown_paper_exits_1(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/papers/1234.56789").respond_with_data("", status=404)
    result = hfpapers("show", "1234.56789")
    assert result.returncode == 1
    assert result.stderr == "hfpapers: paper 1234.56789 not found on Hugging Face\n"
    assert result.stdout == ""


# --- usage errors (exit 2), before any request ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--date", "2026-13-01"], "not a date (YYYY-MM-DD): '2026-13-01'"),
        (["list", "--week", "2026-W60"], "not an ISO week (YYYY-Www): '2026-W60'"),
        (["list", "--month", "2026-13"], "not a month (YYYY-MM): '2026-13'"),
        (["list", "--week", "\u0662\u0660\u0662\u0666-W48"], "not an ISO week (YYYY-Www)"),
        (["list", "--month", "2026-\u0661\u0661"], "not a month (YYYY-MM)"),
        (["list", "--limit", "0"], "argument --limit: expected a whole number of 1 or more"),
        (["list", "--date", DAY, "--week", "2026-W48"], "not allowed with argument"),
        (["search", "  "], "the search text is empty"),
        (["show", "not-an-id"], "not an arXiv id: 'not-an-id'"),
        (["show"], "the following arguments are required: ARXIV_ID"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    hf_server: HTTPServer, args: list[str], message: str
) -> None:
    result = hfpapers(*args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr
    assert result.stdout == ""
    assert hf_server.log == []


def test_an_unusable_endpoint_is_a_usage_error() -> None:
    result = hfpapers("search", "x", HF_ENDPOINT="huggingface.co")
    assert result.returncode == 2
    assert result.stderr == "hfpapers: HF_ENDPOINT is not an http(s) URL: 'huggingface.co'\n"


# --- faults with nothing cached: exit 3 or 4 ---------------------------------------------------


def serve_fault(server: HTTPServer, path: str, fault: str) -> None:
    request = server.expect_request(path)
    if fault == "500":
        request.respond_with_data("", status=500)
    elif fault == "429":
        request.respond_with_data("", status=429, headers={"Retry-After": "30"})
    elif fault == "html":
        request.respond_with_data("<!DOCTYPE html><title>Hi</title>", content_type="text/html")
    elif fault == "truncated":
        request.respond_with_data((FIXTURES / "bad/daily_papers_truncated.json").read_bytes())
    elif fault == "object":
        request.respond_with_json({"error": "not a list"})
    elif fault == "unreadable":  # a list, but not one record in it can be read
        request.respond_with_json([{"paper": {}}, "junk", None])


@pytest.mark.parametrize(
    ("args", "path", "fault", "code", "message"),
    [
        (["search", "x"], "/api/papers/search", "500",
         3, "Hugging Face server error (HTTP 500); try again later"),
        (["search", "x"], "/api/papers/search", "429",
         3, "Hugging Face is rate limiting us (HTTP 429); try again in 30 s"),
        (["search", "x"], "/api/papers/search", "html",
         4, "{host} answered with a web page, not the papers API; check HF_ENDPOINT"),
        (["list", "--date", DAY], "/api/daily_papers", "truncated",
         4, "{host} sent broken JSON (cut off or malformed)"),
        (["list", "--trending"], "/api/daily_papers", "object",
         4, "unexpected answer from Hugging Face: a JSON object instead of a list"),
        (["show", "2605.15320"], "/api/papers/2605.15320", "html",
         4, "{host} answered with a web page, not the papers API; check HF_ENDPOINT"),
        (["search", "x"], "/api/papers/search", "unreadable",
         4, "unusable answer from {host}: none of its 3 records could be read"),
    ],
)  # fmt: skip
def test_each_fault_without_cache_exits_with_its_code(
    hf_server: HTTPServer, args: list[str], path: str, fault: str, code: int, message: str
) -> None:
    serve_fault(hf_server, path, fault)
    result = hfpapers(*args)
    host = hf_server.url_for("/").split("//")[1].rstrip("/")
    assert result.returncode == code
    assert result.stderr == f"hfpapers: {message.format(host=host)}\n"
    assert result.stdout == ""


def test_a_connection_reset_exits_3(resetting_server: tuple[str, list[int]]) -> None:
    endpoint, accepted = resetting_server
    result = hfpapers("show", "2605.15320", HF_ENDPOINT=endpoint)
    assert result.returncode == 3
    assert result.stderr == f"hfpapers: cannot reach {endpoint[7:]}: connection reset by peer\n"
    assert len(accepted) == 4  # the first try and three retries


def test_no_server_exits_3() -> None:
    result = hfpapers("search", "kazakh", HF_ENDPOINT=OFFLINE)
    assert result.returncode == 3
    assert result.stderr == "hfpapers: cannot reach 127.0.0.1:9: connection refused\n"


# --- offline: the cache, then the demo --------------------------------------------------------


def test_a_day_listed_once_is_listed_again_offline(hf_server: HTTPServer) -> None:
    online = day_listing_json(hf_server)
    assert online.returncode == 0
    cache_file = Cache().listing_path(Query.day(DAY))
    before = cache_file.read_bytes()
    offline = hfpapers("list", "--date", DAY, "--json", HF_ENDPOINT=OFFLINE)
    assert offline.returncode == 0
    assert offline.stdout == online.stdout
    assert offline.stderr == (
        "hfpapers: offline (cannot reach 127.0.0.1:9: connection refused); "
        "showing cache from just now\n"
    )
    assert cache_file.read_bytes() == before
    table = hfpapers("list", "--date", DAY, HF_ENDPOINT=OFFLINE)
    assert table.returncode == 0
    assert len(table.stdout.splitlines()) == 1 + 28
    shown = hfpapers("show", "1803.03635", "--json", HF_ENDPOINT=OFFLINE)
    assert shown.returncode == 0
    assert json.loads(shown.stdout)["title"].startswith("The Lottery Ticket Hypothesis")
    assert "showing 1803.03635 from the cache" in shown.stderr


@pytest.mark.parametrize(
    ("fault", "notice"),
    [
        ("503", "unavailable (Hugging Face server error (HTTP 503); try again later)"),
        ("html", "bad answer from Hugging Face ({host} answered with a web page, not the "
         "papers API; check HF_ENDPOINT)"),
        # Taken for an empty day, it replaced the cached listing with nothing.
        ("unreadable", "bad answer from Hugging Face (unusable answer from {host}: none of "
         "its 3 records could be read)"),
    ],
)  # fmt: skip
def test_a_fault_with_a_cache_serves_it_intact(
    hf_server: HTTPServer, fault: str, notice: str
) -> None:
    online = day_listing_json(hf_server)
    before = Cache().listing_path(Query.day(DAY)).read_bytes()
    hf_server.clear()
    if fault == "503":  # Retry-After past the budget: no waiting in this test
        hf_server.expect_request("/api/daily_papers").respond_with_data(
            "", status=503, headers={"Retry-After": "120"}
        )
    else:
        serve_fault(hf_server, "/api/daily_papers", fault)
    result = hfpapers("list", "--date", DAY, "--json")
    host = hf_server.url_for("/").split("//")[1].rstrip("/")
    assert result.returncode == 0
    assert result.stdout == online.stdout
    assert result.stderr == f"hfpapers: {notice.format(host=host)}; showing cache from just now\n"
    assert Cache().listing_path(Query.day(DAY)).read_bytes() == before


def test_offline_with_nothing_cached_lists_the_demo_and_says_so() -> None:
    result = hfpapers("list", "--json", HF_ENDPOINT=OFFLINE)
    assert result.returncode == 0
    assert [p["id"] for p in json.loads(result.stdout)] == [p.id for p in demo_papers()]
    assert result.stderr == (
        "hfpapers: offline (cannot reach 127.0.0.1:9: connection refused); showing bundled "
        "demo papers (recorded 18 May 2026), not live data; nothing is cached yet\n"
    )


def test_a_specific_day_offline_with_nothing_cached_is_no_demo() -> None:
    result = hfpapers("list", "--date", DAY, "--json", HF_ENDPOINT=OFFLINE)
    assert result.returncode == 3
    assert result.stdout == ""


def test_the_token_reaches_the_api_and_nothing_else(
    hf_server: HTTPServer, isolated_dirs: Path
) -> None:
    serve_fixture(hf_server, "/api/daily_papers", DAILY)
    result = hfpapers("list", HF_TOKEN="hf_cli_secret_42")
    assert result.returncode == 0
    assert hf_server.log[0][0].headers["Authorization"] == "Bearer hf_cli_secret_42"
    assert "hf_cli_secret_42" not in result.stdout + result.stderr
    written = [path for path in isolated_dirs.rglob("*") if path.is_file()]
    assert written  # the cache was written...
    assert all(b"hf_cli_secret_42" not in path.read_bytes() for path in written)  # ...not the token
