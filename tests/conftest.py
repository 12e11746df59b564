"""Shared test set-up: every test gets its own XDG dirs, so no developer state leaks in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture(name: str) -> Any:
    """A JSON fixture by its path under tests/fixtures (``real/paper_2605.15320.json``)."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config, data and cache dirs at a temporary folder, and unset the network env."""
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    # No test may reach the real API: an unset endpoint points at a closed local port.
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    return home
