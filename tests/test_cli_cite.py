"""`hfpapers cite` and `hfpapers export` run as real subprocesses: offline from the cache or the
bookmarks, fetched from a local stand-in API when unknown, exported to stdout and to a file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import bibtexparser
import pytest
from pytest_httpserver import HTTPServer

from tests.support.cli import bookmark, hfpapers, other_paper
from tests.support.fixtures import LOTTERY, serve_fixture
from tui.cli import cite as cite_cli
from tui.core import citation, export
from tui.core.cache import Cache

GOLDEN_APA = (
    "Frankle, J., & Carbin, M. (2018). The lottery ticket hypothesis: Finding sparse, "
    "trainable neural networks. arXiv. https://doi.org/10.48550/arXiv.1803.03635"
)


# --- cite -------------------------------------------------------------------------------------


def test_cite_a_cached_paper_offline() -> None:
    Cache().save_papers([LOTTERY])
    result = hfpapers("cite", "1803.03635", "--format", "apa")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == GOLDEN_APA + "\n"


def test_cite_defaults_to_bibtex_that_parses() -> None:
    Cache().save_papers([LOTTERY])
    result = hfpapers("cite", "arXiv:1803.03635v3")
    assert result.returncode == 0
    library = bibtexparser.parse_string(result.stdout)
    assert library.failed_blocks == [] and len(library.entries) == 1
    assert library.entries[0].key == "frankle2018lottery"


def test_cite_a_bookmarked_paper_offline_when_the_cache_has_none() -> None:
    paper = other_paper("2401.00001", "Bookmarked Only")
    bookmark(paper)
    result = hfpapers("cite", "2401.00001", "-f", "mla")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        'van der Maaten, Laurens, and 张伟. "Bookmarked Only." arXiv, 2024, '
        "arxiv.org/abs/2401.00001.\n"
    )


def test_cite_fetches_an_unknown_paper(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, "/api/papers/1803.03635", "paper_1803.03635.json")
    result = hfpapers("cite", "1803.03635", "--format", "apa")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == GOLDEN_APA + "\n"
    assert [request.path for request, _ in hf_server.log] == ["/api/papers/1803.03635"]
    assert Cache().load_paper("1803.03635") == LOTTERY  # and now it is known offline
    again = hfpapers("cite", "1803.03635", "--format", "apa", HF_ENDPOINT="http://127.0.0.1:9")
    assert again.stdout == GOLDEN_APA + "\n"


def test_cite_an_unknown_paper_offline_fails_in_one_line() -> None:
    result = hfpapers("cite", "2401.99999")
    assert result.returncode == 3
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1


def test_cite_a_paper_hugging_face_does_not_know(hf_server: HTTPServer) -> None:
    hf_server.expect_request("/api/papers/2401.99999").respond_with_json(
        {"error": "Paper not found"}, status=404
    )
    result = hfpapers("cite", "2401.99999")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1


def test_cite_rejects_what_is_not_an_arxiv_id() -> None:
    result = hfpapers("cite", "not-an-id")
    assert result.returncode == 2
    assert result.stderr == "hfpapers: not an arXiv id: 'not-an-id'\n"


def test_cite_with_a_csl_style() -> None:
    Cache().save_papers([LOTTERY])
    result = hfpapers("cite", "1803.03635", "--style", "nature")
    assert result.returncode == 0
    assert result.stdout.startswith("Frankle, J. & Carbin, M. The Lottery Ticket Hypothesis")


def test_cite_with_an_unknown_style_suggests_names() -> None:
    Cache().save_papers([LOTTERY])
    result = hfpapers("cite", "1803.03635", "--style", "vancouver")
    assert result.returncode == 2
    assert result.stderr.startswith("hfpapers: unknown CSL style 'vancouver'; did you mean ")
    assert result.stdout == ""


def test_format_and_style_together_is_a_usage_error() -> None:
    result = hfpapers("cite", "1803.03635", "--format", "apa", "--style", "ieee")
    assert result.returncode == 2
    assert "not allowed with" in result.stderr


def test_copy_without_any_clipboard_still_prints_and_says_why() -> None:
    Cache().save_papers([LOTTERY])
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "SSH_TTY": "", "SSH_CONNECTION": "", "TMUX": ""}
    result = hfpapers("cite", "1803.03635", "-f", "apa", "--copy", **env)
    assert result.returncode == 0
    assert result.stdout == GOLDEN_APA + "\n"  # no escape sequence mixed into the output
    assert result.stderr.startswith("hfpapers: Could not copy (")


def test_cli_format_lists_match_the_core() -> None:
    assert cite_cli.CITE_FORMATS == citation.FORMATS
    assert cite_cli.EXPORT_FORMATS == export.EXPORT_FORMATS


# --- export -----------------------------------------------------------------------------------


@pytest.fixture
def bookmarks() -> None:
    bookmark(LOTTERY, note="lottery & 50%", tags=("pruning",))
    bookmark(other_paper("2401.00001", "Deep Nets"), tags=("pruning", "later"))
    bookmark(other_paper("2401.00002", "Deep Nets Again"))


def test_export_bibtex_to_stdout(bookmarks: None) -> None:
    result = hfpapers("export")
    assert (result.returncode, result.stderr) == (0, "")
    library = bibtexparser.parse_string(result.stdout)
    assert library.failed_blocks == []
    keys = sorted(entry.key for entry in library.entries)
    assert keys == ["frankle2018lottery", "vandermaaten2024deep", "vandermaaten2024deepa"]


def test_export_csv_with_a_tag(bookmarks: None) -> None:
    result = hfpapers("export", "--format", "csv", "--tag", "PRUNING")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(row["id"] for row in rows) == ["1803.03635", "2401.00001"]
    by_id = {row["id"]: row for row in rows}
    assert by_id["1803.03635"]["note"] == "lottery & 50%"
    assert by_id["2401.00001"]["authors"] == "Laurens van der Maaten; 张伟"


def test_export_json_to_a_file(bookmarks: None, tmp_path: Path) -> None:
    target = tmp_path / "out" / "bookmarks.json"
    target.parent.mkdir()
    target.write_text("old content", encoding="utf-8")
    result = hfpapers("export", "-f", "json", "-o", str(target))
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == f"hfpapers: exported 3 bookmarks to {target}\n"
    records = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in records) == ["1803.03635", "2401.00001", "2401.00002"]
    assert [p.name for p in target.parent.iterdir()] == ["bookmarks.json"]  # no temp files left


def test_export_to_an_unwritable_place_fails_in_one_line(bookmarks: None, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = hfpapers("export", "-o", str(blocker / "inside.bib"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"hfpapers: cannot write {blocker / 'inside.bib'}: ")


def test_export_into_a_missing_folder_fails_and_creates_none(
    bookmarks: None, tmp_path: Path
) -> None:
    target = tmp_path / "typo" / "deeper" / "out.bib"
    result = hfpapers("export", "-o", str(target))
    assert result.returncode == 2
    assert result.stderr == f"hfpapers: cannot write {target}: no such folder\n"
    assert not (tmp_path / "typo").exists()


def test_export_with_no_bookmarks() -> None:
    result = hfpapers("export", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []
    assert result.stderr == "hfpapers: no bookmarks to export\n"
