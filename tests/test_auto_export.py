"""[[auto_export]]: files rewritten after every change of bookmarks, notes or tags, from the CLI
(subprocesses) and the reader (Pilot); parsed back with bibtexparser."""

from __future__ import annotations

import json
import os
from pathlib import Path

import bibtexparser
import pytest
from pytest_httpserver import HTTPServer

from tests.support.cli import hfpapers
from tests.support.fixtures import DAILY, serve_fixture
from tests.support.reader import DAY, cache_listing, fixture_papers, make_app, notifications, settle
from tui import paths
from tui.config import Config, load_config
from tui.core.auto_export import ExportSync, ExportTarget, parse_targets
from tui.core.query import Query
from tui.core.store import Store
from tui.core.views import StartView

SIZE = (120, 36)


def write_config(text: str) -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def bib_ids(path: Path) -> list[str]:
    """The arXiv ids of the entries of a BibTeX file, as a real parser reads it."""
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    assert not library.failed_blocks, library.failed_blocks
    return [entry.fields_dict["eprint"].value for entry in library.entries]


# --- the config -------------------------------------------------------------------------


def test_entries_are_read_with_their_problems_reported(tmp_path: Path) -> None:
    home = os.path.expanduser("~")
    targets, problems = parse_targets(
        [
            {"path": "~/thesis/refs.bib", "tag": "thesis"},
            {"path": f"{tmp_path}/all.bib", "format": "biblatex"},
            {"path": f"{tmp_path}/list.txt", "format": "markdown"},
            {"path": "refs.bib"},
            {"path": f"{tmp_path}/x.txt"},
            {"path": f"{tmp_path}/x.bib", "format": "csv"},
            {"path": f"{tmp_path}/y.csv", "format": "yaml"},
            {"path": f"{tmp_path}/z.json", "tag": "  "},
            {"tag": "thesis"},
            {"path": f"{tmp_path}/w.md", "fromat": "markdown"},
            {"path": "~/thesis/refs.bib"},
            "refs.bib",
        ]
    )
    assert targets == [
        ExportTarget(Path(home, "thesis/refs.bib"), "bibtex", "thesis", "~/thesis/refs.bib"),
        ExportTarget(tmp_path / "all.bib", "biblatex", None, f"{tmp_path}/all.bib"),
        ExportTarget(tmp_path / "list.txt", "markdown", None, f"{tmp_path}/list.txt"),
    ]
    expected = [
        "entry 4: path 'refs.bib' must start with / or ~",
        "entry 5: '" + f"{tmp_path}/x.txt' does not end in .bib, .md, .markdown, .csv, .json",
        "entry 6: format 'csv' does not fit",
        "entry 7: format must be one of bibtex, biblatex, markdown, csv, json, not 'yaml'",
        "entry 8: tag must be a non-empty string",
        "entry 9: path is missing",
        "entry 10: unknown key 'fromat'",
        "entry 11: ~/thesis/refs.bib is already exported",
        "entry 12: not a table",
    ]
    assert len(problems) == len(expected)
    for problem, fragment in zip(problems, expected, strict=True):
        assert problem.startswith("[[auto_export]] ") and fragment in problem, problem


def test_the_config_file_reports_them_like_other_settings() -> None:
    write_config('[[auto_export]]\npath = "~/a.bib"\n[[auto_export]]\npath = "b.bib"\n')
    config = load_config()
    assert [target.shown for target in config.auto_export] == ["~/a.bib"]
    assert config.problems == config.export_problems
    assert len(config.problems) == 1 and config.problems[0].startswith("config: [[auto_export]]")
    write_config("auto_export = 3\n")
    assert load_config().problems == [
        "config: auto_export should be a list of tables, not 3; using the default"
    ]


def test_a_burst_of_requests_makes_one_more_run_not_one_each() -> None:
    sync = ExportSync([ExportTarget(Path("/nonexistent/x.bib"), "bibtex")], None)
    assert sync.request() is True  # start a run
    assert sync.request() is False  # that run has not read the store yet: it covers this
    failures = sync.run()
    assert [f.reason for f in failures] == ["no such folder"]
    assert sync.request() is True  # a change after the run began needs another
    assert ExportSync([], None).request() is False  # nothing to keep in step


# --- the command line -------------------------------------------------------------------


@pytest.fixture
def day_served(hf_server: HTTPServer) -> list[str]:
    serve_fixture(hf_server, "/api/daily_papers", DAILY, {"date": DAY})
    assert hfpapers("list", "--date", DAY).returncode == 0  # cached: bookmark add is offline
    return [paper.id for paper in fixture_papers()]


def test_bookmarks_from_the_cli_keep_the_tagged_bib_and_the_json_in_step(
    day_served: list[str], tmp_path: Path
) -> None:
    bib, everything = tmp_path / "thesis.bib", tmp_path / "all.json"
    write_config(
        f'[[auto_export]]\npath = "{bib}"\ntag = "thesis"\n\n'
        f'[[auto_export]]\npath = "{everything}"\n'
    )
    first, second, third = day_served[:3]
    assert hfpapers("bookmark", "add", first, "--tag", "thesis").returncode == 0
    assert hfpapers("bookmark", "add", second).returncode == 0
    done = hfpapers("bookmark", "add", third, "--tag", "Thesis", "--note", "see §3")
    assert (done.returncode, done.stderr) == (0, "")
    assert sorted(bib_ids(bib)) == sorted([first, third])  # exactly the tagged ones
    assert "see §3" in bib.read_text(encoding="utf-8")  # the note, in annote
    assert sorted(p["id"] for p in json.loads(everything.read_text())) == sorted(day_served[:3])

    assert hfpapers("bookmark", "remove", first).returncode == 0
    assert bib_ids(bib) == [third]
    assert [p["id"] for p in json.loads(everything.read_text())] == [third, second]


def test_a_file_that_cannot_be_written_is_one_line_and_the_bookmark_is_kept(
    day_served: list[str], tmp_path: Path
) -> None:
    good, lost = tmp_path / "good.md", tmp_path / "gone" / "refs.bib"
    write_config(f'[[auto_export]]\npath = "{lost}"\n[[auto_export]]\npath = "{good}"\n')
    done = hfpapers("bookmark", "add", day_served[0])
    assert done.returncode == 0
    assert done.stderr == f"hfpapers: auto-export: cannot write {lost}: no such folder\n"
    assert Store().is_bookmarked(day_served[0])
    assert day_served[0] in good.read_text(encoding="utf-8")  # the other file still written


def test_export_sync_rewrites_every_file_at_once(day_served: list[str], tmp_path: Path) -> None:
    assert hfpapers("bookmark", "add", day_served[0], "--tag", "a").returncode == 0
    target = tmp_path / "real.bib"
    link = tmp_path / "link.bib"
    link.symlink_to(target)
    target.write_text("old\n")
    target.chmod(0o640)
    write_config(f'[[auto_export]]\npath = "{link}"\ntag = "a"\n')
    done = hfpapers("export", "--sync")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == f"hfpapers: exported 1 bookmark tagged 'a' to {link}\n"
    assert link.is_symlink() and bib_ids(target) == [day_served[0]]
    assert target.stat().st_mode & 0o777 == 0o640

    assert hfpapers("export", "--sync", "-o", "x.bib").returncode == 2
    write_config("")
    nothing = hfpapers("export", "--sync")
    assert nothing.returncode == 2 and "no [[auto_export]] files" in nothing.stderr
    write_config(f'[[auto_export]]\npath = "{tmp_path}/gone/x.bib"\n')
    failed = hfpapers("export", "--sync")
    assert failed.returncode == 1 and "cannot write" in failed.stderr


# --- the reader -------------------------------------------------------------------------


async def test_bookmarks_tags_and_undo_in_the_reader_rewrite_the_bib(tmp_path: Path) -> None:
    papers = fixture_papers()
    cache_listing(Query.day(DAY), papers)
    bib = tmp_path / "thesis.bib"
    config = Config(auto_export=[ExportTarget(bib, "bibtex", "thesis")])
    app = make_app(start=StartView("day", Query.day(DAY)), config=config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        first = screen.paper_list.current
        await pilot.press("b")  # bookmarked, no tag yet: the tagged file is written, empty
        await settle(pilot)
        assert bib.read_text() == ""
        await pilot.press("number_sign", *"thesis", "enter")
        await settle(pilot)
        assert bib_ids(bib) == [first.id]
        await pilot.press("j")
        second = screen.paper_list.current
        await pilot.press("number_sign", *"thesis", "enter")
        await settle(pilot)
        assert sorted(bib_ids(bib)) == sorted([first.id, second.id])
        await pilot.press("z")  # undo the second paper's tags (and so its bookmark)
        await settle(pilot)
        assert bib_ids(bib) == [first.id]
        await pilot.press("k", "b")  # remove the first bookmark
        await settle(pilot)
        assert bib.read_text() == ""


async def test_a_failed_rewrite_in_the_reader_is_one_notification_and_keeps_the_bookmark(
    tmp_path: Path,
) -> None:
    cache_listing(Query.day(DAY), fixture_papers())
    lost = tmp_path / "gone" / "refs.bib"
    config = Config(auto_export=[ExportTarget(lost, "bibtex", None, "~/gone/refs.bib")])
    app = make_app(start=StartView("day", Query.day(DAY)), config=config)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await settle(pilot)
        paper = screen.paper_list.current
        await pilot.press("b")
        await settle(pilot)
        about = [text for text in notifications(app) if "auto-export" in text]
        assert about == ["auto-export: cannot write ~/gone/refs.bib: no such folder"]
        assert paper.id in screen.marks.bookmarked
    assert Store().is_bookmarked(paper.id)
