"""The reader app opened straight on one paper's full text (for bench_paper.py's terminal runs).

    python tests/benchmarks/reader_app.py ARXIV_ID

The paper's record and text must be in the cache (``bench_paper.py`` puts them there).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tui.app import PapersApp  # noqa: E402
from tui.core.cache import Cache  # noqa: E402
from tui.screens.paper_reader import PaperReaderScreen  # noqa: E402


class PaperApp(PapersApp):
    CSS_PATH = str(ROOT / "tui" / "app.tcss")  # relative paths resolve against this file

    def on_mount(self) -> None:
        super().on_mount()
        paper = Cache().load_paper(sys.argv[1])
        assert paper is not None, "bench_paper.py caches the paper first"
        self.push_screen(PaperReaderScreen(paper))


if __name__ == "__main__":
    PaperApp().run()
