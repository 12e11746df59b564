"""Typed errors of the core, each with a one-line message a person understands.

The CLI maps them to exit codes; the reader shows ``message`` in a notification.
"""

from __future__ import annotations


class HFPapersError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code: int = 3

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(HFPapersError):
    """The paper (or page) does not exist on Hugging Face."""

    exit_code = 1


class NetworkError(HFPapersError):
    """Any failure to get an answer: offline, refused, timed out, rate limited, 5xx."""

    exit_code = 3


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

    exit_code = 4


class StoreError(HFPapersError):
    """The reading-state store could not be read or written (permissions, disk)."""

    exit_code = 5
