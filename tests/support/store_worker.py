"""A child process for tests/test_store_processes.py: store writes in a loop, acknowledged.

``python -m tests.support.store_worker STATE_PATH BASE COUNT`` opens the store, prints
``ready``, waits for a line on stdin when ``--wait`` is given, then performs ``COUNT`` writes of
:func:`step`, printing ``ack N`` after write N has returned (and so is on disk). The parent kills
it at some moment and checks that every acknowledged write survived.
"""

from __future__ import annotations

import sys

from tui.core.models import Paper
from tui.core.store import Store

KINDS = ("read", "bookmark", "unread", "unbookmark")


def step(base: int, index: int) -> tuple[str, str]:
    """Write ``index`` of a worker: read a paper, bookmark another, then undo both, and so on.

    Every fourth write starts a new pair of papers, half of them in another arXiv month.
    """
    kind = KINDS[index % 4]
    number = index - 2 if kind in ("unread", "unbookmark") else index
    month = "2610" if (number // 4) % 2 else "2611"
    return kind, f"{month}.{base + number:05d}"


def tag(base: int, index: int) -> str:
    return f"w{base}-{index}"


def perform(store: Store, base: int, index: int, shared: str | None) -> None:
    kind, paper_id = step(base, index)
    if kind == "read":
        store.set_read(paper_id)
    elif kind == "unread":
        store.set_read(paper_id, False)
    elif kind == "bookmark":
        paper = Paper(id=paper_id, title=f"Paper {paper_id}", abstract="An abstract.")
        store.add_bookmark(paper, note=f"note {index}", tags=[tag(base, index)])
    else:
        store.remove_bookmark(paper_id)
    if shared:  # every worker adds its own tag to one shared bookmark: a lost update shows
        shared_paper = Paper(id=shared, title="Shared", abstract="Bookmarked by every worker.")
        store.add_bookmark(shared_paper, tags=[tag(base, index)])


def main(argv: list[str]) -> int:
    path, base, count = argv[0], int(argv[1]), int(argv[2])
    shared = argv[argv.index("--shared") + 1] if "--shared" in argv else None
    store = Store(path)
    print("ready", flush=True)
    if "--wait" in argv:
        sys.stdin.readline()
    for index in range(count):
        perform(store, base, index, shared)
        print(f"ack {index}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
