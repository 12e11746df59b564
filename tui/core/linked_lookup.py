"""Which models, datasets and Spaces cite papers: looked up for the main screen's `L`, the
detail pane's lines and the `has:` filter words.

Plain async functions, Textual-free: the reader runs them in its workers and hears back
through callbacks, so it keeps only its reactions. The kept records (a day fresh) come first;
Hugging Face is asked one paper at a time, at most :data:`LOOKUP_CAP` papers for a whole view.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from tui.core.errors import HFPapersError

if TYPE_CHECKING:
    from tui.core.client import PapersClient
    from tui.core.linked import LinkedRepos
    from tui.core.models import Paper

ClientFactory = Callable[[], "PapersClient"]
LOOKUP_CAP = 100
"""Papers whose citing repositories a `has:` filter asks Hugging Face about, at most."""


async def look_up(paper_id: str, factory: ClientFactory | None) -> LinkedRepos:
    """The repositories citing one paper.

    Raises:
        HFPapersError: not known offline and Hugging Face could not say.
    """
    from tui.core.library import find_linked, open_client

    async with await open_client(factory) as client:
        return (await find_linked(paper_id, client=client)).linked


async def look_up_all(
    papers: Sequence[Paper],
    known: Mapping[str, LinkedRepos],
    factory: ClientFactory | None,
    *,
    found: Callable[[str, LinkedRepos], None],
    progress: Callable[[int, int], None],
    wanted: Callable[[], bool],
) -> int:
    """Look up every paper not ``known`` yet; return how many stay unknown (past the cap, or
    failed). ``found`` hears each answer, ``progress`` each request, and ``wanted()`` false
    stops it (the view changed)."""
    from tui.core.library import cached_linked, find_linked, open_client

    papers = [paper for paper in papers if paper.id not in known]
    kept = await asyncio.to_thread(lambda: {p.id: cached_linked(p.id) for p in papers})
    for paper_id, linked in kept.items():
        if linked is not None and linked.complete:
            found(paper_id, linked)
    missing = [paper for paper in papers if paper.id not in known]
    asked = missing[:LOOKUP_CAP]
    unknown = len(missing) - len(asked)
    async with await open_client(factory) as client:
        for number, paper in enumerate(asked, 1):
            if not wanted():
                break
            progress(number, len(asked))
            try:
                answer = await find_linked(paper.id, client=client)
            except (HFPapersError, ValueError):
                unknown += 1  # stays unknown: the filter does not keep it
                continue
            found(paper.id, answer.linked)
    return unknown
