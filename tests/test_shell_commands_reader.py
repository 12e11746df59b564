"""`|` and the config's [commands] in the reader (Pilot): real small shell commands run off the UI
thread, placeholders stay arguments, results come as notifications, clashes are reported."""

from __future__ import annotations

import json
import shlex
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input
from textual.worker import WorkerState

from tests.support.paper_text import PAPER, open_reader
from tests.support.reader import (
    DAY,
    cache_listing,
    fixture_papers,
    make_app,
    notifications,
    settle,
)
from tui.command_keys import ShellCommands
from tui.config import Config
from tui.core.models import Paper
from tui.core.pipes import UserCommand
from tui.core.query import Query
from tui.core.views import StartView
from tui.screens.pipe_prompt import PipePrompt
from tui.widgets.key_bar import KeyBar

SIZE = (120, 36)
HOSTILE_TITLE = "Attention $(touch pwned) `touch pwned2`; touch pwned3"
START = StartView("day", Query.day(DAY))


@pytest.fixture
def papers() -> list[Paper]:
    listing = fixture_papers()
    listing[0] = replace(listing[0], title=HOSTILE_TITLE, upvotes=10_000)  # first in the list
    cache_listing(Query.day(DAY), listing)
    return listing


def args_command(tmp_path: Path, *placeholders: str) -> str:
    """A command that writes each of its arguments on a line of tmp_path/args.txt, run in
    tmp_path (where an injected `touch pwned` would land)."""
    script = tmp_path / "args.sh"
    script.write_text('for a in "$@"; do printf "%s\\n" "$a"; done > args.txt\necho wrote $#\n')
    fields = " ".join(f"{{{name}}}" for name in placeholders)
    return f"cd {shlex.quote(str(tmp_path))} && sh args.sh {fields}"


async def run_out(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the command's thread finish and its notification arrive."""
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)


async def test_a_commands_key_runs_with_quoted_placeholders_and_reports_the_exit(
    papers: list[Paper], tmp_path: Path
) -> None:
    command = UserCommand("ctrl+t", args_command(tmp_path, "id", "title", "pdf_url"), 1)
    app = make_app(start=START, config=Config(commands=[command]))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        assert paper.title == HOSTILE_TITLE
        assert "^t sh" in str(screen.query_one(KeyBar).render())  # the key bar lists it
        await pilot.press("ctrl+t")
        await run_out(pilot)
        assert (tmp_path / "args.txt").read_text().splitlines() == [
            paper.id,
            HOSTILE_TITLE,
            paper.pdf_url,
        ]
        assert not list(tmp_path.glob("pwned*")), "the title ran as code"
        assert any(text.endswith("exited 0: wrote 3") for text in notifications(app))


async def test_pipe_asks_for_a_command_and_hands_it_the_paper_as_json(
    papers: list[Paper], tmp_path: Path
) -> None:
    out = tmp_path / "stdin.json"
    app = make_app(start=START)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        await pilot.press("vertical_line")
        assert isinstance(app.screen, PipePrompt)
        typed = f"cat > {out}; echo done {{id}}"
        app.screen.query_one(Input).value = typed
        await pilot.press("enter")
        await run_out(pilot)
        assert json.loads(out.read_text()) == paper.to_json()
        assert f"exited 0: done {paper.id}" in notifications(app)[-1]
        await pilot.press("vertical_line")  # the last command is offered again
        assert app.screen.query_one(Input).value == typed
        await pilot.press("escape")
        assert not isinstance(app.screen, PipePrompt)


async def test_pipe_works_from_the_abstract_and_the_full_text_reader(
    papers: list[Paper], tmp_path: Path
) -> None:
    out = tmp_path / "bib.txt"
    app = make_app(start=START, config=Config(pipe_format="bibtex"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        await pilot.press("j", "enter")  # the abstract has the focus
        assert screen.detail.has_focus
        await pilot.press("vertical_line")
        app.screen.query_one(Input).value = f"cat > {out}"
        await pilot.press("enter")
        await run_out(pilot)
        assert out.read_text().startswith("@misc{") and papers[1].id in out.read_text()

        reader = await open_reader(pilot, PAPER)  # offline: no text, the paper all the same
        assert app.current_paper() is reader.paper
        await pilot.press("vertical_line")
        app.screen.query_one(Input).value = f"cat > {out}"
        await pilot.press("enter")
        await run_out(pilot)
        assert f"eprint = {{{PAPER.id}}}" in out.read_text()


async def test_a_slow_command_does_not_block_the_reader_and_is_stopped_at_the_timeout(
    papers: list[Paper],
) -> None:
    config = Config(commands=[UserCommand("ctrl+t", "sleep 30", 1)], command_timeout=1)
    app = make_app(start=START, config=config)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.press("j")  # while the command runs
        running = [w for w in app.workers if w.group == "shell"]
        assert running and running[0].state == WorkerState.RUNNING
        assert screen.paper_list.cursor == 1
        await run_out(pilot)
        assert "`sleep 30` timed out after 1 s and was stopped" in notifications(app)[-1]


async def test_clashing_and_unknown_command_keys_are_reported_at_start_and_left_unbound(
    papers: list[Paper], tmp_path: Path
) -> None:
    commands = [
        UserCommand("B", "touch clash", 1),
        UserCommand("ctrl+zz", "touch typo", 2),
        UserCommand("f5", "echo fine", 3),
        UserCommand("j", "touch list", 4),
        UserCommand("b", "echo free", 5),  # the keymap moved the bookmark to B
    ]
    config = Config(commands=commands, keymap={"toggle-bookmark": "B"})
    app = make_app(start=START, config=config)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        about = [text for text in notifications(app) if "[commands]" in text]
        assert len(about) == 1, about
        assert "'B' is already bound to toggle-bookmark" in about[0]  # the keymap's key
        assert "'ctrl+zz' is not a key" in about[0]
        assert "'j' is already bound to cursor-down" in about[0]
        assert "f5" not in about[0] and "'b'" not in about[0]
        assert [binding.key for binding in app.command_keys] == ["f5", "b"]
        paper = screen.paper_list.current
        await pilot.press("B")
        assert paper.id in screen.marks.bookmarked  # B still bookmarks


def test_unknown_placeholders_in_the_config_are_reported() -> None:
    from tui import paths
    from tui.config import load_config

    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[commands]\n"ctrl+o" = "open {pdf}"\n"ctrl+t" = "echo {id}"\n')
    config = load_config()
    assert [command.keys for command in config.commands] == ["ctrl+t"]
    assert len(config.problems) == 1 and "unknown placeholder {pdf}" in config.problems[0]


async def palette_hits(pilot, typed: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the real palette over the reader, type, and read the commands it lists."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await pilot.press(*typed)
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()  # the palette searches in a worker
        await pilot.pause()
        palette = pilot.app.screen
        assert isinstance(palette, CommandPalette)
        listed = palette.query_one(CommandList)
        hits = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        if hits:
            return hits
    raise AssertionError("the palette listed nothing")


async def test_the_palette_lists_pipe_and_the_commands(papers: list[Paper]) -> None:
    config = Config(commands=[UserCommand("ctrl+t", "zotero-add {arxiv_url}", 1)])
    app = make_app(start=START, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = await palette_hits(pilot, "pipe")
        assert any(hit.startswith("Pipe the paper to a command…") for hit in hits), hits
        await pilot.press("escape")
        hits = await palette_hits(pilot, "zotero")
        assert any("Run: zotero-add {arxiv_url}" in hit for hit in hits), hits
        await pilot.press("escape")
        provider = ShellCommands(app.screen)
        helps = [hit.help async for hit in provider.discover()]
        assert "(key: |)" in helps[0] and helps[1] == "Your command (key: ^t)"


async def test_the_help_lists_the_commands_keys(papers: list[Paper]) -> None:
    from textual.widgets import Static

    config = Config(commands=[UserCommand("ctrl+t", "zotero-add {arxiv_url}", 1)])
    app = make_app(start=START, config=config)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text", Static).render())
        section = text.split("Your commands", 1)[1]
        assert "^t" in section and "zotero-add {arxiv_url}" in section
