"""The one file writer (tui/core/atomic.py): what a name points at is what gets written.

Never against the real /dev or /proc names: a writer that replaced them would break the
machine. Symlinks in the test's folder stand for them (/dev/stdout is such a link on Linux).
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from tests.support.cli import bookmark, hfpapers
from tests.support.fixtures import LOTTERY
from tui.core.atomic import _resolve, write_durably, write_user_file


def test_a_symlink_is_written_through_to_its_target_in_the_target_folder(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "home").mkdir()
    target = tmp_path / "repo" / "refs.bib"
    target.write_text("old")
    link = tmp_path / "home" / "refs.bib"
    link.symlink_to(Path("..") / "repo" / "refs.bib")

    write_user_file(link, b"new")

    assert link.is_symlink() and os.readlink(link) == str(Path("..") / "repo" / "refs.bib")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in (tmp_path / "home").iterdir()) == ["refs.bib"]
    assert sorted(p.name for p in (tmp_path / "repo").iterdir()) == ["refs.bib"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "made.txt")
    write_user_file(link, b"x")
    assert link.is_symlink() and (tmp_path / "made.txt").read_bytes() == b"x"


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old")
    path.chmod(mode)
    write_user_file(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_bytes() == b"new"


def test_a_new_file_gets_the_usual_mode_less_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_user_file(tmp_path / "new.bib", b"x")
        write_durably(tmp_path / "state.json", b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.bib").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "state.json").stat().st_mode) == 0o600  # the store's own


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_an_existing_file_keeps_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "shared.bib"
    path.write_text("old")
    os.chown(path, 4321, 4321)
    write_user_file(path, b"new")
    assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4321)


def test_a_file_with_hard_links_is_rewritten_in_place_so_every_name_sees_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("a much longer old content")
    other = tmp_path / "copy.bib"
    os.link(path, other)
    inode = path.stat().st_ino

    write_user_file(path, b"new")

    assert other.read_bytes() == path.read_bytes() == b"new"
    assert path.stat().st_ino == inode and path.stat().st_nlink == 2


def test_a_fifo_is_written_plainly_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_user_file(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_character_device_is_written_plainly_and_stays_one(tmp_path: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is on Linux
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device node here")
    write_user_file(null, b"discarded")
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_link_to_an_open_descriptor_writes_that_descriptor(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    link = tmp_path / "stdout"
    link.symlink_to(f"/proc/self/fd/{write_end}")  # as /dev/stdout -> /proc/self/fd/1
    try:
        write_user_file(link, b"to the pipe")
        os.close(write_end)
        assert os.read(read_end, 100) == b"to the pipe"
    finally:
        os.close(read_end)
    assert link.is_symlink()


@pytest.mark.parametrize(
    ("name", "descriptor"),
    [("/dev/stdout", 1), ("/dev/stderr", 2), ("/dev/fd/7", 7), ("/proc/self/fd/9", 9)],
)
def test_descriptor_names_resolve_to_the_descriptor(name: str, descriptor: int) -> None:
    assert _resolve(Path(name)) == descriptor


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_user_file(tmp_path, b"x")


# --- through the command line -----------------------------------------------------------------


def test_export_to_a_link_to_stdout_prints_it(tmp_path: Path) -> None:
    bookmark(LOTTERY)
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    result = hfpapers("export", "-o", str(link))
    assert result.returncode == 0
    assert result.stdout.startswith("@misc{frankle2018lottery,")
    assert link.is_symlink()


def test_export_over_a_readable_file_keeps_it_readable(tmp_path: Path) -> None:
    bookmark(LOTTERY)
    path = tmp_path / "refs.bib"
    path.write_text("old")
    path.chmod(0o644)
    other = tmp_path / "also-refs.bib"
    os.link(path, other)
    assert hfpapers("export", "-o", str(path)).returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert other.read_text().startswith("@misc{frankle2018lottery,")
