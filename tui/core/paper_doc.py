"""A paper's full text (Hugging Face's Markdown) as blocks of styled spans, ready to lay out.

Parsed with markdown-it-py (CommonMark, tables, strikethrough) and mdit-py-plugins' math rules
(``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``). Math spans keep their LaTeX source
(mark ``math``): :func:`shown_spans` converts them with
:func:`tui.core.math_text.latex_to_unicode` when a block is laid out, so a math-heavy paper's
first screen does not wait for all its formulas (~0.5 ms each).

The text is data, never markup or terminal control: escape sequences and control characters are
removed before parsing, raw HTML tags are dropped (their text stays; ``<script>``/``<style>``
bodies go too), and only http(s) links get a number and can be opened. ``javascript:``,
``file:`` and ``data:`` links are never links here (markdown-it refuses them; they stay text).
Nothing here imports Textual: the reader and ``hfpapers read`` share it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.core.math_text import latex_to_unicode
from tui.core.text import clean_line, strip_control

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

Marks = frozenset[str]
"""Semantic styles of a span: strong, em, code, strike, link, link-number, math, image, muted."""

NO_MARKS: Marks = frozenset()
MAX_TEXT = 2_000_000
"""Characters of Markdown parsed; a longer answer is cut (and says so) rather than freeze."""

_TAG = re.compile(r"<[^>]*>")
_HIDDEN_ELEMENT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_LINE_BREAK_TAG = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_EMPHASIS_OPEN = {"strong_open": "strong", "em_open": "em", "s_open": "strike"}
_EMPHASIS_CLOSE = {"strong_close": "strong", "em_close": "em", "s_close": "strike"}


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one set of marks; ``link`` is the number of its http(s) link."""

    text: str
    marks: Marks = NO_MARKS
    link: int | None = None


@dataclass(slots=True)
class Block:
    """One block of the paper.

    ``kind`` is heading, paragraph, item (of a list), code, math (display), table or rule.
    """

    kind: str
    spans: list[Span] = field(default_factory=list)
    level: int = 0
    """Heading level (1-6), or list depth (1 = top level) for items."""
    bullet: str = ""
    """A list item's marker ("•", "3."), or a display formula's label ("1")."""
    quote: int = 0
    """Block-quote depth (0 outside quotes)."""
    text: str = ""
    """Body of a code block, or the LaTeX source of a display formula."""
    rows: list[list[list[Span]]] = field(default_factory=list)
    """A table's rows of cells (the header row first)."""
    header_rows: int = 0
    group: tuple[int, ...] = ()
    """The lists an item is in, outermost first (two lists in a row are set apart)."""


@dataclass(frozen=True, slots=True)
class Link:
    """A numbered link: only http(s) URLs are numbered, so every one can be opened."""

    number: int
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """A heading, for the table of contents and ``]``/``[``."""

    title: str
    level: int
    block: int
    """Index of its heading in :attr:`PaperDoc.blocks`."""


@dataclass(slots=True)
class PaperDoc:
    blocks: list[Block]
    links: list[Link]
    sections: list[Section]
    cut: bool = False
    """The Markdown was longer than :data:`MAX_TEXT` and was cut."""


def parse_document(markdown: str) -> PaperDoc:
    """The blocks, links and sections of a paper's Markdown (any text: never raises)."""
    cut = len(markdown) > MAX_TEXT
    text = strip_control(markdown[:MAX_TEXT].replace("\r\n", "\n").replace("\r", "\n"))
    builder = _Builder()
    builder.run(_markdown().parse(text))
    if cut:
        note = f"(The text was cut at {MAX_TEXT:,} characters.)"
        builder.blocks.append(Block("paragraph", [Span(note, frozenset({"muted"}))]))
    return PaperDoc(builder.blocks, builder.links, builder.sections, cut)


def plain_text(spans: list[Span]) -> str:
    return "".join(span.text for span in spans)


def link_marker(number: int) -> Span:
    """The mark after a link, with the number that opens it (``12o`` in the reader)."""
    return Span(f"↗{number}", frozenset({"link-number"}), number)


def shown_spans(spans: list[Span]) -> list[Span]:
    """``spans`` as shown: math converted to Unicode (or kept as source where it cannot be)."""
    return [
        Span(latex_to_unicode(span.text), span.marks, span.link) if "math" in span.marks else span
        for span in spans
    ]


def is_web_link(url: str) -> bool:
    """Only http(s) links may be opened; anything else (javascript:, file:...) never is."""
    return url.lower().startswith(("https://", "http://")) and not any(
        char.isspace() for char in url
    )


@functools.cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.texmath import texmath_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # "$5 and $10" is money, not math: no space inside the dollars, no digit after the closing one.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(texmath_plugin, delimiters="brackets")
    return md


class _Builder:
    """Turns markdown-it's token stream into blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.sections: list[Section] = []
        self._urls: dict[str, int] = {}
        self.quote = 0
        self.lists: list[list[int]] = []  # one [next number or -1 for bullets, id] per list
        self._list_ids = 0
        self.item: Block | None = None  # the item whose first paragraph is still to come
        self.table: Block | None = None
        self.row: list[list[Span]] | None = None

    def run(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                spans = self.inline(tokens[index + 1])
                level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
                title = clean_line(plain_text(shown_spans(spans)))
                if title:
                    self.sections.append(Section(title, level, len(self.blocks)))
                self.add(Block("heading", spans, level=level))
                index += 2
            elif kind == "paragraph_open":
                spans = self.inline(tokens[index + 1])
                if self.table is None:
                    self.paragraph(spans)
                index += 2
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = token.attrGet("start")
                first = int(start) if isinstance(start, int | str) and str(start).isdigit() else 1
                self._list_ids += 1
                self.lists.append([first if kind == "ordered_list_open" else -1, self._list_ids])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                if self.lists:
                    self.lists.pop()
            elif kind == "list_item_open":
                self.list_item()
            elif kind == "list_item_close":
                self.close_item()
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote = max(0, self.quote - 1)
            elif kind in ("fence", "code_block"):
                self.close_item()
                self.add(Block("code", text=token.content.rstrip("\n")))
            elif kind in ("math_block", "math_block_label", "math_block_eqno"):
                self.close_item()
                label = clean_line(token.info) if token.info else ""
                self.add(Block("math", text=token.content.strip(), bullet=label))
            elif kind == "hr":
                self.add(Block("rule"))
            elif kind == "html_block":
                shown = _html_text(token.content)
                if shown:
                    self.paragraph([Span(shown)])
            elif kind == "table_open":
                self.close_item()
                self.table = Block("table")
            elif kind == "table_close":
                if self.table is not None and self.table.rows:
                    self.add(self.table)
                self.table = None
            elif kind == "thead_close" and self.table is not None:
                self.table.header_rows = len(self.table.rows)
            elif kind == "tr_open":
                self.row = []
            elif kind == "tr_close":
                if self.table is not None and self.row is not None:
                    self.table.rows.append(self.row)
                self.row = None
            elif kind in ("th_open", "td_open"):
                cell = self.inline(tokens[index + 1]) if index + 1 < len(tokens) else []
                if self.row is not None:
                    self.row.append(cell)
                index += 1
            index += 1
        self.close_item()

    # --- blocks ---------------------------------------------------------------------------

    def add(self, block: Block) -> None:
        block.quote = self.quote
        if block.kind != "item":
            self.close_item()
        self.blocks.append(block)

    def paragraph(self, spans: list[Span]) -> None:
        if self.item is not None:  # the item's first paragraph: on the bullet's line
            self.item.spans = spans
            self.blocks.append(self.item)
            self.item = None
            return
        depth = len(self.lists)
        if depth:  # a later paragraph of an item: indented under it
            group = tuple(open_list[1] for open_list in self.lists)
            self.add(Block("item", spans, level=depth, group=group))
        else:
            self.add(Block("paragraph", spans))

    def list_item(self) -> None:
        self.close_item()
        if not self.lists:
            self.lists.append([-1, 0])
        counter = self.lists[-1]
        if counter[0] < 0:
            bullet = "•" if len(self.lists) % 2 else "◦"
        else:
            bullet = f"{counter[0]}."
            counter[0] += 1
        group = tuple(open_list[1] for open_list in self.lists)
        self.item = Block(
            "item", level=len(self.lists), bullet=bullet, quote=self.quote, group=group
        )

    def close_item(self) -> None:
        """An item with no paragraph of its own (or one whose content is a nested list)."""
        if self.item is not None:
            item, self.item = self.item, None
            self.blocks.append(item)

    # --- inline ---------------------------------------------------------------------------

    def inline(self, token: Token) -> list[Span]:
        spans: list[Span] = []
        marks: set[str] = set()
        link: int | None = None
        link_from = 0  # where the current link's words start in ``spans``
        hidden = 0  # inside <script> or <style>
        for child in token.children or []:
            kind = child.type
            if kind == "html_inline":
                tag = child.content
                if re.match(r"<(script|style)\b", tag, re.IGNORECASE):
                    hidden += 1
                elif re.match(r"</(script|style)\b", tag, re.IGNORECASE):
                    hidden = max(0, hidden - 1)
                elif _LINE_BREAK_TAG.match(tag.strip()):
                    spans.append(Span(" "))
                continue
            if hidden:
                continue
            if kind == "text":
                spans.append(Span(child.content, frozenset(marks), link))
            elif kind == "code_inline":
                spans.append(Span(child.content, frozenset(marks | {"code"}), link))
            elif kind in ("softbreak", "hardbreak"):
                spans.append(Span(" ", frozenset(marks), link))
            elif kind in ("math_inline", "math_inline_double", "math_single"):
                spans.append(Span(child.content.strip(), frozenset(marks | {"math"})))
            elif kind in _EMPHASIS_OPEN:
                marks.add(_EMPHASIS_OPEN[kind])
            elif kind in _EMPHASIS_CLOSE:
                marks.discard(_EMPHASIS_CLOSE[kind])
            elif kind == "link_open":
                link = self.link_number(str(child.attrGet("href") or ""))
                link_from = len(spans)
                if link is not None:
                    marks.add("link")
            elif kind == "link_close":
                if link is not None:
                    self.name_link(link, clean_line(plain_text(spans[link_from:])))
                    spans.append(link_marker(link))
                link = None
                marks.discard("link")
            elif kind == "image":
                spans.extend(self.image(child))
        return spans

    def image(self, token: Token) -> list[Span]:
        alt = clean_line("".join(child.content for child in token.children or []))
        src = str(token.attrGet("src") or "")
        number = self.link_number(src)
        if number is not None:
            self.name_link(number, f"image: {alt}" if alt else "image")
        label = f"[image: {alt}]" if alt else "[image]"
        image = Span(label, frozenset({"image"}), number)
        return [image, link_marker(number)] if number is not None else [image]

    def link_number(self, url: str) -> int | None:
        """The number of an http(s) link (the same URL keeps its number), else None."""
        url = clean_line(url)
        if not is_web_link(url):
            return None
        number = self._urls.get(url)
        if number is None:
            number = self._urls[url] = len(self.links) + 1
            self.links.append(Link(number, url, ""))
        return number

    def name_link(self, number: int, text: str) -> None:
        """Give a link the words it first appeared with (the URL when it had none)."""
        link = self.links[number - 1]
        if not link.text:
            self.links[number - 1] = Link(number, link.url, text or link.url)


def _html_text(html: str) -> str:
    """What a raw HTML block says, as text: tags dropped, script and style bodies too."""
    return clean_line(_TAG.sub(" ", _HIDDEN_ELEMENT.sub(" ", html)))
