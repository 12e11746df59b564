"""The days hfpapers can mean: from arXiv's first year to the end of 2099.

arXiv began in August 1991, so no paper (and no Daily Papers day) is older; the two-digit years
of arXiv ids stop at 2090. Dates outside are refused on the command line and dropped from
records: year 1 or 9999 would otherwise reach date arithmetic that overflows.
"""

from __future__ import annotations

from datetime import date

FIRST_DAY = date(1991, 1, 1)
LAST_DAY = date(2099, 12, 31)


def in_range(day: date) -> bool:
    """Whether ``day`` lies between :data:`FIRST_DAY` and :data:`LAST_DAY`."""
    return FIRST_DAY <= day <= LAST_DAY


def out_of_range_message(what: str, text: str) -> str:
    """The one line a refused date gets."""
    return f"{what} {text!r} is out of range: dates go from {FIRST_DAY.year} to {LAST_DAY.year}"
