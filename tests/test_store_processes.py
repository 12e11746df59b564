"""Real processes against one store: SIGKILL at random moments, and writers racing each other.

The workers are ``tests/support/store_worker.py``; each prints ``ack N`` once write N has returned.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.store_worker import step, tag
from tui.core.store import Store

ROOT = Path(__file__).resolve().parents[1]
WORKER = "tests.support.store_worker"
KILL_ROUNDS = 200
WRITES_PER_WORKER = 99

State = tuple[bool, str | None]
"""(read, bookmark note or None) of one paper."""


def spawn(path: Path, base: int, count: int, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", WORKER, str(path), str(base), str(count), *options],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def replay(base: int, writes: int) -> dict[str, State]:
    """What a worker's first ``writes`` writes leave, paper by paper."""
    state: dict[str, State] = {}
    for index in range(writes):
        kind, paper_id = step(base, index)
        read, note = state.get(paper_id, (False, None))
        if kind in ("read", "unread"):
            read = kind == "read"
        else:
            note = f"note {index}" if kind == "bookmark" else None
        state[paper_id] = (read, note)
    return state


def state_of(store: Store, paper_id: str) -> State:
    bookmark = store.bookmark(paper_id)
    return (store.is_read(paper_id), bookmark.note if bookmark else None)


def read_line(child: subprocess.Popen[str]) -> str:
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line:
        child.wait()
        assert child.stderr is not None
        pytest.fail(f"worker ended early: {child.stderr.read()}")
    return line


def finish(child: subprocess.Popen[str]) -> str:
    """The rest of a worker's output once it has ended (through the same buffered reader
    ``read_line`` used: lines it has buffered but not returned are part of the rest)."""
    assert child.stdout is not None and child.stderr is not None and child.stdin is not None
    rest = child.stdout.read()
    child.wait()
    for stream in (child.stdin, child.stdout, child.stderr):
        stream.close()
    return rest


def test_every_acknowledged_write_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    rng = random.Random(20261127)
    expected: dict[str, State] = {}
    killed = 0
    for number in range(KILL_ROUNDS):
        base = number * 100
        child = spawn(path, base, WRITES_PER_WORKER)
        assert read_line(child) == "ready\n"
        acked = rng.randrange(30)
        for _ in range(acked):  # the kill lands wherever the worker then is
            assert read_line(child).startswith("ack ")
        child.send_signal(signal.SIGKILL)
        acked += finish(child).count("ack ")  # acknowledged before the kill landed
        killed += child.returncode == -signal.SIGKILL
        store = Store(path)  # loads, and removes any temp file the kill left

        assert store.notice is None, f"round {number}: {store.notice}"
        assert not list(tmp_path.rglob("*.corrupt-*"))
        assert not list(tmp_path.rglob("*.tmp")), f"round {number}: a temp file was left"
        done = replay(base, acked)
        in_flight = step(base, acked)[1] if acked < WRITES_PER_WORKER else None
        for paper_id, state in done.items():
            if paper_id != in_flight:
                expected[paper_id] = state
        for paper_id, state in expected.items():
            assert state_of(store, paper_id) == state, f"round {number}: {paper_id} lost"
        if in_flight is not None:  # the write under way when killed: either before or after
            found = state_of(store, in_flight)
            before = done.get(in_flight, (False, None))
            assert found in (before, replay(base, acked + 1)[in_flight]), f"round {number}"
            expected[in_flight] = found
    assert killed >= KILL_ROUNDS * 0.9, f"only {killed} of {KILL_ROUNDS} workers were killed"
    assert len(Store(path).read_ids()) > 0


@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_writers_lose_no_update(tmp_path: Path, workers: int) -> None:
    path = tmp_path / "state.json"
    shared = "2611.99999"
    writes = 100
    children = [
        spawn(path, worker * 100, writes, "--wait", "--shared", shared) for worker in range(workers)
    ]
    for child in children:
        assert read_line(child) == "ready\n"
    for child in children:  # all start writing at once
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert out.count("ack ") == writes

    store = Store(path)
    assert store.notice is None
    for worker in range(workers):
        for paper_id, state in replay(worker * 100, writes).items():
            assert state_of(store, paper_id) == state, paper_id
    shared_bookmark = store.bookmark(shared)
    assert shared_bookmark is not None
    every_tag = {tag(worker * 100, index) for worker in range(workers) for index in range(writes)}
    assert set(shared_bookmark.tags) == every_tag
