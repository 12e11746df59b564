"""One table of exit codes (tui/core/errors.py), used everywhere; and the export path check."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.cli import bookmark, hfpapers
from tests.support.fixtures import LOTTERY
from tui.core import errors

TUI = Path(__file__).parent.parent / "tui"


def test_exit_codes_are_defined_once() -> None:
    definitions = [
        (path.relative_to(TUI).as_posix(), match.group(1))
        for path in TUI.rglob("*.py")
        for match in re.finditer(r"^\s*(EXIT_\w+)\s*=\s*\d+", path.read_text(), re.MULTILINE)
    ]
    assert {path for path, _ in definitions} == {"core/errors.py"}
    assert (errors.EXIT_OK, errors.EXIT_NOT_FOUND, errors.EXIT_USAGE) == (0, 1, 2)
    assert (errors.EXIT_NETWORK, errors.EXIT_BAD_RESPONSE, errors.EXIT_STORE) == (3, 4, 5)


def test_error_classes_carry_the_table_codes() -> None:
    assert errors.NotFoundError("x").exit_code == errors.EXIT_NOT_FOUND
    assert errors.OfflineError("x").exit_code == errors.EXIT_NETWORK
    assert errors.BadResponseError("x").exit_code == errors.EXIT_BAD_RESPONSE
    assert errors.StoreError("x").exit_code == errors.EXIT_STORE
    assert errors.OutputError("x").exit_code == 1


def test_export_to_an_empty_path_says_the_path_is_empty() -> None:
    bookmark(LOTTERY)
    for path in ("", "   "):
        result = hfpapers("export", "-o", path)
        assert result.returncode == 2
        assert result.stderr == "hfpapers: the output path (-o) is empty\n"
