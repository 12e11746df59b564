"""A paper's blocks wrapped to a width: lines of styled runs, shared by the reader and the CLI.

Layout is separate from painting: it decides what text goes on which line (word wrap by
terminal cells, list and quote indents, table columns), and the reader turns each line into a
``Strip`` (only the lines on screen) while ``hfpapers read`` prints them with Rich. Wrapping a
100 KB paper takes ~40 ms (``tests/benchmarks/bench_paper.py``), so it is done once per width.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len

from tui.core.math_text import latex_to_unicode
from tui.core.paper_doc import NO_MARKS, Block, Marks, PaperDoc, Span, shown_spans

Run = tuple[str, Marks, int | None]
"""Text, its marks and the number of the link it belongs to."""
Line = tuple[Run, ...]

MAX_COLUMN = 40
"""A table column is at most this wide before its cells wrap."""
_PIECES = re.compile(r"\S+|\s+")
_MUTED = frozenset({"muted"})
_QUOTE = frozenset({"quote"})
_CODE = frozenset({"code-block"})
_TABLE = frozenset({"table-border"})


@dataclass(slots=True)
class Layout:
    """Lines of a paper at one width, and where each block starts."""

    width: int
    lines: list[Line]
    block_starts: list[int]
    """Index of the first line of each block laid out."""
    complete: bool = True
    """False for a head laid out for a first screen (``layout(..., until_line=...)``)."""


def line_text(line: Line) -> str:
    return "".join(run[0] for run in line)


def layout(doc: PaperDoc, width: int, *, until_line: int | None = None) -> Layout:
    """Wrap the blocks of ``doc`` to ``width`` cells (at least 20).

    With ``until_line``, stop once that many lines are laid out: a first screen at once,
    while the whole is laid out elsewhere (it begins with the same lines).
    """
    width = max(20, width)
    lines: list[Line] = []
    starts: list[int] = []
    previous: Block | None = None
    for block in doc.blocks:
        if until_line is not None and len(lines) >= until_line:
            return Layout(width, lines, starts, complete=False)
        if previous is not None and not _tight(previous, block):
            lines.append(())
        starts.append(len(lines))
        lines.extend(_block_lines(block, width))
        previous = block
    return Layout(width, lines, starts)


def _tight(previous: Block, block: Block) -> bool:
    """Items of one list (and of the lists nested in it) follow each other without a blank
    line; two lists in a row are set apart."""
    if previous.kind != "item" or block.kind != "item":
        return False
    shorter = min(len(previous.group), len(block.group))
    return previous.group[:shorter] == block.group[:shorter]


def _block_lines(block: Block, width: int) -> list[Line]:
    quote: list[Run] = [("│ " * block.quote, _QUOTE, None)] if block.quote else []
    room = width - 2 * block.quote
    kind = block.kind
    if kind == "heading":
        marks = frozenset({"heading", f"h{min(block.level, 3)}"})
        spans = [Span(span.text, span.marks | marks, span.link) for span in block.spans]
        lines = wrap(shown_spans(spans), room)
        if block.level <= 2:
            rule = "━" if block.level == 1 else "─"
            lines.append(((rule * min(room, max(cell_len(line_text(lines[-1])), 1)), marks, None),))
    elif kind == "item":
        indent = 2 * (block.level - 1)
        bullet = f"{block.bullet} " if block.bullet else ""
        hang = indent + max(2, cell_len(bullet))
        first: list[Run] = [(" " * indent + bullet.ljust(hang - indent), _MUTED, None)]
        spans = shown_spans(block.spans)
        lines = wrap(spans, room - hang, first=first, rest=[(" " * hang, NO_MARKS, None)])
    elif kind == "code":
        lines = _code_lines(block.text, room)
    elif kind == "math":
        label = f"   ({block.bullet})" if block.bullet else ""
        formula = Span(latex_to_unicode(block.text) + label, frozenset({"math"}))
        margin: list[Run] = [("    ", NO_MARKS, None)]
        lines = wrap([formula], room - 4, first=margin, rest=margin)
    elif kind == "table":
        lines = _table_lines(block, room)
    elif kind == "rule":
        lines = [(("─" * room, _MUTED, None),)]
    else:
        lines = wrap(shown_spans(block.spans), room)
    if quote:
        lines = [(*quote, *line) for line in lines]
    return lines


def wrap(
    spans: list[Span], width: int, *, first: list[Run] | None = None, rest: list[Run] | None = None
) -> list[Line]:
    """Word-wrap ``spans`` to ``width`` cells; ``first``/``rest`` prefix the first/other lines.

    White space runs become one space and never start a line; a word longer than a line is
    cut wherever it has to be.
    """
    width = max(1, width)
    lines: list[Line] = []
    current: list[Run] = list(first or [])
    used = 0
    pending_space: tuple[Marks, int | None] | None = None

    def push(text: str, marks: Marks, link: int | None) -> None:
        if current and current[-1][1] == marks and current[-1][2] == link:
            current[-1] = (current[-1][0] + text, marks, link)
        else:
            current.append((text, marks, link))

    def newline() -> None:
        nonlocal current, used
        lines.append(tuple(current))
        current = list(rest or [])
        used = 0

    for span in spans:
        for piece in _PIECES.findall(span.text):
            if piece[0].isspace():
                if used:
                    pending_space = (span.marks, span.link)
                continue
            size = cell_len(piece)
            gap = 1 if pending_space is not None else 0
            if used and used + gap + size > width:
                newline()
                gap = 0
            if gap and pending_space is not None:
                push(" ", *pending_space)
                used += 1
            pending_space = None
            while size > width - used:  # a word longer than the line: cut it
                head, piece = _cut(piece, width - used)
                if head:
                    push(head, span.marks, span.link)
                newline()
                size = cell_len(piece)
            if piece:
                push(piece, span.marks, span.link)
                used += size
    if used or not lines:
        lines.append(tuple(current))
    return lines


def _cut(text: str, cells: int) -> tuple[str, str]:
    """The longest head of ``text`` that fits in ``cells`` (at least one character)."""
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            return (text[:index], text[index:]) if index else (text[:1], text[1:])
    return text, ""


def _code_lines(code: str, width: int) -> list[Line]:
    """Code keeps its line breaks and indentation; long lines are cut, not reflowed."""
    lines: list[Line] = []
    room = max(1, width - 2)
    for source in code.expandtabs(4).split("\n") or [""]:
        rest = source
        while True:
            head, rest = _cut(rest, room) if cell_len(rest) > room else (rest, "")
            lines.append((("  ", NO_MARKS, None), (head, _CODE, None)))
            if not rest:
                break
    return lines


def _table_lines(block: Block, width: int) -> list[Line]:
    """Columns sized to their content (at most :data:`MAX_COLUMN`), shrunk to fit the width;
    cells wrap inside their column. A table too wide even then is cut on the right, with "…"."""
    columns = max(len(row) for row in block.rows)
    rows = [[shown_spans(cell) for cell in row] + [[]] * (columns - len(row)) for row in block.rows]
    natural = [
        max(1, min(MAX_COLUMN, max(cell_len("".join(s.text for s in row[c])) for row in rows)))
        for c in range(columns)
    ]
    room = width - 3 * (columns - 1)
    while sum(natural) > room and max(natural) > 4:
        widest = natural.index(max(natural))
        natural[widest] -= 1
    lines: list[Line] = []
    for number, row in enumerate(rows):
        header = number < block.header_rows
        cells: list[list[Line]] = []
        for column, spans in enumerate(row):
            if header:
                spans = [Span(s.text, s.marks | {"table-header"}, s.link) for s in spans]
            cells.append(wrap(spans, natural[column]))
        for index in range(max(len(wrapped) for wrapped in cells)):
            line: list[Run] = []
            for column, wrapped in enumerate(cells):
                if column:
                    line.append((" │ ", _TABLE, None))
                runs: Line = wrapped[index] if index < len(wrapped) else ()
                line.extend(runs)
                pad = natural[column] - cell_len(line_text(runs))
                if pad > 0:
                    line.append((" " * pad, NO_MARKS, None))
            lines.append(tuple(line))
        if header and number == block.header_rows - 1:
            lines.append((("─┼─".join("─" * size for size in natural), _TABLE, None),))
    return [_crop(line, width) for line in lines]


def _crop(line: Line, width: int) -> Line:
    """``line`` cut to ``width`` cells, ending in "…" when cut."""
    if cell_len(line_text(line)) <= width:
        return line
    kept: list[Run] = []
    room = width - 1
    for text, marks, link in line:
        size = cell_len(text)
        if size > room:
            head, _rest = _cut(text, room) if room > 0 else ("", text)
            if head and cell_len(head) <= room:
                kept.append((head, marks, link))
            break
        kept.append((text, marks, link))
        room -= size
    kept.append(("…", _TABLE, None))
    return tuple(kept)
