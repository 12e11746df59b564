"""Snapshots of the full-text reader (pytest-textual-snapshot): a paper with a search match
highlighted, and its table of contents. Deterministic: a fixture text kept in the cache (no
network), a frozen clock, no blinking cursor. Review with `--snapshot-report` before
`--snapshot-update`."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.support.fixtures import FIXTURES, load_fixture
from tests.support.paper_text import until_shown
from tests.support.reader import make_app, no_blink, settle
from tui.core.cache import Cache
from tui.core.models import parse_paper
from tui.screens.paper_reader import PaperReaderScreen

PAPER = parse_paper(load_fixture("real/paper_2605.15320.json"))


def reader_app():  # type: ignore[no-untyped-def]
    Cache().save_text(PAPER.id, (FIXTURES / "text" / "long_paper.md").read_text("utf-8"))
    return make_app()


def before(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = PaperReaderScreen(PAPER)
        await pilot.app.push_screen(screen)
        await until_shown(pilot, screen)
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.clear_notifications()
        no_blink(pilot.app)
        await pilot.pause()

    return run_before


def test_reader_with_a_search_match(snap_compare) -> None:  # type: ignore[no-untyped-def]
    keys = ("right_square_bracket", "right_square_bracket", "slash", *"attention", "enter")
    assert snap_compare(reader_app(), terminal_size=(100, 30), run_before=before(*keys))


def test_reader_contents(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(reader_app(), terminal_size=(100, 30), run_before=before("t"))
