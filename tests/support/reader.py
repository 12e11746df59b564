"""Helpers for the reader's Pilot and snapshot tests: a frozen clock, an app that never waits
on retries, a cached listing, and a way to wait for the app to settle without sleeping.

``DAY`` and ``fixture_papers`` (from :mod:`tests.support.fixtures`) are offered here too: the
reader tests use them with the rest."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerState

from tests.support.fixtures import DAY as DAY
from tests.support.fixtures import fixture_papers as fixture_papers
from tui.app import PapersApp
from tui.config import Config
from tui.core.cache import Cache
from tui.core.client import PapersClient
from tui.core.models import Paper
from tui.core.query import Query
from tui.core.views import StartView
from tui.screens.main import MainScreen

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
"""The frozen "now" of every reader test (the project's today)."""


def frozen_clock() -> datetime:
    return NOW


def quick_client() -> PapersClient:
    """A client that fails at once instead of retrying for ten seconds."""
    return PapersClient(retry_budget=0, backoff=0, max_attempts=1, connect_timeout=2)


class Opened(list[str]):
    """An opener that records URLs instead of starting a browser."""

    def __call__(self, url: str) -> bool:
        self.append(url)
        return True


def make_app(
    start: StartView | None = None,
    config: Config | None = None,
    opener: Opened | None = None,
    **kwargs: Any,
) -> PapersApp:
    kwargs.setdefault("client_factory", quick_client)
    return PapersApp(
        config or Config(),
        start=start,
        clock=frozen_clock,
        opener=opener if opener is not None else Opened(),
        **kwargs,
    )


def cache_listing(
    query: Query, papers: Iterable[Paper], age: timedelta = timedelta(hours=3)
) -> None:
    """Put a listing in the (test's own) cache, fetched ``age`` before NOW."""
    Cache().save_listing(query, list(papers), fetched_at=NOW - age)


async def settle(pilot: Pilot[Any], rounds: int = 400) -> MainScreen:
    """Wait until the cached listing is shown and no worker is running (no sleeps: each
    round yields to the event loop until the app has nothing left to do)."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        screen = main_screen(app)
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)
        ready = screen is not None and not screen.cache_pending
        if ready and not busy:
            await pilot.pause()
            return screen
        await app.workers.wait_for_complete()
    raise AssertionError("the reader did not settle")


def main_screen(app: PapersApp) -> MainScreen | None:
    for screen in app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    return None


def notifications(app: PapersApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def no_blink(app: PapersApp) -> None:
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
