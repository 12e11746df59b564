"""Write README's screenshots (screenshots/*.svg) from the real app and fixture data.

    python tests/make_screenshots.py

Serves the fixture day from a local HTTP server, points HF_ENDPOINT and the XDG dirs at
temporary places (your own state is never touched), freezes the clock, drives the app with
Pilot and saves each screen. Run it again whenever the UI changes.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pytest_httpserver import HTTPServer  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from tests.support.fixtures import FIXTURES, serve_fixture  # noqa: E402
from tests.support.paper_text import PAPER, until_shown  # noqa: E402
from tests.support.reader import (  # noqa: E402
    DAY,
    cache_listing,
    fixture_papers,
    make_app,
    no_blink,
    settle,
)
from tui.core.cache import Cache  # noqa: E402
from tui.core.query import Query  # noqa: E402
from tui.core.views import StartView  # noqa: E402
from tui.screens.paper_reader import PaperReaderScreen  # noqa: E402

OUT = ROOT / "screenshots"
Steps = Callable[[Pilot], Awaitable[None]]


async def shoot(name: str, size: tuple[int, int], keys: tuple[str, ...] = ()) -> None:
    app = make_app(start=StartView("day", Query.day(DAY)))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        no_blink(app)
        await pilot.pause()
        app.save_screenshot(f"{name}.svg", str(OUT))
    print(f"wrote screenshots/{name}.svg")


async def shoot_session(name: str, size: tuple[int, int], keys: tuple[str, ...]) -> None:
    """A reading session on the recorded 2026-05-18 day: next unread, a note and tags."""
    app = make_app(start=StartView("day", Query.day("2026-05-18")))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)
        app.clear_notifications()
        no_blink(app)
        await pilot.pause()
        app.save_screenshot(f"{name}.svg", str(OUT))
    print(f"wrote screenshots/{name}.svg")


async def shoot_reader(name: str, size: tuple[int, int], keys: tuple[str, ...] = ()) -> None:
    """The full-text reader (`R`) on the fixture paper, kept in the cache."""
    Cache().save_text(PAPER.id, (FIXTURES / "text" / "long_paper.md").read_text("utf-8"))
    app = make_app(start=StartView("day", Query.day(DAY)))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = PaperReaderScreen(PAPER)
        await app.push_screen(screen)
        await until_shown(pilot, screen)
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        app.clear_notifications()
        no_blink(app)
        await pilot.pause()
        app.save_screenshot(f"{name}.svg", str(OUT))
    print(f"wrote screenshots/{name}.svg")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        for variable, sub in (
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
        ):
            os.environ[variable] = str(Path(home) / sub)
        os.environ.pop("HF_TOKEN", None)
        server = HTTPServer(host="127.0.0.1", port=0)
        server.start()
        try:
            serve_fixture(server, "/api/daily_papers", "real/daily_papers_2026-05-18.json",
                          {"date": "2026-05-18"})  # fmt: skip
            serve_fixture(server, "/api/daily_papers", "daily_papers_2026-11-26.json")
            os.environ["HF_ENDPOINT"] = server.url_for("/").rstrip("/")
            await shoot("main", (120, 34), ("j", "j", "b", "j"))
            await shoot("detail", (120, 34), ("j", "enter"))
            await shoot("help", (120, 34), ("question_mark",))
            await shoot("narrow-80x24", (80, 24), ("j",))
            note = ("e", *"Compare with our RL baseline, section 4.", "ctrl+s")
            tags = ("number_sign", *"thesis rl", "enter")
            await shoot_session("session", (100, 30), ("n", "n", *note, *tags))
            await shoot_reader("reader", (120, 34), ("right_square_bracket",) * 3
                               + ("slash", *"attention", "enter"))  # fmt: skip
        finally:
            server.clear()
            server.stop()
        os.environ["HF_ENDPOINT"] = "http://127.0.0.1:9"  # a closed port: offline
        cache_listing(Query.day(DAY), fixture_papers(), age=timedelta(hours=3))
        await shoot("offline", (120, 34))


if __name__ == "__main__":
    asyncio.run(main())
