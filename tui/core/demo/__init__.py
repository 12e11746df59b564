"""A bundled snapshot of real Daily Papers, shown (and labelled) when offline with no cache.

``papers.json`` holds the 16 most upvoted papers of the real feed recorded on 2026-05-18, as
compact records, so a fresh install without network still shows real content.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.resources import files

import orjson

from tui.core.models import Paper

RECORDED = date(2026, 5, 18)
"""The day the snapshot was recorded from Hugging Face."""


def demo_papers() -> list[Paper]:
    """The demo papers, most upvoted first (a fresh list each call; the papers are frozen)."""
    return list(_load())


@cache
def _load() -> tuple[Paper, ...]:
    data = orjson.loads(files(__package__).joinpath("papers.json").read_bytes())
    return tuple(Paper.from_record(record) for record in data["papers"])
