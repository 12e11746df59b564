"""`hfpapers digest`: which papers are new since the last digest, and the digest as Markdown or
as an Atom 1.0 feed.

What "new" means: a paper is new when it is on Daily Papers on a day from the last digest's
day before on (the day before too, since Hugging Face adds papers to a day all day long) and
no earlier digest listed it. The digest remembers, in the store, when it last ran and the ids
it has seen on those days (:class:`tui.core.store.LastDigest`), apart from the reader's "last
visit": a cron job's digest never takes the reader's "new" markers away, and the reader never
takes the digest's.

Remote text is data here too: Markdown specials are escaped, and the Atom feed is written
with ElementTree (which escapes ``<``, ``&`` and ``]]>``) after removing the characters XML
1.0 cannot hold (control characters, lone surrogates).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from tui.core.citation import markdown_escape
from tui.core.models import HF_SITE, Paper
from tui.core.query import Query
from tui.core.text import clean_line, strip_control

MAX_DAYS = 31
"""Days a digest reaches back at most (one request per day)."""
OVERLAP = timedelta(days=1)
"""A digest looks again at the day before its last run: papers are added to a day all day."""
ATOM = "http://www.w3.org/2005/Atom"

# Characters XML 1.0 cannot hold, and C1 controls (allowed, but never text).
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_START = re.compile(r"^([#>+=|~-]|\d+[.)])")
_MORE_SPECIALS = re.compile(r"([#|~])")


# --- which days, which papers -----------------------------------------------------------


def days_between(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last``, newest first."""
    count = (last - first).days + 1
    return [last - timedelta(days=n) for n in range(max(0, count))]


def days_since_digest(last_run: datetime, today: date) -> tuple[list[date], bool]:
    """The days to look at for papers new since ``last_run`` (newest first), and whether
    :data:`MAX_DAYS` cut them short."""
    first = last_run.astimezone(UTC).date() - OVERLAP
    earliest = today - timedelta(days=MAX_DAYS - 1)
    return days_between(max(first, earliest), today), first < earliest


def new_papers(found: Iterable[tuple[date, Paper]], seen: Mapping[str, date]) -> list[Paper]:
    """Papers found (with the day they were listed on) that no earlier digest listed, each
    once."""
    new: dict[str, Paper] = {}
    for _day, paper in found:
        if paper.id not in seen and paper.id not in new:
            new[paper.id] = paper
    return list(new.values())


def seen_after(
    found: Iterable[tuple[date, Paper]], seen: Mapping[str, date], today: date
) -> dict[str, date]:
    """What the next digest must remember: the ids of the days it will look at again."""
    keep_from = today - OVERLAP
    kept = {paper_id: day for paper_id, day in seen.items() if day >= keep_from}
    for day, paper in found:
        if day >= keep_from:
            kept.setdefault(paper.id, day)
    return kept


def arrange(papers: Iterable[Paper], min_upvotes: int = 0, limit: int | None = None) -> list[Paper]:
    """Newest Daily Papers day first, most upvoted first within a day; those below
    ``min_upvotes`` left out, at most ``limit``."""
    oldest = date.min
    kept = [paper for paper in papers if paper.upvotes >= min_upvotes]
    kept.sort(key=lambda p: (p.daily_date or oldest, p.upvotes, p.id), reverse=True)
    return kept[:limit] if limit is not None else kept


def page_url(query: Query | None) -> str:
    """The Hugging Face page showing a listing (the feed's id and link)."""
    base = f"{HF_SITE}/papers"
    if query is None or query.value is None or query.kind == "search":
        return f"{base}/trending" if query is not None and query.kind == "trending" else base
    kind = "date" if query.kind == "day" else query.kind
    return f"{base}/{kind}/{query.value}"


# --- Markdown ---------------------------------------------------------------------------


def markdown_text(text: str) -> str:
    """One line of remote text as Markdown that shows it as typed: no formatting, links,
    HTML, headings or list items come out of it."""
    escaped = _MORE_SPECIALS.sub(r"\\\1", markdown_escape(clean_line(text)))
    return _LINE_START.sub(r"\\\1", escaped)


def _link(url: str) -> str:
    """A URL safe inside ``(...)`` of a Markdown link."""
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, code)
    return url


def markdown_paper(paper: Paper) -> str:
    """One paper: a heading linking to its page, authors and counts, links, the abstract."""
    facts = [f"▲ {paper.upvotes}"]
    if paper.daily_date:
        facts.append(f"Daily Papers {paper.daily_date.isoformat()}")
    facts.append(f"arXiv {paper.id}")
    links = [("arXiv", paper.arxiv_url), ("PDF", paper.pdf_url)]
    if paper.github_repo:
        links.append(("GitHub", paper.github_repo))
    if paper.project_page:
        links.append(("project page", paper.project_page))
    lines = [f"## [{markdown_text(paper.title)}]({_link(paper.url)})", ""]
    if paper.authors:
        lines.append(markdown_text(", ".join(paper.author_names)) + "  ")
    lines.append(" · ".join(facts) + "  ")
    lines.append(" · ".join(f"[{name}]({_link(url)})" for name, url in links))
    paragraphs = [markdown_text(part) for part in paper.summary.split("\n\n") if part.strip()]
    if paragraphs:
        lines.append("")
        lines.append("\n>\n".join(f"> {part}" for part in paragraphs))
    return "\n".join(lines) + "\n"


def markdown_digest(papers: Sequence[Paper], title: str) -> str:
    """The whole digest: a title, how many papers, then each paper."""
    count = len(papers)
    head = f"# {markdown_text(title)}\n\n"
    if not count:
        return head + "No new papers.\n"
    plural = "" if count == 1 else "s"
    return head + f"{count} paper{plural}.\n\n" + "\n".join(map(markdown_paper, papers))


# --- Atom -------------------------------------------------------------------------------


def xml_text(text: str) -> str:
    """``text`` without what XML 1.0 cannot hold or a feed reader must not show."""
    return _NOT_XML.sub("", strip_control(text))


def rfc3339(moment: datetime) -> str:
    """``2026-11-26T00:00:00Z``: RFC 3339 in UTC, as Atom's dates must be."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_updated(paper: Paper, fallback: datetime) -> datetime:
    """When a paper's entry last changed: its Daily Papers day, else its arXiv date."""
    if paper.daily_date is not None:
        return datetime.combine(paper.daily_date, time(), tzinfo=UTC)
    return paper.published_at or fallback


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def atom_feed(
    papers: Sequence[Paper], *, title: str, feed_id: str, updated: datetime, generator: str
) -> bytes:
    """An Atom 1.0 feed (RFC 4287), UTF-8: one entry per paper with its id (the Hugging Face
    page), title, authors, links, dates and the abstract as summary."""
    feed = ET.Element("feed", xmlns=ATOM)  # ElementTree's default_namespace refuses attributes
    _add(feed, "id", feed_id)
    _add(feed, "title", title, type="text")
    _add(feed, "updated", rfc3339(updated))
    _add(feed, "link", rel="alternate", type="text/html", href=feed_id)
    author = _add(feed, "author")  # for entries without authors, as RFC 4287 requires
    _add(author, "name", "Hugging Face Daily Papers")
    _add(author, "uri", f"{HF_SITE}/papers")
    _add(feed, "generator", generator)
    for paper in papers:
        entry = _add(feed, "entry")
        _add(entry, "id", paper.url)
        _add(entry, "title", paper.title, type="text")
        _add(entry, "link", rel="alternate", type="text/html", href=paper.url)
        _add(entry, "link", rel="related", type="text/html", href=paper.arxiv_url, title="arXiv")
        _add(entry, "link", rel="related", type="application/pdf", href=paper.pdf_url,
             title="PDF")  # fmt: skip
        _add(entry, "updated", rfc3339(entry_updated(paper, updated)))
        if paper.published_at is not None:
            _add(entry, "published", rfc3339(paper.published_at))
        for name in paper.author_names:
            _add(_add(entry, "author"), "name", name)
        for keyword in paper.ai_keywords:
            _add(entry, "category", term=keyword)
        _add(entry, "summary", paper.summary, type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
