"""`hfpapers bookmark`, `bookmarks` and `mark`, run as real subprocesses; and the reading state
in `list/search/show --json`."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.support.cli import OFFLINE, hfpapers
from tests.support.fixtures import DAILY, load_fixture, serve_fixture
from tui.core.models import parse_paper
from tui.core.store import Store

LOTTERY = "1803.03635"
ROUTING = "2101.05490"


def state_file(home: Path) -> Path:
    """Where the CLI keeps its state under the test's XDG_DATA_HOME."""
    return home / "data" / "hfpapers" / "state.json"


def serve_lottery(server: HTTPServer) -> None:
    serve_fixture(server, f"/api/papers/{LOTTERY}", f"paper_{LOTTERY}.json")


def test_bookmark_add_fetches_the_paper_and_bookmarks_json_shows_it(hf_server: HTTPServer) -> None:
    serve_lottery(hf_server)
    added = hfpapers("bookmark", "add", LOTTERY, "--note", "section 5", "--tag", "pruning")
    assert (added.returncode, added.stderr) == (0, "")
    assert added.stdout.startswith(f"bookmarked {LOTTERY}: The Lottery Ticket Hypothesis")
    assert added.stdout.rstrip().endswith("#pruning")

    listed = hfpapers("bookmarks", "--json")
    assert (listed.returncode, listed.stderr) == (0, "")
    (item,) = json.loads(listed.stdout)
    paper = parse_paper(load_fixture(f"paper_{LOTTERY}.json"))
    bookmarked_at = item.pop("bookmarked_at")
    assert item == paper.to_json() | {
        "read": False,
        "bookmarked": True,
        "note": "section 5",
        "tags": ["pruning"],
    }
    moment = datetime.fromisoformat(bookmarked_at)
    assert bookmarked_at.endswith("Z")
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=5)


def test_bookmarks_survive_a_cleared_cache_and_work_offline(
    hf_server: HTTPServer, isolated_dirs: Path
) -> None:
    serve_lottery(hf_server)
    assert hfpapers("bookmark", "add", LOTTERY, "--tag", "a").returncode == 0
    shutil.rmtree(isolated_dirs / "cache")
    # Offline and uncached, the bookmark's own copy is enough to list it and to tag it again.
    again = hfpapers("bookmark", "add", LOTTERY, "--tag", "b", HF_ENDPOINT=OFFLINE)
    assert (again.returncode, again.stderr) == (0, "")
    listed = hfpapers("bookmarks", "--json", HF_ENDPOINT=OFFLINE)
    (item,) = json.loads(listed.stdout)
    assert item["title"].startswith("The Lottery Ticket Hypothesis")
    assert item["authors"] == ["Jonathan Frankle", "Michael Carbin"]
    assert item["tags"] == ["a", "b"]
    assert len(hf_server.log) == 1  # only the first add asked Hugging Face


def test_bookmark_add_of_a_cached_paper_needs_no_network(
    hf_server: HTTPServer, isolated_dirs: Path
) -> None:
    serve_lottery(hf_server)
    assert hfpapers("show", LOTTERY).returncode == 0  # now cached
    added = hfpapers("bookmark", "add", LOTTERY, HF_ENDPOINT=OFFLINE)
    assert (added.returncode, added.stderr) == (0, "")
    assert Store(state_file(isolated_dirs)).is_bookmarked(LOTTERY)


def test_bookmark_add_offline_and_uncached_exits_3_and_changes_nothing(isolated_dirs: Path) -> None:
    result = hfpapers("bookmark", "add", ROUTING)
    assert result.returncode == 3
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"hfpapers: cannot bookmark {ROUTING}: it is not cached, and ")
    assert "cannot reach 127.0.0.1" in line
    assert Store(state_file(isolated_dirs)).bookmarks() == []


def test_bookmark_add_never_bookmarks_another_paper_than_asked(
    hf_server: HTTPServer, isolated_dirs: Path
) -> None:
    serve_fixture(hf_server, f"/api/papers/{ROUTING}", f"paper_{LOTTERY}.json")  # the wrong one
    result = hfpapers("bookmark", "add", ROUTING)
    assert result.returncode == 4
    host = hf_server.url_for("/").split("//")[1].rstrip("/")
    assert result.stderr == (
        f"hfpapers: unexpected answer from {host}: asked for paper {ROUTING}, got {LOTTERY}\n"
    )
    assert Store(state_file(isolated_dirs)).bookmarks() == []


def test_a_note_and_tag_that_are_not_utf8_are_cleaned_not_a_traceback(
    hf_server: HTTPServer,
) -> None:
    serve_lottery(hf_server)
    # "\udc9b" is how Python hands over the byte 0x9b of a non-UTF-8 command line.
    result = hfpapers("bookmark", "add", LOTTERY, "--note", "a\udc9bb\x1b[2J", "--tag", "t\udcff")
    assert result.returncode == 0
    (bookmark,) = json.loads(hfpapers("bookmarks", "--json").stdout)
    assert (bookmark["note"], bookmark["tags"]) == ("ab", ["t"])


def test_bookmark_add_of_an_unknown_paper_exits_1(hf_server: HTTPServer) -> None:
    hf_server.expect_request(f"/api/papers/{ROUTING}").respond_with_json(
        {"error": "Not Found"}, status=404
    )
    result = hfpapers("bookmark", "add", ROUTING)
    assert result.returncode == 1
    assert result.stderr == f"hfpapers: paper {ROUTING} not found on Hugging Face\n"


@pytest.mark.parametrize(
    "args",
    [
        ["bookmark", "add", "not-an-id"],
        ["bookmark", "remove", "12345"],
        ["mark", "read", "2101.0549x"],
    ],
)
def test_an_invalid_id_is_a_usage_error(args: list[str]) -> None:
    result = hfpapers(*args)
    assert result.returncode == 2
    assert result.stderr == f"hfpapers: not an arXiv id: {args[-1]!r}\n"


def test_usage_mistakes_exit_2_in_one_line() -> None:
    for args in (["bookmark"], ["mark", "skimmed", ROUTING], ["bookmark", "add"]):
        result = hfpapers(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.splitlines()) == 1


def test_bookmark_remove(hf_server: HTTPServer) -> None:
    serve_lottery(hf_server)
    hfpapers("bookmark", "add", f"arXiv:{LOTTERY}v2")
    removed = hfpapers("bookmark", "remove", LOTTERY)
    assert (removed.returncode, removed.stdout) == (0, f"removed the bookmark of {LOTTERY}\n")
    again = hfpapers("bookmark", "remove", LOTTERY)
    assert (again.returncode, again.stderr) == (1, f"hfpapers: {LOTTERY} is not bookmarked\n")
    assert json.loads(hfpapers("bookmarks", "--json").stdout) == []


def test_bookmarks_text_and_tag_filter(hf_server: HTTPServer, isolated_dirs: Path) -> None:
    serve_lottery(hf_server)
    serve_fixture(hf_server, f"/api/papers/{ROUTING}", f"paper_{ROUTING}.json")
    hfpapers("bookmark", "add", LOTTERY, "--tag", "Pruning", "--note", "read again")
    hfpapers("bookmark", "add", ROUTING, "--tag", "moe")
    text = hfpapers("bookmarks", COLUMNS="200")
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert len(lines) == 3
    lottery = lines.index(next(line for line in lines if line.startswith(LOTTERY)))
    routing = lines.index(next(line for line in lines if line.startswith(ROUTING)))
    added = Store(state_file(isolated_dirs)).bookmark(LOTTERY).added_at  # type: ignore[union-attr]
    assert lines[lottery].split()[1] == added.date().isoformat()
    assert lines[lottery].endswith(
        "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks  #Pruning"
    )
    assert lines[lottery + 1].split() == ["note:", "read", "again"]
    assert lines[routing].endswith("  #moe")
    filtered = hfpapers("bookmarks", "--tag", "pruning", "--json")
    assert [item["id"] for item in json.loads(filtered.stdout)] == [LOTTERY]
    none = hfpapers("bookmarks", "--tag", "nothing")
    assert (none.returncode, none.stdout) == (0, "")
    assert none.stderr == "hfpapers: no bookmarks tagged 'nothing'\n"


def test_no_bookmarks_yet() -> None:
    result = hfpapers("bookmarks")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "hfpapers: no bookmarks yet\n"


def test_mark_read_and_unread_are_on_disk_when_the_command_exits(isolated_dirs: Path) -> None:
    result = hfpapers("mark", "read", f"{ROUTING}v3")
    assert (result.returncode, result.stdout) == (0, f"marked {ROUTING} read\n")
    assert Store(state_file(isolated_dirs)).is_read(ROUTING)
    assert hfpapers("mark", "unread", ROUTING).returncode == 0
    assert not Store(state_file(isolated_dirs)).is_read(ROUTING)


def test_list_search_and_show_json_carry_read_and_bookmarked(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/daily_papers", DAILY, {"date": "2026-11-26"})
    serve_fixture(hf_server, "/api/papers/search", "papers_search_neural_network.json")
    serve_lottery(hf_server)
    hfpapers("mark", "read", ROUTING)
    hfpapers("bookmark", "add", LOTTERY)
    for args in (["list", "--date", "2026-11-26"], ["search", "neural network"]):
        papers = json.loads(hfpapers(*args, "--json").stdout)
        assert {LOTTERY, ROUTING} <= {paper["id"] for paper in papers}
        for paper in papers:
            assert paper["read"] is (paper["id"] == ROUTING), paper["id"]
            assert paper["bookmarked"] is (paper["id"] == LOTTERY), paper["id"]
    shown = json.loads(hfpapers("show", LOTTERY, "--json").stdout)
    assert (shown["read"], shown["bookmarked"]) == (False, True)


def test_a_corrupt_state_file_is_reported_and_moved_aside(isolated_dirs: Path) -> None:
    path = state_file(isolated_dirs)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"meta": {"state": {"sch')
    result = hfpapers("mark", "read", ROUTING)
    assert result.returncode == 0
    (line,) = result.stderr.splitlines()
    (moved,) = path.parent.glob("state.json.corrupt-*")
    assert str(path) in line and str(moved) in line
    assert moved.read_bytes() == b'{"meta": {"state": {"sch'
    assert Store(path).is_read(ROUTING)


def test_an_unwritable_store_exits_5_and_listing_still_works(
    hf_server: HTTPServer, isolated_dirs: Path
) -> None:
    path = state_file(isolated_dirs)
    path.parent.mkdir(parents=True)
    path.with_name("state.json.lock").mkdir()  # the lock cannot be taken, even by root
    result = hfpapers("mark", "read", ROUTING)
    assert result.returncode == 5
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"hfpapers: cannot save reading state to {path}")
    serve_fixture(hf_server, "/api/daily_papers", DAILY, {"date": "2026-11-26"})
    listed = hfpapers("list", "--date", "2026-11-26", "--json")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert not any(paper["read"] for paper in json.loads(listed.stdout))


def test_an_unreadable_store_exits_5_and_listing_says_so(
    hf_server: HTTPServer, isolated_dirs: Path
) -> None:
    state_file(isolated_dirs).mkdir(parents=True)  # a folder where the file should be
    result = hfpapers("bookmarks")
    assert result.returncode == 5
    assert result.stderr.startswith("hfpapers: cannot read reading state ")
    serve_fixture(hf_server, "/api/daily_papers", DAILY, {"date": "2026-11-26"})
    listed = hfpapers("list", "--date", "2026-11-26", "--json")
    assert listed.returncode == 0
    assert "showing every paper as unread and not bookmarked" in listed.stderr
    assert len(json.loads(listed.stdout)) == 28
