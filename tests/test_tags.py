"""Tags: never empty, and one tag whatever its Unicode normalisation or case ("café" composed
or decomposed, "Café"); twins already stored are merged when read."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from tests.support.cli import bookmark, hfpapers
from tests.support.fixtures import LOTTERY
from tui.core.store import Store

COMPOSED = unicodedata.normalize("NFC", "café")
DECOMPOSED = unicodedata.normalize("NFD", "café")


@pytest.mark.parametrize(
    "args",
    [
        ["bookmarks", "--tag", ""],
        ["bookmarks", "--tag", "  "],
        ["bookmark", "add", LOTTERY.id, "--tag", ""],
        ["bookmark", "add", LOTTERY.id, "--tag", "ok", "--tag", "\u200b"],
        ["export", "--tag", ""],
    ],
)
def test_an_empty_tag_is_a_usage_error(args: list[str]) -> None:
    bookmark(LOTTERY, tags=("ok",))
    result = hfpapers(*args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "a tag cannot be empty" in result.stderr
    with Store() as store:
        assert store.bookmark(LOTTERY.id).tags == ("ok",)  # type: ignore[union-attr]


def test_tags_in_two_normalisations_are_one_tag(tmp_path: Path) -> None:
    store = Store(tmp_path / "state.json")
    store.add_bookmark(LOTTERY, tags=[DECOMPOSED])
    bookmark = store.add_bookmark(LOTTERY, tags=[COMPOSED, COMPOSED.upper()])
    assert bookmark.tags == (COMPOSED,)  # stored NFC
    assert [b.paper.id for b in store.bookmarks(tag=DECOMPOSED.upper())] == [LOTTERY.id]
    assert [b.paper.id for b in store.bookmarks(tag=COMPOSED)] == [LOTTERY.id]


def test_twins_already_stored_are_merged_when_read(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    Store(path).add_bookmark(LOTTERY, tags=["x"])
    shard = tmp_path / "state.d" / "bookmarks-1803.json"
    data = json.loads(shard.read_text())
    data["bookmarks"][LOTTERY.id]["tags"] = [DECOMPOSED, COMPOSED, "CAFÉ", "other"]
    shard.write_text(json.dumps(data))

    store = Store(path)
    assert store.bookmark(LOTTERY.id).tags == (COMPOSED, "other")  # type: ignore[union-attr]
    assert store.add_bookmark(LOTTERY, tags=["Other"]).tags == (COMPOSED, "other")


def test_the_cli_finds_a_tag_whatever_its_normalisation() -> None:
    bookmark(LOTTERY, tags=(DECOMPOSED,))
    result = hfpapers("bookmarks", "--tag", COMPOSED.upper(), "--json")
    assert result.returncode == 0
    (item,) = json.loads(result.stdout)
    assert item["tags"] == [COMPOSED]
