"""Synthetic papers in the real Daily Papers shape, for benchmarks and tests at any size.

Words, authors and numbers come from a seeded generator, so every run measures the same data.
Every title starts with ``MARKER``: the benchmarks wait for it to reach the screen, whatever
the sort order puts first.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

MARKER = "Zqx"

_WORDS = (
    "neural network transformer diffusion sparse attention learning model training data "
    "scaling reasoning language vision graph reinforcement policy agent benchmark robust "
    "efficient latent representation contrastive generative retrieval memory optimisation "
    "quantisation inference multimodal video audio protein molecule code mathematics proof"
).split()
_NAMES = "Ada Alan Grace Yann Geoffrey Fei-Fei Andrew Ilya Oriol Demis Jürgen Kaiming".split()
_SURNAMES = (
    "Lovelace Turing Hopper LeCun Hinton Li Ng Sutskever Vinyals Hassabis He Schmidhuber".split()
)


def daily_items(count: int, seed: int = 7, day: date = date(2026, 11, 26)) -> list[dict[str, Any]]:
    """``count`` daily items as ``/api/daily_papers`` returns them, newest day first."""
    rng = random.Random(seed)
    items = []
    for index in range(count):
        paper_day = day - timedelta(days=index // 50)
        arxiv_id = f"{(paper_day.year % 100):02d}{paper_day.month:02d}.{10000 + index % 90000:05d}"
        words = rng.sample(_WORDS, 7)
        title = f"{MARKER} {index:05d} " + " ".join(words[:5]).title()
        summary = " ".join(rng.choice(_WORDS) for _ in range(180)).capitalize() + "."
        authors = [
            {
                "_id": f"{index:012x}{a:012x}",
                "name": f"{rng.choice(_NAMES)} {rng.choice(_SURNAMES)}",
                "hidden": False,
            }
            for a in range(rng.randint(1, 12))
        ]
        paper = {
            "id": arxiv_id,
            "authors": authors,
            "publishedAt": f"{paper_day - timedelta(days=2)}T00:00:00.000Z",
            "submittedOnDailyAt": f"{paper_day}T09:00:00.000Z",
            "title": title,
            "summary": summary,
            "upvotes": rng.randint(0, 300),
            "discussionId": f"{index:024x}",
            "ai_summary": " ".join(words).capitalize() + ".",
            "ai_keywords": words[:4],
        }
        if index % 3 == 0:
            paper["githubRepo"] = f"https://github.com/example/repo-{index}"
            paper["githubStars"] = rng.randint(0, 5000)
        items.append(
            {
                "paper": paper,
                "publishedAt": f"{paper_day - timedelta(days=2)}T00:00:00.000Z",
                "title": title,
                "summary": summary,
                "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{arxiv_id}.png",
                "numComments": rng.randint(0, 20),
                "submittedBy": {
                    "_id": "0" * 24,
                    "name": "bench",
                    "fullname": "Bench",
                    "type": "user",
                },
                "isAuthorParticipating": False,
            }
        )
    return items
