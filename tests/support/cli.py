"""The CLI as a user runs it: :func:`hfpapers` starts ``python -m tui`` as a real subprocess
with the test's environment (its own XDG dirs, ``HF_ENDPOINT`` at the test's server).

Also the store set-up several CLI test files share.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from tui.core.models import Author, Paper
from tui.core.store import Store

REPO = Path(__file__).resolve().parents[2]
OFFLINE = "http://127.0.0.1:9"
"""An endpoint where nothing listens: every request is refused at once."""


def hfpapers(
    *args: str,
    input: str | None = None,
    stdout: int | IO[Any] | None = None,
    timeout: float = 120,
    limits: dict[str, float] | None = None,
    preexec: Callable[[], None] | None = None,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """Run ``hfpapers *args``; every stderr line must be one ``hfpapers: ...`` line, never a
    traceback.

    The child is detached from any terminal (a new session, stdin ``input`` or /dev/null), so
    ``--copy`` cannot touch the developer's and the reader refuses to start. ``COLUMNS`` is 100
    and ``env`` is added to the test's environment. ``stdout`` (a descriptor or file) replaces
    the captured output, whose ``.stdout`` is then None. ``limits`` sets the client's module
    constants (``{"DEADLINE": 0.5}``) before the CLI runs, so limits that take seconds by
    default can be met quickly; ``preexec`` runs in the child before it starts.
    """
    if limits is None:
        command = [sys.executable, "-m", "tui", *args]
    else:
        setup = "".join(f"client.{name} = {value!r}; " for name, value in limits.items())
        script = (
            f"import sys; import tui.core.client as client; {setup}"
            "from tui.cli import main; raise SystemExit(main(sys.argv[1:]))"
        )
        command = [sys.executable, "-c", script, *args]
    result = subprocess.run(
        command,
        input=input,
        stdin=subprocess.DEVNULL if input is None else None,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "COLUMNS": "100", **env},
        cwd=REPO,
        timeout=timeout,
        start_new_session=True,
        preexec_fn=preexec,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert all(line.startswith("hfpapers: ") for line in result.stderr.splitlines()), result.stderr
    return result


def bookmark(paper: Paper, note: str | None = None, tags: tuple[str, ...] = ()) -> None:
    """Bookmark ``paper`` in the test's store, as another process would have."""
    with Store() as store:
        store.add_bookmark(paper, note=note, tags=tags)


def other_paper(paper_id: str, title: str) -> Paper:
    """A minimal paper record with a Dutch and a Chinese author name."""
    return Paper(
        id=paper_id,
        title=title,
        abstract="An abstract.",
        authors=(Author("Laurens van der Maaten"), Author("张伟")),
        published_at=datetime(2024, 1, 2, tzinfo=UTC),
    )
