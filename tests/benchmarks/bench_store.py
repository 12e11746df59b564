"""How long a durable toggle and a cold load of the reading-state store take.

Run: ``python tests/benchmarks/bench_store.py`` (prints a table; not part of ``pytest``).
:func:`measure_toggle` is importable for the performance suite.

The state is built as a heavy user would have it: ``n_records`` papers seen, a third of them
read, 100 bookmarks with full paper records, spread over the arXiv months a Daily Papers reader
meets (50 papers a day going back from 2026-11-26, so 10,000 papers span 7 months). With
``one_month=True`` every paper falls in the same month: the worst case for the sharded layout.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

if __package__ in (None, ""):  # run as a script: make `tui` importable from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui.core.models import Author, Paper
from tui.core.store import Store
from tui.core.store_schema import SCHEMA, arxiv_month

TARGET_MS = 5.0


def paper_ids(n_records: int, one_month: bool = False) -> list[str]:
    """Arxiv ids as a Daily Papers reader meets them: 50 a day, newest day first."""
    start = date(2026, 11, 26)
    ids = []
    for index in range(n_records):
        day = start if one_month else start - timedelta(days=index // 50)
        ids.append(f"{day.year % 100:02d}{day.month:02d}.{10000 + index:05d}")
    return ids


def _paper(paper_id: str, rng: random.Random) -> Paper:
    words = "sparse attention scaling diffusion latent reasoning agents memory proof".split()
    return Paper(
        id=paper_id,
        title=" ".join(rng.choices(words, k=8)).title(),
        abstract=" ".join(rng.choices(words, k=180)).capitalize() + ".",
        authors=tuple(Author(f"Author {i}") for i in range(6)),
        upvotes=rng.randrange(200),
        ai_keywords=tuple(rng.sample(words, 4)),
    )


def build_store(path: Path, n_records: int, one_month: bool = False) -> list[str]:
    """Write a store at ``path`` in the state layout (faster than 10,000 API calls); return ids.

    The Store then loads it: a mistake in the layout here would show as a notice, and fail.
    """
    rng = random.Random(42)
    ids = paper_ids(n_records, one_month)
    seen = "2026-11-01T08:00:00Z"
    files: dict[str, dict[str, dict[str, Any]]] = {}
    for index, paper_id in enumerate(ids):
        doc = {"seen": seen, "read": seen} if index % 3 == 0 else {"seen": seen}
        files.setdefault(f"reads-{arxiv_month(paper_id)}", {"reads": {}})["reads"][paper_id] = doc
    for paper_id in rng.sample(ids, min(100, len(ids))):
        record = _paper(paper_id, rng).to_record()
        bookmark = {"added": seen, "paper": record, "note": "benchmark", "tags": ["bench"]}
        name = f"bookmarks-{arxiv_month(paper_id)}"
        files.setdefault(name, {"bookmarks": {}})["bookmarks"][paper_id] = bookmark
    (path.parent / "state.d").mkdir(parents=True)
    for name, tables in files.items():
        (path.parent / "state.d" / f"{name}.json").write_bytes(orjson.dumps(tables))
    path.write_bytes(orjson.dumps({"meta": {"state": {"schema": SCHEMA}}}))
    with Store(path) as store:
        assert store.notice is None, store.notice
        assert len(store.read_ids()) == len(ids[::3])
    return ids


def measure_toggle(
    n_records: int = 10_000, toggles: int = 300, loads: int = 20, one_month: bool = False
) -> dict[str, Any]:
    """Durable ``toggle_read`` and cold ``Store()`` times (ms) over a store of ``n_records``."""
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.json"
        ids = build_store(path, n_records, one_month)
        store = Store(path)
        toggle_ms = []
        for paper_id in rng.choices(ids, k=toggles):
            start = time.perf_counter()
            store.toggle_read(paper_id)
            toggle_ms.append((time.perf_counter() - start) * 1000)
        store.close()
        load_ms = []
        for _ in range(loads):
            start = time.perf_counter()
            Store(path).close()
            load_ms.append((time.perf_counter() - start) * 1000)
        biggest = max(p.stat().st_size for p in (Path(folder) / "state.d").glob("reads-*.json"))
    return {
        "records": n_records,
        "months": len({arxiv_month(paper_id) for paper_id in ids}),
        "toggle_median_ms": statistics.median(toggle_ms),
        "toggle_p95_ms": _p95(toggle_ms),
        "load_median_ms": statistics.median(load_ms),
        "largest_reads_file_kb": biggest / 1024,
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    rows = [
        measure_toggle(1_000),
        measure_toggle(10_000),
        measure_toggle(10_000, one_month=True),
        measure_toggle(50_000),
    ]
    print(f"durable toggle_read (target <= {TARGET_MS:g} ms at 10,000 records) and cold load")
    print("records  months  toggle median     p95  load median  largest reads file")
    for row in rows:
        print(
            f"{row['records']:>7,}  {row['months']:>6}  {row['toggle_median_ms']:>10.2f} ms"
            f" {row['toggle_p95_ms']:>4.2f} ms  {row['load_median_ms']:>8.2f} ms"
            f"  {row['largest_reads_file_kb']:>15.0f} KB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
