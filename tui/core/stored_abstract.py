"""Abstracts left on disk: the reader reads a cached listing's abstracts when it shows them.

A 50,000-paper listing holds ~80 MB of abstracts, and the reader shows one at a time. So a
paper read from a cached listing for the reader keeps where its record is in the file (a
:class:`StoredAbstract`) instead of its abstract. The file stays open while any of its papers
lives: a newer listing saved over it (a rename) does not change what is read, and a record that
can no longer be read (the file damaged in place) reads as a notice, never an error.
"""

from __future__ import annotations

import os
import threading
import weakref
from dataclasses import dataclass
from typing import BinaryIO

import orjson

from tui.core.text import clean_text

UNREADABLE = "(This abstract could not be read again from the cache file. Press R to refresh.)"


class ListingFile:
    """One open listing file, read at offsets; closed once no abstract refers to it."""

    __slots__ = ("__weakref__", "_fd", "_lock")

    def __init__(self, file: BinaryIO) -> None:
        self._fd = os.dup(file.fileno())  # ours to keep when the caller closes its file
        self._lock = threading.Lock()
        weakref.finalize(self, os.close, self._fd)

    def read(self, offset: int, length: int) -> bytes:
        if hasattr(os, "pread"):  # leaves the offset it shares with the loader's file alone
            return os.pread(self._fd, length, offset)
        with self._lock:  # Windows: seek and read as one
            os.lseek(self._fd, offset, os.SEEK_SET)
            return os.read(self._fd, length)


@dataclass(frozen=True, slots=True, eq=False)
class StoredAbstract:
    """Where one paper's record is in an open listing file; :meth:`read` gives its abstract.

    It equals its text, so a paper is the same value however its abstract is held.
    """

    file: ListingFile
    offset: int
    length: int
    paper_id: str

    def read(self) -> str:
        """The abstract, cleaned as when the listing was read, or :data:`UNREADABLE`."""
        try:
            record = orjson.loads(self.file.read(self.offset, self.length))
        except (OSError, orjson.JSONDecodeError):
            return UNREADABLE
        if isinstance(record, dict) and record.get("id") == self.paper_id:
            summary = record.get("summary")
            if isinstance(summary, str):
                return clean_text(summary)  # as tui.core.models cleans every abstract
        return UNREADABLE

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredAbstract | str):
            return self.read() == (other if isinstance(other, str) else other.read())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.read())
