"""The full-text reader screen (`R`), pushed on the real app and fed by a local server: loading,
leaving at once, sections, contents, search, links, citations, position, 404, offline, hostile
text; and the linked-repositories picker (`L`)."""

from __future__ import annotations

import threading

import pyperclip
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.support.fixtures import FIXTURES, load_fixture
from tests.support.paper_text import open_reader, screen_lines
from tests.support.reader import Opened, make_app, notifications, settle
from tui.core.cache import Cache
from tui.core.linked import from_paper_answer, merge, parse_items
from tui.core.models import Paper, parse_paper
from tui.core.store import Store
from tui.screens.choice_picker import ChoicePicker
from tui.screens.cite_picker import CitePicker
from tui.screens.linked_picker import LinkedPicker
from tui.screens.main import MainScreen
from tui.screens.paper_reader import NO_TEXT, PaperReaderScreen
from tui.widgets.paper_text_view import PaperTextView

SIZE = (100, 30)
PAPER: Paper = parse_paper(load_fixture("real/paper_2605.15320.json"))
TEXT_PATH = f"/papers/{PAPER.id}.md"
LONG = (FIXTURES / "text" / "long_paper.md").read_text(encoding="utf-8")
HOSTILE = (FIXTURES / "text" / "hostile.md").read_text(encoding="utf-8")


@pytest.fixture
def served(hf_server: HTTPServer) -> HTTPServer:
    """The main screen under the reader gets an empty day; the paper's text is the long one."""
    hf_server.expect_request(TEXT_PATH).respond_with_data(LONG, content_type="text/markdown")
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    return hf_server


async def test_the_text_is_shown_with_its_title_and_how_far_you_are(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(pilot)
        assert screen.found is not None and screen.found.source == "network"
        assert screen.header.status == "0%"
        lines = screen_lines(screen)
        assert lines[0] == "Sparse Mixture Attention: Efficient Long-Context Transformers"
        assert isinstance(app.focused, PaperTextView)
        await pilot.press("G")
        assert screen.header.status == "100%"
        await pilot.press("g", "space")
        assert screen.view.scroll_y == screen.view.scrollable_content_region.height - 1
        assert screen.header.status not in ("0%", "100%")
    assert Cache().load_text(PAPER.id) is not None  # kept: it reads offline from now on


async def test_q_leaves_at_once_while_the_text_is_still_loading(hf_server: HTTPServer) -> None:
    release = threading.Event()

    def slow(request: Request) -> Response:
        release.wait(20)
        return Response(LONG, content_type="text/markdown")

    hf_server.expect_request(TEXT_PATH).respond_with_handler(slow)
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    app = make_app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = PaperReaderScreen(PAPER)
            await app.push_screen(screen)
            await pilot.pause()
            assert screen.fetching and screen.header.status == "loading…"
            assert screen_lines(screen)[0] == "loading the paper's text…"
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert not any(w.is_running for w in app.workers if w.group == "paper-text")
    finally:
        release.set()
    assert Store().reading_position(PAPER.id) is None  # nothing was read: nothing saved


async def test_sections_contents_and_search(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(pilot)
        view = screen.view
        starts = view.section_lines()
        await pilot.press("right_square_bracket")
        assert view.scroll_y == starts[1]
        await pilot.press("right_square_bracket", "left_square_bracket")
        assert view.scroll_y == starts[1]
        await pilot.press("t")
        picker = app.screen
        assert isinstance(picker, ChoicePicker)
        assert str(picker.entries[2]) == "  1 Introduction"
        assert picker.query_one("#choice-list").highlighted == 1  # the section you are in
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.screen is screen and view.scroll_y == starts[3]
        await pilot.press("slash", *"sparse", "enter")
        await pilot.pause()
        total, current = len(view.matches), view.current_match
        assert total > 10 and screen.header.status.startswith(f"match {current + 1}/{total}")
        assert view.matches[current][0] >= starts[3] > view.matches[current - 1][0]  # from here
        await pilot.press("n")
        assert screen.header.status.startswith(f"match {current + 2}/{total}")
        await pilot.press("N", "N")
        assert view.current_match == current - 1
        line, start, end = view.matches[view.current_match]
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height
        shown = screen_lines(screen)[line - round(view.scroll_y)]
        assert shown[start:end].lower() == "sparse"


async def test_links_open_by_number_or_from_the_list(served: HTTPServer) -> None:
    opened = Opened()
    app = make_app(opener=opened)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(pilot)
        links = screen.view.doc.links  # type: ignore[union-attr]
        await pilot.press("2", "o")
        await app.workers.wait_for_complete()
        assert opened == [links[1].url]
        await pilot.press("9", "9", "9", "o")
        assert "No link 999 (this paper has 65)" in notifications(app)
        await pilot.press("3")
        assert screen.header.status.startswith("link 3…")
        await pilot.press("j")  # another key drops the number: o opens the list
        assert not screen.header.status.startswith("link")
        await pilot.press("o")
        assert isinstance(app.screen, ChoicePicker)
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        assert opened == [links[1].url, links[1].url]
        await pilot.press("p", "a")
        await app.workers.wait_for_complete()
        assert opened[2:] == [PAPER.pdf_url, PAPER.arxiv_url]


async def test_c_copies_a_citation_and_C_offers_the_formats(
    served: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot)
        await pilot.press("c")
        await app.workers.wait_for_complete()
        assert copied and copied[0].startswith("@misc{nguyen2026ffavatar,")
        await pilot.press("C")
        assert isinstance(app.screen, CitePicker)


async def test_the_reading_position_is_saved_on_leaving_and_restored(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(pilot)
        for _ in range(4):
            await pilot.press("right_square_bracket")
        line, count = screen.view.scroll_y, screen.view.line_count
        assert line > 0
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert app.store.reading_position(PAPER.id) == pytest.approx(line / count, abs=1e-4)
        again = await open_reader(pilot)
        assert again.view.scroll_y == line
        assert again.header.status != "0%"


async def test_a_paper_without_text_says_so_in_one_line_and_offers_the_pdf(
    hf_server: HTTPServer,
) -> None:
    hf_server.expect_request(TEXT_PATH).respond_with_data("", status=404)
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    opened = Opened()
    app = make_app(opener=opened)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(pilot)
        lines = [line for line in screen_lines(screen) if line]
        assert lines == [f"{NO_TEXT} p opens the PDF, a the arXiv page."]
        assert screen.header.status == "no text"
        await pilot.press("right_square_bracket", "t", "o", "p")
        await app.workers.wait_for_complete()
        assert app.screen is screen  # no contents or links to pick from
        assert opened == [PAPER.pdf_url]
        await pilot.press("q")
        assert Store().reading_position(PAPER.id) is None


async def test_offline_a_kept_text_reads_and_without_one_the_screen_says_why() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(pilot)
        assert screen_lines(screen)[0].startswith(
            "Could not get the text (cannot reach 127.0.0.1:9: connection refused)."
        )
        await pilot.press("q")
    Cache().save_text(PAPER.id, LONG)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(pilot)
        assert screen.found is not None and screen.found.source == "cache"
        assert screen_lines(screen)[0].startswith("Sparse Mixture Attention")


async def test_a_server_error_without_a_kept_text_is_one_line(hf_server: HTTPServer) -> None:
    hf_server.expect_request(TEXT_PATH).respond_with_data("down", status=500)
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(pilot)
        shown = [line for line in screen_lines(screen) if line]
        assert " ".join(shown) == (  # one message, wrapped to the width
            "Could not get the text (Hugging Face server error (HTTP 500); try again later). "
            "p opens the PDF, a the arXiv page."
        )


async def test_hostile_text_is_shown_literally(hf_server: HTTPServer) -> None:
    hf_server.expect_request(TEXT_PATH).respond_with_data(HOSTILE, content_type="text/markdown")
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    opened = Opened()
    app = make_app(opener=opened)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reader(pilot)
        text = "\n".join(screen_lines(screen))
        assert "[bold red]Title[/bold red]" in text
        assert "[link=https://evil.example]click[/link]" in text
        assert not any(char in text for char in "\x1b\x07\x9b")
        await pilot.press("o")
        picker = app.screen
        assert isinstance(picker, ChoicePicker)
        assert len(picker.entries) == 3  # javascript:, file:, data:, mailto: are no links
        await pilot.press("escape", "4", "o")
        assert opened == []


async def test_the_linked_picker_opens_the_page_of_the_one_chosen(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/daily_papers").respond_with_json([])
    linked, _ = from_paper_answer("1803.03635", load_fixture("paper_1803.03635.json"))
    merge(linked, "space", parse_items("space", load_fixture(
        "linked/spaces_arxiv_1803.03635.json")))  # fmt: skip
    opened = Opened()
    app = make_app(opener=opened)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        picker = LinkedPicker(linked)
        await app.push_screen(picker)
        await pilot.pause()
        assert picker.title_text == "Cited by  Models 1, Spaces 2"
        assert str(picker.entries[1]).split() == ["Space", "fixture-org/pruning-explorer",
                                                  "★", "30", "streamlit"]  # fmt: skip
        await pilot.press("j", "enter")
        await app.workers.wait_for_complete()
        assert opened == ["https://huggingface.co/spaces/fixture-org/pruning-explorer"]
        assert isinstance(app.screen, MainScreen)
