"""The paper list: one row per paper, drawn with Textual's line API.

Only the rows on screen are ever rendered (``render_line``), each row is cached as a ``Strip``
keyed by what it shows, and nothing is measured up front, so 10,000 or 50,000 papers cost what
one screen of rows costs. (``OptionList`` measures every option: ~1 s for 10,000.)

A row: unread dot, bookmark star, "new since last visit" mark, title (plain text, truncated
with an ellipsis), upvotes and comments. Titles are data: they become Segments, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from itertools import filterfalse
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from tui.core.models import Paper
from tui.core.paper_filter import Has, PaperIndex, filter_papers
from tui.core.text import cell_width, clean_line, fit
from tui.widgets.line_view import LineView

if TYPE_CHECKING:
    from tui.core.marks import ReadingMarks

SORT_KEYS: dict[str, Callable[[Paper], tuple[int, float] | int]] = {
    "upvotes": lambda paper: paper.upvotes,
    "date": lambda paper: _newest_first(paper),
    "comments": lambda paper: paper.num_comments or 0,
    "stars": lambda paper: paper.github_stars or 0,
}
"""Sort orders `s` cycles through, each largest (or newest) first."""
SORT_NAMES = {"upvotes": "upvotes", "date": "date", "comments": "comments", "stars": "GitHub stars"}

UNREAD, BOOKMARK, NOTE, NEW = "●", "★", "¶", "+"
LOOKS = ("paper-list--row", "paper-list--read", "paper-list--stats", "paper-list--unread-mark")
"""Components whose colours, if changed (a theme), make every made row stale."""
MARKS_WIDTH = 6
"""Cells before the title: a space, the unread, bookmark, note and new marks, a space."""


class PaperList(LineView, can_focus=True, inherit_bindings=False):
    """A cursor over a listing, filtered by text and read state, sorted by a key.

    Scrolling bindings are not inherited: page keys belong to the abstract (the screen binds
    them), the list pages with ctrl+f / ctrl+b.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--row",
        "paper-list--cursor",
        "paper-list--cursor-blurred",
        "paper-list--read",
        "paper-list--unread-mark",
        "paper-list--bookmark-mark",
        "paper-list--note-mark",
        "paper-list--new-mark",
        "paper-list--stats",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="cursor-down",
                tooltip="Next paper"),
        Binding("k,up", "cursor_up", "Up", show=False, id="cursor-up",
                tooltip="Previous paper"),
        Binding("g,home", "first", "First", show=False, id="cursor-first",
                tooltip="First paper"),
        Binding("G,end", "last", "Last", show=False, id="cursor-last", tooltip="Last paper"),
        Binding("ctrl+f", "page(1)", "Page down", show=False, id="list-page-down",
                tooltip="One page of papers down"),
        Binding("ctrl+b", "page(-1)", "Page up", show=False, id="list-page-up",
                tooltip="One page of papers up"),
        Binding("enter,l", "open", "Open", id="open",
                tooltip="Show the paper in the detail pane and mark it read"),
    ]  # fmt: skip

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    """Position of the cursor among the visible rows."""
    highlighted: reactive[Paper | None] = reactive(None, init=False, repaint=False)
    """The paper under the cursor: watch it (``watch`` calls back at once, so the detail pane
    repaints in the same frame as the cursor; a message would arrive a frame later)."""

    class Opened(Message):
        """The user asked to read the paper under the cursor."""

        def __init__(self, paper: Paper) -> None:
            super().__init__()
            self.paper = paper

    def __init__(
        self,
        marks: ReadingMarks,
        *,
        has: Has | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.marks = marks
        """Read, bookmarked and new papers (the app's; looked up per row)."""
        self.has = has
        """What the `has:` filter words ask: is a paper cited by models, datasets, Spaces."""
        self._papers: list[Paper] = []
        self._index: PaperIndex | None = None
        self._order: list[int] = []  # indices into _papers in sort order
        self._rows: list[int] = []  # the visible ones
        self._shown: set[int] | None = None  # the same as a set, when one was needed
        self._made_of: tuple[list[int], list[int] | None, bool] | None = None
        self._ids: list[str] = []
        self._id_position: dict[str, int] = {}
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._looks: tuple[object, ...] = ()
        self.sort_key = "upvotes"
        self.filter_text = ""
        self.unread_only = False
        self.empty_text = ""
        """Why no paper is visible; the list shows its first clause (before ":" or " (")."""

    # --- data -----------------------------------------------------------------------------

    @property
    def papers(self) -> list[Paper]:
        """Every paper of the listing, filtered or not, in listing order."""
        return self._papers

    @property
    def shown_papers(self) -> list[Paper]:
        """The papers shown, top to bottom."""
        return [self._papers[i] for i in self._rows]

    def count_shown(self, ids: set[str] | frozenset[str]) -> int:
        """How many papers shown are in ``ids`` (the header's "12/50 read"): C loops over the
        smaller side (it is counted again at every filter keystroke)."""
        if len(self._rows) == len(self._papers):
            return sum(map(self._id_position.__contains__, ids))
        if len(ids) < len(self._rows):
            if self._shown is None:
                self._shown = set(self._rows)
            return sum(map(self._shown.__contains__, map(self._id_position.get, ids)))
        return len(ids.intersection(map(self._ids.__getitem__, self._rows)))

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def paper_at(self, line: int) -> Paper | None:
        """The paper shown on row ``line``, if there is one."""
        return self._papers[self._rows[line]] if 0 <= line < len(self._rows) else None

    @property
    def current(self) -> Paper | None:
        """The paper under the cursor, if any."""
        if not self._rows:
            return None
        return self._papers[self._rows[min(self.cursor, len(self._rows) - 1)]]

    def set_papers(self, papers: list[Paper], index: PaperIndex | None = None) -> None:
        """Show a new listing, keeping the cursor on the same paper when it is still there."""
        keep = self.current.id if self.current else None
        self._papers = papers
        self._ids = [paper.id for paper in papers]
        self._id_position = {paper_id: i for i, paper_id in enumerate(self._ids)}
        self._index = index
        self._strips.clear()
        self._sort()
        self._apply_filters(keep, new_papers=True)

    def refresh_marks(self) -> None:
        """Repaint after the marks changed (rows are cached by their marks: no cache to drop);
        a filter on tags or read state is applied again."""
        if self.unread_only or "#" in self.filter_text:
            self._apply_filters(self.current.id if self.current else None)
        self.refresh()

    def find_unread(self, step: int, include_current: bool = False) -> int | None:
        """The row of the nearest unread paper below (step 1) or above (-1) the cursor."""
        read, papers, rows = self.marks.read, self._papers, self._rows
        line = self.cursor if include_current else self.cursor + step
        while 0 <= line < len(rows):
            if papers[rows[line]].id not in read:
                return line
            line += step
        return None

    def set_index(self, index: PaperIndex | None) -> None:
        """Adopt a filter index of the current papers built elsewhere (off the UI thread)."""
        if index is not None and len(index) == len(self._papers):
            self._index = index

    def _line_of(self, paper_id: str) -> int | None:
        """The row showing the paper of ``paper_id``, if it is shown."""
        position = self._id_position.get(paper_id)
        if position is not None:
            with suppress(ValueError):
                return self._rows.index(position)
        return None

    def refresh_paper(self, paper_id: str) -> None:
        """Redraw a paper's row after its read or bookmark state changed."""
        line = self._line_of(paper_id)
        if line is not None:
            self.refresh_line(line)

    def sort_by(self, key: str) -> None:
        if key not in SORT_KEYS:
            raise ValueError(f"unknown sort {key!r}")
        keep = self.current.id if self.current else None
        self.sort_key = key
        self._sort()
        self._apply_filters(keep)

    def set_filter(self, text: str) -> bool:
        """Narrow to papers holding every word of ``text`` (title, authors, abstract...);
        whether the rows shown changed."""
        self.filter_text = text
        return self._apply_filters(self.current.id if self.current else None)

    def set_unread_only(self, unread_only: bool) -> None:
        self.unread_only = unread_only
        self._apply_filters(self.current.id if self.current else None)

    def move_to(self, paper_id: str) -> bool:
        """Put the cursor on a paper if it is visible; False if it is not."""
        line = self._line_of(paper_id)
        if line is not None:
            self.cursor = line
        return line is not None

    def _sort(self) -> None:
        key = SORT_KEYS[self.sort_key]
        papers = self._papers
        self._order = sorted(range(len(papers)), key=lambda i: key(papers[i]), reverse=True)

    def _apply_filters(self, keep: str | None, *, new_papers: bool = False) -> bool:
        """Show the papers the filters let through; whether the rows changed (a letter typed
        often leaves them as they were: then nothing is repainted). With ``new_papers`` the
        rows are new even where their positions are the same."""
        rows: Iterable[int] = self._order
        shown: set[int] | None = None
        matched: list[int] | None = None
        if self.filter_text.strip():
            if self._index is None:
                self._index = PaperIndex(self._papers)
            marks = self.marks
            matched = filter_papers(
                self._index, self._papers, self.filter_text, marks.notes, marks.tags, self.has
            )
        # What the rows are made of (the read marks too, with unread-only: never the same).
        made_of = (self._order, matched, self.unread_only)
        previous, self._made_of = self._made_of, made_of
        if (
            previous is not None
            and not (new_papers or self.unread_only or previous[2])
            and previous[0] is self._order
            and previous[1] == matched
        ):
            return False  # the same papers match, in the same order: the same rows
        if matched is not None:  # in sort order (C-level loops: 10,000 rows a keystroke)
            shown = set(matched)
            rows = filter(shown.__contains__, rows)
        if self.unread_only:
            read, ids = self.marks.read, self._ids
            unread = filterfalse(read.__contains__, map(ids.__getitem__, rows))
            rows = map(self._id_position.__getitem__, unread)
        new_rows = list(rows)
        if new_rows == self._rows and not new_papers:
            return False
        self._rows = new_rows
        self._shown = shown if shown is not None and len(shown) == len(new_rows) else None
        self.set_virtual_size(Size(self.scrollable_content_region.width, len(self._rows)))
        self.refresh()  # rows are cached per paper, not per position: the cache stays valid
        self.cursor = (self._line_of(keep) if keep is not None else None) or 0
        return True

    # --- cursor ---------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_to_cursor()
        paper = self.current
        self.highlighted = paper

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif height and self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 1)

    def action_open(self) -> None:
        if (paper := self.current) is not None:
            self.post_message(self.Opened(paper))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = round(self.scroll_y) + offset.y
        if 0 <= line < len(self._rows):
            self.cursor = line
            if event.chain >= 2:
                self.action_open()

    def focus_changed(self) -> None:
        self.refresh_line(self.cursor)  # the cursor's look: the one row focus changes

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows))
        self._scroll_to_cursor()

    # --- rendering ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Drop the made rows only when their colours changed (a theme): a focus change
        restyles the cursor row alone, which its cache key already tells apart."""
        super().notify_style_update()
        try:
            looks = tuple(self.get_visual_style(name).rich_style for name in LOOKS)
        except KeyError:  # the component styles are not applied yet (mounting)
            looks = ()
        if not looks or looks != self._looks:
            self._looks = looks
            self._strips.clear()

    def render_line(self, y: int) -> Strip:
        line = round(self.scroll_y) + y
        width = self.render_width
        if not 0 <= line < len(self._rows):
            style = self.get_visual_style("paper-list--row").rich_style
            if line == 0 and self.empty_text:
                hint = self.get_visual_style("paper-list--row", "paper-list--read").rich_style
                short = self.empty_text.split(":")[0].split(" (")[0]
                return Strip([Segment(_fit(f"  {short}", width), hint)], width)
            return Strip.blank(width, style)
        paper = self._papers[self._rows[line]]
        marks = self.marks
        cursor = line == self.cursor
        state = (
            cursor,
            cursor and self.has_focus,
            marks.known,
            paper.id in marks.read,
            paper.id in marks.bookmarked,
            paper.id in marks.notes,
            paper.id in marks.new,
        )
        key = (paper.id, width, state)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(paper, width, *state)
            self._strips[key] = strip
        return strip

    def _render_row(
        self, paper: Paper, width: int, cursor: bool, focused: bool, known: bool, read: bool,
        bookmarked: bool, noted: bool, new: bool,
    ) -> Strip:  # fmt: skip
        look = "paper-list--cursor" if focused else "paper-list--cursor-blurred"
        component = ("paper-list--row", look) if cursor else ("paper-list--row",)

        def style(*extra: str) -> Style:
            # Full styles (not partial ones) so muted colours blend with the row background.
            return self.get_visual_style(*component, *extra).rich_style

        base = style()

        def mark(on: bool, symbol: str, kind: str) -> Segment:
            return Segment(symbol if on else " ", style(f"paper-list--{kind}-mark"))

        title_style = style("paper-list--read") if read and not cursor else base
        stats = _stats(paper)
        segments = [
            Segment(" ", base),
            mark(known and not read, UNREAD, "unread"),
            mark(bookmarked, BOOKMARK, "bookmark"),
            mark(noted, NOTE, "note"),
            mark(new, NEW, "new"),
            Segment(" ", base),
        ]
        room = width - MARKS_WIDTH - cell_width(stats) - 2
        if room >= 4:
            segments.append(Segment(_fit(paper.title, room), title_style))
            segments.append(Segment(f" {stats} ", base if cursor else style("paper-list--stats")))
        else:
            segments.append(Segment(_fit(paper.title, max(0, width - MARKS_WIDTH)), title_style))
        strip = Strip(segments)
        return strip.adjust_cell_length(width, base)


def _newest_first(paper: Paper) -> tuple[int, float]:
    """Daily Papers day, else arXiv day; then the arXiv time. Numbers, so papers with and
    without each date still compare."""
    day = paper.daily_date or (paper.published_at.date() if paper.published_at else None)
    moment = paper.published_at.timestamp() if paper.published_at else 0.0
    return (day.toordinal() if day else 0, moment)


def _stats(paper: Paper) -> str:
    comments = "" if paper.num_comments is None else str(paper.num_comments)
    return f"▲{paper.upvotes:>4} ✎{comments:>3}"


def _fit(text: str, cells: int) -> str:
    """``text`` in exactly ``cells`` cells: padded, or cut with an ellipsis."""
    if not text.isprintable():  # models strip control characters; make sure of it here
        text = clean_line(text)
    return fit(text, cells, pad=True)
