"""Command palette (ctrl+p): jump to a paper by title, switch views, go to a date, open links.

Paper titles are remote data, so hits are built as ``Content`` from plain text and highlighted
by offsets: Textual's ``Matcher.highlight`` would parse a title as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui.core.models import Paper
from tui.core.query import Query, parse_day, parse_month, parse_week
from tui.screens.main import MainScreen

if TYPE_CHECKING:
    from tui.core.views import ViewKind

MAX_PAPER_HITS = 50

VIEWS: list[tuple[str, ViewKind, str | None]] = [
    ("View: latest papers", "latest", None),
    ("View: day", "day", "view-day"),
    ("View: week", "week", "view-week"),
    ("View: month", "month", "view-month"),
    ("View: trending", "trending", "view-trending"),
    ("View: bookmarks", "bookmarks", "view-bookmarks"),
]
"""(title, view, binding id): the binding's current key is shown with the command."""
LINKS = [
    ("Open Hugging Face page", "page", "open-page"),
    ("Open PDF", "pdf", "open-pdf"),
    ("Open arXiv page", "arxiv", "open-arxiv"),
    ("Open GitHub repository", "github", "open-github"),
    ("Open project page", "project", "open-project"),
]


class PapersCommands(Provider):
    """Papers, views, dates, links and citations of the main screen."""

    def _main(self) -> MainScreen | None:
        screen = self.screen
        return screen if isinstance(screen, MainScreen) else None

    def _commands(self, main: MainScreen) -> Iterator[tuple[str, Callable[[], object], str]]:
        keys = self._keys()

        def key(binding_id: str | None, text: str) -> str:
            shown = keys.get(binding_id or "")
            return f"{text} (key: {shown})" if shown else text

        for title, kind, binding_id in VIEWS:
            yield title, partial(main.show_view, kind), key(binding_id, "Switch to this view")
        yield "Go to today", main.action_today, key("today", "Today's papers")
        yield (
            "Previous day, week or month",
            partial(main.action_shift, -1),
            key("previous-period", "Move back in time"),
        )
        yield (
            "Next day, week or month",
            partial(main.action_shift, 1),
            key("next-period", "Move forward in time"),
        )
        yield "Search Hugging Face…", main.action_search, key("search", "Remote paper search")
        yield "Refresh now", main.action_refresh, key("refresh", "Fetch fresh papers")
        if main.paper_list.current is not None:
            for title, link, binding_id in LINKS:
                yield (
                    title,
                    partial(main.action_open, link),
                    key(binding_id, "For the paper under the cursor"),
                )
            yield (
                "Copy citation…",
                main.action_pick_citation,
                key("pick-citation", "Pick a citation format"),
            )

    def _keys(self) -> dict[str, str]:
        """Binding id -> its keys as bound now (the user's keymap applied)."""
        from tui.keys import rows_of

        keymap = getattr(getattr(self.app, "config", None), "keymap", None)
        rows = rows_of(MainScreen, self.app.get_key_display, keymap)
        return {row.binding_id: row.shown for row in rows}

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
