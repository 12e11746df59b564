"""The recorded API answers in ``tests/fixtures/``: read them, parse them, serve them.

``serve_fixture`` registers an answer on pytest-httpserver (the ``hf_server`` fixture points
``HF_ENDPOINT`` at it), so the client and the CLI meet the bytes Hugging Face sent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from pytest_httpserver import HTTPServer
from pytest_httpserver.httpserver import QueryMatcher

from tui.core.models import Paper, parse_listing, parse_paper

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DAY = "2026-11-26"
"""The day of the recorded Daily Papers listing most tests use."""
DAILY = "daily_papers_2026-11-26.json"
"""That day's listing, as ``/api/daily_papers?date=2026-11-26`` answered."""


def load_fixture(name: str) -> Any:
    """A JSON fixture by its path under tests/fixtures (``real/paper_2605.15320.json``)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fixture_papers(name: str = DAILY) -> list[Paper]:
    """The papers of a recorded listing."""
    return parse_listing(load_fixture(name)).papers


LOTTERY = parse_paper(load_fixture("paper_1803.03635.json"))
"""The Lottery Ticket Hypothesis (1803.03635): a full paper record with a golden citation."""


class QueryIncludes(QueryMatcher):
    """Matches a request whose query has at least these parameters (p, limit... may vary)."""

    def __init__(self, params: dict[str, str]) -> None:
        self.params = params

    def get_comparing_values(self, request_query_string: bytes) -> tuple[Any, Any]:
        query = dict(parse_qsl(request_query_string.decode(), keep_blank_values=True))
        return {key: query.get(key) for key in self.params}, self.params


def serve_fixture(
    server: HTTPServer,
    path: str,
    fixture: str,
    query: dict[str, str] | None = None,
    *,
    status: int = 200,
) -> None:
    """Answer GET ``path`` with the bytes of ``tests/fixtures/<fixture>``, as served by HF.

    ``query`` (e.g. ``{"date": "2026-11-26"}``) restricts the answer to requests carrying those
    parameters; other parameters (the client's ``p`` and ``limit``) are ignored. Earlier
    registrations win, so register the specific answers first.
    """
    server.expect_request(
        path, method="GET", query_string=QueryIncludes(query) if query else None
    ).respond_with_data(
        (FIXTURES / fixture).read_bytes(), status=status, content_type="application/json"
    )
