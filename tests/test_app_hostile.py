"""Remote text is data: markup-like titles, escape sequences, huge abstracts, hundreds of
authors and any script render literally, and never reach the terminal as control codes."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from tests.support.fixtures import load_fixture
from tests.support.reader import make_app, settle
from tui.widgets.paper_list import PaperList

HOSTILE_TITLES = [
    "[bold]x[/] and [red]not red[/red]",
    "Unclosed [/ tag and [/] stray",
    "[link=https://evil.example]click me[/link]",
    "@click=app.quit [@click=app.quit]quit[/]",
    "Clear \x1b[2J screen \x1b]52;c;aGk=\x07 and \x1b[31mred\x1b[0m",
    "CJK 大規模言語モデルの評価 and RTL نموذج لغوي كبير עברית and emoji 🧠🚀👩‍🔬",
    "$accent $text [$primary] {curly} \\[escaped\\]",
]


def hostile_listing() -> list[dict[str, Any]]:
    """The real day, with its first papers made hostile in the real API shape."""
    items = copy.deepcopy(load_fixture("daily_papers_2026-11-26.json"))
    for item, title in zip(items, HOSTILE_TITLES, strict=False):
        item["title"] = title
        item["paper"]["title"] = title
    items[0]["paper"]["summary"] = "[b]abstract[/b] " + "lorem ipsum dolor " * 6000  # 100 KB
    items[1]["paper"]["authors"] = [{"name": f"[i]Author[/i] {n}"} for n in range(300)]
    items[2]["paper"]["ai_keywords"] = ["[bold]kw[/]", "\x1b[5mblink"]
    items[3]["paper"]["ai_summary"] = "[/]summary[link=x]"
    return items


@pytest.fixture
def hostile(hf_server: HTTPServer) -> HTTPServer:
    hf_server.expect_request("/api/daily_papers").respond_with_json(hostile_listing())
    return hf_server


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """Everything on screen as plain text (the SVG export holds it, escaped for XML)."""
    import html

    return html.unescape(app.export_screenshot())


async def test_hostile_titles_show_literally_in_the_list_and_detail(hostile: HTTPServer):
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await settle(pilot)
        papers: PaperList = screen.paper_list
        titles = {paper.title for paper in papers.papers}
        assert len(titles & set(HOSTILE_TITLES)) == 6  # all but the one with escapes
        assert "[bold]x[/] and [red]not red[/red]" in titles
        assert "[link=https://evil.example]click me[/link]" in titles
        for paper in [p for p in papers.papers if p.title in titles & set(HOSTILE_TITLES)]:
            papers.move_to(paper.id)
            await pilot.pause()
            text = screen_text(app)
            assert "\x1b" not in text
            # the title is drawn as written (long ones are cut with an ellipsis in the list)
            assert paper.title[:40].replace(" ", "\u00a0") in text.replace(" ", "\u00a0")
        assert "Clear screen and red" in titles  # the models removed the escape sequences


async def test_huge_abstract_and_hundreds_of_authors(hostile: HTTPServer) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(pilot)
        papers = screen.paper_list
        big = next(p for p in papers.papers if len(p.summary) > 100_000)
        many = next(p for p in papers.papers if len(p.authors) == 300)
        papers.move_to(many.id)
        await pilot.press("enter")
        await pilot.pause()
        body = str(screen.detail.content)
        assert "[i]Author[/i] 0, [i]Author[/i] 1" in body
        assert "and 288 more" in body
        papers.move_to(big.id)
        await settle(pilot)
        body = str(screen.detail.content)
        assert body.count("lorem ipsum") < 6000  # cut, with a note
        assert "abstract cut at 20,000 characters" in body
        await pilot.press("enter", "pagedown", "end")
        await pilot.pause()
        assert screen.detail.scroll_y > 0


async def test_every_action_copes_with_hostile_papers(hostile: HTTPServer, monkeypatch) -> None:
    import pyperclip

    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await settle(pilot)
        for _ in range(len(HOSTILE_TITLES)):
            await pilot.press("b", "m", "c", "enter", "escape", "j")
            await settle(pilot)
        await pilot.press("slash", *"[/", "enter")
        await pilot.pause()
        assert screen.paper_list.row_count >= 1
        assert len(copied) == len(HOSTILE_TITLES)
        assert app.is_running
