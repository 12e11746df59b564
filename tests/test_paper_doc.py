"""The paper's full text as blocks and lines: Markdown parsing, math as Unicode, hostile text,
and wrapping (tui/core/paper_doc.py, math_text.py, paper_layout.py)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.support.fixtures import FIXTURES
from tui.core.math_text import MAX_FORMULA, latex_to_unicode
from tui.core.paper_doc import is_web_link, parse_document, plain_text, shown_spans
from tui.core.paper_layout import layout, line_text

LONG = (FIXTURES / "text" / "long_paper.md").read_text(encoding="utf-8")
HOSTILE = (FIXTURES / "text" / "hostile.md").read_text(encoding="utf-8")


def lines_of(markdown: str, width: int = 80) -> list[str]:
    return [line_text(line) for line in layout(parse_document(markdown), width).lines]


# --- math ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "shown"),
    [
        (r"\theta_0 \geq a", "θ₀ ≥ a"),
        (r"x_{ij}^{2}", "xᵢⱼ²"),
        (r"\frac{a+b}{c}", "(a+b)/c"),
        (r"\sum_{i=1}^{n} x_i", "∑ᵢ₌₁ⁿ xᵢ"),
        (r"\mathbb{R}^{d}", "ℝᵈ"),
        (r"\|x\|_2", "‖x‖₂"),
        (r"O(n^2 \log n)", "O(n² log n)"),
        (r"\alpha \in [0, 1]", "α ∈ [0, 1]"),
        (r"\mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V", "softmax(QKᵀ/(√dₖ))V"),
        (r"x_{\text{max}}", "xₘₐₓ"),
        (r"p_\theta", "p_θ"),  # θ has no subscript letter: shown with its underscore
        (r"e^{-x^2}", "e^(-x²)"),
        (r"\sqrt[3]{x}", "³√x"),
    ],
)
def test_math_becomes_readable_unicode(latex: str, shown: str) -> None:
    assert latex_to_unicode(latex) == shown


@pytest.mark.parametrize(
    "latex",
    [
        r"\mycustommacro{x} + 1",  # pylatexenc would drop the unknown macro
        r"\frac{1}{",  # does not parse
        r"\begin{unknownenv} a \end{unknownenv}",
        "x^",  # a script without its argument
        "x" * (MAX_FORMULA + 1),
    ],
)
def test_math_that_cannot_be_converted_keeps_its_source(latex: str) -> None:
    assert latex_to_unicode(latex) == latex.strip()


def test_math_spans_of_every_delimiter_are_converted() -> None:
    doc = parse_document(
        "Inline $\\alpha_1$, double $$\\beta^2$$ and \\(\\gamma \\leq 1\\).\n\n$$\nE = mc^2\n$$\n"
    )
    text = lines_of("Inline $\\alpha_1$, double $$\\beta^2$$ and \\(\\gamma \\leq 1\\).")
    assert text == ["Inline α₁, double β² and γ ≤ 1."]
    assert doc.blocks[1].kind == "math"
    assert "E = mc²" in lines_of("$$\nE = mc^2\n$$\n")[0]


def test_money_is_not_math() -> None:
    assert lines_of("It costs $5 and $10 a month.") == ["It costs $5 and $10 a month."]


# --- blocks of a long paper -----------------------------------------------------------------


def test_a_long_paper_has_its_sections_tables_code_images_and_lists() -> None:
    doc = parse_document(LONG)
    kinds = {block.kind for block in doc.blocks}
    assert {"heading", "paragraph", "item", "table", "code", "math"} <= kinds
    assert doc.sections[0].title == "Sparse Mixture Attention: Efficient Long-Context Transformers"
    assert [s.title for s in doc.sections if s.level == 2][:3] == [
        "Abstract",
        "1 Introduction",
        "2 Related Work",
    ]
    assert all(doc.blocks[s.block].kind == "heading" for s in doc.sections)
    table = next(block for block in doc.blocks if block.kind == "table")
    assert table.header_rows == 1
    assert plain_text(table.rows[0][0]) == "Model"
    images = [s for b in doc.blocks for s in b.spans if "image" in s.marks]
    assert images and images[0].text.startswith("[image: Figure")
    assert images[0].link is not None


def test_headings_and_tables_lay_out_readably() -> None:
    text = lines_of("# Title\n\n| a | long header |\n|---|---|\n| 1 | x |\n", width=40)
    assert text[:2] == ["Title", "━━━━━"]
    assert text[3:] == ["a │ long header", "──┼────────────", "1 │ x          "]


def test_lists_are_bulleted_and_numbered_with_hanging_indents() -> None:
    text = lines_of("- one two three four five\n  - nested\n\n3. third\n4. fourth\n", width=20)
    assert text == ["• one two three four", "  five", "  ◦ nested", "", "3. third", "4. fourth"]


def test_code_keeps_its_lines_and_indentation() -> None:
    text = lines_of("```python\ndef f():\n    return 1\n```\n")
    assert text == ["  def f():", "      return 1"]


# --- links and hostile text -----------------------------------------------------------------


def test_only_web_links_are_numbered() -> None:
    doc = parse_document(HOSTILE)
    urls = [link.url for link in doc.links]
    assert urls == [
        "https://example.org/page",
        "http://example.org/plain",
        "https://autolink.example/x",
    ]
    assert [link.text for link in doc.links[:2]] == ["web", "plain http"]
    text = "\n".join(lines_of(HOSTILE, 100))
    assert "web↗1 and plain http↗2" in text
    # never links: shown as their text (javascript:, file:, data:) or their words (mailto:...)
    assert "[script](javascript:alert(1))" in text
    assert "[local file](file:///etc/passwd)" in text
    assert "mail and ftp and relative" in text


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JAVASCRIPT:x", "file:///etc/passwd", "data:text/html,x", "/rel",
     "https://ex ample.org"],
)  # fmt: skip
def test_is_web_link_refuses_everything_but_http(url: str) -> None:
    assert not is_web_link(url)


def test_hostile_text_is_shown_as_text_never_as_control_or_html() -> None:
    text = "\n".join(lines_of(HOSTILE, 100))
    assert not any(char in text for char in "\x1b\x07\x00\x9b\u202e\u202c")
    assert "[bold red]Title[/bold red]" in text  # Rich markup stays text
    assert "[link=https://evil.example]click[/link]" in text
    assert "<" not in text  # raw HTML tags are dropped...
    assert "A div with bold words" in text  # ...their words stay
    assert "alert" not in text.lower().replace("javascript:alert", "")  # script bodies go
    assert "\\mycustommacro{x} + 1" in text  # math that cannot be converted: its source
    assert "α₁" in text


def test_the_long_paper_wraps_within_every_width() -> None:
    doc = parse_document(LONG)
    for width in (20, 37, 80, 120):
        lines = layout(doc, width).lines
        widest = max(cell_len(line_text(line)) for line in lines)
        assert widest <= width, width


def test_a_head_for_the_first_screen_is_the_start_of_the_whole() -> None:
    doc = parse_document(LONG)
    head, whole = layout(doc, 80, until_line=60), layout(doc, 80)
    assert not head.complete and whole.complete
    assert 60 <= len(head.lines) < len(whole.lines)
    assert whole.lines[: len(head.lines)] == head.lines


def test_shown_spans_convert_only_math() -> None:
    doc = parse_document("a $x_1$ b")
    assert [s.text for s in shown_spans(doc.blocks[0].spans)] == ["a ", "x₁", " b"]
    assert [s.text for s in doc.blocks[0].spans] == ["a ", "x_1", " b"]  # the source is kept
