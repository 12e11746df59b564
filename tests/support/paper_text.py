"""Helpers for the full-text reader's Pilot and snapshot tests: open the reader on a paper and
wait (without sleeping) until its text, or why there is none, is on screen."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.support.fixtures import load_fixture
from tests.support.reader import settle
from tui.core.models import Paper, parse_paper
from tui.screens.paper_reader import PaperReaderScreen

PAPER: Paper = parse_paper(load_fixture("real/paper_2605.15320.json"))


async def open_reader(pilot: Pilot[Any], paper: Paper = PAPER) -> PaperReaderScreen:
    await settle(pilot)
    screen = PaperReaderScreen(paper)
    await pilot.app.push_screen(screen)
    await until_shown(pilot, screen)
    return screen


async def until_shown(pilot: Pilot[Any], screen: PaperReaderScreen) -> None:
    """Wait (no sleeps) until the text or its failure is on screen and the layout is whole."""
    for _ in range(400):
        await pilot.pause()
        if not screen.fetching and not screen.view.needs_full_layout:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            return
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("the reader did not show its text")


def screen_lines(screen: PaperReaderScreen) -> list[str]:
    view = screen.view
    top = round(view.scroll_y)
    height = view.scrollable_content_region.height
    return (
        ["".join(s.text for s in view.render_line(y)).rstrip() for y in range(height)]
        if (top >= 0)
        else []
    )
