"""Every key of the reader's table, pressed through Pilot, checked on the app and the store."""

from __future__ import annotations

from datetime import date

import pyperclip
import pytest
from pytest_httpserver import HTTPServer

from tests.support.fixtures import serve_fixture
from tests.support.reader import (
    DAY,
    Opened,
    fixture_papers,
    make_app,
    notifications,
    settle,
)
from tui.config import Config
from tui.core.query import Query
from tui.core.store import Store
from tui.core.views import StartView
from tui.screens.cite_picker import CitePicker
from tui.screens.help import HelpScreen
from tui.screens.search import SearchScreen
from tui.widgets.abstract_view import AbstractView
from tui.widgets.paper_list import PaperList

SIZE = (120, 36)


@pytest.fixture
def served(hf_server: HTTPServer) -> HTTPServer:
    """Any Daily Papers request gets the 28 papers of 2026-11-26; a search gets 28 others."""
    serve_fixture(hf_server, "/api/papers/search", "papers_search_neural_network.json")
    serve_fixture(hf_server, "/api/daily_papers", "daily_papers_2026-11-26.json")
    return hf_server


def by_upvotes() -> list[str]:
    papers = fixture_papers()
    return [p.id for p in sorted(papers, key=lambda p: p.upvotes, reverse=True)]


async def test_start_shows_fetched_papers_sorted_by_upvotes(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        papers = screen.paper_list
        assert screen.view.listing is not None and screen.view.listing.source == "network"
        assert [p.id for p in papers.shown_papers] == by_upvotes()
        assert isinstance(app.focused, PaperList)
        assert screen.detail.paper == papers.current


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["j"], 1),
        (["down", "down"], 2),
        (["j", "j", "k"], 1),
        (["j", "up"], 0),
        (["G"], 27),
        (["end"], 27),
        (["G", "g"], 0),
        (["end", "home"], 0),
        (["ctrl+f"], None),
    ],
)
async def test_moving_in_the_list(served: HTTPServer, keys: list[str], expected: int | None):
    app = make_app()
    async with app.run_test(size=(120, 20)) as pilot:
        screen = await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        papers = screen.paper_list
        if expected is None:  # a page: as many rows as the list shows, less one
            expected = papers.scrollable_content_region.height - 1
            assert 5 < expected < 27
        assert papers.cursor == expected
        assert papers.current is not None
        assert papers.current.id == by_upvotes()[expected]
        assert screen.detail.paper == papers.current


@pytest.mark.parametrize("open_key", ["enter", "l"])
@pytest.mark.parametrize("back_key", ["escape", "h"])
async def test_open_marks_read_and_focuses_detail_then_back(
    served: HTTPServer, open_key: str, back_key: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("j", open_key)
        await pilot.pause()
        paper = screen.paper_list.current
        assert paper is not None
        assert isinstance(app.focused, AbstractView)
        assert screen.detail.paper == paper
        assert app.store.is_read(paper.id)
        assert Store().is_read(paper.id)  # on disk, seen by another Store
        await pilot.press(back_key)
        await pilot.pause()
        assert isinstance(app.focused, PaperList)


async def test_open_does_not_mark_read_when_configured_not_to(served: HTTPServer) -> None:
    app = make_app(config=Config(mark_read_on_open=False))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.store.is_read(screen.paper_list.current.id)


@pytest.mark.parametrize("down_key", ["space", "pagedown"])
async def test_space_and_page_keys_scroll_the_abstract(served: HTTPServer, down_key: str):
    app = make_app()
    async with app.run_test(size=(100, 20)) as pilot:
        screen = await settle(pilot)
        detail = screen.detail
        assert detail.max_scroll_y > 0
        await pilot.press(down_key)
        await pilot.pause()
        assert detail.scroll_y > 0
        assert isinstance(app.focused, PaperList)  # scrolled from the list
        await pilot.press("pageup")
        await pilot.pause()
        assert detail.scroll_y == 0


async def test_b_toggles_the_bookmark_in_the_store(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        await pilot.press("b")
        await pilot.pause()
        assert Store().is_bookmarked(paper.id)
        assert [b.paper.id for b in Store().bookmarks()] == [paper.id]
        assert "★ bookmarked" in str(screen.header.render())  # said in the header, no toast
        await pilot.press("b")
        await pilot.pause()
        assert not Store().is_bookmarked(paper.id)
        assert "bookmark removed" in str(screen.header.render())


async def test_m_toggles_read(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        await pilot.press("m")
        await pilot.pause()
        assert Store().is_read(paper.id)
        assert "marked read" in str(screen.header.render())
        await pilot.press("m")
        await pilot.pause()
        assert not Store().is_read(paper.id)
        assert "marked unread" in str(screen.header.render())


async def test_u_shows_only_unread(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        papers = screen.paper_list
        await pilot.press("m", "j", "m")  # two papers read
        await pilot.press("u")
        await pilot.pause()
        assert papers.unread_only
        assert papers.row_count == 26
        assert not {p.id for p in papers.shown_papers} & app.store.read_ids()
        await pilot.press("u")
        await pilot.pause()
        assert papers.row_count == 28


async def test_c_copies_the_default_citation(served: HTTPServer, monkeypatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app(config=Config(citation_format="apa"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        await pilot.press("c")
        await settle(pilot)
        assert len(copied) == 1
        assert paper.title.lower() in copied[0].lower()  # APA puts titles in sentence case
        assert "arXiv" in copied[0] and "(20" in copied[0]  # APA: "(2015)."
        assert any("Copied apa citation" in text for text in notifications(app))


async def test_C_picks_a_format_with_a_preview(served: HTTPServer, monkeypatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, CitePicker)
        preview = str(app.screen.query_one("#cite-preview").render())
        assert preview.startswith("@misc{")  # bibtex, the default, highlighted first
        await pilot.press("down", "down")  # biblatex, apa
        await pilot.pause()
        assert "arXiv" in str(app.screen.query_one("#cite-preview").render())
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, CitePicker)
        assert len(copied) == 1 and not copied[0].startswith("@")


async def test_C_copies_a_csl_style_by_name(served: HTTPServer, monkeypatch) -> None:
    pytest.importorskip("citeproc")
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        title = screen.paper_list.current.title
        await pilot.press("C", "tab")
        await pilot.press(*"ieee", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, CitePicker)
        assert len(copied) == 1 and title in copied[0]


@pytest.mark.parametrize(
    ("key", "url_of"),
    [
        ("o", lambda p: f"https://huggingface.co/papers/{p.id}"),
        ("p", lambda p: f"https://arxiv.org/pdf/{p.id}"),
        ("a", lambda p: f"https://arxiv.org/abs/{p.id}"),
        ("O", lambda p: p.github_repo),
        ("W", lambda p: p.project_page),
    ],
)
async def test_open_keys_send_the_link_to_the_browser(hf_server: HTTPServer, key, url_of) -> None:
    # the recorded day has papers with GitHub repos and project pages
    serve_fixture(hf_server, "/api/daily_papers", "real/daily_papers_2026-05-18.json")
    opened = Opened()
    app = make_app(opener=opened)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        papers = screen.paper_list
        target = next(p for p in papers.shown_papers if url_of(p))
        papers.move_to(target.id)
        await pilot.press(key)
        await settle(pilot)
        assert opened == [url_of(target)]


async def test_only_web_links_are_opened(served: HTTPServer) -> None:
    opened = Opened()
    app = make_app(opener=opened)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_link("file:///etc/passwd", "link")
        app.open_link("javascript:alert(1)", "link")
        await settle(pilot)
        assert opened == []
        assert sum("Refused" in text for text in notifications(app)) == 2


async def test_with_no_browser_to_open_it_the_link_is_copied(
    served: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.browser import Opened as BrowserResult

    monkeypatch.setattr(pyperclip, "copy", lambda text: None)
    tried: list[str] = []

    def no_browser(url: str) -> BrowserResult:
        tried.append(url)
        return BrowserResult(False, "no graphical browser")

    app = make_app(opener=no_browser)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        assert paper is not None
        await pilot.press("p")
        await settle(pilot)
        assert tried == [paper.pdf_url]
        assert app.last_copy is not None
        what, text, _method = app.last_copy
        assert text == paper.pdf_url and what == "PDF link (no graphical browser)"


async def test_days_move_with_brackets_and_t(served: HTTPServer) -> None:
    app = make_app(start=StartView("day", Query.day(DAY)))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        assert screen.view.query == Query.day(DAY)
        await pilot.press("left_square_bracket")
        screen = await settle(pilot)
        assert screen.view.query == Query.day("2026-11-25")
        await pilot.press("right_square_bracket", "right_square_bracket")
        screen = await settle(pilot)
        assert screen.view.query == Query.day("2026-11-27")
        await pilot.press("right_square_bracket")  # tomorrow: refused
        screen = await settle(pilot)
        assert screen.view.query == Query.day("2026-11-27")
        assert any("future" in text for text in notifications(app))
        await pilot.press("left_square_bracket", "left_square_bracket", "t")
        screen = await settle(pilot)
        assert screen.view.query == Query.day("2026-11-27")
        requested = {r.args.get("date") for r in served.log for r in [r[0]]}
        assert {"2026-11-25", "2026-11-26", "2026-11-27"} <= requested


async def test_brackets_move_weeks_and_months_in_those_views(served: HTTPServer) -> None:
    app = make_app(start=StartView("day", Query.day(DAY)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        screen = await settle(pilot)
        assert screen.view.query == Query.week("2026-W48")
        await pilot.press("left_square_bracket")
        screen = await settle(pilot)
        assert screen.view.query == Query.week("2026-W47")
        await pilot.press("3")
        screen = await settle(pilot)
        assert screen.view.query == Query.month("2026-11")
        await pilot.press("left_square_bracket")
        screen = await settle(pilot)
        assert screen.view.query == Query.month("2026-10")


@pytest.mark.parametrize(
    ("key", "kind", "query"),
    [
        ("1", "day", Query.day(DAY)),
        ("2", "week", Query.week("2026-W48")),
        ("3", "month", Query.month("2026-11")),
        ("4", "trending", Query.trending()),
        ("5", "bookmarks", None),
    ],
)
async def test_number_keys_switch_views(served: HTTPServer, key, kind, query) -> None:
    app = make_app(start=StartView("day", Query.day(DAY)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("b")  # one bookmark, for the bookmarks view
        await pilot.press(key)
        screen = await settle(pilot)
        assert screen.view.kind == kind
        assert screen.view.query == query
        if kind == "bookmarks":
            assert [p.id for p in screen.paper_list.shown_papers] == [by_upvotes()[0]]
        else:
            assert screen.paper_list.row_count == 28


async def test_slash_filters_as_you_type_enter_returns_escape_clears(served: HTTPServer):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        papers = screen.paper_list
        await pilot.press("G", "slash")
        await pilot.press(*"lottery")
        await pilot.pause()
        assert [p.title for p in papers.shown_papers] == [
            "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks"
        ]
        await pilot.press("backspace", "backspace", "backspace", "backspace")  # "lot"
        await pilot.pause()
        assert 1 <= papers.row_count < 28
        assert all("lot" in p.title.lower() + p.summary.lower() for p in papers.shown_papers)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, PaperList) and papers.cursor == 0
        await pilot.press("escape")
        await pilot.pause()
        assert papers.row_count == 28 and papers.filter_text == ""


async def test_filter_matches_authors_and_keywords(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        target = next(p for p in screen.paper_list.papers if p.authors and p.ai_keywords)
        await pilot.press("slash", *target.authors[-1].name.split()[-1])
        await pilot.pause()
        assert target in screen.paper_list.shown_papers
        screen.filter_input.value = target.ai_keywords[0].upper()
        await pilot.pause()
        assert target in screen.paper_list.shown_papers


async def test_S_searches_hugging_face(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"neural network", "enter")
        screen = await settle(pilot)
        assert screen.view.query == Query.search("neural network")
        assert screen.paper_list.row_count == 28
        searches = [r for r, _ in served.log if r.path == "/api/papers/search"]
        assert searches and searches[0].args["q"] == "neural network"


@pytest.mark.parametrize(
    ("presses", "key", "attribute"),
    [
        (1, "date", lambda p: (p.daily_date, p.published_at)),
        (2, "comments", lambda p: p.num_comments or 0),
        (3, "stars", lambda p: p.github_stars or 0),
        (4, "upvotes", lambda p: p.upvotes),
    ],
)
async def test_s_cycles_the_sort(served: HTTPServer, presses, key, attribute) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press(*["s"] * presses)
        await pilot.pause()
        papers = screen.paper_list
        assert papers.sort_key == key
        values = [attribute(p) for p in papers.shown_papers]
        assert values == sorted(values, reverse=True)


async def test_r_fetches_again(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = len(served.log)
        await pilot.press("r")
        await settle(pilot)
        assert len(served.log) > before


async def test_question_mark_opens_help_from_one_markdown_source(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_ctrl_p_jumps_to_a_paper_by_title(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"lottery ticket")
        for _ in range(50):  # the palette searches in the background
            await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.paper_list.current.title.startswith("The Lottery Ticket Hypothesis")


async def test_ctrl_p_goes_to_a_date_typed_as_such(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("ctrl+p", *"2026-11-20")
        for _ in range(50):
            await pilot.pause()
        await pilot.press("enter")
        screen = await settle(pilot)
        assert screen.view.query == Query.day(date(2026, 11, 20))


async def test_q_quits(served: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_keymap_from_config_rebinds_keys(served: HTTPServer) -> None:
    app = make_app(config=Config(keymap={"toggle-bookmark": "x"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        await pilot.press("x")
        await pilot.pause()
        assert Store().is_bookmarked(paper.id)
        await pilot.press("b")  # no longer bound
        await pilot.pause()
        assert Store().is_bookmarked(paper.id)


async def test_day_and_week_views_over_the_demo_start_from_today() -> None:
    """The demo papers are from May 2026: `1` and `2` must not jump there."""
    from tests.support.reader import NOW

    app = make_app()  # no server, nothing cached: the demo
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        assert screen.view.listing.source == "demo"
        await pilot.press("1")
        await pilot.pause()
        assert screen.view.query == Query.day(NOW.date())
        await pilot.press("2")
        await pilot.pause()
        iso = NOW.date().isocalendar()
        assert screen.view.query == Query.week(f"{iso.year}-W{iso.week:02d}")
