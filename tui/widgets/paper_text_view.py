"""The full text of a paper, drawn line by line.

Textual's ``Markdown`` widget mounts a widget per block: a 100 KB paper (~300 blocks) took
about 2 s to mount and every scroll re-laid them out (``tests/benchmarks/bench_paper.py``). Here
the paper is laid out once per width by :mod:`tui.core.paper_layout` into lines of styled runs,
and only the lines on screen become ``Strip``s (cached), so scrolling costs one screen of lines.

Remote text is data: every run becomes a ``Segment`` of plain text with a style of our own.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.strip import Strip

from tui.core.paper_doc import Marks, PaperDoc, Span
from tui.core.paper_layout import Layout, Line, layout, line_text, wrap
from tui.widgets.line_view import LineView

FIRST_SCREENS = 3
"""Screens of lines laid out before the first paint; the rest is laid out off the UI thread."""

_STYLE_CLASSES = {
    "h1": "paper-text--h1",
    "h2": "paper-text--h2",
    "h3": "paper-text--h3",
    "strong": "paper-text--strong",
    "em": "paper-text--em",
    "strike": "paper-text--strike",
    "code": "paper-text--code",
    "code-block": "paper-text--code",
    "link": "paper-text--link",
    "link-number": "paper-text--link-number",
    "math": "paper-text--math",
    "image": "paper-text--image",
    "muted": "paper-text--muted",
    "quote": "paper-text--muted",
    "table-border": "paper-text--muted",
    "table-header": "paper-text--strong",
}


class PaperTextView(LineView, can_focus=True):
    """A scrollable paper: sections to jump to, matches to highlight, links by number."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-text--h1", "paper-text--h2", "paper-text--h3", "paper-text--strong",
        "paper-text--em", "paper-text--strike", "paper-text--code", "paper-text--link",
        "paper-text--link-number", "paper-text--math", "paper-text--image", "paper-text--muted",
        "paper-text--match", "paper-text--current-match",
    }  # fmt: skip

    DEFAULT_CSS = """
    PaperTextView {
        height: 1fr;
        padding: 0 2;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;  /* the text's width must not change when the bar appears */
    }
    PaperTextView > .paper-text--h1 { text-style: bold; color: $text-accent; }
    PaperTextView > .paper-text--h2 { text-style: bold; color: $text-accent; }
    PaperTextView > .paper-text--h3 { text-style: bold; }
    PaperTextView > .paper-text--strong { text-style: bold; }
    PaperTextView > .paper-text--em { text-style: italic; }
    PaperTextView > .paper-text--strike { text-style: strike; }
    PaperTextView > .paper-text--code { color: $text-success; }
    PaperTextView > .paper-text--link { text-style: underline; color: $text-primary; }
    PaperTextView > .paper-text--link-number { color: $text-primary; text-style: dim; }
    PaperTextView > .paper-text--math { color: $text-warning; }
    PaperTextView > .paper-text--image { text-style: italic; color: $text-secondary; }
    PaperTextView > .paper-text--muted { color: $text-muted; }
    PaperTextView > .paper-text--match { background: $warning 40%; }
    PaperTextView > .paper-text--current-match { background: $warning; color: $background; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Down", show=False, id="text-down",
                tooltip="Scroll down one line"),
        Binding("k,up", "move(-1)", "Up", show=False, id="text-up",
                tooltip="Scroll up one line"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="text-page-down",
                tooltip="Scroll down one screen"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="text-page-up",
                tooltip="Scroll up one screen"),
        Binding("g,home", "edge(0)", "Top", show=False, id="text-top",
                tooltip="Beginning of the paper"),
        Binding("G,end", "edge(1)", "End", show=False, id="text-bottom",
                tooltip="End of the paper"),
    ]  # fmt: skip
    """Every move jumps: Textual's animated scrolling repaints for ~0.4 s after a page key."""

    def __init__(
        self, *, id: str | None = None, on_scroll: Callable[[], object] | None = None
    ) -> None:
        """``on_scroll`` is called on every move, synchronously: a header showing "34%"
        repaints in the same frame as the text (a message would take a second frame, ~16 ms)."""
        super().__init__(id=id)
        self.on_scroll = on_scroll
        self.doc: PaperDoc | None = None
        self.text_layout: Layout | None = None
        self.message = ""
        """Shown instead of a paper (loading, or why there is none)."""
        self.matches: list[tuple[int, int, int]] = []
        """Search matches: (line, start, end) in the line's text, in reading order."""
        self.current_match = -1
        self._query = ""
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self._styles: dict[Marks, Style] = {}
        self._generation = 0

    # --- content --------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        """Show one line of text (loading, not found) instead of a paper."""
        self.doc, self.text_layout, self.message = None, None, text
        self.matches, self.current_match = [], -1
        self._changed()

    def show_document(self, doc: PaperDoc) -> None:
        """Show ``doc`` from the top: its first screens now, the whole when :meth:`adopt`
        receives it (see :meth:`needs_full_layout`)."""
        self.doc, self.message = doc, ""
        width = self.text_width
        self.text_layout = layout(doc, width, until_line=max(1, self.size.height) * FIRST_SCREENS)
        self._changed()

    def adopt(self, full: Layout) -> None:
        """Take a complete layout made elsewhere (same document, same width), keeping the
        scroll position (its first lines are the ones on screen)."""
        if self.doc is not None and full.width == self.text_width:
            self.text_layout = full
            self._research()
            self._changed()

    @property
    def text_width(self) -> int:
        return max(20, self.scrollable_content_region.width)

    @property
    def needs_full_layout(self) -> bool:
        return self.doc is not None and (self.text_layout is None or not self.text_layout.complete)

    def finish_layout(self) -> None:
        """Lay out the rest now, on the UI thread (a jump cannot wait for the worker)."""
        if self.doc is not None and self.needs_full_layout:
            self.text_layout = layout(self.doc, self.text_width)
            self._research()
            self._changed()

    @property
    def line_count(self) -> int:
        return len(self.text_layout.lines) if self.text_layout else 0

    @property
    def progress(self) -> int:
        """How far into the paper the screen is, 0 to 100 (100 when it all fits)."""
        total = self.line_count
        height = self.scrollable_content_region.height
        if not self.text_layout or not self.text_layout.complete:
            return 0 if total <= height else round(100 * self.scroll_y / max(1, total))
        if total <= height:
            return 100
        return min(100, round(100 * self.scroll_y / (total - height)))

    @property
    def position(self) -> float:
        """The top line as a fraction of the paper, for the store."""
        return self.scroll_y / max(1, self.line_count)

    def go_to_position(self, fraction: float) -> None:
        self.finish_layout()
        self.scroll_to(y=round(fraction * self.line_count), animate=False, immediate=True)

    def action_move(self, lines: int) -> None:
        self.go_to_line(round(self.scroll_y) + lines)

    def action_page(self, pages: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)  # keep one line of context
        self.go_to_line(round(self.scroll_y) + pages * height)

    def action_edge(self, end: int) -> None:
        if end:
            self.finish_layout()
        self.go_to_line(self.line_count if end else 0)

    # --- sections -------------------------------------------------------------------------

    def section_lines(self) -> list[int]:
        """The first line of each section of the document (after laying it all out)."""
        self.finish_layout()
        if self.doc is None or self.text_layout is None:
            return []
        starts = self.text_layout.block_starts
        return [starts[s.block] for s in self.doc.sections if s.block < len(starts)]

    def current_section(self) -> int:
        """Index of the section the top of the screen is in (-1 before the first)."""
        return bisect.bisect_right(self.section_lines(), round(self.scroll_y)) - 1

    def go_to_line(self, line: int) -> None:
        self.scroll_to(y=line, animate=False, immediate=True)

    def next_section(self, step: int) -> None:
        lines = self.section_lines()
        top = round(self.scroll_y)
        if step > 0:
            target = next((line for line in lines if line > top), None)
        else:
            target = next((line for line in reversed(lines) if line < top), None)
        if target is not None:
            self.go_to_line(target)

    # --- search ---------------------------------------------------------------------------

    def search(self, query: str) -> int:
        """Find ``query`` (ignoring case) in every line; go to the first match at or after the
        top of the screen. Returns the number of matches."""
        self.finish_layout()
        self._query = query
        self._research()
        if self.matches:
            top = round(self.scroll_y)
            first = next((i for i, m in enumerate(self.matches) if m[0] >= top), 0)
            self._go_to_match(first)
        self._changed()
        return len(self.matches)

    def next_match(self, step: int) -> int:
        """Go to the next (``step`` 1) or previous (-1) match; returns its index or -1."""
        if not self.matches:
            return -1
        self._go_to_match((self.current_match + step) % len(self.matches))
        self._changed()
        return self.current_match

    def _go_to_match(self, index: int) -> None:
        self.current_match = index
        line = self.matches[index][0]
        height = self.scrollable_content_region.height
        if not self.scroll_y <= line < self.scroll_y + height:
            self.go_to_line(max(0, line - height // 3))

    def _research(self) -> None:
        self.matches = []
        if not self._query or self.text_layout is None:
            self.current_match = -1
            return
        pattern = re.compile(re.escape(self._query), re.IGNORECASE)
        for number, line in enumerate(self.text_layout.lines):
            if line:
                self.matches.extend(
                    (number, m.start(), m.end()) for m in pattern.finditer(line_text(line))
                )
        self.current_match = min(self.current_match, len(self.matches) - 1)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value) and self.on_scroll is not None:
            self.on_scroll()

    # --- drawing --------------------------------------------------------------------------

    def _changed(self) -> None:
        self._generation += 1
        self._strips.clear()
        self.set_virtual_size(Size(self.text_width, self.line_count or 1))
        self.refresh()

    def on_resize(self) -> None:
        if self.doc is not None and self.text_layout is not None:
            if self.text_layout.width != self.text_width:
                fraction = self.position
                self.text_layout = layout(self.doc, self.text_width)
                self._research()
                self._changed()
                self.go_to_line(round(fraction * self.line_count))
        else:
            self._changed()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.render_width
        number = round(self.scroll_y) + y
        key = (number, self._generation)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._line_strip(number).adjust_cell_length(width, self.rich_style)
            self._strips[key] = strip
        return strip.adjust_cell_length(width, self.rich_style)

    def _line_strip(self, number: int) -> Strip:
        base = self.rich_style
        if self.text_layout is None:  # a message, wrapped to the width
            lines = wrap([Span(self.message)], self.text_width)
            text = line_text(lines[number]) if 0 <= number < len(lines) else ""
            return Strip([Segment(text, base + self._style(frozenset({"muted"})))])
        if not 0 <= number < len(self.text_layout.lines):
            return Strip([])
        line = self.text_layout.lines[number]
        highlights = [(m[1], m[2], i == self.current_match) for i, m in enumerate(self.matches)
                      if m[0] == number] if self.matches else []  # fmt: skip
        segments: list[Segment] = []
        offset = 0
        for text, marks, _link in line:
            style = base + self._style(marks)
            if highlights:
                segments.extend(self._highlighted(text, offset, style, highlights))
            else:
                segments.append(Segment(text, style))
            offset += len(text)
        return Strip(segments)

    def _highlighted(
        self, text: str, offset: int, style: Style, highlights: list[tuple[int, int, bool]]
    ) -> list[Segment]:
        """``text`` (at ``offset`` in its line) split where search matches start and end."""
        cuts = {0, len(text)}
        for start, end, _current in highlights:
            for cut in (start - offset, end - offset):
                if 0 < cut < len(text):
                    cuts.add(cut)
        edges = sorted(cuts)
        segments = []
        for start, end in itertools.pairwise(edges):
            position = offset + start
            piece_style = style
            for m_start, m_end, current in highlights:
                if m_start <= position < m_end:
                    name = "paper-text--current-match" if current else "paper-text--match"
                    piece_style = style + self.get_component_rich_style(name, partial=True)
            segments.append(Segment(text[start:end], piece_style))
        return segments

    def _style(self, marks: Marks) -> Style:
        style = self._styles.get(marks)
        if style is None:
            style = Style()
            for mark in sorted(marks):
                name = _STYLE_CLASSES.get(mark)
                if name:
                    style += self.get_component_rich_style(name, partial=True)
            self._styles[marks] = style
        return style

    def link_at_line(self, number: int) -> list[int]:
        """Numbers of the links on a line (for tests and the link picker's default)."""
        if self.text_layout is None or not 0 <= number < len(self.text_layout.lines):
            return []
        line: Line = self.text_layout.lines[number]
        return sorted({run[2] for run in line if run[2] is not None})
