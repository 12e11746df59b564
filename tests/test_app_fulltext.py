"""The main screen's ways into a paper's full text and what cites it: `R`, `L`, the detail
pane's Models / Datasets / Spaces lines, and the `has:` filter words."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from tests.support.fixtures import FIXTURES, serve_fixture
from tests.support.reader import DAY, Opened, make_app, settle
from tui.core.query import Query
from tui.core.store import Store
from tui.core.views import StartView
from tui.screens.linked_picker import LinkedPicker
from tui.screens.main import MainScreen
from tui.screens.paper_reader import PaperReaderScreen
from tui.widgets.abstract_view import AbstractView

LOTTERY = "1803.03635"
LONG = (FIXTURES / "text" / "long_paper.md").read_text(encoding="utf-8")


@pytest.fixture
def served(hf_server: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    """The fixture day; the Lottery Ticket paper is cited by models, datasets and a Space."""
    monkeypatch.setattr(AbstractView, "LOOKUP_DELAY", 0.01)
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json", {"date": DAY})
    serve_fixture(hf_server, f"/api/papers/{LOTTERY}", f"paper_{LOTTERY}.json")
    hf_server.expect_request(f"/papers/{LOTTERY}.md").respond_with_data(
        LONG, content_type="text/markdown"
    )
    return hf_server


def day_app(**kwargs):  # type: ignore[no-untyped-def]
    return make_app(start=StartView("day", Query.day(DAY)), **kwargs)


async def to_lottery(pilot) -> MainScreen:  # type: ignore[no-untyped-def]
    screen = await settle(pilot)
    assert screen.paper_list.move_to(LOTTERY)
    return await settle(pilot)


async def until(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    """Yield to the app until ``condition()`` holds (a timer and a worker must run first)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("never happened")


async def test_r_opens_the_full_text_marks_it_read_and_q_comes_back(served: HTTPServer) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await to_lottery(pilot)
        await pilot.press("R")
        reader = app.screen
        assert isinstance(reader, PaperReaderScreen) and reader.paper.id == LOTTERY
        await until(pilot, lambda: reader.found is not None)
        assert Store().is_read(LOTTERY)
        await pilot.press("b")  # as in the list
        assert Store().is_bookmarked(LOTTERY)
        assert reader.header._flash == "★ bookmarked"
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is screen
        row = screen.paper_list.render_line(screen.paper_list.cursor).text
        assert row.startswith("  ★")  # read (no dot) and bookmarked, shown on coming back


async def test_the_detail_pane_shows_what_cites_the_paper(served: HTTPServer) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await to_lottery(pilot)
        await until(pilot, lambda: "Models" in screen.detail.content.plain)
        text = screen.detail.content.plain
        models = next(line for line in text.splitlines() if line.startswith("Models"))
        assert models == "Models    1: fixture-org/lth-resnet20-cifar10 ★3"
        assert LOTTERY in app.linked
        abstract = text.index(screen.detail.paper.summary[:30])  # type: ignore[union-attr]
        assert abstract < text.index("Models")  # the abstract stays first


async def test_l_lists_what_cites_the_paper_and_opens_the_chosen_page(served: HTTPServer) -> None:
    opened = Opened()
    app = day_app(opener=opened)
    async with app.run_test(size=(120, 36)) as pilot:
        await to_lottery(pilot)
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LinkedPicker))
        picker = app.screen
        assert isinstance(picker, LinkedPicker) and picker.repos
        first = picker.repos[0]
        await pilot.press("enter")
        await settle(pilot)
        assert opened == [first.url]


async def test_has_models_keeps_the_papers_cited_by_models(served: HTTPServer) -> None:
    app = day_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        total = len(screen.paper_list.papers)
        await pilot.press("slash", *"has:models")
        await until(pilot, lambda: len(app.linked) >= 1 and not any(
            w.group == "linked-all" and w.is_running for w in screen.workers))  # fmt: skip
        assert [p.id for p in screen.paper_list.shown_papers] == [LOTTERY]
        assert f"1 of {total} papers" in screen.header._left.plain
        await pilot.press("ctrl+u", *"has:code")  # GitHub repositories, known from the listing
        expected = {p.id for p in screen.paper_list.papers if p.github_repo}
        assert {p.id for p in screen.paper_list.shown_papers} == expected
