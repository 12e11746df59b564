"""Paper records from every recorded and synthetic API answer, quirks and hostile text included."""

from __future__ import annotations

import copy
import dataclasses
import re
from datetime import UTC, date, datetime
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.fixtures import FIXTURES, load_fixture
from tui.core.errors import BadResponseError
from tui.core.models import Author, Paper, normalize_arxiv_id, parse_listing, parse_paper

# The API answers among the fixtures (other helpers keep their own files there too).
LISTINGS = sorted(
    str(path.relative_to(FIXTURES))
    for path in FIXTURES.rglob("*.json")
    if path.name.startswith(("daily_papers_", "papers_search_", "search_"))
    and "truncated" not in path.name
)
PAPERS = sorted(str(path.relative_to(FIXTURES)) for path in FIXTURES.rglob("paper_*.json"))
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def text_fields(paper: Paper) -> list[str]:
    """Every string a paper holds, authors and keywords included."""
    texts: list[str] = []
    for field in dataclasses.fields(paper):
        value = getattr(paper, field.name)
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, tuple):
            for item in value:
                texts.extend([item.name, item.user or ""] if isinstance(item, Author) else [item])
    return texts


def test_fixture_lists_cover_every_file() -> None:
    assert len(LISTINGS) == 7 and len(PAPERS) == 7
    assert "real/daily_papers_2026-05-18.json" in LISTINGS
    assert "bad/daily_papers_wrong_types.json" in LISTINGS


@pytest.mark.parametrize("name", LISTINGS)
def test_every_listing_fixture_parses_with_every_record_accounted_for(name: str) -> None:
    data = load_fixture(name)
    result = parse_listing(data)
    assert len(result.papers) + result.skipped == len(data)
    expected_ids = [item["paper"]["id"] for item in data if item["paper"].get("id")]
    assert [paper.id for paper in result.papers] == expected_ids
    for paper, item in zip(result.papers, [i for i in data if i["paper"].get("id")], strict=True):
        assert paper.title == " ".join(item["title"].split())
        assert paper.author_names == [
            a if isinstance(a, str) else a["name"] for a in item["paper"]["authors"]
        ]


@pytest.mark.parametrize("name", PAPERS)
def test_every_paper_fixture_parses_as_its_own_id(name: str) -> None:
    data = load_fixture(name)
    paper = parse_paper(data)
    assert paper.id == data["id"] == name.rsplit("_", 1)[1].removesuffix(".json")
    assert paper.upvotes == data["upvotes"]
    assert paper.num_comments is None  # /api/papers/{id} has no numComments
    assert paper.published_at == _iso(
        data["paper"]["publishedAt"] if "paper" in data else data["publishedAt"]
    )


def test_real_flat_paper_field_by_field() -> None:
    data = load_fixture("real/paper_2605.13301.json")
    paper = parse_paper(data)
    assert (
        paper.title
        == "Achieving Gold-Medal-Level Olympiad Reasoning via Simple and Unified Scaling"
    )
    assert paper.summary == data["summary"].strip()
    assert len(paper.authors) == 28
    assert paper.authors[0] == Author("Yafu Li")
    assert paper.published_at == datetime(2026, 5, 13, tzinfo=UTC)
    assert paper.daily_date == date(2026, 5, 15)
    assert paper.upvotes == 140
    assert paper.github_repo == "https://github.com/Simplified-Reasoning/SU-01"
    assert paper.github_stars == 70
    assert paper.project_page == "https://simplified-reasoning.github.io/SU-01"
    assert paper.ai_summary == data["ai_summary"]
    assert paper.ai_keywords == tuple(data["ai_keywords"])
    assert paper.submitted_by == "yaful"
    assert paper.organization is None
    assert paper.url == "https://huggingface.co/papers/2605.13301"
    assert paper.arxiv_url == "https://arxiv.org/abs/2605.13301"
    assert paper.pdf_url == "https://arxiv.org/pdf/2605.13301"
    assert paper.year == 2026


def test_linked_repo_counts_come_from_the_totals() -> None:
    paper = parse_paper(load_fixture("paper_1803.03635.json"))
    assert (paper.num_models, paper.num_datasets, paper.num_spaces) == (1, 0, 0)
    assert paper.github_stars == 1166


def test_daily_item_dates_come_from_the_paper_not_the_shifted_envelope() -> None:
    item = load_fixture("real/daily_papers_2026-05-18.json")[0]
    assert item["publishedAt"] == "2026-05-13T20:00:00.000Z"  # New York time labelled Z
    paper = parse_listing([item]).papers[0]
    assert paper.id == "2605.15320"
    assert paper.published_at == datetime(2026, 5, 14, tzinfo=UTC)
    assert paper.daily_date == date(2026, 5, 18)
    assert paper.upvotes == 1
    assert paper.num_comments == 0
    assert paper.submitted_by == "taesiri"
    assert paper.project_page == "https://ffavatar.github.io/"
    assert paper.github_repo is None


def test_daily_dates_of_a_whole_listing_follow_submitted_on_daily_at() -> None:
    data = load_fixture("daily_papers_2026-11-26.json")
    papers = parse_listing(data).papers
    for paper, item in zip(papers, data, strict=True):
        assert paper.daily_date == _iso(item["paper"]["submittedOnDailyAt"]).date()
        assert paper.published_at == _iso(item["paper"]["publishedAt"])
        assert paper.num_comments == item["numComments"]
        assert paper.upvotes == item["paper"]["upvotes"]


def test_search_items_have_no_daily_date_and_keep_author_handles() -> None:
    data = load_fixture("real/search_kazakh_2025-05.json")
    paper = parse_listing(data).papers[0]
    assert paper.id == "2404.04487"
    assert paper.daily_date is None
    assert paper.submitted_by is None
    # The author objects carry the handle only under "user": the fallback finds it.
    assert paper.authors[0] == Author("Rustem Yeshpanov", "yeshpanovrustem")
    assert paper.authors[1] == Author("Pavel Efimov", "pefimov")


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ({"name": "by-name", "user": "by-user"}, "by-name"),
        ({"user": "only-user"}, "only-user"),
        ({"name": "", "user": "empty-name"}, "empty-name"),
        ({"fullname": "No Handle"}, None),
    ],
)
def test_submitter_handle_reads_name_then_user(user: dict[str, str], expected: str | None) -> None:
    item = copy.deepcopy(load_fixture("real/daily_papers_2026-05-18.json")[0])
    del item["paper"]["submittedOnDailyBy"]
    item["submittedBy"] = user
    assert parse_listing([item]).papers[0].submitted_by == expected


def test_hard_wrapped_titles_and_abstracts_are_joined() -> None:
    data = load_fixture("real/search_llama3_herd_2025-05.json")
    raw = data[1]["paper"]
    assert "\n  " in raw["title"]
    paper = parse_listing(data).papers[1]
    assert paper.title == " ".join(raw["title"].split())
    assert "\n" not in paper.title
    assert "\n\n" not in raw["summary"]
    assert paper.summary == " ".join(raw["summary"].split())


def test_paragraph_breaks_survive_while_single_wraps_join() -> None:
    item = copy.deepcopy(load_fixture("paper_2101.05490.json"))
    item["summary"] = "First line\nwraps here.\n\nSecond   paragraph\r\n  also wraps."
    assert parse_paper(item).summary == "First line wraps here.\n\nSecond paragraph also wraps."


def test_wrong_types_are_read_leniently() -> None:
    data = load_fixture("bad/daily_papers_wrong_types.json")
    papers = parse_listing(data).papers
    assert data[0]["paper"]["upvotes"] == "13"
    assert papers[0].upvotes == 13
    assert data[1]["numComments"] == "0"
    assert papers[1].num_comments == 0
    assert data[2]["paper"]["publishedAt"] == 1520553600000
    assert papers[2].published_at == datetime(2018, 3, 9, tzinfo=UTC)
    assert data[3]["paper"]["authors"] == ["Pranav Jeevan", "Kavitha Viswanathan"]
    assert papers[3].authors == (Author("Pranav Jeevan"), Author("Kavitha Viswanathan"))
    keywords = data[4]["paper"]["ai_keywords"]
    assert isinstance(keywords, str)
    assert ", ".join(papers[4].ai_keywords) == keywords


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), (12.0, 12), ("²", None), ("١٢", None), (10**30, None),
     (1e300, None), (True, None), ("many", None), (-5, None), (-2.5, None), (0.0, 0)],
)  # fmt: skip
def test_hostile_numbers_become_unknown_not_crashes(value: Any, expected: int | None) -> None:
    item = copy.deepcopy(load_fixture("real/daily_papers_2026-05-18.json")[0])
    item["paper"]["upvotes"] = item["paper"]["githubStars"] = item["numComments"] = value
    paper = parse_listing([item]).papers[0]
    assert paper.upvotes == (expected or 0)
    assert paper.github_stars == paper.num_comments == expected
    assert orjson.loads(orjson.dumps(paper.to_record()))["id"] == "2605.15320"


def test_a_record_without_id_is_skipped_and_counted() -> None:
    data = load_fixture("bad/daily_papers_missing_paper_id.json")
    result = parse_listing(data)
    assert result.skipped == 1
    assert [p.id for p in result.papers] == ["1711.09846", "1506.00019", "2209.14624", "1809.08895"]


@pytest.mark.parametrize(
    "broken",
    [
        {"paper": {"title": "t", "summary": "s"}},  # no id
        {"paper": {"id": "not-an-id", "title": "t", "summary": "s"}},
        {"paper": {"id": "2101.05490", "summary": "s"}},  # no title
        {"paper": {"id": "2101.05490", "title": "t"}},  # no abstract
        {"paper": {"id": "2101.05490", "title": 5, "summary": "s"}},
        "a string",
        None,
        [],
    ],
)
def test_each_unusable_record_is_skipped_not_fatal(broken: Any) -> None:
    good = load_fixture("real/daily_papers_2026-05-18.json")[0]
    result = parse_listing([good, broken, good])
    assert [p.id for p in result.papers] == ["2605.15320"]  # duplicates from paging are dropped
    assert result.skipped == 1


@pytest.mark.parametrize("data", [{"error": "nope"}, "text", 3, None, True])
def test_a_listing_that_is_not_a_list_is_a_bad_response(data: Any) -> None:
    with pytest.raises(BadResponseError, match="instead of a list"):
        parse_listing(data)


@pytest.mark.parametrize("data", [[], "text", {"title": "no id"}, {"id": "2101.05490"}])
def test_an_unusable_paper_is_a_bad_response(data: Any) -> None:
    with pytest.raises(BadResponseError):
        parse_paper(data)


HOSTILE = "\x1b[2J\x1b]0;owned\x07\x9b31m\x07\x00\x08\x7f\x85\x1bc"


def test_terminal_control_is_removed_from_every_text_field() -> None:
    item = copy.deepcopy(load_fixture("real/daily_papers_2026-05-18.json")[1])
    paper = item["paper"]
    item["title"] = f"Safe{HOSTILE} title"
    paper["summary"] = f"An{HOSTILE} abstract"
    paper["authors"] = [{"name": f"Ada{HOSTILE} Lovelace", "user": f"ada{HOSTILE}"}]
    paper["ai_summary"] = f"AI{HOSTILE} summary"
    paper["ai_keywords"] = [f"key{HOSTILE}word"]
    paper["submittedOnDailyBy"] = {"name": f"sub{HOSTILE}mitter"}
    paper["organization"] = {"fullname": f"Org{HOSTILE}"}
    paper["githubRepo"] = f"https://github.com/a/b{HOSTILE}"
    paper["projectPage"] = f"https://example.org/{HOSTILE}"
    result = parse_listing([item])
    assert result.skipped == 0
    parsed = result.papers[0]
    for text in text_fields(parsed):
        assert not CONTROL.search(text), repr(text)
        assert "owned" not in text and "31m" not in text and "[2J" not in text
    assert parsed.title == "Safe title"
    assert parsed.summary == "An abstract"
    assert parsed.authors == (Author("Ada Lovelace", "ada"),)
    assert parsed.ai_keywords == ("keyword",)
    assert parsed.github_repo == "https://github.com/a/b"


def test_bidi_overrides_are_removed_but_right_to_left_text_stays() -> None:
    item = copy.deepcopy(load_fixture("paper_2101.05490.json"))
    item["title"] = "Safe \u202egnp.exe\u202c title \u2067isolated\u2069 \u05e9\u05dc\u05d5\u05dd"
    parsed = parse_paper(item)
    assert parsed.title == "Safe gnp.exe title isolated \u05e9\u05dc\u05d5\u05dd"


def test_only_http_links_are_kept() -> None:
    item = copy.deepcopy(load_fixture("paper_2101.05490.json"))
    item["githubRepo"] = "javascript:alert(1)"
    item["projectPage"] = "file:///etc/passwd"
    paper = parse_paper(item)
    assert paper.github_repo is None
    assert paper.project_page is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2605.15320", "2605.15320"),
        ("2605.15320v3", "2605.15320"),
        (" arXiv:1506.00019v1 ", "1506.00019"),
        ("https://arxiv.org/abs/2101.05490", "2101.05490"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("1234.5", None),
        ("../etc/passwd", None),
        ("", None),
        ("\u0662\u0666\u0661\u0661.\u0668\u0660\u0660\u0661\u0661", None),  # Arabic-Indic
        ("2605.1532\uff10", None),  # a fullwidth digit
        ("hep-th/990100\u0661", None),
    ],
)
def test_normalize_arxiv_id(raw: str, expected: str | None) -> None:
    assert normalize_arxiv_id(raw) == expected


def test_records_round_trip_for_every_fixture_paper() -> None:
    for name in LISTINGS:
        for paper in parse_listing(load_fixture(name)).papers:
            assert Paper.from_record(paper.to_record()) == paper


def test_json_shape_has_the_documented_fields() -> None:
    paper = parse_paper(load_fixture("real/paper_2605.13301.json"))
    data = paper.to_json()
    assert data["authors"][:2] == ["Yafu Li", "Runzhe Zhan"]
    assert data["published_at"] == "2026-05-13T00:00:00Z"
    assert data["daily_date"] == "2026-05-15"
    assert data["num_comments"] is None
    assert data["ai_keywords"] == list(paper.ai_keywords)
    assert {
        "id",
        "title",
        "summary",
        "upvotes",
        "github_repo",
        "github_stars",
        "project_page",
        "ai_summary",
        "url",
        "arxiv_url",
        "pdf_url",
    } <= data.keys()


# --- Hypothesis: nothing but BadResponseError, whatever arrives ------------------------------

# Numbers a hostile server might send: past 64 bits, non-ASCII digits ("²" passes isdigit()).
odd_numbers = st.sampled_from([10**30, -(2**70), 1e300, "²", "١٢", " 7 ", "1e3", float("inf")])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | odd_numbers,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
# Item-shaped values reach deeper into the parser than arbitrary JSON does.
paper_like = st.fixed_dictionaries(
    {"id": st.sampled_from(["2605.15320", "1506.00019v2", "x"]) | json_values},
    optional={
        key: json_values | st.text()
        for key in (
            "title",
            "summary",
            "authors",
            "publishedAt",
            "submittedOnDailyAt",
            "upvotes",
            "githubRepo",
            "githubStars",
            "projectPage",
            "ai_summary",
            "ai_keywords",
            "organization",
            "submittedOnDailyBy",
            "withdrawnAt",
            "linkedModels",
            "numTotalModels",
        )
    },
)
item_like = st.fixed_dictionaries(
    {"paper": paper_like},
    optional={
        "title": json_values | st.text(),
        "summary": json_values,
        "numComments": json_values,
        "submittedBy": json_values,
        "organization": json_values,
    },
)


@settings(max_examples=300, deadline=None)
@given(json_values | st.lists(item_like | json_values, max_size=5))
def test_arbitrary_json_into_parse_listing(data: Any) -> None:
    try:
        result = parse_listing(data)
    except BadResponseError:
        return
    for paper in result.papers:
        assert isinstance(paper.title, str) and paper.title
        assert all(not CONTROL.search(text) for text in text_fields(paper))
        assert Paper.from_record(orjson.loads(orjson.dumps(paper.to_record()))) == paper
        orjson.dumps(paper.to_json())  # the cache and --json must be able to write it


@settings(max_examples=300, deadline=None)
@given(json_values | paper_like | item_like)
def test_arbitrary_json_into_parse_paper(data: Any) -> None:
    try:
        paper = parse_paper(data)
    except BadResponseError:
        return
    assert normalize_arxiv_id(paper.id) == paper.id
    assert all(not CONTROL.search(text) for text in text_fields(paper))
    assert Paper.from_record(orjson.loads(orjson.dumps(paper.to_record()))) == paper
