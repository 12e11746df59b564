"""Models, datasets and Spaces citing a paper: lenient parsing, most liked first, from the
paper answer or the list endpoints, kept in the cache, and the lines and predicates the main
screen uses (tui/core/linked.py and its client, cache and library calls)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer

from tests.support.fixtures import load_fixture, serve_fixture
from tui.core.cache import Cache
from tui.core.client import PapersClient
from tui.core.errors import NetworkError
from tui.core.library import cached_linked, fetch_paper_and_linked, find_linked
from tui.core.linked import (
    LinkedRepos,
    detail_lines,
    from_paper_answer,
    from_record,
    has_models,
    has_space,
    parse_items,
)

LOTTERY = "1803.03635"
MODELS = "linked/models_arxiv_1803.03635.json"


def quick() -> PapersClient:
    return PapersClient(retry_budget=0, backoff=0, max_attempts=1)


def serve_lists(server: HTTPServer) -> None:
    for kind in ("models", "datasets", "spaces"):
        serve_fixture(
            server,
            f"/api/{kind}",
            f"linked/{kind}_arxiv_{LOTTERY}.json",
            {"filter": "arxiv:" + LOTTERY},
        )


def test_items_are_parsed_leniently_and_sorted_most_liked_first() -> None:
    repos = parse_items("model", load_fixture(MODELS))
    assert [(r.id, r.likes, r.downloads, r.tag) for r in repos] == [
        ("fixture-user/winning-ticket-vgg19", 42, 1234, "image-classification"),
        ("fixture-lab/sparse-bert-base", 17, 560, "fill-mask"),
        ("fixture-org/lth-resnet20-cifar10", 3, 41, "image-classification"),
        ("fixture-lab/no-counts", None, None, None),
    ]  # no id, a string item and an id holding an escape sequence are skipped
    assert repos[0].url == "https://huggingface.co/fixture-user/winning-ticket-vgg19"


def test_each_kind_has_its_tag_and_page() -> None:
    [dataset] = parse_items("dataset", load_fixture(f"linked/datasets_arxiv_{LOTTERY}.json"))
    spaces = parse_items("space", load_fixture(f"linked/spaces_arxiv_{LOTTERY}.json"))
    assert (dataset.tag, dataset.url) == (
        "image-classification",
        "https://huggingface.co/datasets/fixture-org/pruned-cifar10-masks",
    )
    assert [(s.id, s.tag) for s in spaces] == [
        ("fixture-org/pruning-explorer", "streamlit"),
        ("fixture-user/lottery-ticket-demo", "gradio"),
    ]
    assert spaces[0].url == "https://huggingface.co/spaces/fixture-org/pruning-explorer"


def test_the_paper_answer_says_which_kinds_it_lists_whole() -> None:
    full, missing = from_paper_answer(LOTTERY, load_fixture("paper_1803.03635.json"))
    assert missing == []
    assert [r.id for r in full.of("model")] == ["fixture-org/lth-resnet20-cifar10"]
    assert (full.total("model"), full.total("dataset"), full.total("space")) == (1, 0, 0)
    _partial, missing = from_paper_answer(
        LOTTERY, load_fixture("linked/partial_models_1803.03635.json")
    )
    assert missing == ["model"]  # 3 models, 1 listed
    old, missing = from_paper_answer("2605.15320", load_fixture("real/paper_2605.15320.json"))
    assert missing == ["model", "dataset", "space"] and old.repos == {}


async def test_client_uses_the_paper_answer_alone_when_it_lists_everything(
    hf_server: HTTPServer,
) -> None:
    serve_fixture(hf_server, f"/api/papers/{LOTTERY}", "paper_1803.03635.json")
    async with quick() as client:
        linked = await client.linked_repos(LOTTERY)
    assert [request.path for request, _ in hf_server.log] == [f"/api/papers/{LOTTERY}"]
    assert linked.complete and linked.fetched_at is not None


async def test_client_asks_the_list_endpoints_for_what_the_answer_lacks(
    hf_server: HTTPServer,
) -> None:
    serve_fixture(hf_server, f"/api/papers/{LOTTERY}", "linked/partial_models_1803.03635.json")
    serve_lists(hf_server)
    async with quick() as client:
        linked = await client.linked_repos(LOTTERY)
    paths = [request.path for request, _ in hf_server.log]
    assert paths == [f"/api/papers/{LOTTERY}", "/api/models"]
    params = dict(hf_server.log[1][0].args)
    assert params == {"filter": f"arxiv:{LOTTERY}", "sort": "likes", "direction": "-1",
                      "limit": "100"}  # fmt: skip
    assert [r.likes for r in linked.of("model")] == [42, 17, 3, None]
    assert linked.total("model") == 4 and linked.complete


async def test_an_old_paper_answer_means_three_list_requests(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, f"/api/papers/{LOTTERY}", "real/paper_2605.15320.json")
    hf_server.clear()
    answer = {**load_fixture("real/paper_2605.15320.json"), "id": LOTTERY}
    hf_server.expect_request(f"/api/papers/{LOTTERY}").respond_with_json(answer)
    serve_lists(hf_server)
    async with quick() as client:
        linked = await client.linked_repos(LOTTERY)
    assert [r.path for r, _ in hf_server.log][1:] == ["/api/models", "/api/datasets", "/api/spaces"]
    assert (linked.total("model"), linked.total("dataset"), linked.total("space")) == (4, 1, 2)


async def test_linked_repos_are_kept_and_served_from_the_cache_for_a_day(
    hf_server: HTTPServer,
) -> None:
    serve_fixture(hf_server, f"/api/papers/{LOTTERY}", "linked/partial_models_1803.03635.json")
    serve_lists(hf_server)
    async with quick() as client:
        fetched = await find_linked(LOTTERY, client=client)
        requests = len(hf_server.log)
        again = await find_linked(LOTTERY, client=client)
    assert (fetched.source, again.source) == ("network", "cache")
    assert len(hf_server.log) == requests  # the second answer came from the cache
    assert again.linked.to_json() == fetched.linked.to_json()
    later = datetime.now(UTC) + timedelta(days=2)
    async with PapersClient("http://127.0.0.1:9", retry_budget=0, max_attempts=1) as offline:
        stale = await find_linked(LOTTERY, client=offline, now=later)
    assert stale.source == "cache" and isinstance(stale.error, NetworkError)


async def test_offline_with_nothing_kept_raises() -> None:
    async with PapersClient("http://127.0.0.1:9", retry_budget=0, max_attempts=1) as offline:
        with pytest.raises(NetworkError):
            await find_linked(LOTTERY, client=offline)


async def test_show_gets_the_linked_repos_from_its_one_request(hf_server: HTTPServer) -> None:
    serve_fixture(hf_server, f"/api/papers/{LOTTERY}", "paper_1803.03635.json")
    async with quick() as client:
        found, linked = await fetch_paper_and_linked(LOTTERY, client=client)
    assert found.paper.id == LOTTERY and len(hf_server.log) == 1
    assert linked is not None and linked.total("model") == 1
    assert cached_linked(LOTTERY) is not None


def test_the_json_fields_say_null_for_unknown_kinds() -> None:
    linked = LinkedRepos(LOTTERY, {"model": parse_items("model", load_fixture(MODELS))})
    fields = linked.to_json()
    assert fields["num_linked_models"] == 4
    assert fields["linked_models"][0] == {
        "id": "fixture-user/winning-ticket-vgg19",
        "likes": 42,
        "downloads": 1234,
        "pipeline_tag": "image-classification",
    }
    assert fields["linked_datasets"] is None and fields["num_linked_spaces"] is None


def test_a_record_round_trips_through_the_cache() -> None:
    linked, _ = from_paper_answer(LOTTERY, load_fixture("paper_1803.03635.json"))
    linked.fetched_at = datetime(2026, 11, 27, tzinfo=UTC)
    Cache().save_linked(linked)
    kept = Cache().load_linked(LOTTERY)
    assert kept is not None and kept.to_record() == linked.to_record()
    assert from_record(linked.to_record()).fetched_at == linked.fetched_at


def test_a_corrupt_cache_record_is_absent() -> None:
    path = Cache().linked_path(LOTTERY)
    path.parent.mkdir(parents=True)
    path.write_text('{"id": "1803.03635", "repos": {"model": [[1]]}}')
    assert Cache().load_linked(LOTTERY) is None


def test_detail_lines_and_predicates_for_the_main_screen() -> None:
    models = parse_items("model", load_fixture(MODELS))
    spaces = parse_items("space", load_fixture(f"linked/spaces_arxiv_{LOTTERY}.json"))
    linked = LinkedRepos(LOTTERY, {"model": models, "dataset": [], "space": spaces},
                         {"model": 12, "dataset": 0, "space": 2})  # fmt: skip
    assert detail_lines(linked) == [
        ("Models", "12: fixture-user/winning-ticket-vgg19 ★42, fixture-lab/sparse-bert-base ★17, "
                   "fixture-org/lth-resnet20-cifar10 ★3, …"),
        ("Spaces", "2: fixture-org/pruning-explorer ★30, fixture-user/lottery-ticket-demo ★12"),
    ]  # fmt: skip
    assert detail_lines(None) == []
    assert has_models(linked) and has_space(linked)
    assert not has_models(None) and not has_space(LinkedRepos(LOTTERY, {"space": []}))
