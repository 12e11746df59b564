"""Abstracts left on disk (``tui.core.stored_abstract``): the reader's cached listings keep where
each record is, read the same text as a full load, and survive the file being replaced,
deleted or damaged under them."""

from __future__ import annotations

import gc
import os
import tracemalloc
from pathlib import Path

import orjson
from pytest import MonkeyPatch

from tests.support.fixtures import fixture_papers
from tests.support.synthetic import daily_items
from tui.core.cache import Cache
from tui.core.library import cached_listing
from tui.core.models import Paper, parse_listing
from tui.core.query import Query
from tui.core.stored_abstract import UNREADABLE, ListingFile, StoredAbstract

DAY = Query.day("2026-11-26")


def _on_disk(cache: Cache) -> list[Paper]:
    loaded = cache.load_listing(DAY, abstracts_on_disk=True)
    assert loaded is not None
    return loaded.papers


def test_papers_read_on_disk_hold_no_abstract_and_read_the_same_text(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    papers = fixture_papers()
    cache.save_listing(DAY, papers)
    stored = _on_disk(cache)
    assert all(isinstance(p.abstract, StoredAbstract) for p in stored)
    assert [p.summary for p in stored] == [p.summary for p in papers]
    assert [p.to_record() for p in stored] == [p.to_record() for p in papers]
    assert stored == papers  # the same value, however the abstract is held
    assert len({*stored, *papers}) == len(papers)


def test_hashing_a_paper_reads_no_abstract(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    cache = Cache(tmp_path)
    cache.save_listing(DAY, fixture_papers())
    stored = _on_disk(cache)

    def no_reading(*_: object) -> bytes:
        raise AssertionError("an abstract was read")

    monkeypatch.setattr(ListingFile, "read", no_reading)
    assert len({hash(paper) for paper in stored}) == len(stored)


def test_the_reader_reads_a_whole_cached_listing_with_its_abstracts_on_disk() -> None:
    papers = fixture_papers()
    Cache().save_listing(Query.latest(), papers)
    listing = cached_listing(Query.latest())
    assert listing is not None and listing.papers == papers
    assert all(isinstance(p.abstract, StoredAbstract) for p in listing.papers)


def test_a_newer_listing_saved_over_the_file_changes_nothing_already_read(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    papers = fixture_papers()
    cache.save_listing(DAY, papers)
    stored = _on_disk(cache)
    cache.save_listing(DAY, list(reversed(papers[:3])))  # a rename over the file
    assert [p.summary for p in stored] == [p.summary for p in papers]
    newer = _on_disk(cache)
    assert [p.id for p in newer] == [p.id for p in reversed(papers[:3])]
    assert [p.summary for p in newer] == [p.summary for p in reversed(papers[:3])]


def test_a_deleted_file_is_still_read(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    papers = fixture_papers()
    cache.save_listing(DAY, papers)
    stored = _on_disk(cache)
    cache.listing_path(DAY).unlink()
    assert stored[-1].summary == papers[-1].summary


def test_a_file_damaged_in_place_reads_a_notice_not_another_paper(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    papers = fixture_papers()
    cache.save_listing(DAY, papers)
    stored = _on_disk(cache)
    first, second, last = stored[0].abstract, stored[1].abstract, stored[-1].abstract
    assert isinstance(first, StoredAbstract) and isinstance(second, StoredAbstract)
    assert isinstance(last, StoredAbstract)
    other = orjson.dumps({"id": "2101.00001", "title": "Other", "summary": "Not this paper's."})
    with cache.listing_path(DAY).open("r+b") as file:  # the same inode, written in place
        file.seek(first.offset)
        file.write(other.ljust(first.length - 1) + b"\n")  # valid JSON, another paper
        file.seek(second.offset)
        file.write(b"\x00" * second.length)  # garbage
        file.truncate(last.offset + 10)  # cut inside the last record
    assert stored[0].summary == UNREADABLE
    assert stored[1].summary == UNREADABLE
    assert stored[-1].summary == UNREADABLE
    assert stored[2].summary == papers[2].summary  # the rest read as before


def test_a_hand_edited_abstract_is_cleaned_when_read(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    papers = fixture_papers()[:2]
    cache.save_listing(DAY, papers)
    path = cache.listing_path(DAY)
    header, *records = path.read_bytes().splitlines()
    hostile = orjson.loads(records[0])
    hostile["summary"] = "Clear \x1b[2Jthe screen\x07 and [bold]markup[/bold]."
    path.write_bytes(b"\n".join([header, orjson.dumps(hostile), *records[1:]]) + b"\n")
    text = _on_disk(cache)[0].summary
    assert "\x1b" not in text and "\x07" not in text
    assert "[bold]markup[/bold]" in text  # data, shown as written (never parsed as markup)


def test_the_file_is_closed_once_its_papers_are_gone(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.save_listing(DAY, fixture_papers())
    before = len(os.listdir("/proc/self/fd"))
    stored = _on_disk(cache)
    assert len(os.listdir("/proc/self/fd")) == before + 1
    del stored
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) == before


def test_abstracts_on_disk_are_not_held_in_memory(tmp_path: Path) -> None:
    """Loading 2,000 papers with their abstracts on disk allocates at least 80% of the
    abstracts' size less than loading them whole."""
    cache = Cache(tmp_path)
    papers = parse_listing(daily_items(2_000)).papers
    cache.save_listing(DAY, papers)
    text_bytes = sum(len(p.summary) for p in papers)
    del papers
    held = {}
    for on_disk in (False, True):
        gc.collect()
        tracemalloc.start()
        loaded = cache.load_listing(DAY, abstracts_on_disk=on_disk)
        held[on_disk] = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        assert loaded is not None and len(loaded.papers) == 2_000
        del loaded
    assert held[False] - held[True] >= 0.8 * text_bytes
