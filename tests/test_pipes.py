"""Handing a paper to a shell command (tui/core/pipes.py): placeholders are quoted, the paper
goes to stdin, the command is timed out with its whole process group, output is capped."""

from __future__ import annotations

import json
import os
import shlex
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.reader import fixture_papers
from tui.core.pipes import (
    MissingValue,
    TemplateError,
    expand,
    parse_commands,
    render_paper,
    run_command,
    template_fields,
)

HOSTILE = "Robust $(touch pwned) `touch pwned2`; touch pwned3 'quoted' \"double\" & | > x"


@pytest.fixture
def paper():  # type: ignore[no-untyped-def]
    return fixture_papers()[0]


def test_placeholders_are_each_one_shell_argument_whatever_the_title(paper, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = replace(paper, title=HOSTILE)
    script = tmp_path / "args.sh"
    script.write_text('for a in "$@"; do printf "%s\\n" "$a"; done > "$OUT"\n')
    command = expand(f"sh {shlex.quote(str(script))} {{id}} {{title}} {{arxiv_url}}", hostile)
    os.environ["OUT"] = str(tmp_path / "out.txt")
    try:
        result = run_command(f"cd {shlex.quote(str(tmp_path))} && {command}")
    finally:
        del os.environ["OUT"]
    assert result.status == 0, result.summary
    lines = (tmp_path / "out.txt").read_text().splitlines()
    assert lines == [paper.id, HOSTILE, paper.arxiv_url]
    assert not list(tmp_path.glob("pwned*")), "the title ran as code"
    assert not (tmp_path / "x").exists()


def test_double_braces_are_literal_and_unknown_placeholders_are_refused(paper) -> None:  # type: ignore[no-untyped-def]
    assert expand("awk '{{print}}' {id}", paper) == f"awk '{{print}}' {paper.id}"
    for bad, why in (
        ("open {titel}", "unknown placeholder {titel}"),
        ("echo {}", "unknown placeholder {}"),
        ("echo {title!r}", "no format or conversion"),
        ("echo {id:>9}", "no format or conversion"),
        ("awk '{print $1}'", "literal braces"),
        ("echo }", "literal braces"),
    ):
        with pytest.raises(
            TemplateError, match=r".*" + why.replace("{", r"\{").replace("}", r"\}")
        ):
            template_fields(bad)


def test_a_missing_value_is_refused_rather_than_an_empty_argument(paper) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MissingValue, match="no github repo"):
        expand("git clone {github_repo}", replace(paper, github_repo=None))


def test_the_paper_goes_to_stdin_in_each_format(paper) -> None:  # type: ignore[no-untyped-def]
    as_json = run_command("cat", render_paper(paper, "json"))
    assert json.loads(as_json.stdout) == paper.to_json()
    as_bibtex = run_command("cat", render_paper(paper, "bibtex"))
    assert as_bibtex.stdout.startswith("@misc{") and paper.id in as_bibtex.stdout
    as_markdown = run_command("head -n 1", render_paper(paper, "markdown"))
    assert as_markdown.stdout.startswith("## [") and paper.url in as_markdown.stdout
    with pytest.raises(ValueError, match="unknown pipe format"):
        render_paper(paper, "yaml")


def test_exit_status_and_first_line_are_reported() -> None:
    done = run_command("printf '\\n  \\nfirst line\\nsecond\\n'")
    assert (done.status, done.first_line) == (0, "first line")
    assert done.summary.endswith("exited 0: first line")
    failed = run_command("echo out; echo 'no such thing' >&2; exit 3")
    assert (failed.status, failed.ok) == (3, False)
    assert failed.summary.endswith("exited 3: no such thing")  # stderr first when it failed
    escape = run_command("printf 'a\\033[31mred\\033[0m\\n'")
    assert escape.first_line == "ared"  # never terminal control in a notification


def test_a_command_that_runs_too_long_is_killed_with_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    start = time.monotonic()
    result = run_command(f"sleep 60 & echo $! > {pid_file}; wait", timeout=1)
    elapsed = time.monotonic() - start
    assert result.timed_out and result.status is None
    assert "timed out after 1 s" in result.summary
    assert elapsed < 10
    child = int(pid_file.read_text())
    for _ in range(100):  # the kernel reaps the killed child soon after
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the command's child outlived the timeout")


def test_a_background_child_keeping_the_output_open_does_not_hold_the_caller(
    tmp_path: Path,
) -> None:
    pid_file = tmp_path / "child.pid"
    start = time.monotonic()
    result = run_command(f"sleep 30 & echo $! > {pid_file}; echo started", timeout=20)
    elapsed = time.monotonic() - start
    try:
        assert (result.status, result.first_line) == (0, "started")
        assert elapsed < 5, elapsed  # like `xdg-open` starting a browser
    finally:
        os.kill(int(pid_file.read_text()), 9)


def test_output_is_capped(tmp_path: Path) -> None:
    result = run_command("head -c 5000000 /dev/zero | tr '\\0' x", cap=1000)
    assert result.status == 0 and len(result.stdout) == 1000


def test_a_command_that_cannot_start_is_a_result_not_an_exception() -> None:
    result = run_command("definitely-not-a-command-hfpapers")
    assert result.status == 127 and "not found" in result.summary


def test_parse_commands_keeps_the_good_ones_and_names_the_bad() -> None:
    commands, problems = parse_commands(
        {"ctrl+o": "xdg-open {pdf_url}", "x": "echo {titel}", "y": "", "z": 3, "ctrl+z": "z {id}"}
    )
    assert [(c.keys, c.binding_id) for c in commands] == [("ctrl+o", "command-1"),
                                                          ("ctrl+z", "command-2")]  # fmt: skip
    assert len(problems) == 3
    assert "'x': unknown placeholder {titel}" in problems[0]
    assert "'y' must be a command" in problems[1] and "'z' must be a command" in problems[2]
