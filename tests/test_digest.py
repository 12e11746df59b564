"""`hfpapers digest` (tui/core/digest.py, tui/cli/digest.py): what is new since the last digest,
and the Markdown and Atom it is written as, checked with real parsers."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
from markdown_it import MarkdownIt
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.support.cli import OFFLINE, hfpapers
from tests.support.fixtures import DAILY, load_fixture, serve_fixture
from tests.support.reader import fixture_papers
from tui.core.digest import (
    arrange,
    atom_feed,
    days_since_digest,
    markdown_digest,
    new_papers,
    seen_after,
)
from tui.core.models import Author
from tui.core.store import LastDigest, Store

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
HOSTILE_TITLE = (
    "Ends ]]> early <script>alert(1)</script> & [x](javascript:alert(1)) \x01\x0b\ud800!"
)
UPDATED = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def hostile_papers() -> list:  # type: ignore[type-arg]
    first, second, *_ = fixture_papers()
    return [
        replace(first, title=HOSTILE_TITLE, abstract="<b>bold</b>\x07 text\n\n# not a heading",
                authors=(Author("Eve <eve@example.com>"),)),
        replace(second, authors=()),
    ]  # fmt: skip


# --- Atom ---------------------------------------------------------------------------------


def test_the_atom_feed_has_every_required_element_and_keeps_hostile_text_as_data() -> None:
    papers = hostile_papers()
    blob = atom_feed(papers, title="Digest", feed_id="https://huggingface.co/papers",
                     updated=UPDATED, generator="hfpapers test")  # fmt: skip
    root = ET.fromstring(blob)  # well-formed, or this raises
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):  # RFC 4287 4.1.1
        assert len(root.findall(f"{ATOM}{tag}")) == 1, tag
    assert RFC3339.match(root.findtext(f"{ATOM}updated") or "")
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # covers entries without authors
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry, paper in zip(entries, papers, strict=True):
        assert entry.findtext(f"{ATOM}id") == paper.url
        assert RFC3339.match(entry.findtext(f"{ATOM}updated") or "")
        links = {(link.get("rel"), link.get("type")): link.get("href")
                 for link in entry.findall(f"{ATOM}link")}  # fmt: skip
        assert links[("alternate", "text/html")] == paper.url
        assert links[("related", "application/pdf")] == paper.pdf_url
    hostile = entries[0]
    expected_title = "Ends ]]> early <script>alert(1)</script> & [x](javascript:alert(1)) !"
    assert hostile.findtext(f"{ATOM}title") == expected_title  # control chars gone, rest text
    assert hostile.find(f"{ATOM}title/script") is None and b"<script>" not in blob
    assert hostile.findtext(f"{ATOM}summary") == "<b>bold</b> text\n\n# not a heading"
    assert [a.findtext(f"{ATOM}name") for a in hostile.findall(f"{ATOM}author")] == [
        "Eve <eve@example.com>"
    ]
    assert entries[1].find(f"{ATOM}author") is None


def test_feedparser_reads_the_feed_without_complaint() -> None:
    papers = fixture_papers()[:3]
    blob = atom_feed(papers, title="Digest", feed_id="https://huggingface.co/papers",
                     updated=UPDATED, generator="hfpapers test")  # fmt: skip
    feed = feedparser.parse(blob)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Digest" and feed.feed.id == "https://huggingface.co/papers"
    assert [entry.id for entry in feed.entries] == [paper.url for paper in papers]
    for entry, paper in zip(feed.entries, papers, strict=True):
        assert entry.title == paper.title
        assert entry.summary == paper.summary
        assert [a.name for a in entry.get("authors", [])] == paper.author_names
        assert entry.updated_parsed[:3] == paper.daily_date.timetuple()[:3]


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_shows_hostile_titles_as_typed_never_as_html_or_links() -> None:
    text = markdown_digest(hostile_papers(), "Digest <i>")
    html = MarkdownIt("commonmark").render(text)
    assert "<script>" not in html and "<i>" not in html and "<b>" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text
    assert "<h1>not a heading</h1>" not in html and "# not a heading" in html
    assert html.count("<h2>") == 2  # one heading per paper, nothing more


def test_an_empty_digest_says_so() -> None:
    assert markdown_digest([], "Digest").endswith("No new papers.\n")


# --- what is new --------------------------------------------------------------------------


def test_new_papers_are_those_no_earlier_digest_listed_on_the_days_looked_at_again() -> None:
    a, b, c = fixture_papers()[:3]
    today = date(2026, 11, 27)
    days, cut = days_since_digest(datetime(2026, 11, 25, 8, 0, tzinfo=UTC), today)
    assert days == [date(2026, 11, 27), date(2026, 11, 26), date(2026, 11, 25), date(2026, 11, 24)]
    assert not cut
    seen = {a.id: date(2026, 11, 25)}
    found = [(date(2026, 11, 27), b), (date(2026, 11, 26), c), (date(2026, 11, 25), a),
             (date(2026, 11, 26), b)]  # fmt: skip
    assert new_papers(found, seen) == [b, c]  # a was listed; b only once
    # The next digest looks again at yesterday and today only: older ids are forgotten.
    assert seen_after(found, seen, today) == {b.id: date(2026, 11, 27), c.id: date(2026, 11, 26)}


def test_a_digest_long_ago_looks_back_31_days_at_most() -> None:
    days, cut = days_since_digest(datetime(2026, 1, 1, tzinfo=UTC), date(2026, 11, 27))
    assert cut and len(days) == 31 and days[-1] == date(2026, 10, 28)


def test_arrange_orders_by_day_then_upvotes_and_applies_the_filters() -> None:
    papers = fixture_papers()
    ordered = arrange(papers)
    keys = [(p.daily_date, p.upvotes) for p in ordered]
    assert keys == sorted(keys, reverse=True)
    popular = arrange(papers, min_upvotes=50, limit=3)
    assert len(popular) == 3 and all(p.upvotes >= 50 for p in popular)
    assert popular == [p for p in ordered if p.upvotes >= 50][:3]


# --- the command --------------------------------------------------------------------------


class DailyPapers:
    """A stand-in /api/daily_papers whose papers carry the day asked for, as Hugging Face's do;
    ``days`` maps a day to the fixture's item indexes listed on it ("latest" for no date)."""

    def __init__(self, server: HTTPServer) -> None:
        self.items = load_fixture(DAILY)
        self.days: dict[str, list[int]] = {}
        self.asked: list[str] = []
        server.expect_request("/api/daily_papers").respond_with_handler(self.answer)

    def answer(self, request: Request) -> Response:
        day = request.args.get("date") or "latest"
        self.asked.append(day)
        if request.args.get("p", "0") != "0":
            return Response("[]", content_type="application/json")
        stamp = (utc_today() if day == "latest" else date.fromisoformat(day)).isoformat()
        items = []
        for index in self.days.get(day, []):
            item = json.loads(json.dumps(self.items[index]))
            item["paper"]["submittedOnDailyAt"] = f"{stamp}T00:00:00.000Z"
            items.append(item)
        return Response(json.dumps(items), content_type="application/json")


def utc_today() -> date:
    return datetime.now(UTC).date()


def ids_in(markdown: str) -> list[str]:
    return re.findall(r"\(https://huggingface\.co/papers/([^)]+)\)", markdown)


def test_digest_lists_what_is_new_since_the_last_one_and_leaves_the_last_visit_alone(
    hf_server: HTTPServer,
) -> None:
    api = DailyPapers(hf_server)
    items = api.items
    api.days["latest"] = list(range(5))
    first = hfpapers("digest")
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout.startswith("# Hugging Face Daily Papers: latest\n")
    assert sorted(ids_in(first.stdout)) == sorted(i["paper"]["id"] for i in items[:5])
    store = Store()
    assert store.last_visit is None  # the reader's "new" markers are not the digest's
    record = store.last_digest
    assert record is not None and abs(datetime.now(UTC) - record.at) < timedelta(minutes=5)

    # Hugging Face adds papers to today; the ones already listed are not listed again.
    today = utc_today().isoformat()
    api.days[today] = list(range(8))
    second = hfpapers("digest")
    assert second.returncode == 0, second.stderr
    assert "new since" in second.stdout.splitlines()[0]
    assert sorted(ids_in(second.stdout)) == sorted(i["paper"]["id"] for i in items[5:8])
    assert today in api.asked and (utc_today() - timedelta(days=1)).isoformat() in api.asked

    third = hfpapers("digest")
    assert third.stdout.rstrip().endswith("No new papers.")
    assert ids_in(third.stdout) == []


def test_a_window_lists_everything_in_it_and_is_not_remembered(hf_server: HTTPServer) -> None:
    api = DailyPapers(hf_server)
    yesterday = (utc_today() - timedelta(days=1)).isoformat()
    api.days[yesterday] = [0, 1, 2]
    api.days[utc_today().isoformat()] = [3]
    since = hfpapers("digest", "--since", yesterday, "--format", "json")
    assert since.returncode == 0, since.stderr
    listed = json.loads(since.stdout)
    assert listed[0]["id"] == api.items[3]["paper"]["id"]  # newest day first
    assert len(listed) == 4 and {"read", "bookmarked"} <= set(listed[0])
    days = hfpapers("digest", "--days", "2", "--min-upvotes", "1", "--limit", "2")
    assert days.returncode == 0 and len(ids_in(days.stdout)) <= 2
    assert Store().last_digest is None  # only the plain digest is remembered
    assert hfpapers("digest", "--days", "32").returncode == 2
    assert hfpapers("digest", "--since", "2026-13-01").returncode == 2
    both = hfpapers("digest", "--since", yesterday, "--week", "2026-W48")
    assert both.returncode == 2 and "not allowed with" in both.stderr


def test_an_offline_digest_answers_from_the_cache_and_is_not_remembered(
    hf_server: HTTPServer,
) -> None:
    api = DailyPapers(hf_server)
    api.days["latest"] = [0, 1]
    assert hfpapers("digest").returncode == 0
    first = Store().last_digest
    uncached = hfpapers("digest", HF_ENDPOINT=OFFLINE)  # today and yesterday: never fetched
    assert uncached.returncode == 3 and "cannot reach" in uncached.stderr
    assert Store().last_digest == first
    api.days[utc_today().isoformat()] = [0, 1, 2]
    assert hfpapers("digest").returncode == 0  # now they are cached
    second = Store().last_digest
    assert second is not None and second != first
    offline = hfpapers("digest", HF_ENDPOINT=OFFLINE)
    assert offline.returncode == 0, offline.stderr
    assert "showing cache from" in offline.stderr
    assert "not remembered as a digest" in offline.stderr
    assert Store().last_digest == second


def test_digest_of_a_day_as_an_atom_file(hf_server: HTTPServer, tmp_path: Path) -> None:
    serve_fixture(hf_server, "/api/daily_papers", DAILY, {"date": "2026-11-26"})
    target = tmp_path / "feed.xml"
    done = hfpapers("digest", "--date", "2026-11-26", "--format", "atom", "-o", str(target))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    feed = feedparser.parse(target.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.id == "https://huggingface.co/papers/date/2026-11-26"
    items = load_fixture(DAILY)
    assert len(feed.entries) == len(items) == 28
    by_id = {entry.id: entry for entry in feed.entries}
    raw = items[0]
    entry = by_id[f"https://huggingface.co/papers/{raw['paper']['id']}"]
    assert entry.title == raw["title"]
    assert entry.link == f"https://huggingface.co/papers/{raw['paper']['id']}"
    upvotes = [item["paper"]["upvotes"] for item in items]
    ranked = [next(i["paper"]["upvotes"] for i in items if e.id.endswith("/" + i["paper"]["id"]))
              for e in feed.entries]  # fmt: skip
    assert ranked == sorted(upvotes, reverse=True)
    missing = hfpapers("digest", "--date", "2026-11-26", "-o", str(tmp_path / "no" / "x.md"))
    assert missing.returncode == 2 and "cannot write" in missing.stderr


def test_a_damaged_digest_record_starts_afresh(hf_server: HTTPServer) -> None:
    store = Store()
    store.record_digest(
        LastDigest(datetime(2026, 11, 1, tzinfo=UTC), {"2611.00001": date(2026, 11, 1)})
    )
    assert Store().last_digest == LastDigest(
        datetime(2026, 11, 1, tzinfo=UTC), {"2611.00001": date(2026, 11, 1)}
    )
    path = store.path
    data = json.loads(path.read_text())
    data["meta"]["state"]["digest"] = {"at": "yesterday", "seen": []}
    path.write_text(json.dumps(data))
    assert Store().last_digest is None
