"""Records in our own files edited or damaged by hand: a wrong-typed field is dropped, a record
without a usable id, title or summary is skipped and counted; no command crashes, and the good
records are still listed. Run as real subprocesses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.support.cli import bookmark, hfpapers, other_paper
from tests.support.fixtures import LOTTERY
from tui.core.cache import Cache
from tui.core.models import Paper, RecordError
from tui.core.query import Query
from tui.core.store import Store

GOOD = other_paper("2401.00002", "A Paper Nobody Damaged")
DAMAGED = other_paper("2401.00003", "A Paper With Its Title Gone")

# Wrong types in fields a paper can do without: the field is dropped, the paper kept.
DROPPABLE: dict[str, Any] = {
    "authors": 5,
    "published_at": "garbage",
    "daily_date": 7,
    "upvotes": "many",
    "num_comments": [],
    "github_repo": 5,
    "github_stars": "x",
    "project_page": {"a": 1},
    "ai_summary": 5,
    "ai_keywords": 3,
    "organization": [1],
    "submitted_by": 4,
    "withdrawn": "yes",
    "num_models": -1,
}
# Without these a record is no paper: skipped and counted.
FATAL: list[dict[str, Any]] = [{"title": 123}, {"summary": None}, {"id": 5}, {"title": " "}]


def shard(home: Path, paper_id: str) -> Path:
    month = paper_id[:4]
    return home / "data" / "hfpapers" / "state.d" / f"bookmarks-{month}.json"


def damage_bookmark(home: Path, paper_id: str, fields: dict[str, Any]) -> None:
    path = shard(home, paper_id)
    data = json.loads(path.read_text())
    data["bookmarks"][paper_id]["paper"].update(fields)
    path.write_text(json.dumps(data))


@pytest.fixture
def damaged_store(isolated_dirs: Path) -> Path:
    """Three bookmarks: one with every optional field of the wrong type (and wrong-typed
    note, tags and time), one without a title, one untouched."""
    bookmark(LOTTERY, note="keep", tags=("pruning",))
    bookmark(GOOD, tags=("pruning",))
    bookmark(DAMAGED, tags=("pruning",))
    damage_bookmark(isolated_dirs, LOTTERY.id, DROPPABLE)
    path = shard(isolated_dirs, LOTTERY.id)
    data = json.loads(path.read_text())
    data["bookmarks"][LOTTERY.id].update({"note": 3, "tags": 5, "added": 5})
    path.write_text(json.dumps(data))
    damage_bookmark(isolated_dirs, DAMAGED.id, {"title": 123})
    return isolated_dirs


SKIPPED = "hfpapers: 1 bookmark skipped (unreadable)\n"


def test_bookmarks_lists_the_readable_ones_and_counts_the_other(damaged_store: Path) -> None:
    result = hfpapers("bookmarks", COLUMNS="120")
    assert (result.returncode, result.stderr) == (0, SKIPPED)
    assert LOTTERY.id in result.stdout and GOOD.id in result.stdout
    assert DAMAGED.id not in result.stdout


def test_bookmarks_json_has_the_readable_ones_with_damaged_fields_dropped(
    damaged_store: Path,
) -> None:
    result = hfpapers("bookmarks", "--json")
    assert (result.returncode, result.stderr) == (0, SKIPPED)
    by_id = {item["id"]: item for item in json.loads(result.stdout)}
    assert set(by_id) == {LOTTERY.id, GOOD.id}
    lottery = by_id[LOTTERY.id]
    assert lottery["title"] == LOTTERY.title
    assert (lottery["authors"], lottery["published_at"], lottery["daily_date"]) == ([], None, None)
    assert (lottery["upvotes"], lottery["github_repo"], lottery["ai_keywords"]) == (0, None, [])
    assert (lottery["note"], lottery["tags"], lottery["bookmarked_at"]) == (None, [], None)


def test_bookmarks_by_tag_still_finds_the_readable_ones(damaged_store: Path) -> None:
    result = hfpapers("bookmarks", "--tag", "pruning", "--json")
    assert (result.returncode, result.stderr) == (0, SKIPPED)
    assert [item["id"] for item in json.loads(result.stdout)] == [GOOD.id]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "markdown", "csv", "json"])
def test_export_writes_the_readable_ones_in_every_format(damaged_store: Path, fmt: str) -> None:
    result = hfpapers("export", "-f", fmt)
    assert result.returncode == 0
    assert result.stderr == SKIPPED
    assert LOTTERY.id in result.stdout and GOOD.id in result.stdout
    assert DAMAGED.id not in result.stdout
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [row["id"] for row in rows] == sorted([LOTTERY.id, GOOD.id], reverse=True)


def test_cite_a_bookmark_with_damaged_fields(damaged_store: Path) -> None:
    result = hfpapers("cite", LOTTERY.id, "--format", "apa")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("The lottery ticket hypothesis")  # no authors left: title first


def test_cite_an_unreadable_bookmark_is_asked_of_hugging_face(damaged_store: Path) -> None:
    result = hfpapers("cite", DAMAGED.id)  # HF_ENDPOINT points at a closed port
    assert result.returncode == 3
    assert len(result.stderr.splitlines()) == 1


def test_the_store_skips_and_counts_without_moving_the_file_aside(damaged_store: Path) -> None:
    with Store() as store:
        assert [b.paper.id for b in store.bookmarks()] == [DAMAGED.id, GOOD.id, LOTTERY.id][1:]
        assert store.unreadable_bookmarks() == 1
        assert store.notice is None
        assert store.bookmarked_paper(DAMAGED.id) is None
        assert store.is_bookmarked(DAMAGED.id)  # kept in the file, untouched
        store.add_bookmark(LOTTERY, tags=["again"])  # rewriting the file keeps it too
    raw = json.loads(shard(damaged_store, DAMAGED.id).read_text())
    assert raw["bookmarks"][DAMAGED.id]["paper"]["title"] == 123
    with Store() as store:
        assert store.bookmark(LOTTERY.id).tags == ("again",)  # type: ignore[union-attr]


# --- the cache ------------------------------------------------------------------------------


def cached_listing_with(query: Query, papers: list[Paper], fields: dict[str, Any]) -> Path:
    """Save ``papers`` as the listing of ``query``, then damage the first record everywhere
    it appears (its line and the header's head)."""
    cache = Cache()
    cache.save_listing(query, papers)
    path = cache.listing_path(query)
    lines = path.read_bytes().splitlines()
    header = orjson.loads(lines[0])
    damaged = [orjson.loads(line) for line in lines[1:]]
    damaged[0].update(fields)
    for record in header["head"]:
        if record["id"] == damaged[0]["id"]:
            record.update(fields)
    path.write_bytes(b"\n".join(orjson.dumps(x) for x in [header, *damaged]) + b"\n")
    return path


def test_a_cached_listing_with_droppable_damage_is_listed() -> None:
    query = Query.day("2026-11-26")
    cached_listing_with(query, [LOTTERY, GOOD], DROPPABLE)
    result = hfpapers("list", "--date", "2026-11-26", "--json")
    assert result.returncode == 0
    assert [item["id"] for item in json.loads(result.stdout)] == [LOTTERY.id, GOOD.id]


@pytest.mark.parametrize("fields", FATAL)
def test_a_cached_listing_with_an_unusable_record_never_crashes(fields: dict[str, Any]) -> None:
    query = Query.day("2026-11-26")
    cached_listing_with(query, [LOTTERY, GOOD], fields)
    result = hfpapers("list", "--date", "2026-11-26")
    assert LOTTERY.id not in result.stdout
    assert result.returncode == 0, result.stderr  # the cache skips the record, lists the rest
    assert GOOD.id in result.stdout
    assert "1 record skipped (unreadable)" in result.stderr


@pytest.mark.parametrize("fields", [*FATAL, DROPPABLE])
def test_show_and_cite_of_a_damaged_cached_paper_never_crash(fields: dict[str, Any]) -> None:
    Cache().save_papers([LOTTERY])
    path = next((Path(Cache().root) / "papers").glob("*.json"))
    data = orjson.loads(path.read_bytes())
    data[LOTTERY.id].update(fields)
    path.write_bytes(orjson.dumps(data))
    for command in ("show", "cite"):
        result = hfpapers(command, LOTTERY.id)  # offline: the cache is all there is
        if fields is DROPPABLE:
            assert result.returncode == 0
            assert "Lottery Ticket" in result.stdout
        else:
            assert result.returncode == 3
            assert len(result.stderr.splitlines()) == 1


# --- the model ------------------------------------------------------------------------------


@pytest.mark.parametrize("fields", FATAL)
def test_from_record_refuses_a_record_without_id_title_or_summary(fields: dict[str, Any]) -> None:
    with pytest.raises(RecordError):
        Paper.from_record(LOTTERY.to_record() | fields)


@pytest.mark.parametrize("field", DROPPABLE)
def test_from_record_drops_one_wrong_typed_field(field: str) -> None:
    paper = Paper.from_record(LOTTERY.to_record() | {field: DROPPABLE[field]})
    assert (paper.id, paper.title, paper.summary) == (LOTTERY.id, LOTTERY.title, LOTTERY.summary)
    assert getattr(paper, field) in (None, (), 0, False)


def test_from_record_cleans_text_like_an_api_record() -> None:
    record = LOTTERY.to_record() | {
        "title": "\x1b[2JTitle\u200b  here",
        "authors": ["Ada\x07 Lovelace", ["Alan \u202eTuring", "alan"]],
        "ai_keywords": ["\x1b]0;pwned\x07key"],
    }
    paper = Paper.from_record(record)
    assert paper.title == "Title here"
    assert paper.author_names == ["Ada Lovelace", "Alan Turing"]
    assert paper.authors[1].user == "alan"
    assert paper.ai_keywords == ("key",)


def test_papers_from_records_skips_and_counts_the_unusable() -> None:
    from tui.core.models import papers_from_records

    records = [LOTTERY.to_record(), {"id": "2401.00001", "title": 5}, "junk", GOOD.to_record()]
    result = papers_from_records(records)
    assert [paper.id for paper in result.papers] == [LOTTERY.id, GOOD.id]
    assert result.skipped == 2
