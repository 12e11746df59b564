"""The performance suite: ``python tests/benchmarks/run.py`` prints one table.

Every figure is a median over repeated runs on this machine, measured the way a user meets
the reader: ``hfpapers`` started in a real pseudo-terminal (100x30), with its cache and store
filled with synthetic papers in the real API shape, timed until paper rows reach the screen,
and keys timed until the last byte of their repaint. Start-up is reported as a ratio to a bare
Textual app (one line of text) started the same way, in turn with the reader. The package is
compiled to bytecode first, as ``pip install`` does.

Options: ``--quick`` (fewer repeats, no 50,000 case) and ``--json FILE`` (the rows as JSON).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from bench_store import build_store, measure_toggle  # noqa: E402
from servers import serve_json  # noqa: E402
from terminal import TerminalProcess  # noqa: E402

from tests.support.synthetic import MARKER, daily_items  # noqa: E402
from tui.core.cache import Cache  # noqa: E402
from tui.core.models import parse_listing  # noqa: E402
from tui.core.query import Query  # noqa: E402

T = TypeVar("T")
SIZE = (100, 30)
START_CASES = [
    # name, papers in the listing opened, other papers cached, targets (x bare, MB)
    ("one day (50 papers)", 50, 0, 1.3, 60),
    ("1,000-paper listing", 1_000, 0, 1.3, None),
    ("10,000-paper listing", 10_000, 0, 1.3, None),
    ("one day, 50,000 more cached", 50, 50_000, 1.3, 150),
    ("50,000-paper listing", 50_000, 0, None, 150),
]
BARE_MARKER = "BARE-APP-READY"
BARE_LIST_MARKER = "BARE-LIST-ROW 00000"
KEY_RATIO = 2.0
"""Keys and filter keystrokes: at most this many times the bare list's cursor move."""
OFFLINE_TARGET = 0.5
"""Seconds from the first screen until the header says offline (a refused connection)."""


@dataclass
class Row:
    """One line of the table."""

    name: str
    value: float
    unit: str
    target: str
    ok: bool | None

    def cells(self) -> list[str]:
        verdict = {True: "met", False: "MISSED", None: ""}[self.ok]
        return [self.name, f"{self.value:.3g} {self.unit}", self.target, verdict]


@contextmanager
def user_home(
    papers: int, state_records: int = 0, other_cached: int = 0
) -> Iterator[dict[str, str]]:
    """Environment of a user whose cache holds ``papers`` latest papers (plus ``other_cached``
    papers of another listing) and whose store holds ``state_records`` reading-state records."""
    with tempfile.TemporaryDirectory(prefix="hfpapers-bench-") as tmp:
        env = dict(os.environ)
        env.update(
            XDG_CONFIG_HOME=f"{tmp}/config",
            XDG_DATA_HOME=f"{tmp}/data",
            XDG_CACHE_HOME=f"{tmp}/cache",
            TERM="xterm-256color",
            COLORTERM="truecolor",
        )
        env.pop("HF_TOKEN", None)
        cache = Cache(Path(tmp) / "cache" / "hfpapers")
        if papers:
            cache.save_listing(Query.latest(), parse_listing(daily_items(papers)).papers)
        if other_cached:
            others = parse_listing(daily_items(other_cached, seed=5)).papers
            cache.save_listing(Query.month("2026-10"), others)
        if state_records:
            build_store(Path(tmp) / "data" / "hfpapers" / "state.json", state_records)
        yield env


def launch(env: dict[str, str], endpoint: str) -> TerminalProcess:
    return TerminalProcess(
        [sys.executable, "-m", "tui"], {**env, "HF_ENDPOINT": endpoint}, size=SIZE
    )


def bare_start() -> tuple[float, float, float]:
    """Seconds to first screen, peak RSS (MB) and seconds from `q` to exit of the bare
    Textual app (one run)."""
    app = TerminalProcess(
        [sys.executable, str(Path(__file__).parent / "bare_app.py")],
        {**os.environ, "TERM": "xterm-256color"},
        size=SIZE,
    )
    try:
        shown = app.wait_for(BARE_MARKER)
        app.settle(0.3)
        rss = app.peak_rss_mb()
        return shown, rss, app.quit("q")
    finally:
        app.kill()


def bare_list_move(repeats: int = 20) -> float:
    """Median ms from `j` to the end of its repaint in a bare Textual OptionList of 10,000
    rows: the yardstick for the reader's keys, measured the same way in the same run."""
    app = TerminalProcess(
        [sys.executable, str(Path(__file__).parent / "bare_list.py")],
        {**os.environ, "TERM": "xterm-256color"},
        size=SIZE,
    )
    try:
        app.wait_for(BARE_LIST_MARKER)
        app.settle(1.0)
        times = [app.type("j") * 1000 for _ in range(repeats)]
    finally:
        app.kill()
    return statistics.median(times)


def offline_said(repeats: int) -> float:
    """Median seconds from the first screen (a cached listing) until the header says
    "offline", against a port that refuses connections (the client retries meanwhile)."""
    times = []
    with user_home(50) as env:
        for _ in range(repeats):
            app = launch(env, "http://127.0.0.1:9")
            try:
                shown = app.wait_for(MARKER)
                times.append(app.wait_for("offline,") - shown)
            finally:
                app.kill()
    return statistics.median(times)


def reader_start(
    papers: int, repeats: int, hang: str, other_cached: int = 0
) -> tuple[float, float, float]:
    """Median seconds to first populated screen and peak RSS (MB) with ``papers`` in the
    listing opened (and ``other_cached`` more in the cache), and the median first screen of
    the bare app, started in turn with the reader (so a slower spell of a shared machine
    weighs on both alike), after one start of the reader that is not counted.

    The API hangs, so what is measured is the cache path a user sees while a fetch is out.
    """
    times, rss, bare = [], [], []
    state = min(papers + other_cached, 10_000)
    with user_home(papers, state_records=state, other_cached=other_cached) as env:
        warm_up = launch(env, hang)  # not counted: a first start in a new home makes its files
        try:
            warm_up.wait_for(f" {papers} papers")
        finally:
            warm_up.kill()
        for _ in range(repeats):
            bare.append(bare_start()[0])
            app = launch(env, hang)
            try:
                times.append(app.wait_for(MARKER))
                app.wait_for(f" {papers} papers")  # the whole listing, not just its head
                app.settle(0.5)
                rss.append(app.peak_rss_mb())
            finally:
                app.kill()
    return statistics.median(times), statistics.median(rss), statistics.median(bare)


def compile_package() -> None:
    """Give the reader the bytecode an installed package has.

    ``pip install`` compiles a package's modules (textual's, in the venv, are compiled); a
    checkout run with PYTHONDONTWRITEBYTECODE=1 would compile hfpapers' ~70 modules from
    source at every start (~60 ms on this machine), which no installed user pays.
    """
    import compileall

    compileall.compile_dir(ROOT / "tui", quiet=1)


def key_latencies(papers: int, serve: str, keys: list[tuple[str, str]]) -> dict[str, float]:
    """Median ms from key press to the end of its repaint, per named key sequence."""
    results: dict[str, list[float]] = {}
    with user_home(papers, state_records=min(papers, 10_000)) as env:
        app = launch(env, serve)
        try:
            app.wait_for(MARKER)
            app.wait_for(f" {papers} papers")
            app.settle(1.0)
            for name, key in keys:
                results.setdefault(name, []).append(app.type(key) * 1000)
        finally:
            app.kill()
    return {name: statistics.median(values) for name, values in results.items()}


def filter_latency(papers: int, serve: str, text: str = "neural") -> float:
    """Median ms per keystroke of the local filter, typing ``text`` one letter at a time."""
    with user_home(papers) as env:
        app = launch(env, serve)
        try:
            app.wait_for(MARKER)
            app.wait_for(f" {papers} papers")  # the whole listing, not just its head
            app.settle(1.0)  # and its filter index, built in the background
            app.type("/")
            app.settle(0.3)
            times = [app.type(letter) * 1000 for letter in text]
        finally:
            app.kill()
    return statistics.median(times)


def quit_latency(repeats: int, hang: str) -> float:
    """Median seconds from `q` to process exit while a fetch hangs in flight."""
    times = []
    with user_home(50) as env:
        for _ in range(repeats):
            app = launch(env, hang)
            try:
                app.wait_for(MARKER)
                app.settle(0.5)
                times.append(app.quit("q"))
            finally:
                app.kill()
    return statistics.median(times)


def fetch_stall(papers: int = 500) -> float:
    """Longest event-loop stall (ms) while the reader fetches, parses and merges ``papers``.

    Runs the app headless in this process with a ticker on its event loop: the largest gap
    between two ticks beyond the tick period is the longest time the UI could not react.
    """
    with (
        user_home(50) as env,
        serve_json(daily_items(papers, seed=11)) as endpoint,
    ):
        saved = dict(os.environ)
        os.environ.update({**env, "HF_ENDPOINT": endpoint})
        try:
            return asyncio.run(_stall_in_app())
        finally:
            os.environ.clear()
            os.environ.update(saved)


async def _stall_in_app() -> float:
    from tui.app import PapersApp

    app = PapersApp()
    worst = 0.0
    period = 0.002
    async with app.run_test(size=SIZE) as pilot:
        done = False

        async def ticker() -> None:
            nonlocal worst
            while not done:
                before = time.perf_counter()
                await asyncio.sleep(period)
                worst = max(worst, time.perf_counter() - before - period)

        task = asyncio.create_task(ticker())
        deadline = time.perf_counter() + 30
        fetched = False
        while time.perf_counter() < deadline and not fetched:
            await pilot.pause(0.05)
            fetched = any(w.group == "fetch" for w in app.workers) is False and _got_network(app)
        done = True
        await task
        if not fetched:
            raise TimeoutError("the fetch did not complete")
    return worst * 1000


def _got_network(app: Any) -> bool:
    view = getattr(app.screen, "view", None)
    listing = getattr(view, "listing", None)
    return getattr(listing, "source", None) == "network"


def timed(label: str, function: Callable[[], T]) -> T:
    print(f"  measuring {label}...", file=sys.stderr, flush=True)
    return function()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no 50,000 case")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = parser.parse_args()
    repeats = 3 if args.quick else 9
    sizes = (10_000,) if args.quick else (10_000, 50_000)
    rows: list[Row] = []

    compile_package()
    with serve_json(None, hang=True) as hang:
        runs: list[tuple[float, float, float]] = timed(
            "bare Textual app", lambda: [bare_start() for _ in range(repeats)]
        )
        bare_time = statistics.median(run[0] for run in runs)
        bare_rss = statistics.median(run[1] for run in runs)
        bare_quit = statistics.median(run[2] for run in runs)
        rows.append(Row("bare Textual app: first screen", bare_time, "s", "yardstick", None))
        rows.append(Row("bare Textual app: peak RSS", bare_rss, "MB", "yardstick", None))
        rows.append(Row("bare Textual app: quit", bare_quit, "s", "yardstick", None))
        for name, papers, others, ratio_target, rss_target in START_CASES:
            if args.quick and papers + others > 10_000:
                continue
            start, rss, bare_then = timed(
                f"start, {name}", partial(reader_start, papers, repeats, hang, other_cached=others)
            )
            ratio = start / bare_then
            rows.append(
                Row(
                    f"first screen, {name} (x bare)",
                    ratio,
                    "x",
                    f"<= {ratio_target}x" if ratio_target else "report",
                    ratio <= ratio_target if ratio_target else None,
                )
            )
            rows.append(
                Row(
                    f"peak RSS, {name}",
                    rss,
                    "MB",
                    f"<= {rss_target} MB" if rss_target else "report",
                    rss <= rss_target if rss_target else None,
                )
            )
        bare_key = timed("bare Textual list: cursor move", bare_list_move)
        rows.append(Row("bare Textual list (10,000 rows): j", bare_key, "ms", "yardstick", None))
        keys = [("cursor move (j)", "j")] * 15
        keys += [("open (enter)", "\r"), ("back to the list (h)", "h")] * 5
        keys += [("bookmark toggle (b)", "b")] * 10
        latencies = timed("keys at 10,000", lambda: key_latencies(10_000, hang, keys))
        for name, value in latencies.items():
            ratio = value / bare_key
            rows.append(
                Row(f"key to repaint, {name}, 10,000 (x bare list)", ratio, "x",
                    f"<= {KEY_RATIO:g}x", ratio <= KEY_RATIO)
            )  # fmt: skip
            rows.append(Row("  (same, in ms)", value, "ms", "report", None))
        for papers in sizes:
            value = timed(f"filter at {papers}", partial(filter_latency, papers, hang))
            ratio = value / bare_key
            target = KEY_RATIO if papers == 10_000 else None
            rows.append(
                Row(f"filter per keystroke, {papers:,} (x bare list)", ratio, "x",
                    f"<= {target:g}x" if target else "report", ratio <= target if target else None)
            )  # fmt: skip
            rows.append(Row("  (same, in ms)", value, "ms", "report", None))
        offline = timed("offline said", lambda: offline_said(repeats))
        rows.append(
            Row("offline said, after the first screen", offline, "s",
                f"<= {OFFLINE_TARGET} s", offline <= OFFLINE_TARGET)
        )  # fmt: skip
        quit_s = timed("quit with a fetch in flight", lambda: quit_latency(repeats, hang))
        rows.append(Row("quit with a fetch in flight", quit_s, "s", "<= 0.3 s", quit_s <= 0.3))

    toggle = timed("durable toggle", lambda: measure_toggle(10_000))
    toggle_ms = toggle["toggle_median_ms"]
    rows.append(Row("durable toggle, 10,000 records", toggle_ms, "ms", "<= 5 ms", toggle_ms <= 5))
    stall = timed("event-loop stall during a 500-paper fetch", fetch_stall)
    rows.append(Row("longest loop stall, 500-paper fetch", stall, "ms", "<= 50 ms", stall <= 50))

    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps([row.__dict__ for row in rows], indent=2))
    return 0 if all(row.ok is not False for row in rows) else 1


def print_table(rows: list[Row]) -> None:
    header = ["measure", "median", "target", ""]
    table = [header] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(4)]
    for index, line in enumerate(table):
        print("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


if __name__ == "__main__":
    raise SystemExit(main())
