"""The reading-state store: every call, persistence, corrupt and unwritable files, upgrades."""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import subprocess
import threading
import types
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.fixtures import FIXTURES, load_fixture
from tui.core import atomic
from tui.core import store as store_module
from tui.core.errors import StoreError
from tui.core.models import Paper, parse_paper
from tui.core.store import Store
from tui.core.store_schema import SCHEMA, arxiv_month


def paper(paper_id: str) -> Paper:
    return Paper(id=paper_id, title=f"Title of {paper_id}", abstract=f"Abstract of {paper_id}.")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.json"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The store's clock ticks one minute per call; yields the times handed out so far."""
    handed: list[str] = []
    minutes = itertools.count()

    def now() -> str:
        minute = next(minutes)
        handed.append(f"2026-11-27T{10 + minute // 60:02d}:{minute % 60:02d}:00Z")
        return handed[-1]

    monkeypatch.setattr(store_module, "now", now)
    yield handed


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Make folders read-only for real, root included (chattr +i), and undo it afterwards."""
    locked: list[tuple[str, Path]] = []

    def lock(folder: Path) -> None:
        if shutil.which("chattr") and _run("chattr", "+i", folder):
            locked.append(("chattr", folder))
        elif os.geteuid() != 0:
            folder.chmod(0o555)
            locked.append(("chmod", folder))
        else:
            pytest.skip("cannot make a folder read-only for root here (chattr +i failed)")
        with pytest.raises(OSError):  # it really is read-only
            (folder / "probe").touch()

    yield lock
    for how, folder in reversed(locked):
        if how == "chattr":
            _run("chattr", "-i", folder)
        else:
            folder.chmod(0o755)


def _run(*command: str | Path) -> bool:
    return subprocess.run([str(c) for c in command], capture_output=True).returncode == 0


def files_of(path: Path) -> dict[str, bytes]:
    """Every file of the store (root and shards) by name, with its bytes."""
    found = {path.name: path.read_bytes()} if path.exists() else {}
    shard_dir = path.parent / "state.d"
    if shard_dir.is_dir():
        found |= {f"state.d/{p.name}": p.read_bytes() for p in sorted(shard_dir.iterdir())}
    return found


# --- reading state ----------------------------------------------------------------------------


def test_a_new_store_is_empty_and_reading_it_creates_no_file(path: Path) -> None:
    store = Store(path)
    assert not store.is_read("2605.15320")
    assert store.read_ids() == set()
    assert store.bookmarks() == []
    assert store.last_visit is None
    assert store.notice is None
    assert not path.parent.exists()


def test_default_path_is_in_the_xdg_data_dir(isolated_dirs: Path) -> None:
    store = Store()
    store.set_read("2605.15320")
    assert store.path == isolated_dirs / "data" / "hfpapers" / "state.json"
    assert Store().is_read("2605.15320")


def test_set_read_persists_with_its_times(path: Path, clock: list[str]) -> None:
    store = Store(path)
    store.set_read("2605.15320")
    assert store.is_read("2605.15320")
    again = Store(path)
    assert again.is_read("2605.15320")
    assert again.read_ids() == {"2605.15320"}
    assert again.read_at("2605.15320") == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert again.first_seen("2605.15320") == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_reading_again_keeps_the_first_read_time(path: Path, clock: list[str]) -> None:
    store = Store(path)
    store.set_read("2605.15320")
    store.set_read("2605.15320")
    assert Store(path).read_at("2605.15320") == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_unread_keeps_first_seen_and_a_new_read_gets_a_new_time(
    path: Path, clock: list[str]
) -> None:
    store = Store(path)
    store.mark_seen(["2605.15320"])  # 10:00
    store.set_read("2605.15320")  # 10:01
    store.set_read("2605.15320", False)
    again = Store(path)
    assert not again.is_read("2605.15320")
    assert again.read_at("2605.15320") is None
    assert again.first_seen("2605.15320") == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    again.set_read("2605.15320")  # 10:02
    assert Store(path).read_at("2605.15320") == datetime(2026, 11, 27, 10, 2, tzinfo=UTC)


def test_toggle_read_flips_and_returns_the_new_state(path: Path) -> None:
    store = Store(path)
    assert store.toggle_read("2605.15320") is True
    assert Store(path).is_read("2605.15320")
    assert store.toggle_read("2605.15320") is False
    assert not Store(path).is_read("2605.15320")


def test_mark_seen_returns_what_is_new_since_the_last_visit(path: Path) -> None:
    first = Store(path)
    assert first.mark_seen(["2605.00001", "2605.00002"]) == {"2605.00001", "2605.00002"}
    # Within one visit a paper stays new, however often it is shown.
    assert first.mark_seen(["2605.00001", "2605.00003"]) == {"2605.00001", "2605.00003"}
    second = Store(path)
    assert second.mark_seen(["2605.00001", "2605.00002", "2605.00004"]) == {"2605.00004"}
    assert second.first_seen("2605.00001") is not None
    assert not second.is_read("2605.00001")


def test_mark_seen_writes_nothing_when_every_paper_was_seen(path: Path) -> None:
    store = Store(path)
    store.mark_seen(["2605.00001", "2605.00002"])
    before = os.stat(path.parent / "state.d" / "reads-2605.json")
    store.mark_seen(["2605.00002", "2605.00001"])
    after = os.stat(path.parent / "state.d" / "reads-2605.json")
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_papers_are_kept_in_one_file_per_kind_and_arxiv_month(path: Path) -> None:
    store = Store(path)
    store.mark_seen(["2605.00001", "2604.00001", "hep-th/9901001"])
    store.add_bookmark(paper("2605.00002"))
    names = sorted(p.name for p in (path.parent / "state.d").iterdir())
    assert names == [
        "bookmarks-2605.json",
        "reads-2604.json",
        "reads-2605.json",
        "reads-9901.json",
    ]
    assert arxiv_month("math.AG/0703001") == "0703"
    assert arxiv_month("0704.0001") == "0704"


def test_every_file_is_private_and_the_root_names_the_schema(path: Path) -> None:
    store = Store(path)
    store.set_read("2605.15320")
    store.add_bookmark(paper("2605.15320"))
    for name in files_of(path):
        assert (path.parent / name).stat().st_mode & 0o777 == 0o600, name
    assert json.loads(path.read_bytes())["meta"]["state"]["schema"] == SCHEMA


# --- bookmarks --------------------------------------------------------------------------------


def test_a_bookmark_keeps_the_whole_paper_its_note_and_tags(path: Path) -> None:
    lottery = parse_paper(load_fixture("paper_1803.03635.json"))
    bookmark = Store(path).add_bookmark(lottery, note="read §5 again", tags=["pruning", "to-cite"])
    assert bookmark.tags == ("pruning", "to-cite")
    again = Store(path)  # as after a restart with the cache cleared: the store has its copy
    assert again.is_bookmarked("1803.03635")
    assert again.bookmarked_paper("1803.03635") == lottery
    (saved,) = again.bookmarks()
    assert saved.paper == lottery
    assert saved.note == "read §5 again"
    assert saved.tags == ("pruning", "to-cite")
    assert saved.added_at is not None
    assert again.bookmarked_ids() == {"1803.03635"}


def test_bookmarking_again_merges_tags_replaces_the_note_and_keeps_the_time(
    path: Path, clock: list[str]
) -> None:
    store = Store(path)
    store.add_bookmark(paper("2605.00001"), note="first", tags=["a", "b"])
    store.add_bookmark(paper("2605.00001"), tags=["B", "c", " "])
    kept = Store(path).bookmark("2605.00001")
    assert kept is not None
    assert kept.note == "first"
    assert kept.tags == ("a", "b", "c")
    assert kept.added_at == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    store.add_bookmark(paper("2605.00001"), note="")
    assert Store(path).bookmark("2605.00001").note is None  # type: ignore[union-attr]


def test_bookmarks_are_newest_first_and_filter_by_tag(path: Path, clock: list[str]) -> None:
    store = Store(path)
    store.add_bookmark(paper("2605.00001"), tags=["Vision"])
    store.add_bookmark(paper("2101.05490"), tags=["nlp"])
    store.add_bookmark(paper("hep-th/9901001"), tags=["vision", "old"])
    again = Store(path)
    assert [b.paper.id for b in again.bookmarks()] == ["hep-th/9901001", "2101.05490", "2605.00001"]
    assert [b.paper.id for b in again.bookmarks(tag="VISION")] == ["hep-th/9901001", "2605.00001"]
    assert again.bookmarks(tag="none") == []


def test_remove_and_toggle_bookmark(path: Path) -> None:
    store = Store(path)
    store.add_bookmark(paper("2605.00001"))
    assert store.remove_bookmark("2605.00001") is True
    assert store.remove_bookmark("2605.00001") is False
    assert not Store(path).is_bookmarked("2605.00001")
    assert store.toggle_bookmark(paper("2605.00002")) is True
    assert Store(path).bookmarked_paper("2605.00002") == paper("2605.00002")
    assert store.toggle_bookmark(paper("2605.00002")) is False
    assert Store(path).bookmarked_ids() == set()
    assert store.bookmarked_paper("2605.00002") is None


def test_notes_keep_their_lines_tags_are_one_line_and_neither_keeps_control_characters(
    path: Path,
) -> None:
    store = Store(path)
    store.add_bookmark(paper("2605.00001"), note="\na\x1b[2Jb \r\nc\n\n", tags=["x\x07y"])
    kept = Store(path).bookmark("2605.00001")
    assert kept is not None
    assert (kept.note, kept.tags) == ("ab\nc", ("xy",))


# --- visits -----------------------------------------------------------------------------------


def test_record_visit_persists(path: Path, clock: list[str]) -> None:
    store = Store(path)
    assert store.last_visit is None
    store.record_visit()
    assert Store(path).last_visit == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


# --- several stores and processes share the files ----------------------------------------------


def test_two_stores_lose_no_update(path: Path) -> None:
    first, second = Store(path), Store(path)  # both loaded before either wrote
    first.add_bookmark(paper("2605.00001"), tags=["from-first"])
    second.add_bookmark(paper("2605.00002"))
    second.add_bookmark(paper("2605.00001"), tags=["from-second"])
    first.set_read("2605.00003")
    second.set_read("2605.00004")
    fresh = Store(path)
    assert fresh.bookmarked_ids() == {"2605.00001", "2605.00002"}
    assert fresh.bookmark("2605.00001").tags == ("from-first", "from-second")  # type: ignore[union-attr]
    assert fresh.read_ids() == {"2605.00003", "2605.00004"}


def test_toggles_act_on_what_is_on_disk(path: Path) -> None:
    first, second = Store(path), Store(path)
    first.set_read("2605.00001")
    assert second.toggle_read("2605.00001") is False  # it saw first's write
    first.add_bookmark(paper("2605.00002"))
    assert second.toggle_bookmark(paper("2605.00002")) is False
    assert not Store(path).is_bookmarked("2605.00002")


def test_refresh_picks_up_other_writers(path: Path) -> None:
    reader, writer = Store(path), Store(path)
    writer.set_read("2605.00001")
    writer.add_bookmark(paper("2101.05490"))
    writer.record_visit()
    assert not reader.is_read("2605.00001")  # reads come from memory
    assert reader.refresh() is True
    assert reader.is_read("2605.00001")
    assert reader.is_bookmarked("2101.05490")
    assert reader.last_visit is not None
    assert reader.refresh() is False


def test_a_frozen_clock_cannot_hide_a_change(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same size, same second: the mtime still moves forward, so the other store re-reads."""
    monkeypatch.setattr(atomic, "time", types.SimpleNamespace(time_ns=lambda: 10**18))
    first, second = Store(path), Store(path)
    first.set_read("2605.00001")
    shard = path.parent / "state.d" / "reads-2605.json"
    mtime = shard.stat().st_mtime_ns
    second.set_read("2605.00002")
    assert shard.stat().st_mtime_ns > mtime
    first.set_read("2605.00003")
    assert Store(path).read_ids() == {"2605.00001", "2605.00002", "2605.00003"}


def test_threads_sharing_one_store_lose_nothing(path: Path) -> None:
    store = Store(path)
    ids = [[f"2605.{t}{i:04d}" for i in range(25)] for t in range(4)]

    def work(mine: list[str]) -> None:
        for paper_id in mine:
            store.set_read(paper_id)

    threads = [threading.Thread(target=work, args=(mine,)) for mine in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Store(path).read_ids() == {paper_id for mine in ids for paper_id in mine}


# --- durability -------------------------------------------------------------------------------


def test_a_write_is_fsynced_renamed_then_its_folder_fsynced(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(path)
    store.set_read("2605.00001")  # creates the folders first
    steps: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        steps.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(source: str, target: str) -> None:
        steps.append(("replace", str(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    store.set_read("2605.00002")
    shard = str(path.parent / "state.d" / "reads-2605.json")
    assert [step for step, _ in steps] == ["fsync", "replace", "fsync"]
    assert steps[0][1].startswith(str(path.parent / "state.d" / ".reads-2605.json."))
    assert steps[1][1] == shard
    assert steps[2][1] == str(path.parent / "state.d")


def test_a_write_that_fails_before_the_rename_changes_nothing(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(path)
    store.set_read("2605.00001")
    before = files_of(path)

    def broken_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StoreError, match="No space left on device"):
        store.set_read("2605.00002")
    assert not store.is_read("2605.00002")  # memory went back to what is on disk
    assert files_of(path) == before  # and no temp file was left behind
    monkeypatch.undo()
    store.set_read("2605.00003")
    assert Store(path).read_ids() == {"2605.00001", "2605.00003"}


def test_stray_temp_files_are_removed_at_start(path: Path) -> None:
    Store(path).set_read("2605.00001")
    strays = [
        path.parent / ".state.json.k1ll3d.tmp",
        path.parent / "state.d" / ".reads-2605.json.abc123.tmp",
    ]
    others = [path.parent / "notes.tmp", path.parent / ".other.json.x.tmp"]
    for file in strays + others:
        file.write_bytes(b'{"half": ')
    store = Store(path)
    assert store.is_read("2605.00001")
    assert [file.exists() for file in strays] == [False, False]
    assert [file.exists() for file in others] == [True, True]


# --- corrupt and unreadable files ---------------------------------------------------------------

GARBAGE = random.Random(3).randbytes(600)

CORRUPT_CASES = {
    "truncated JSON": lambda good: good[: len(good) // 2],
    "binary garbage": lambda good: GARBAGE,
    "empty file": lambda good: b"",
    "a JSON list": lambda good: b"[1, 2, 3]",
    "a table that is a list": lambda good: b'{"reads": [], "bookmarks": [], "meta": []}',
}


def _filled_store(path: Path) -> None:
    store = Store(path)
    store.mark_seen(["2605.00001", "2605.00002"])
    store.set_read("2605.00001")
    store.add_bookmark(paper("2605.00003"), tags=["kept"])
    store.record_visit()


@pytest.mark.parametrize("case", CORRUPT_CASES)
@pytest.mark.parametrize("target", ["state.json", "state.d/reads-2605.json"])
def test_a_corrupt_file_is_moved_aside_reported_and_started_afresh(
    path: Path, case: str, target: str
) -> None:
    _filled_store(path)
    broken = path.parent / target
    bad = CORRUPT_CASES[case](broken.read_bytes())
    broken.write_bytes(bad)

    store = Store(path)

    (moved,) = broken.parent.glob(f"{broken.name}.corrupt-*")
    assert moved.read_bytes() == bad  # kept byte for byte
    assert store.notice is not None
    assert str(broken) in store.notice and str(moved) in store.notice
    assert "\n" not in store.notice
    assert store.is_bookmarked("2605.00003")  # the other files are untouched
    store.set_read("2605.00009")
    assert moved.read_bytes() == bad
    fresh = Store(path)
    assert fresh.notice is None
    assert fresh.is_read("2605.00009")


@pytest.mark.parametrize(
    ("target", "content"),
    [
        ("state.json", b'{"meta": {"state": {"schema": "two"}}}'),
        ("state.d/reads-2605.json", b'{"reads": {"2605.00001": {"seen": 5}}}'),
        ("state.d/reads-2605.json", b'{"reads": {"2605.00001": ["seen"]}}'),
        ("state.d/reads-2605.json", b'{"bookmarks": {}}'),
        ("state.d/bookmarks-2605.json", b'{"bookmarks": {"2605.00003": "a string"}}'),
    ],
)
def test_records_of_the_wrong_shape_count_as_corrupt(
    path: Path, target: str, content: bytes
) -> None:
    _filled_store(path)
    (path.parent / target).write_bytes(content)
    store = Store(path)
    assert store.notice is not None and "moved it to" in store.notice
    assert [p.read_bytes() for p in path.parent.rglob("*.corrupt-*")] == [content]


def test_a_second_corrupt_file_never_overwrites_the_first(path: Path) -> None:
    _filled_store(path)
    for content in (b"first", b"second"):
        path.write_bytes(content)
        Store(path)
    moved = sorted(path.parent.glob("state.json.corrupt-*"))
    assert sorted(p.read_bytes() for p in moved) == [b"first", b"second"]


def test_a_corrupt_file_that_cannot_be_moved_is_never_overwritten(
    path: Path, read_only: Callable[[Path], None]
) -> None:
    _filled_store(path)
    shard = path.parent / "state.d" / "reads-2605.json"
    shard.write_bytes(b"{broken")
    read_only(shard.parent)
    store = Store(path)
    assert store.notice is not None and "could not be moved" in store.notice
    with pytest.raises(StoreError, match="not overwriting"):
        store.set_read("2605.00001")
    assert shard.read_bytes() == b"{broken"


def test_an_unreadable_file_is_a_clear_error(path: Path) -> None:
    path.mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(StoreError, match="cannot read reading state") as caught:
        Store(path)
    assert str(path) in caught.value.message and "\n" not in caught.value.message


def test_a_file_from_a_newer_version_is_refused(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('{"meta": {"state": {"schema": 99}}}')
    with pytest.raises(StoreError, match="newer hfpapers"):
        Store(path)
    assert path.read_text() == '{"meta": {"state": {"schema": 99}}}'


# --- read-only folders ------------------------------------------------------------------------


def test_a_read_only_folder_still_reads_and_refuses_writes_clearly(
    path: Path, read_only: Callable[[Path], None]
) -> None:
    _filled_store(path)
    before = files_of(path)
    read_only(path.parent)
    read_only(path.parent / "state.d")
    store = Store(path)
    assert store.is_read("2605.00001") and store.is_bookmarked("2605.00003")
    for write in (
        lambda: store.set_read("2605.00002"),
        lambda: store.add_bookmark(paper("2605.00002")),
        lambda: store.add_bookmark(paper("2101.00002")),
        store.record_visit,
    ):
        with pytest.raises(StoreError, match="cannot save reading state") as caught:
            write()
        assert "\n" not in caught.value.message
    assert not store.is_read("2605.00002") and not store.is_bookmarked("2605.00002")
    assert files_of(path) == before


def test_a_lock_that_cannot_be_taken_refuses_writes(path: Path) -> None:
    _filled_store(path)
    lock = path.with_name("state.json.lock")
    lock.unlink(missing_ok=True)
    lock.mkdir()  # as root, chmod would not stop us; a folder in the lock's place does
    store = Store(path)
    assert store.is_read("2605.00001")
    with pytest.raises(StoreError, match="cannot save reading state"):
        store.set_read("2605.00002")
    assert not store.is_read("2605.00002")


# --- upgrades ---------------------------------------------------------------------------------


@pytest.fixture
def v1_path(path: Path) -> Path:
    path.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "state_v1.json", path)
    return path


def test_a_v1_file_is_upgraded_with_everything_it_held(v1_path: Path) -> None:
    store = Store(v1_path)
    assert store.notice is None
    assert store.read_ids() == {"2101.05490", "hep-th/9901001"}
    assert store.read_at("2101.05490") == datetime(2026, 11, 19, 21, 5, tzinfo=UTC)
    assert store.read_at("hep-th/9901001") == datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    assert store.first_seen("1803.03635") == datetime(2026, 11, 18, 7, 0, tzinfo=UTC)
    assert not store.is_read("1803.03635")
    assert store.last_visit == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    (bookmark,) = store.bookmarks()  # the two without a usable paper record are left out
    assert bookmark.paper.title.startswith("The Lottery Ticket Hypothesis")
    assert bookmark.paper.github_stars == 1166
    assert bookmark.note == "read section 5 again"
    assert bookmark.tags == ("pruning", "to-cite")
    assert bookmark.added_at == datetime(2026, 11, 19, 21, 10, tzinfo=UTC)


def test_an_upgrade_is_saved_once_with_a_backup_of_the_old_file(v1_path: Path) -> None:
    Store(v1_path)
    root = json.loads(v1_path.read_bytes())
    assert root == {"meta": {"state": {"schema": SCHEMA, "last_visit": "2026-11-20T08:30:00Z"}}}
    backup = v1_path.with_name("state.json.v1-backup")
    assert backup.read_bytes() == (FIXTURES / "state_v1.json").read_bytes()
    upgraded = files_of(v1_path)
    again = Store(v1_path)  # nothing left to upgrade: nothing is written
    assert files_of(v1_path) == upgraded
    assert again.read_ids() == {"2101.05490", "hep-th/9901001"}


def test_an_upgrade_cut_short_before_the_root_is_written_runs_again(v1_path: Path) -> None:
    """A kill after the new files but before the root: the next start upgrades again."""
    store = Store(v1_path)
    store.set_read("1803.03635")  # a change made after the upgrade must survive a re-run
    shutil.copy(FIXTURES / "state_v1.json", v1_path)
    again = Store(v1_path)
    assert again.read_ids() == {"2101.05490", "hep-th/9901001", "1803.03635"}
    assert len(again.bookmarks()) == 1
    assert json.loads(v1_path.read_bytes())["meta"]["state"]["schema"] == SCHEMA


def test_a_v1_file_in_a_read_only_folder_is_read_but_not_changed(
    v1_path: Path, read_only: Callable[[Path], None]
) -> None:
    read_only(v1_path.parent)
    store = Store(v1_path)
    assert store.read_ids() == {"2101.05490", "hep-th/9901001"}
    assert store.notice is not None and "cannot be saved" in store.notice
    with pytest.raises(StoreError):
        store.set_read("1803.03635")
    assert v1_path.read_bytes() == (FIXTURES / "state_v1.json").read_bytes()


# --- symlinked files are written through ----------------------------------------------------


def test_a_symlinked_state_file_and_shard_are_written_through(path: Path, tmp_path: Path) -> None:
    store = Store(path)
    store.add_bookmark(paper("2605.00001"))
    store.set_read("2605.00001")
    elsewhere = tmp_path / "dotfiles"
    elsewhere.mkdir()
    linked = {}
    for name in ("state.json", "state.d/bookmarks-2605.json"):
        target = elsewhere / name.replace("/", "-")
        shutil.move(path.parent / name, target)
        target.chmod(0o640)
        (path.parent / name).symlink_to(target)
        linked[name] = target

    store = Store(path)
    store.add_bookmark(paper("2605.00002"), tags=["linked"])
    store.record_visit()

    for name, target in linked.items():
        assert (path.parent / name).is_symlink()
        assert (path.parent / name).resolve() == target
        assert stat_mode(target) == 0o640
    assert (
        "2605.00002" in json.loads(linked["state.d/bookmarks-2605.json"].read_text())["bookmarks"]
    )
    assert "last_visit" in json.loads(linked["state.json"].read_text())["meta"]["state"]
    fresh = Store(path)
    assert fresh.is_bookmarked("2605.00002") and fresh.is_read("2605.00001")
    assert fresh.last_visit is not None


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777
