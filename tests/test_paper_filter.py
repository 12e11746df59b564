"""The filter index (``tui.core.paper_filter``): typed words find titles, authors, keywords and
abstracts, and narrowing a query gives what a full scan gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.fixtures import fixture_papers
from tui.core.models import Paper
from tui.core.paper_filter import PaperIndex, haystack


def full_text(paper: Paper) -> str:
    """Everything a filter word may be found in, as written (repeats and all)."""
    return " ".join([paper.title, *paper.author_names, *paper.ai_keywords, paper.summary]).lower()


def brute_force(papers: list[Paper], query: str) -> list[int]:
    words = query.lower().split()
    return [i for i, p in enumerate(papers) if all(w in full_text(p) for w in words)]


def test_index_matches_title_authors_keywords_and_abstract() -> None:
    papers = fixture_papers()
    index = PaperIndex(papers)
    lottery = [papers[i].title for i in index.match("LOTTERY ticket")]
    assert lottery == ["The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks"]
    author = next(p for p in papers if p.authors).authors[0].name
    assert papers.index(next(p for p in papers if p.authors)) in index.match(author)
    assert index.match("   ") is None
    assert index.match("zzzz-no-such-word") == []


def test_narrowing_gives_what_a_full_scan_gives() -> None:
    papers = fixture_papers()
    index = PaperIndex(papers)
    for typed in ["n", "ne", "neu", "neur", "neural", "neural n", "neural ne", "neural net"]:
        assert index.match(typed) == brute_force(papers, typed), typed
    assert index.match("ne") == brute_force(papers, "ne")  # shorter again: a full scan


@settings(max_examples=60, deadline=None)
@given(
    titles=st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=12),
    query=st.text(max_size=8),
)
def test_index_agrees_with_brute_force(titles: list[str], query: str) -> None:
    papers = [Paper(id=f"2601.{n:05d}", title=t, abstract="") for n, t in enumerate(titles)]
    index = PaperIndex(papers)
    expected = brute_force(papers, query) if query.split() else None
    assert index.match(query) == expected


def test_the_searchable_text_holds_each_word_once() -> None:
    paper = Paper(id="2601.00001", title="Sparse Models", abstract="Sparse sparse  models\nscale.")
    assert haystack(paper) == "sparse models scale."


@settings(max_examples=150, deadline=None)
@given(
    summary=st.text(alphabet="ab AB\t\n\u2003\u00a0\x1cİi\u0307", max_size=40),
    query=st.text(alphabet="ab AB\u2003İi\u0307", max_size=6),
)
def test_words_held_once_find_what_the_whole_text_finds(summary: str, query: str) -> None:
    """Odd whitespace (tabs, em and no-break spaces, a separator) and case folding that
    changes length (İ) must not make the once-each text find more or less than the whole."""
    papers = [Paper(id="2601.00001", title="t", abstract=summary)]
    index = PaperIndex(papers)
    assert index.match(query) == (brute_force(papers, query) if query.split() else None)
