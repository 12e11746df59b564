"""`hfpapers` without a subcommand: option checking (one-line errors, exit 2) and the real
reader started in a pseudo-terminal, quitting on `q`."""

from __future__ import annotations

import argparse
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli import hfpapers
from tui.cli.reader import start_view
from tui.core.query import Query
from tui.core.views import StartView


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-13-40"], "hfpapers: not a date (YYYY-MM-DD): '2026-13-40'"),
        (["--week", "2026-W99"], "hfpapers: not an ISO week (YYYY-Www): '2026-W99'"),
        (["--month", "2026-00"], "hfpapers: not a month (YYYY-MM): '2026-00'"),
        (["--search", "   "], "hfpapers: the search text is empty"),
        (["--search", "x", "--trending"], "hfpapers: --search cannot be combined"),
        ([], "hfpapers: the reader needs a terminal"),
    ],
)
def test_bad_options_are_one_line_errors(args: list[str], message: str) -> None:
    result = hfpapers(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_options_choose_the_start_view() -> None:
    def view(**options: object) -> StartView | None:
        defaults = dict(date=None, week=None, month=None, trending=False, search=None)
        return start_view(argparse.Namespace(**{**defaults, **options}))

    assert view() is None
    assert view(date="2026-11-26") == StartView("day", Query.day("2026-11-26"))
    assert view(week="2026-W48") == StartView("week", Query.week("2026-W48"))
    assert view(month="2026-11") == StartView("month", Query.month("2026-11"))
    assert view(trending=True) == StartView("trending", Query.trending())
    assert view(search="  neural   nets ") == StartView("search", Query.search("neural nets"))


def test_the_reader_runs_in_a_terminal_and_quits_on_q(isolated_dirs: Path) -> None:
    """The real program in a pseudo-terminal: it paints the demo (offline), and `q` ends it."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        close_fds=True,
    )
    os.close(secondary)
    try:
        screen = _read_until(primary, b"demo papers", timeout=30)
        assert b"demo papers" in screen
        os.write(primary, b"q")
        started = time.monotonic()
        # Keep reading while it exits: a full pty buffer would block its last writes.
        while process.poll() is None and time.monotonic() - started < 10:
            _read_until(primary, b"\x00never", timeout=0.2)
        assert process.wait(timeout=1) == 0
        assert time.monotonic() - started < 5
    finally:
        if process.poll() is None:
            process.kill()
        os.close(primary)


def test_what_the_reader_wrote_is_on_disk_when_it_has_quit(isolated_dirs: Path) -> None:
    """The reader leaves without Python's teardown (os._exit): a bookmark and a read mark made
    just before `q` must be there for the next process."""
    from tui.core.store import Store

    primary, secondary = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tui"], stdin=secondary, stdout=secondary, stderr=secondary,
        env=env, close_fds=True,
    )  # fmt: skip
    os.close(secondary)
    try:
        _read_until(primary, "●".encode(), timeout=30)  # unread marks: the store is open
        os.write(primary, b"bm")
        _read_until(primary, b"marked read", timeout=10)
        os.write(primary, b"q")
        started = time.monotonic()
        while process.poll() is None and time.monotonic() - started < 10:
            _read_until(primary, b"\x00never", timeout=0.2)
        assert process.wait(timeout=1) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(primary)
    with Store() as store:
        [bookmark] = store.bookmarks()
        assert store.is_read(bookmark.paper.id)


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


PROBE = """
import sys
from pathlib import Path

import tui.app
from tui.app import PapersApp

class Probe(PapersApp):
    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self.probe)

    def probe(self) -> None:
        self.heavy = sorted(m for m in ("httpx", "citeproc") if m in sys.modules)
        self.exit()

app = Probe()
app.run(headless=True)
print("first paint imports:", app.heavy)
"""


def test_help_and_the_first_paint_import_neither_httpx_nor_citeproc() -> None:
    """Start-up work depends on it: httpx (~50 ms with its TLS context) and citeproc are
    imported when a fetch or a CSL style needs them, after the first frame."""
    helped = subprocess.run(
        [sys.executable, "-c", "import sys; from tui.cli import main\n"
         "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
         "print('help imports:', sorted(m for m in ('httpx', 'citeproc', 'textual') "
         "if m in sys.modules))"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "help imports: []" in helped.stdout, helped.stdout + helped.stderr
    painted = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60
    )
    line = next(ln for ln in painted.stdout.splitlines() if "first paint" in ln)
    assert line == "first paint imports: []", painted.stdout + painted.stderr


GC_PROBE = """
import gc

gc.disable()  # as the launcher does
from pathlib import Path

import tui.app
from tui.app import PapersApp

class Probe(PapersApp):
    CSS_PATH = str(Path(tui.app.__file__).with_name("app.tcss"))

    def on_mount(self) -> None:
        self.paused = not gc.isenabled()
        super().on_mount()
        self.call_after_refresh(self.probe)  # after the app's own after-paint callbacks

    def probe(self) -> None:
        self.resumed, self.frozen = gc.isenabled(), gc.get_freeze_count()
        self.exit()

app = Probe()
app.run(headless=True)
print("paused:", app.paused, "resumed:", app.resumed, "frozen:", app.frozen > 10_000)
"""


def test_the_collector_paused_for_the_start_resumes_after_the_first_paint() -> None:
    """The launcher pauses garbage collection while the reader starts (~18 ms of collections
    before the first paint); the app resumes it once painted, what start-up made frozen."""
    source = Path(__file__).parents[1] / "tui" / "cli" / "reader.py"
    assert "gc.disable()" in source.read_text()
    probed = subprocess.run(
        [sys.executable, "-c", GC_PROBE], capture_output=True, text=True, timeout=60
    )
    line = next(ln for ln in probed.stdout.splitlines() if ln.startswith("paused:"))
    assert line == "paused: True resumed: True frozen: True", probed.stdout + probed.stderr
