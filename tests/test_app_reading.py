"""A triage session by keyboard on a real recorded day (2026-05-18): the abstract first, next
unread, J/K from the abstract, mark all read, undo, notes and tags, progress in the header.
Every change is checked in the store, as another process would read it."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from textual.widgets import Input, TextArea

from tests.support.fixtures import serve_fixture
from tests.support.reader import make_app, notifications, settle
from tui.config import Config
from tui.core.query import Query
from tui.core.store import Store
from tui.core.views import StartView
from tui.screens.annotate import NoteEditor, TagsEditor
from tui.screens.main import MainScreen
from tui.widgets.header_bar import HeaderBar

RECORDED = "2026-05-18"
BEFORE = "2026-05-17"


@pytest.fixture
def recorded(hf_server: HTTPServer) -> HTTPServer:
    serve_fixture(hf_server, "/api/daily_papers", "real/daily_papers_2026-05-18.json",
                  {"date": RECORDED})  # fmt: skip
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json", {"date": BEFORE})
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    return hf_server


def day_app(config: Config | None = None):  # type: ignore[no-untyped-def]
    return make_app(start=StartView("day", Query.day(RECORDED)), config=config)


def flash(screen: MainScreen) -> str | None:
    return screen.query_one(HeaderBar)._flash


def header_left(screen: MainScreen) -> str:
    return screen.query_one(HeaderBar)._left.plain


def stored_read() -> set[str]:
    return Store().read_ids()


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_the_first_line_of_every_abstract_is_on_screen_without_scrolling(
    recorded: HTTPServer, size: tuple[int, int]
) -> None:
    app = day_app()
    async with app.run_test(size=size) as pilot:
        screen = await settle(pilot)
        papers = screen.paper_list.shown_papers
        assert len(papers) == 50
        for number, paper in enumerate(papers):
            screen.paper_list.cursor = number
            await settle(pilot)
            detail = screen.detail
            assert detail.paper == paper
            lines = [strip.text.strip() for strip in detail._lines]
            first_words = " ".join(paper.summary.split()[:3])
            row = next(i for i, line in enumerate(lines) if line.startswith(first_words))
            assert row < detail.scrollable_content_region.height, (paper.id, lines[: row + 1])
            assert detail.scroll_y == 0


async def test_n_opens_the_next_unread_paper_and_a_second_n_goes_a_day_back(
    recorded: HTTPServer,
) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        first, second, third = screen.paper_list.shown_papers[:3]
        await pilot.press("n")  # the cursor's paper is unread and not opened yet: it opens
        assert screen.detail.paper == first and screen.detail.has_focus
        await pilot.press("n")
        assert screen.detail.paper == second
        assert stored_read() == {first.id, second.id}
        assert "2/50 read" in header_left(screen)
        await pilot.press("j", "n")  # from the abstract j scrolls; n moves on
        assert screen.detail.paper == third
        await pilot.press("N")  # nothing unread above: said in the header
        assert flash(screen) == "no unread papers above"
        assert screen.detail.paper == third
        await pilot.press("A")
        assert flash(screen) == "marked 47 papers read"
        await pilot.press("n")
        assert flash(screen) == "no unread papers below; n again: the day before"
        await pilot.press("n")
        await settle(pilot)
        assert screen.view.query == Query.day(BEFORE)
        opened = screen.detail.paper
        assert opened is not None and opened == screen.paper_list.shown_papers[0]
        assert opened.id in stored_read()
        assert flash(screen) == "Sun 17 May 2026: first unread paper"


async def test_j_and_k_in_the_abstract_open_the_next_and_previous_paper(
    recorded: HTTPServer,
) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        first, second = screen.paper_list.shown_papers[:2]
        await pilot.press("enter", "J")
        assert screen.detail.has_focus and screen.detail.paper == second
        assert screen.paper_list.current == second
        await pilot.press("K")
        assert screen.detail.paper == first and screen.detail.has_focus
        assert stored_read() == {first.id, second.id}


async def test_mark_all_read_takes_the_filter_and_undo_puts_it_back(recorded: HTTPServer) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        await pilot.press("slash", *"memory", "enter")
        matches = {p.id for p in screen.paper_list.shown_papers}
        assert 0 < len(matches) < 50
        await pilot.press("A")
        assert stored_read() == matches
        assert f"{len(matches)}/{len(matches)} read" in header_left(screen)
        await pilot.press("z")
        assert stored_read() == set()
        assert flash(screen) == f"undone: marked {len(matches)} papers read"
        assert f"0/{len(matches)} read" in header_left(screen)


async def test_undo_takes_changes_back_newest_first_through_the_store(recorded: HTTPServer) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        assert paper is not None
        await pilot.press("b", "m")
        assert Store().is_bookmarked(paper.id) and Store().is_read(paper.id)
        await pilot.press("z")
        assert flash(screen) == f"undone: marked {paper.id} read"
        assert not Store().is_read(paper.id) and Store().is_bookmarked(paper.id)
        await pilot.press("z")
        assert flash(screen) == "undone: bookmarked"
        assert not Store().is_bookmarked(paper.id)
        await pilot.press("z")
        assert flash(screen) == "nothing to undo"


async def test_undo_restores_a_removed_bookmark_with_its_note_tags_and_date(
    recorded: HTTPServer,
) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        assert paper is not None
        Store().add_bookmark(paper, note="keep", tags=["rl"])  # as the CLI would
        screen.sync_marks()
        await settle(pilot)
        before = Store().bookmark(paper.id)
        await pilot.press("b")
        assert Store().bookmark(paper.id) is None
        await pilot.press("z")
        assert Store().bookmark(paper.id) == before


async def test_e_writes_a_note_that_bookmarks_the_paper_and_esc_writes_nothing(
    recorded: HTTPServer,
) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        assert paper is not None
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"draft", "escape")
        assert isinstance(app.screen, MainScreen)
        assert Store().bookmark(paper.id) is None  # cancelled: nothing written
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        area.insert("Compare with §4\nof the RL survey [bold]x[/]")
        await pilot.press("ctrl+s")
        assert flash(screen) == "note saved"
        saved = Store().bookmark(paper.id)
        assert saved is not None and saved.note == "Compare with §4\nof the RL survey [bold]x[/]"
        assert "of the RL survey [bold]x[/]" in screen.detail.content.plain
        assert screen.paper_list.render_line(0).text[3] == "¶"


async def test_tags_are_completed_saved_and_filtered_on(recorded: HTTPServer) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        first, second = screen.paper_list.shown_papers[:2]
        await pilot.press("number_sign")
        assert isinstance(app.screen, TagsEditor)
        await pilot.press(*"rl, thesis", "enter")
        assert Store().bookmark(first.id).tags == ("rl", "thesis")  # type: ignore[union-attr]
        assert "#rl #thesis" in screen.detail.content.plain
        await pilot.press("j", "number_sign", *"th")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field._suggestion == "thesis"
        await pilot.press("right", "enter")
        assert Store().bookmark(second.id).tags == ("thesis",)  # type: ignore[union-attr]
        await pilot.press("slash", *"#rl", "enter")
        assert screen.paper_list.shown_papers == [first]
        await pilot.press("escape", "5")
        await settle(pilot)
        assert {p.id for p in screen.paper_list.papers} == {first.id, second.id}
        await pilot.press("slash", *"#thes")
        assert {p.id for p in screen.paper_list.shown_papers} == {first.id, second.id}


async def test_the_filter_finds_words_of_a_note(recorded: HTTPServer) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.shown_papers[5]
        app.marks.annotate(paper, "zebrafish follow-up", (), "note saved")
        await pilot.press("slash", *"zebrafish")
        assert screen.paper_list.shown_papers == [paper]


async def test_ai_summary_first_puts_it_above_the_abstract(recorded: HTTPServer) -> None:
    app = day_app(Config(ai_summary_first=True))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        assert paper is not None and paper.ai_summary
        text = screen.detail.content.plain
        assert text.index(paper.ai_summary) < text.index(paper.summary[:40])


async def test_a_change_the_store_refuses_is_not_shown_and_not_undoable(
    recorded: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.errors import StoreError

    app = day_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await settle(pilot)

        def refuse(*args: object) -> None:
            raise StoreError("disk full")

        monkeypatch.setattr(app.marks.store, "set_read_times", refuse)
        await pilot.press("A")
        assert not screen.marks.read and not screen.marks.history
        assert any("disk full" in text for text in notifications(app))


async def test_all_read_and_its_undo_write_each_month_file_once_at_10000_papers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pathlib import Path

    from tests.support.reader import cache_listing
    from tests.support.synthetic import daily_items
    from tui.core import store as store_module
    from tui.core.models import parse_listing

    papers = parse_listing(daily_items(10_000)).papers
    months = {paper.id[:4] for paper in papers}
    cache_listing(Query.day("2026-11-26"), papers)
    written: list[str] = []
    durable = store_module.write_durably

    def counting(path: Path, blob: bytes, previous=None):  # type: ignore[no-untyped-def]
        written.append(path.name)
        return durable(path, blob, previous)

    app = make_app(start=StartView("day", Query.day("2026-11-26")))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        assert screen.paper_list.row_count == 10_000
        monkeypatch.setattr(store_module, "write_durably", counting)
        await pilot.press("A")
        assert sorted(written) == sorted(f"reads-{month}.json" for month in months)
        assert len(Store().read_ids()) == 10_000
        written.clear()
        await pilot.press("z")
        assert sorted(written) == sorted(f"reads-{month}.json" for month in months)
        assert Store().read_ids() == set()
        assert flash(screen) == "undone: marked 10000 papers read"
