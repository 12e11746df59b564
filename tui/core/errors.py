"""Typed errors of the core, each with a one-line message a person understands, and the
command line's exit codes (the one table; README lists it).

The CLI exits with an error's ``exit_code``; the reader shows ``message`` in a notification.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NOT_FOUND = 1
"""Not found (`show` of an unknown paper), or stdout could not be written (a full disk)."""
EXIT_USAGE = 2
"""A bad option, date, id, path or tag: the command line must change."""
EXIT_NETWORK = 3
"""Network or API failure with nothing cached."""
EXIT_BAD_RESPONSE = 4
"""An unusable answer from Hugging Face with nothing cached."""
EXIT_STORE = 5
"""The reading-state store could not be read or written."""
EXIT_INTERRUPTED = 130
"""Ctrl-C, as shells report SIGINT."""


class HFPapersError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code: int = EXIT_NETWORK

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(HFPapersError):
    """The paper (or page) does not exist on Hugging Face."""

    exit_code = EXIT_NOT_FOUND


class OutputError(HFPapersError):
    """Standard output cannot be written (a full disk, an I/O error); a closed pipe is not one:
    it ends a command quietly."""

    exit_code = EXIT_NOT_FOUND


class NetworkError(HFPapersError):
    """Any failure to get an answer: offline, refused, timed out, rate limited, 5xx."""

    exit_code = EXIT_NETWORK


class OfflineError(NetworkError):
    """The API could not be reached at all (DNS, refused, reset, timeout)."""


class SlowAnswerError(NetworkError):
    """No complete answer within the deadline of one request (a stalled or dripping server)."""


class RateLimitedError(NetworkError):
    """HTTP 429 after the retries ran out."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerError(NetworkError):
    """HTTP 5xx (or another unexpected status) after the retries ran out."""


class BadResponseError(HFPapersError):
    """The API answered, but with something that is not the papers JSON we know."""

    exit_code = EXIT_BAD_RESPONSE


class StoreError(HFPapersError):
    """The reading-state store could not be read or written (permissions, disk)."""

    exit_code = EXIT_STORE
