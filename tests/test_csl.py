"""CSL styles through citeproc-py: a few well-known styles, dependent styles, unknown names."""

from __future__ import annotations

import pytest

from tests.support.fixtures import LOTTERY
from tui.core.csl import StyleError, available_styles, cite_csl, csl_item
from tui.core.models import Author, Paper


def test_ieee() -> None:
    assert cite_csl(LOTTERY, "ieee") == (
        "J. Frankle and M. Carbin, “The Lottery Ticket Hypothesis: Finding Sparse, Trainable "
        "Neural Networks”, Mar. 09, 2018, arXiv: arXiv:1803.03635. "
        "doi: 10.48550/arXiv.1803.03635."
    )


def test_nature() -> None:
    assert cite_csl(LOTTERY, "nature") == (
        "Frankle, J. & Carbin, M. The Lottery Ticket Hypothesis: Finding Sparse, Trainable "
        "Neural Networks. Preprint at https://doi.org/10.48550/arXiv.1803.03635 (2018)."
    )


def test_apa_style() -> None:
    text = cite_csl(LOTTERY, "apa")
    assert text.startswith("Frankle, J., & Carbin, M. (2018). The Lottery Ticket Hypothesis")
    assert text.endswith("arXiv. https://doi.org/10.48550/arXiv.1803.03635")


def test_chicago_author_date() -> None:
    text = cite_csl(LOTTERY, "chicago-author-date")
    assert text.startswith("Frankle, J., and M. Carbin. 2018. “The Lottery Ticket Hypothesis")
    assert "March 9" in text and "https://doi.org/10.48550/arXiv.1803.03635" in text


def test_a_dependent_style_renders_as_its_parent() -> None:
    assert cite_csl(LOTTERY, "nature-digest") == cite_csl(LOTTERY, "nature")


def test_style_names_ignore_case_and_the_csl_suffix() -> None:
    assert cite_csl(LOTTERY, " IEEE.csl ") == cite_csl(LOTTERY, "ieee")


def test_numbered_styles_lose_the_lone_number() -> None:
    for style in ("ieee", "vancouver-nlm", "association-for-computing-machinery"):
        text = cite_csl(LOTTERY, style)
        assert not text.startswith(("[1]", "1.", "1 ")), (style, text)
        assert "Frankle" in text


def test_unknown_style_names_close_matches() -> None:
    with pytest.raises(StyleError) as caught:
        cite_csl(LOTTERY, "vancouver")
    message = caught.value.message
    assert message.startswith("unknown CSL style 'vancouver'; did you mean ")
    assert "vancouver-nlm" in message
    assert "\n" not in message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("name", ["../../../etc/passwd", "", "no-such-style-at-all-xyz"])
def test_hostile_or_hopeless_names_are_unknown_styles(name: str) -> None:
    with pytest.raises(StyleError, match="unknown CSL style"):
        cite_csl(LOTTERY, name)


def test_available_styles_lists_thousands() -> None:
    styles = available_styles()
    assert len(styles) > 2800
    assert {"ieee", "nature", "apa", "chicago-author-date", "nature-digest"} <= set(styles)
    assert styles == sorted(styles)


def test_csl_item_carries_names_parts_and_dates() -> None:
    paper = Paper(
        id="2101.00001",
        title="T",
        abstract="",
        authors=(Author("Laurens van der Maaten"), Author("Aleph"), Author("Llama Team")),
    )
    item = csl_item(paper)
    assert item["author"] == [
        {"family": "Maaten", "given": "Laurens", "non-dropping-particle": "van der"},
        {"family": "Aleph"},
        {"literal": "Llama Team"},
    ]
    assert item["issued"] == {"date-parts": [[2021]]}
    assert item["DOI"] == "10.48550/arXiv.2101.00001"
    assert "author" not in csl_item(Paper(id="2101.00001", title="T", abstract=""))


def test_hostile_title_and_no_authors_render_as_plain_text() -> None:
    paper = Paper(id="2101.00001", title="<b>Bold</b> & {braces} \x1b[2J", abstract="")
    text = cite_csl(paper, "ieee")
    assert "<b>Bold</b> & {braces}" in text
    assert "\x1b" not in text
