"""Local filtering of a listing: which papers contain every word typed so far.

The per-keystroke budget is 16 ms at 10,000 papers, so the text to search is prepared once:
each paper's title, authors, keywords and abstract, lower-cased and each word once, as one
string per paper, and a word is found with ``in`` (C speed). When the new query extends the
previous one (the usual case while typing), only the previous matches are checked again.

One string per paper rather than one joined string: joining needs every part and the whole in
memory at once, twice the text (~190 MB at 50,000 papers); this keeps one copy.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from itertools import compress, repeat
from operator import contains

from tui.core.models import Paper


def haystack(paper: Paper) -> str:
    """The searchable text of one paper, lower-cased, each distinct word once.

    A typed word holds no whitespace, so it is in the text exactly when it is in one of the
    text's words: repeats add nothing. Real abstracts shrink to ~70% (less to hold, less to
    scan at each keystroke); control characters are already gone.
    """
    parts = [paper.title, *paper.author_names, *paper.ai_keywords, paper.summary]
    return " ".join(dict.fromkeys(" ".join(parts).lower().split()))


class PaperIndex:
    """Substring search over a fixed list of papers; results are indices into that list."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self._texts = [haystack(paper) for paper in papers]
        self._ids = [paper.id for paper in papers]
        self._positions: dict[str, int] | None = None
        self._last_query = ""
        self._last_result: list[int] | None = None
        self._last_texts: list[str] = []
        self._last_at: list[int] = []
        """Where the last query's last word was found in each of its matches."""

    def __len__(self) -> int:
        return len(self._texts)

    def text(self, index: int) -> str:
        """The searchable text of the paper at ``index``."""
        return self._texts[index]

    def position(self, paper_id: str) -> int | None:
        """Where the paper of ``paper_id`` is in the list (for the few with a note)."""
        if self._positions is None:
            self._positions = {paper_id: i for i, paper_id in enumerate(self._ids)}
        return self._positions.get(paper_id)

    def match(self, query: str) -> list[int] | None:
        """Indices (ascending) of papers holding every word of ``query``; None if it is empty.

        The loops run in C (``map``, ``compress``, ``str.find``): at 10,000 papers a Python
        loop alone costs ~5 ms a keystroke. While the last word grows letter by letter
        ("neura" -> "neural"), each search resumes where the shorter word was found (the
        longer one cannot start before it), so most papers are settled at once.
        """
        words = query.lower().split()
        if not words:
            self._last_query, self._last_result = "", None
            return None
        normalized = " ".join(words)
        previous, last = self._last_result, self._last_query
        narrows = previous is not None and normalized.startswith(last)
        found: list[int]
        texts: list[str]  # the texts of ``found``, carried along: no lookups per keystroke
        if narrows and previous is not None and _same_words(last, words):
            found, texts, starts = previous, self._last_texts, self._last_at
        else:
            if narrows and previous is not None:
                found, texts = previous, self._last_texts
            else:
                found, texts = list(range(len(self._texts))), self._texts
            # The longest word first: it rules out the most papers; the last word last, so
            # where it was found can be kept for the next letter.
            *others, _final = words
            for other in sorted(others, key=len, reverse=True):
                keep = list(map(contains, texts, repeat(other)))
                found, texts = list(compress(found, keep)), list(compress(texts, keep))
            starts = [0] * len(found)
        at = list(map(str.find, texts, repeat(words[-1]), starts))
        if -1 in at:  # while a word grows, often every paper still holds it
            keep = list(map(_NOT_NEGATIVE, at))
            found, texts = list(compress(found, keep)), list(compress(texts, keep))
            at = list(compress(at, keep))
        self._last_query, self._last_result = normalized, found
        self._last_texts, self._last_at = texts, at
        return found


_NOT_NEGATIVE = (-1).__lt__


def _same_words(last: str, words: list[str]) -> bool:
    """Whether ``words`` are the last query's words with only its last word grown."""
    before = last.split()
    return len(before) == len(words) and before[:-1] == words[:-1]


HAS_TERMS = {
    "has:models": "model", "has:model": "model", "has:datasets": "dataset",
    "has:dataset": "dataset", "has:spaces": "space", "has:space": "space", "has:code": "code",
}  # fmt: skip
"""Filter words that keep papers with linked models, datasets, Spaces, or a GitHub repository."""
Has = Callable[[Paper, str], bool]
"""Whether a paper is known to have repositories of a kind ("model", "dataset", "space")."""


def has_terms(query: str) -> list[str]:
    """The kinds a query's ``has:`` words ask for."""
    return [HAS_TERMS[w] for w in query.lower().split() if w in HAS_TERMS]


def filter_papers(
    index: PaperIndex,
    papers: Sequence[Paper],
    query: str,
    notes: Mapping[str, str],
    tags: Mapping[str, tuple[str, ...]],
    has: Has | None = None,
) -> list[int] | None:
    """Indices of papers matching ``query`` (None: no query), with the user's notes and tags.

    A word matches the paper's text or its note; a ``#word`` keeps papers with a tag starting
    so (``#thesis``, or ``#the`` while typing it; ``#`` alone: any tag); ``has:models``,
    ``has:datasets``, ``has:spaces`` keep papers known to be cited by such repositories (see
    ``has``), ``has:code`` those with a GitHub repository.
    """
    words = query.lower().split()
    if not words:
        return None
    kinds = [HAS_TERMS[w] for w in words if w in HAS_TERMS]
    words = [w for w in words if w not in HAS_TERMS]
    tag_words = [unicodedata.normalize("NFC", w[1:]).casefold() for w in words if w[0] == "#"]
    text = " ".join(w for w in words if w[0] != "#")
    found = index.match(text) if text else list(range(len(papers)))
    if text and notes:  # the few papers with a note may match through it
        text_words = text.split()
        hits = set(found or ())
        for paper_id, note in notes.items():
            i = index.position(paper_id)
            if i is not None and i not in hits:
                lowered = note.lower()
                if all(w in lowered or w in index.text(i) for w in text_words):
                    hits.add(i)
        found = sorted(hits)
    if tag_words:
        found = [i for i in found or () if _tagged(tags.get(papers[i].id, ()), tag_words)]
    for kind in kinds:
        if kind == "code":
            found = [i for i in found or () if papers[i].github_repo]
        else:
            found = [i for i in found or () if has is not None and has(papers[i], kind)]
    return found or []


def _tagged(paper_tags: tuple[str, ...], wanted: list[str]) -> bool:
    folded = [unicodedata.normalize("NFC", tag).casefold() for tag in paper_tags]
    return all(any(tag.startswith(word) for tag in folded) for word in wanted)
