"""The reader and other processes share the store: nothing one writes is lost by the other, and
the reader shows what the others changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import hfpapers
from tests.support.reader import DAY, cache_listing, fixture_papers, make_app, settle
from tui.core.query import Query
from tui.core.store import Store
from tui.core.views import StartView
from tui.widgets.header_bar import HeaderBar

SIZE = (120, 36)


@pytest.fixture
def day_cached() -> list:  # type: ignore[type-arg]
    papers = fixture_papers()
    cache_listing(Query.day(DAY), papers)
    return papers


async def test_b_keeps_a_bookmark_another_process_added_with_its_note_and_tag(
    day_cached: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.screens.main.MARKS_SYNC_SECONDS", 3600)  # the reader has not looked
    app = make_app(start=StartView("day", Query.day(DAY)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        assert paper is not None and paper.id not in screen.marks.bookmarked
        done = hfpapers("bookmark", "add", paper.id, "--note", "read §3", "--tag", "thesis")
        assert done.returncode == 0, done.stderr
        await pilot.press("b")  # shown unbookmarked: the user asks for a bookmark
        assert screen.query_one(HeaderBar)._flash == "★ bookmarked"
    bookmark = Store().bookmark(paper.id)
    assert bookmark is not None, "the reader deleted the bookmark the CLI had added"
    assert (bookmark.note, bookmark.tags) == ("read §3", ("thesis",))


async def test_the_reader_shows_marks_and_bookmarks_changed_by_the_cli(day_cached: list) -> None:
    app = make_app(start=StartView("day", Query.day(DAY)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        first, second = screen.paper_list.shown_papers[:2]
        assert hfpapers("bookmark", "add", first.id, "--note", "n").returncode == 0
        assert hfpapers("mark", "read", second.id).returncode == 0
        screen.sync_marks()  # what the timer (and coming back to the terminal) does
        await settle(pilot)
        assert first.id in screen.marks.bookmarked and second.id in screen.marks.read
        assert screen.paper_list.render_line(0).text.startswith(" ●★")
        assert screen.paper_list.render_line(1).text.startswith("    ")  # read: no dot
        await pilot.press("5")
        await settle(pilot)
        assert [p.id for p in screen.paper_list.papers] == [first.id]
        assert hfpapers("bookmark", "remove", first.id).returncode == 0
        screen.sync_marks()
        await settle(pilot)
        assert screen.paper_list.papers == []  # the bookmarks view follows the store


async def test_a_read_only_data_folder_keeps_the_marks_and_says_why_changes_fail(
    day_cached: list, isolated_dirs: Path
) -> None:
    paper = day_cached[0]
    with Store() as store:
        store.add_bookmark(paper)
        store.set_read(day_cached[1].id)
    data = isolated_dirs / "data" / "hfpapers"
    # A plain file where the lock must go: writes fail even for root, reads still work.
    (data / "state.json.lock").unlink(missing_ok=True)
    (data / "state.json.lock").mkdir()
    app = make_app(start=StartView("day", Query.day(DAY)))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        assert paper.id in screen.marks.bookmarked and day_cached[1].id in screen.marks.read
        messages = [n.message for n in app._notifications]
        assert any("read-only" in text for text in messages), messages
        await pilot.press("m")
        assert paper.id not in screen.marks.read  # refused, so not shown as read
        assert any("Could not save reading state" in n.message for n in app._notifications)
