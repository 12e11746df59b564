"""The detail pane's text (``tui.widgets.abstract_view``): every known fact of a paper, nothing
for unknown ones, remote text never markup, and long author lists folded."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tui.core.models import Author, Paper
from tui.widgets.abstract_view import describe, fold_authors


def test_authors_fold() -> None:
    assert fold_authors([]) == ""
    assert fold_authors(["A"]) == "A"
    assert fold_authors(["A", "B", "C"]) == "A, B and C"
    names = [f"N{i}" for i in range(252)]
    assert fold_authors(names) == ", ".join(names[:12]) + " and 240 more"


def test_detail_lists_every_known_fact_and_skips_unknown_ones() -> None:
    paper = Paper(
        id="2605.00001",
        title="[b]T[/b]",
        abstract="Abstract text.",
        authors=(Author("Ada"), Author("Bob")),
        published_at=datetime(2026, 5, 1, tzinfo=UTC),
        daily_date=date(2026, 5, 4),
        upvotes=12,
        num_comments=3,
        github_repo="https://github.com/x/y",
        github_stars=42,
        project_page="https://x.example",
        ai_summary="Short.",
        ai_keywords=("k1", "k2"),
        organization="Org [x]",
    )
    text = describe(paper).plain
    for fragment in [
        "[b]T[/b]", "Ada and Bob",
        "2605.00001 · ▲ 12 · ✎ 3 · Daily Papers 2026-05-04 · arXiv 2026-05-01",
        "o page · p PDF · a arXiv · O GitHub ★ 42 · W project", "https://github.com/x/y",
        "https://x.example", "Org [x]", "Short.", "k1, k2", "Abstract text.",
    ]:  # fmt: skip
        assert fragment in text, fragment
    lines = text.splitlines()
    assert lines[5] == "Abstract text."  # title, authors, two lines of facts, a blank
    assert text.index("Abstract text.") < text.index("Short.") < text.index("k1, k2")
    first = describe(paper, ai_summary_first=True).plain
    assert first.index("Short.") < first.index("Abstract text.")
    noted = describe(paper, "my note\nline two", ("rl", "thesis")).plain
    assert "#rl #thesis" in noted.splitlines()[3]
    order = [noted.index(part) for part in ("Abstract text.", "my note\nline two", "Short.")]
    assert order == sorted(order)
    bare = describe(Paper(id="2605.00002", title="T", abstract="S")).plain
    assert "GitHub" not in bare and "✎" not in bare and "authors not listed" in bare
