"""Command palette (ctrl+p): jump to a paper by title, switch views, go to a date, open links.

Paper titles are remote data, so hits are built as ``Content`` from plain text and highlighted
by offsets: Textual's ``Matcher.highlight`` would parse a title as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui.core.models import Paper
from tui.core.query import Query, parse_day, parse_month, parse_week
from tui.screens.main import MainScreen

MAX_PAPER_HITS = 50

VIEWS = [
    ("View: latest papers", "latest"),
    ("View: day", "day"),
    ("View: week", "week"),
    ("View: month", "month"),
    ("View: trending", "trending"),
    ("View: bookmarks", "bookmarks"),
]
LINKS = [
    ("Open Hugging Face page", "page"),
    ("Open PDF", "pdf"),
    ("Open arXiv page", "arxiv"),
    ("Open GitHub repository", "github"),
    ("Open project page", "project"),
]


class PapersCommands(Provider):
    """Papers, views, dates, links and citations of the main screen."""

    def _main(self) -> MainScreen | None:
        screen = self.screen
        return screen if isinstance(screen, MainScreen) else None

    def _commands(self, main: MainScreen) -> Iterator[tuple[str, Callable[[], object], str]]:
        for title, kind in VIEWS:
            yield title, partial(main.show_view, kind), "Switch the list to this view"
        yield "Go to today", main.action_today, "Today's papers"
        yield "Previous day, week or month", partial(main.action_shift, -1), "Like ["
        yield "Next day, week or month", partial(main.action_shift, 1), "Like ]"
        yield "Search Hugging Face…", main.action_search, "Remote paper search (S)"
        yield "Refresh now", main.action_refresh, "Fetch fresh papers (r)"
        if main.paper_list.current is not None:
            for title, link in LINKS:
                yield title, partial(main.action_open, link), "For the paper under the cursor"
            yield "Copy citation…", main.action_pick_citation, "Pick a citation format (C)"

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for title, command, help_text in self._commands(main):
            yield DiscoveryHit(Content(title), command, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for title, command, help_text in self._commands(main):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), command, text=title, help=help_text)
        dated = _dated_query(query)
        if dated is not None:
            label = f"Go to {dated.label}"
            yield Hit(1.0, Content(label), partial(main.show_view, dated.kind, dated), text=label)
        for score, paper in _papers_matching(main, query):
            yield Hit(
                score,
                Content.assemble(("Paper: ", "dim"), _highlight(matcher, paper.title)),
                partial(main.go_to_paper, paper.id),
                text=paper.title,
                help=f"arXiv {paper.id}",
            )


def _highlight(matcher: Matcher, text: str) -> Content:
    """``text`` with the matched letters highlighted, never parsed as markup."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _papers_matching(main: MainScreen, query: str) -> list[tuple[float, Paper]]:
    """Papers whose title holds every word typed, best (shortest title) first."""
    words = query.lower().split()
    if not words:
        return []
    found = []
    for paper in main.paper_list.papers:
        title = paper.title.lower()
        if all(word in title for word in words):
            found.append((0.5 + 0.5 / (1 + len(title) / 40), paper))
            if len(found) >= MAX_PAPER_HITS:
                break
    return found


def _dated_query(text: str) -> Query | None:
    """A day, ISO week or month typed as such (2026-11-20, 2026-W47, 2026-11), else None."""
    text = text.strip()
    for parse, make in (
        (parse_day, Query.day),
        (parse_week, Query.week),
        (parse_month, Query.month),
    ):
        try:
            parse(text)
        except ValueError:
            continue
        return make(text)
    return None
