"""The paper list's rows (marks, title, counts, full width) and its date sort."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.support.reader import make_app, settle
from tui.core.models import Paper
from tui.widgets.paper_list import SORT_KEYS


async def test_list_rows_show_marks_title_and_counts() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot)
        papers = screen.paper_list
        first = papers.current
        screen.marks.read.add(first.id)
        screen.marks.bookmarked.add(first.id)
        screen.marks.new.add(first.id)
        papers.refresh_marks()
        row = papers.render_line(0).text
        assert row.startswith("  ★ + ")  # read: no dot; bookmarked; no note; new
        assert first.title[:20] in row and f"▲{first.upvotes:>4}" in row
        second = papers.render_line(1).text
        assert second.startswith(" ●    ")
        assert len(second) == papers.scrollable_content_region.width


def test_date_sort_copes_with_missing_dates() -> None:
    papers = [
        Paper(id="2601.00001", title="a", abstract="", daily_date=date(2026, 1, 5)),
        Paper(id="2601.00002", title="b", abstract="",
              published_at=datetime(2026, 1, 7, tzinfo=UTC)),
        Paper(id="2601.00003", title="c", abstract=""),
        Paper(id="2601.00004", title="d", abstract="", daily_date=date(2026, 1, 7),
              published_at=datetime(2026, 1, 1, tzinfo=UTC)),
    ]  # fmt: skip
    ordered = sorted(papers, key=SORT_KEYS["date"], reverse=True)
    assert [p.title for p in ordered] == ["b", "d", "a", "c"]


async def test_read_counts_and_rows_follow_the_filter_and_unread_only() -> None:
    """The header's "N/M read" is counted over the smaller side (the read ids or the rows):
    every way must give what counting the shown papers gives."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot)
        papers = screen.paper_list
        every = papers.papers
        few = {every[0].id, every[5].id, "2601.99999"}  # one id not in the listing
        many = {p.id for p in every[::2]} | {"2601.99998"}
        ordered = sorted(every, key=SORT_KEYS[papers.sort_key], reverse=True)

        def text_of(paper: Paper) -> str:
            parts = [paper.title, *paper.author_names, *paper.ai_keywords, paper.summary]
            return " ".join(parts).lower()

        for unread_only in (False, True):
            screen.marks.read.clear()
            screen.marks.read.add(every[1].id)  # hidden by unread-only
            papers.set_unread_only(unread_only)
            for query in ["", "a", "an", "model", "mod", "mod ", "the", "zzzz-no-such-word", ""]:
                papers.set_filter(query)
                assert [p.id for p in papers.shown_papers] == [
                    p.id for p in ordered
                    if all(w in text_of(p) for w in query.lower().split())
                    and not (unread_only and p.id in screen.marks.read)
                ], (query, unread_only)  # fmt: skip
                shown = {p.id for p in papers.shown_papers}
                for ids in (set(), few, many):
                    assert papers.count_shown(ids) == len(shown & ids), (query, unread_only)
        papers.set_unread_only(False)  # the read paper is back, the filter being the same
        assert [p.id for p in papers.shown_papers] == [p.id for p in ordered]
        assert papers.set_filter("mod") is True
        before = papers.shown_papers
        assert papers.set_filter("mod ") is False  # the same rows: nothing to repaint
        assert papers.shown_papers == before
        assert papers.set_filter("") is True
        assert len(papers.shown_papers) == len(every)


async def test_the_neighbours_lines_are_made_after_a_step_and_after_a_jump() -> None:
    """The papers next to the cursor are wrapped ahead after a step and after a jump (`G`).
    When (at once after a step, a moment later after a jump) is a matter of milliseconds this
    cannot tell without timing; the benchmarks' keys and filter measure it."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot)
        papers, made = screen.paper_list, screen.detail._made

        def next_to_cursor(step: int) -> object:
            paper = papers.paper_at(papers.cursor + step)
            assert paper is not None
            return screen._detail_of(paper)

        await pilot.press("j")
        await pilot.pause()
        assert next_to_cursor(1) in made and next_to_cursor(-1) in made
        await pilot.press("G")
        for _ in range(200):  # each round yields to the app: the timer fires in real time
            if next_to_cursor(-1) in made:
                break
            await pilot.pause()
        assert next_to_cursor(-1) in made
