"""The full-text reader's speed: ``python tests/benchmarks/bench_paper.py``.

A 100 KB paper (tests/fixtures/text/long_paper.md: 1,400 lines at 100 columns, ~220 formulas)
is kept in the cache, so "the text is at hand". Measured:

- in-process (Textual's headless driver, 100x30): from pushing the reader screen until its
  first screen of text is painted, and until the whole paper is laid out; the same paper in
  Textual's ``Markdown`` widget, for comparison; each a median of 7 runs with the formula cache
  cleared;
- in a real pseudo-terminal (100x30): key to the last byte of its repaint for `j` (one line),
  `space` (a page), `]` (next section) and `G` (end), medians of 25 presses.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from terminal import TerminalProcess  # noqa: E402

TEXT = (ROOT / "tests" / "fixtures" / "text" / "long_paper.md").read_text(encoding="utf-8")
PAPER_FIXTURE = ROOT / "tests" / "fixtures" / "real" / "paper_2605.15320.json"
SIZE = (100, 30)
RUNS = 7


def home() -> tempfile.TemporaryDirectory[str]:
    tmp = tempfile.TemporaryDirectory(prefix="hfpapers-bench-paper-")
    os.environ.update(
        XDG_CONFIG_HOME=f"{tmp.name}/config",
        XDG_DATA_HOME=f"{tmp.name}/data",
        XDG_CACHE_HOME=f"{tmp.name}/cache",
        HF_ENDPOINT="http://127.0.0.1:9",
    )
    os.environ.pop("HF_TOKEN", None)
    return tmp


def cache_paper() -> Any:
    import orjson

    from tui.core.cache import Cache
    from tui.core.models import parse_paper

    paper = parse_paper(orjson.loads(PAPER_FIXTURE.read_bytes()))
    Cache().save_papers([paper])
    Cache().save_text(paper.id, TEXT)
    return paper


async def reader_times(paper: Any) -> tuple[float, float]:
    """Seconds from pushing the screen until its first screen of text is rendered (the view
    has made its strips), and until the whole paper is laid out."""
    from textual.app import App

    from tui.core.math_text import latex_to_unicode
    from tui.screens.paper_reader import PaperReaderScreen
    from tui.widgets.paper_text_view import PaperTextView

    latex_to_unicode.cache_clear()
    rendered: list[float] = []
    render_line = PaperTextView.render_line

    def timed_render_line(view: PaperTextView, y: int) -> Any:
        strip = render_line(view, y)
        if view.text_layout is not None and not rendered:
            rendered.append(time.perf_counter())
        return strip

    PaperTextView.render_line = timed_render_line  # type: ignore[method-assign]
    app = App()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = PaperReaderScreen(paper)
            started = time.perf_counter()
            await app.push_screen(screen)
            while not rendered or screen.view.needs_full_layout:
                await asyncio.sleep(0.001)
            whole = time.perf_counter() - started
    finally:
        PaperTextView.render_line = render_line  # type: ignore[method-assign]
    return rendered[0] - started, whole


async def markdown_widget_time() -> float:
    """Seconds until Textual's Markdown widget has mounted the same paper and painted."""
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Markdown

    class MarkdownApp(App[None]):
        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Markdown()

    app = MarkdownApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        await app.query_one(Markdown).update(TEXT)
        await pilot.pause()
        return time.perf_counter() - started


def key_times(paper_id: str, keys: dict[str, str], presses: int = 25) -> dict[str, float]:
    """Median seconds from a key to the last byte of its repaint, in a real terminal."""
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    app = TerminalProcess(
        [sys.executable, str(Path(__file__).parent / "reader_app.py"), paper_id], env, size=SIZE
    )
    try:
        app.wait_for("Sparse Mixture Attention")
        app.settle(1.0)
        found: dict[str, float] = {}
        for name, key in keys.items():
            times = []
            for _ in range(presses):
                times.append(app.type(key))
                if key in ("G", "]"):
                    app.type("g")
            found[name] = statistics.median(times)
        return found
    finally:
        app.kill()


def main() -> int:
    tmp = home()
    try:
        paper = cache_paper()
        cold = asyncio.run(reader_times(paper))  # includes importing markdown-it, pylatexenc
        runs = [asyncio.run(reader_times(paper)) for _ in range(RUNS)]
        first = statistics.median(run[0] for run in runs)
        whole = statistics.median(run[1] for run in runs)
        markdown = statistics.median(asyncio.run(markdown_widget_time()) for _ in range(3))
        keys = key_times(paper.id, {"j (a line)": "j", "space (a page)": " ",
                                    "] (next section)": "]", "G (end)": "G"})  # fmt: skip
    finally:
        tmp.cleanup()
    rows = [
        ("100 KB paper: first screen, first paper read", cold[0], "<= 0.300 s"),
        ("100 KB paper: first screen, text at hand", first, "<= 0.300 s"),
        ("100 KB paper: whole paper laid out", whole, "report"),
        ("same paper in Textual's Markdown widget", markdown, "report"),
        *((f"key to repaint, {name}", seconds, "<= 0.016 s") for name, seconds in keys.items()),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"| {'measure':<{width}} | median   | target     |")
    print(f"|{'-' * (width + 2)}|----------|------------|")
    for name, seconds, target in rows:
        print(f"| {name:<{width}} | {seconds * 1000:6.1f} ms | {target:<10} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
