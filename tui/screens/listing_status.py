"""The header's status words: where the papers on screen came from, and how fresh they are.

Honest on purpose: a reader that says "No new articles" while offline misleads. The clock is
passed in, so "2 min ago" is the same in every snapshot.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.library import Listing


def status_of(
    listing: Listing | None,
    now: datetime,
    *,
    fetching: bool = False,
    error: str | None = None,
    bookmarks: bool = False,
    updated_at: datetime | None = None,
) -> tuple[str, bool]:
    """The status text and whether it is a warning (offline, failed, demo).

    ``updated_at`` is when fresh papers arrived by the app's clock (used for network
    listings, so a frozen test clock gives frozen words).
    """
    if bookmarks:
        return "saved on this computer", False
    if fetching and (listing is None or listing.source == "network"):
        return "fetching…", False
    if listing is None:
        return ("fetch failed, nothing cached", True) if error else ("loading…", False)
    from tui.core.library import age_text, failure_kind

    moment = updated_at if listing.source == "network" and updated_at else listing.fetched_at
    age = age_text(moment, now) if moment else ""
    failure = None
    if listing.error is not None:
        failure = failure_kind(listing.error)
    elif error:
        failure = "fetch failed"
    if fetching:  # say what is on screen meanwhile
        return ("fetching… · cache from " + age if listing.source == "cache" else
                "fetching… · demo papers"), False  # fmt: skip
    if listing.source == "network":
        return (
            (f"{failure}, showing papers from {age}", True)
            if failure
            else (
                f"updated {age}",
                False,
            )
        )
    if listing.source == "cache":
        if failure:
            return f"{failure}, showing cache from {age}", True
        return f"cached {age}", False
    return (f"demo papers ({failure})", True) if failure else ("demo papers", True)
