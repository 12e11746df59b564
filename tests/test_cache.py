"""The offline cache: listings and papers survive, corrupt files never crash, writes are atomic."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from tests.support.fixtures import fixture_papers
from tui.core.cache import Cache
from tui.core.query import Query

DAY = Query.day("2026-11-26")


def test_default_root_is_the_xdg_cache_dir(isolated_dirs: Path) -> None:
    assert Cache().root == isolated_dirs / "cache" / "hfpapers"


def test_a_listing_round_trips_with_its_fetch_time(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    papers = fixture_papers()
    fetched = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    cache.save_listing(DAY, papers, skipped=2, fetched_at=fetched)
    loaded = cache.load_listing(DAY)
    assert loaded is not None
    assert loaded.papers == papers
    assert loaded.fetched_at == fetched
    assert loaded.skipped == 2
    assert cache.listing_path(DAY) == tmp_path / "listings" / "day-2026-11-26.jsonl"


def test_the_head_is_the_most_upvoted_papers_read_from_one_line(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    papers = fixture_papers()
    cache.save_listing(DAY, papers)
    head = cache.load_listing(DAY, head=True)
    assert head is not None and head.count == len(papers) == 28
    expected = sorted(papers, key=lambda p: p.upvotes, reverse=True)
    assert [p.upvotes for p in head.papers] == [p.upvotes for p in expected]
    assert set(head.papers) == set(papers)
    first_line = cache.listing_path(DAY).read_bytes().split(b"\n", 1)[0]
    assert len(orjson.loads(first_line)["head"]) == 28


def test_a_listing_cut_short_is_absent(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.save_listing(DAY, fixture_papers())
    path = cache.listing_path(DAY)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-1]))  # the last record is gone
    assert cache.load_listing(DAY) is None


def test_listings_are_kept_apart_by_query(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.save_listing(DAY, fixture_papers())
    assert cache.load_listing(Query.day("2026-11-25")) is None
    assert cache.load_listing(Query.latest()) is None
    assert cache.load_listing(Query.week("2026-W48")) is None


def test_search_files_are_named_by_hash_never_by_the_text(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    hostile = Query.search("../../etc/passwd; rm -rf ~")
    other = Query.search("kazakh")
    assert "passwd" not in cache.listing_path(hostile).name
    assert cache.listing_path(hostile).parent == tmp_path / "listings"
    assert cache.listing_path(hostile) != cache.listing_path(other)
    papers = fixture_papers("real/search_kazakh_2025-05.json")
    cache.save_listing(other, papers)
    assert cache.load_listing(other).papers == papers  # type: ignore[union-attr]
    assert cache.load_listing(hostile) is None


def test_every_paper_of_a_listing_can_be_loaded_by_id(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    papers = fixture_papers("real/daily_papers_2026-05-18.json")
    cache.save_listing(Query.latest(), papers)
    for paper in papers:
        assert cache.load_paper(paper.id) == paper
    assert cache.load_paper(f"{papers[0].id}v3") == papers[0]
    assert cache.load_paper("2605.99999") is None
    assert cache.load_paper("not an id") is None


def test_a_listing_is_read_without_the_paper_store(tmp_path: Path) -> None:
    """Painting a listing must not parse the (possibly huge) paper store."""
    cache = Cache(tmp_path)
    cache.save_listing(DAY, fixture_papers())
    for shard in (tmp_path / "papers").glob("*.json"):
        shard.write_bytes(b"{broken")
    assert cache.load_listing(DAY).papers == fixture_papers()  # type: ignore[union-attr]


def test_newer_records_update_but_keep_what_they_lack(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    daily = fixture_papers()[0]
    assert daily.daily_date is not None and daily.submitted_by is not None
    cache.save_papers([daily])
    # The same paper as search returns it: no Daily Papers date, fresher upvotes.
    searched = replace(daily, daily_date=None, submitted_by=None, upvotes=daily.upvotes + 10)
    cache.save_papers([searched])
    stored = cache.load_paper(daily.id)
    assert stored == replace(daily, upvotes=daily.upvotes + 10)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{truncated",
        b"\x00\xff\xfe garbage",
        b"[]",
        b'{"format": 1, "query": ["day", "2026-11-26"], "fetched_at": "yesterday", "papers": []}',
        b'{"format": 1, "query": ["day", "2026-11-26"], "fetched_at": "2026-11-26T00:00:00+00:00",'
        b' "papers": [{"title": "no id"}]}',
        b'{"format": 99, "query": ["day", "2026-11-26"], "fetched_at": "2026-11-26T00:00:00+00:00",'
        b' "papers": []}',
        b'{"format": 2, "query": ["day", "2026-11-26"], "fetched_at": "2026-11-26T00:00:00+00:00",'
        b' "count": 1, "head": []}\n{"title": "no id"}\n',
        b'{"format": 2, "query": ["day", "2026-11-26"], "fetched_at": "2026-11-26T00:00:00+00:00",'
        b' "count": 2, "head": []}\n\x00\xff\n',
    ],
)
def test_a_corrupt_listing_is_absent_and_can_be_replaced(tmp_path: Path, content: bytes) -> None:
    cache = Cache(tmp_path)
    path = cache.listing_path(DAY)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert cache.load_listing(DAY) is None
    cache.save_listing(DAY, fixture_papers())
    assert cache.load_listing(DAY).papers == fixture_papers()  # type: ignore[union-attr]


def test_a_corrupt_paper_shard_is_absent_and_can_be_replaced(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    paper = fixture_papers()[0]
    cache.save_papers([paper])
    (shard,) = (tmp_path / "papers").glob("*.json")
    shard.write_bytes(b'{"' + paper.id.encode() + b'": {"id": 5')
    assert cache.load_paper(paper.id) is None
    shard.write_bytes(orjson.dumps({paper.id: {"id": paper.id, "authors": 7}}))
    assert cache.load_paper(paper.id) is None
    cache.save_papers([paper])
    assert cache.load_paper(paper.id) == paper


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    for _ in range(3):
        cache.save_listing(DAY, fixture_papers())
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path)
    papers = fixture_papers()
    cache.save_listing(DAY, papers)
    before = cache.listing_path(DAY).read_bytes()

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        cache.save_listing(DAY, papers[:3], fetched_at=datetime.now(UTC) + timedelta(hours=1))
    assert cache.listing_path(DAY).read_bytes() == before
    assert [p for p in tmp_path.rglob("*.tmp")] == []


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tests.support.fixtures import load_fixture
    from tui.core.cache import Cache
    from tui.core.models import parse_listing
    from tui.core.query import Query

    cache = Cache(Path(sys.argv[1]))
    papers = parse_listing(load_fixture("real/daily_papers_2026-05-18.json")).papers
    count = 0
    while True:
        count += 1
        cache.save_listing(Query.latest(), papers[: 10 + count % 40])
        if count == 5:
            print("saving", flush=True)
    """
)


def test_killing_a_writer_mid_save_never_leaves_a_broken_listing(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    for _ in range(3):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root)],
            stdout=subprocess.PIPE,
            cwd=Path(__file__).parent.parent,
        )
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline() == b"saving\n"  # several saves done, more running
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
        loaded = Cache(root).load_listing(Query.latest())
        assert loaded is not None and 10 <= len(loaded.papers) <= 49
        assert Cache(root).load_paper(loaded.papers[0].id) is not None


SAVER = textwrap.dedent(
    """
    import sys
    from dataclasses import replace
    from pathlib import Path
    from tests.support.fixtures import load_fixture
    from tui.core.cache import Cache
    from tui.core.models import parse_listing

    cache = Cache(Path(sys.argv[1]))
    template = parse_listing(load_fixture("daily_papers_2026-11-26.json")).papers[0]
    for number in range(int(sys.argv[2]), int(sys.argv[2]) + 150):
        cache.save_papers([replace(template, id=f"2611.{number:05d}")])
    """
)


def test_two_processes_saving_into_one_shard_lose_nothing(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    repo = Path(__file__).parent.parent
    savers = [
        subprocess.Popen([sys.executable, "-c", SAVER, str(root), start], cwd=repo)
        for start in ("0", "500")
    ]
    assert [saver.wait(timeout=120) for saver in savers] == [0, 0]
    cache = Cache(root)
    missing = [
        number
        for number in [*range(150), *range(500, 650)]
        if cache.load_paper(f"2611.{number:05d}") is None
    ]
    assert missing == []


# --- an unusable cache folder: off with a reason, never an exception ----------------------------


def test_a_file_in_place_of_the_cache_folder_turns_the_cache_off(isolated_dirs: Path) -> None:
    folder = isolated_dirs / "cache" / "hfpapers"
    folder.parent.mkdir(parents=True)
    folder.write_bytes(b"not a folder")
    cache = Cache()  # raised FileExistsError before
    assert cache.load_listing(DAY) is None
    assert cache.load_listing(DAY, head=True) is None
    assert cache.load_paper("2605.15320") is None
    cache.save_listing(DAY, fixture_papers())  # nothing to keep it in: not kept, not raised
    cache.save_papers(fixture_papers())
    assert cache.problem == f"cache off: {folder} is not a folder"
    assert folder.read_bytes() == b"not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder (see test_cli_network)")
def test_an_unreadable_cache_folder_turns_the_cache_off(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    Cache(root).save_listing(DAY, fixture_papers())
    root.chmod(0)
    try:
        cache = Cache(root)
        assert cache.load_listing(DAY) is None
        cache.save_listing(DAY, fixture_papers())
        assert cache.problem == f"cache off: cannot read {root} (permission denied)"
    finally:
        root.chmod(0o700)


def test_a_failed_write_is_the_problem_to_tell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    assert cache.problem is None

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        cache.save_listing(DAY, fixture_papers())
    assert cache.problem == f"cache not kept: no space left on device ({tmp_path})"
    assert Cache(tmp_path).problem == cache.problem  # the same folder: one problem to tell
