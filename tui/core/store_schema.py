"""What the store's files hold: the layout, the checks a file must pass, and schema upgrades.

Pure functions on decoded JSON (no TinyDB, no files), so they are simple to test.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

from tui.core.models import Paper, RecordError, normalize_arxiv_id
from tui.core.text import clean_line, strip_control

SCHEMA = 2
"""Version of the layout in tui/core/store.py; older ones are upgraded by :data:`MIGRATIONS`."""

Tables = dict[str, dict[str, dict[str, Any]]]
"""One file's content: table name -> document id -> document."""

State = dict[str, Any]
"""All files' content, for upgrades: {"root": Tables, "shards": {file stem: Tables}}."""

MAX_TAG = 200
"""Characters of a tag (longer ones are cut, like author names)."""
SHARD_FILE = re.compile(r"^((?:reads|bookmarks)-(?:\d{4}|other))\.json$")
_NEW_STYLE = re.compile(r"^(\d{4})\.\d{4,5}$")
_OLD_STYLE = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Z]{2})?/(\d{4})\d{3}$")


class CorruptFileError(ValueError):
    """A state file's content is not a state file (the message is one short phrase)."""


def parse(raw: bytes) -> Tables:
    """One file's bytes as tables, if it is at least a JSON object of objects."""
    if not raw.strip():
        raise CorruptFileError("empty file")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptFileError(
            "not UTF-8 text" if "utf-8" in str(error).lower() else "not valid JSON"
        ) from None
    if not isinstance(data, dict):
        raise CorruptFileError("not a JSON object")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFileError(f"{clean_line(name)!r} is not a table")
    return data


def meta_of(root: Tables) -> dict[str, Any]:
    """The root's meta document (v2: id "state"; v1: the first document of "meta")."""
    meta = root.get("meta", {})
    return meta.get("state") or next(iter(meta.values()), {})


def schema_of(root: Tables) -> int:
    """The root's schema; a root without one is version 1, or new if it holds nothing."""
    meta = meta_of(root)
    if "schema" in meta:
        return meta["schema"]
    return 1 if any(root.values()) else SCHEMA


def validate_root(data: Tables) -> None:
    if not all(isinstance(doc, dict) for table in data.values() for doc in table.values()):
        raise CorruptFileError("a record is not an object")
    schema = meta_of(data).get("schema", 1)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise CorruptFileError("no valid schema version")


def validate_reads(data: Tables) -> None:
    _only_table(data, "reads")
    try:  # one quick pass: this runs over every record at each start
        valid = all(
            type(doc["seen"]) is str and type(doc.get("read", "")) is str
            for doc in data.get("reads", {}).values()
        )
    except (KeyError, TypeError):  # a record that is no object, or has no "seen"
        valid = False
    if not valid:
        raise CorruptFileError("a reading record without valid times")


def validate_bookmarks(data: Tables) -> None:
    """The file's shape only. A bookmark whose content is unusable (a paper record without a
    title, a wrong type) is skipped and counted when read, never a reason to set aside the
    whole file and every good bookmark in it (see ``tui.core.store``)."""
    _only_table(data, "bookmarks")
    if not all(isinstance(doc, dict) for doc in data.get("bookmarks", {}).values()):
        raise CorruptFileError("a bookmark that is not an object")


def _only_table(data: Tables, name: str) -> None:
    for other in data:
        if other != name:
            raise CorruptFileError(f"unexpected table {clean_line(other)!r}")


# --- ids, times, tags -------------------------------------------------------------------------


def arxiv_month(paper_id: str) -> str:
    """The arXiv month (yymm) of an id: 2605 for 2605.15320 and for hep-th/2605001.

    Old-style ids end in March 2007 and new-style ones start in April 2007, so the two kinds
    never share a month by accident.
    """
    match = _NEW_STYLE.match(paper_id) or _OLD_STYLE.match(paper_id)
    return match.group(1) if match else "other"


def shard_name(kind: str, paper_id: str) -> str:
    return f"{kind}-{arxiv_month(paper_id)}"


def now() -> str:
    """This moment as stored: ISO 8601 UTC to the second."""
    return stamp(datetime.now(UTC))


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: Any) -> datetime | None:
    """A stored time, or None when missing or not a time (a hand-edited file)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def clean_note(note: str) -> str:
    """A note as the user wrote it, lines kept (the reader's editor has several), but no
    terminal control, and no blank lines around it."""
    lines = (strip_control(line).rstrip() for line in note.replace("\r\n", "\n").split("\n"))
    return "\n".join(lines).strip("\n").strip()


def clean_tags(tags: Any) -> list[str]:
    """Tags as one-line NFC text, blanks and non-text dropped, repeats kept once.

    Two tags are the same when :func:`tag_key` says so ("Café" composed or decomposed, any
    case); the first spelling wins. Stored tags pass here when read too, so older files with
    such twins show them merged.
    """
    if not isinstance(tags, list | tuple):
        return []
    kept: dict[str, str] = {}
    for tag in tags:
        if isinstance(tag, str) and (text := clean_line(tag, MAX_TAG)):
            text = unicodedata.normalize("NFC", text)
            kept.setdefault(tag_key(text), text)
    return list(kept.values())


def tag_key(tag: str) -> str:
    """What tags are compared by: Unicode's canonical caseless match, NFD(casefold(NFD(tag)))."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", tag).casefold())


def upgrade(state: State, version: int) -> State:
    while version < SCHEMA:
        state = MIGRATIONS[version](state)
        version += 1
    return state


def _migrate_v1(state: State) -> State:
    """Version 1 (pre-release) kept everything in the root file, with TinyDB's counter ids.

    ``meta`` {"1": {"schema": 1, "last_visit"}}, ``read`` {n: {"id", "read": bool, "read_at",
    "first_seen"}}, ``bookmarks`` {n: {"id", "added_at", "note", "tags", "paper"}}. Records
    without a usable id or paper record are left out (the backup keeps them). Records already
    in version 2 files win, so a second run (after a kill) changes nothing.
    """
    old = state["root"]
    shards: dict[str, Tables] = {
        name: {kind: dict(docs) for kind, docs in tables.items()}
        for name, tables in state["shards"].items()
    }

    def put(kind: str, paper_id: str, doc: dict[str, Any]) -> None:
        tables = shards.setdefault(shard_name(kind, paper_id), {})
        tables.setdefault(kind, {}).setdefault(paper_id, doc)

    for record in old.get("read", {}).values():
        paper_id = _v1_id(record)
        if paper_id is None:
            continue
        seen = _v1_time(record.get("first_seen")) or _v1_time(record.get("read_at")) or now()
        reading = {"seen": seen}
        if record.get("read") is True:
            reading["read"] = _v1_time(record.get("read_at")) or seen
        put("reads", paper_id, reading)
    for record in old.get("bookmarks", {}).values():
        paper_id, paper = _v1_id(record), record.get("paper")
        if paper_id is None or not isinstance(paper, dict) or paper.get("id") != paper_id:
            continue
        try:
            Paper.from_record(paper)
        except RecordError:
            continue
        doc: dict[str, Any] = {"added": _v1_time(record.get("added_at")) or now(), "paper": paper}
        note = record.get("note")
        if isinstance(note, str) and clean_line(note):
            doc["note"] = clean_line(note)
        tags = clean_tags(record.get("tags") or ())
        if tags:
            doc["tags"] = tags
        put("bookmarks", paper_id, doc)
    meta: dict[str, Any] = {"schema": 2}
    last_visit = _v1_time(meta_of(old).get("last_visit"))
    if last_visit:
        meta["last_visit"] = last_visit
    return {"root": {"meta": {"state": meta}}, "shards": shards}


def _v1_id(record: Mapping[str, Any]) -> str | None:
    raw = record.get("id")
    return normalize_arxiv_id(raw) if isinstance(raw, str) else None


def _v1_time(value: Any) -> str | None:
    moment = parse_time(value)
    return stamp(moment) if moment else None


MIGRATIONS: dict[int, Callable[[State], State]] = {1: _migrate_v1}
"""Schema n -> n+1, as pure functions of :data:`State`; ``Store._persist`` writes them."""
