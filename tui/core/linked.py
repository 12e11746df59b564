"""Models, datasets and Spaces on Hugging Face that cite a paper ("linked repositories").

They come from the paper answer's ``linkedModels``/``linkedDatasets``/``linkedSpaces`` (with
``numTotalModels``...) when it has them, else from the list endpoints
``/api/{models,datasets,spaces}?filter=arxiv:{id}``, whose items have ``id``, ``likes``,
``downloads`` and ``pipeline_tag`` (models) or ``sdk`` (Spaces). Parsing is lenient: an item
needs only an ``id`` of the ``owner/name`` form; every other field is optional and every text is
cleaned. Lists are kept most liked first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tui.core.models import HF_SITE, iso_utc
from tui.core.text import clean_line

KINDS = ("model", "dataset", "space")
"""The three kinds, in the order they are shown."""
PAPER_FIELDS = {
    "model": ("linkedModels", "numTotalModels"),
    "dataset": ("linkedDatasets", "numTotalDatasets"),
    "space": ("linkedSpaces", "numTotalSpaces"),
}
LIST_PATHS = {"model": "/api/models", "dataset": "/api/datasets", "space": "/api/spaces"}
LABELS = {"model": "Models", "dataset": "Datasets", "space": "Spaces"}
TAG_FIELDS = {"model": "pipeline_tag", "dataset": "task_categories", "space": "sdk"}
"""The kind-specific tag of each kind, as named in the JSON output."""
URL_PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/"}
SHOWN_IN_LINE = 3
"""Repositories named in a detail-pane line before "…"."""
MAX_ITEMS = 100

_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*/[\w.\-]+$")
_MAX_COUNT = 2**53


@dataclass(frozen=True, slots=True)
class LinkedRepo:
    """One model, dataset or Space citing the paper."""

    id: str
    kind: str
    likes: int | None = None
    downloads: int | None = None
    tag: str | None = None
    """``pipeline_tag`` of a model, the first task category of a dataset, ``sdk`` of a Space."""

    @property
    def url(self) -> str:
        """Its page on Hugging Face."""
        return f"{HF_SITE}/{URL_PREFIX[self.kind]}{self.id}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "likes": self.likes,
            "downloads": self.downloads,
            TAG_FIELDS[self.kind]: self.tag,
        }


@dataclass(slots=True)
class LinkedRepos:
    """Everything citing one paper, by kind, with the totals Hugging Face gave."""

    paper_id: str
    repos: dict[str, list[LinkedRepo]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    fetched_at: datetime | None = None

    def of(self, kind: str) -> list[LinkedRepo]:
        return self.repos.get(kind, [])

    def total(self, kind: str) -> int:
        """How many of ``kind`` cite the paper (at least as many as listed)."""
        return max(self.totals.get(kind, 0), len(self.of(kind)))

    @property
    def all(self) -> list[LinkedRepo]:
        """Every repository, models first, each kind most liked first."""
        return [repo for kind in KINDS for repo in self.of(kind)]

    @property
    def complete(self) -> bool:
        """Every kind is known, and listed whole (up to :data:`MAX_ITEMS`)."""
        return all(
            kind in self.repos and len(self.repos[kind]) >= min(self.total(kind), MAX_ITEMS)
            for kind in KINDS
        )

    def to_json(self) -> dict[str, Any]:
        """The fields ``show --json`` (and known ``list``/``search`` papers) gain; a kind
        that is not known is null (not an empty list: nothing is claimed)."""
        fields: dict[str, Any] = {}
        for kind in KINDS:
            known = kind in self.repos
            fields[f"linked_{kind}s"] = [r.to_json() for r in self.of(kind)] if known else None
            fields[f"num_linked_{kind}s"] = self.total(kind) if known else None
        return fields

    def adding(self, older: LinkedRepos | None) -> LinkedRepos:
        """These, with the kinds only ``older`` knows (a paper answer may list fewer kinds
        than the list endpoints gave before)."""
        if older is not None:
            for kind in KINDS:
                if kind not in self.repos and kind in older.repos:
                    self.repos[kind] = older.repos[kind]
                    if kind in older.totals:
                        self.totals[kind] = older.totals[kind]
        return self

    def to_record(self) -> dict[str, Any]:
        """A JSON-able dict for the cache; :func:`from_record` reverses it."""
        return {
            "id": self.paper_id,
            "fetched_at": iso_utc(self.fetched_at),
            "totals": dict(self.totals),
            "repos": {
                kind: [[r.id, r.likes, r.downloads, r.tag] for r in repos]
                for kind, repos in self.repos.items()
            },
        }


def empty_json() -> dict[str, Any]:
    """The linked fields of a paper whose repositories are not known (null, not zero)."""
    fields: dict[str, Any] = {}
    for kind in KINDS:
        fields[f"linked_{kind}s"] = None
        fields[f"num_linked_{kind}s"] = None
    return fields


def from_record(record: Mapping[str, Any]) -> LinkedRepos:
    """Rebuild what :meth:`LinkedRepos.to_record` wrote (our own file, still read leniently).

    Raises:
        KeyError, TypeError, ValueError: the record is not one of ours.
    """
    fetched = record.get("fetched_at")
    linked = LinkedRepos(
        paper_id=str(record["id"]),
        fetched_at=datetime.fromisoformat(fetched.replace("Z", "+00:00")) if fetched else None,
    )
    totals = record.get("totals", {})
    for kind in KINDS:
        rows = record.get("repos", {}).get(kind)
        if rows is None:
            continue
        linked.repos[kind] = [
            LinkedRepo(str(row[0]), kind, _count(row[1]), _count(row[2]), _tag(row[3]))
            for row in rows
        ]
        if isinstance(totals, dict) and kind in totals:
            linked.totals[kind] = _count(totals[kind]) or 0
    return linked


def parse_items(kind: str, items: Any) -> list[LinkedRepo]:
    """Repositories from a list answer (or a ``linked*`` field): bad items are skipped, the
    rest sorted most liked first (then most downloaded, then by id), repeats dropped."""
    if not isinstance(items, list):
        return []
    found: dict[str, LinkedRepo] = {}
    for item in items:
        repo = _parse_item(kind, item)
        if repo is not None and repo.id not in found:
            found[repo.id] = repo
    return sorted(found.values(), key=lambda r: (-(r.likes or 0), -(r.downloads or 0), r.id))[
        :MAX_ITEMS
    ]


def from_paper_answer(paper_id: str, data: Any) -> tuple[LinkedRepos, list[str]]:
    """What a ``/api/papers/{id}`` answer says; and the kinds it leaves to the list endpoints
    (absent, or listing fewer than its total)."""
    linked = LinkedRepos(paper_id)
    missing: list[str] = []
    answer = data if isinstance(data, dict) else {}
    for kind in KINDS:
        list_key, total_key = PAPER_FIELDS[kind]
        items = answer.get(list_key)
        total = _count(answer.get(total_key))
        if not isinstance(items, list):
            missing.append(kind)
            continue
        linked.repos[kind] = parse_items(kind, items)
        linked.totals[kind] = total if total is not None else len(linked.repos[kind])
        if linked.totals[kind] > len(linked.repos[kind]) and len(linked.repos[kind]) < MAX_ITEMS:
            missing.append(kind)
    return linked, missing


def detail_lines(linked: LinkedRepos | None) -> list[tuple[str, str]]:
    """One line per kind that has any, for the detail pane:
    ``[("Models", "12: org/name ★42, org/other ★3, … "), ...]``; nothing when none is known."""
    if linked is None:
        return []
    lines: list[tuple[str, str]] = []
    for kind in KINDS:
        repos, total = linked.of(kind), linked.total(kind)
        if not total:
            continue
        named = ", ".join(_short(repo) for repo in repos[:SHOWN_IN_LINE])
        more = ", …" if total > min(len(repos), SHOWN_IN_LINE) else ""
        lines.append((LABELS[kind], f"{total}: {named}{more}" if named else str(total)))
    return lines


def is_cited_by(linked: LinkedRepos | None, kind: str) -> bool:
    """For the `has:` filter words: cited by repositories of ``kind``; False when unknown."""
    return linked is not None and linked.total(kind) > 0


def has_models(linked: LinkedRepos | None) -> bool:
    return is_cited_by(linked, "model")


def has_space(linked: LinkedRepos | None) -> bool:
    return is_cited_by(linked, "space")


def now() -> datetime:
    return datetime.now(UTC)


def _short(repo: LinkedRepo) -> str:
    return f"{repo.id} ★{repo.likes}" if repo.likes else repo.id


def _parse_item(kind: str, item: Any) -> LinkedRepo | None:
    if isinstance(item, str):
        item = {"id": item}
    if not isinstance(item, dict):
        return None
    raw_id = item.get("id") or item.get("modelId") or item.get("name")
    repo_id = raw_id.strip() if isinstance(raw_id, str) else ""
    if not _REPO_ID.match(repo_id):  # as sent: a cleaned-up id could name another repository
        return None
    if kind == "model":
        tag = _tag(item.get("pipeline_tag"))
    elif kind == "space":
        tag = _tag(item.get("sdk"))
    else:
        tag = _tag(_task_category(item))
    return LinkedRepo(repo_id, kind, _count(item.get("likes")), _count(item.get("downloads")), tag)


def _task_category(item: Mapping[str, Any]) -> str | None:
    """A dataset's first ``task_categories:...`` tag (datasets have no pipeline tag)."""
    tags = item.get("tags")
    if isinstance(tags, list):
        for tag in tags:
            if isinstance(tag, str) and tag.startswith("task_categories:"):
                return tag.partition(":")[2]
    return None


def _tag(value: Any) -> str | None:
    return (clean_line(value)[:60] or None) if isinstance(value, str) else None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    return int(value) if 0 <= value < _MAX_COUNT else None


def merge(base: LinkedRepos, kind: str, repos: Iterable[LinkedRepo]) -> None:
    """Take ``repos`` (from a list endpoint) as all of ``kind``."""
    base.repos[kind] = list(repos)
    base.totals[kind] = max(base.totals.get(kind, 0), len(base.repos[kind]))
