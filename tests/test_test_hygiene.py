"""The tests' own layout: no module under tests/ imports a test module or ``conftest.py``; what
tests share lives in ``tests/support/``, which imports nothing else from tests/.

A test module importing another one runs that module's set-up and ties the two together (moving
a test breaks an unrelated file); conftest is pytest's, loaded by it, not a library.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
TEST_MODULE = re.compile(r"(tests\.)?(conftest|test_\w+)(\..+)?")
"""A test module or conftest, imported as ``tests.test_x`` or, from inside tests/, ``test_x``."""


def imported_modules(source: str) -> list[str]:
    """Every module an import statement of ``source`` may load: ``from a import b`` gives ``a``
    and ``a.b`` (b may be a module); a relative import keeps its leading dots."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names.append(base)
            separator = "" if base.endswith(".") else "."
            names.extend(f"{base}{separator}{alias.name}" for alias in node.names)
    return names


def forbidden_in_tests(source: str) -> list[str]:
    """The imports no module under tests/ may make: a test module, conftest, or anything
    relative (tests/ is not a package; support modules are imported by full name)."""
    return [
        name
        for name in imported_modules(source)
        if TEST_MODULE.fullmatch(name) or name.startswith(".")
    ]


def forbidden_in_support(source: str) -> list[str]:
    """What tests/support may not import besides: anything from tests/ outside it."""
    return [
        name
        for name in imported_modules(source)
        if name.startswith("tests.") and not f"{name}.".startswith("tests.support.")
    ]


def python_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*.py")
        if not {"fixtures", "__snapshots__"} & set(path.relative_to(TESTS).parts)
    )


def test_the_checks_see_every_form_of_import() -> None:
    source = (
        "import tests.test_cli_cite\n"
        "from tests.conftest import load_fixture\n"
        "from tests import test_cli_papers, support\n"
        "import conftest\n"
        "from test_tags import LOTTERY\n"
        "from . import helpers\n"
        "def later():\n"
        "    from tests.benchmarks.synthetic import daily_items\n"
        "from tests.support.fixtures import DAY\n"
        "import tui.core.models\n"
    )
    assert forbidden_in_tests(source) == [
        "tests.test_cli_cite",
        "tests.conftest",
        "tests.conftest.load_fixture",
        "tests.test_cli_papers",
        "conftest",
        "test_tags",
        "test_tags.LOTTERY",
        ".",
        ".helpers",
    ]
    assert forbidden_in_support(source) == [
        "tests.test_cli_cite",
        "tests.conftest",
        "tests.conftest.load_fixture",
        "tests.test_cli_papers",
        "tests.benchmarks.synthetic",
        "tests.benchmarks.synthetic.daily_items",
    ]


def test_nothing_under_tests_imports_a_test_module_or_conftest() -> None:
    files = python_files(TESTS)
    assert len(files) > 50
    offenders = {
        str(path.relative_to(TESTS)): found
        for path in files
        if (found := forbidden_in_tests(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "import these from tests/support instead"


def test_support_imports_nothing_else_from_tests() -> None:
    files = python_files(TESTS / "support")
    assert {path.stem for path in files} >= {"__init__", "fixtures", "cli", "reader"}
    offenders = {
        path.name: found
        for path in files
        if (found := forbidden_in_support(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
