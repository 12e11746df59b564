"""Replacing a file so that a crash or a kill never leaves half of it, and the change is on disk.

The store's, the cache's and exports' writes go through :func:`write_durably`: a temp file in
the same folder, flushed and fsynced, renamed over the old file, then the folder fsynced.
Readers see the old file or the new one. Temp files are named ``.<name>.<random>.tmp``, so
whoever owns the folder can find strays.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"

Signature = tuple[int, int, int]
"""(inode, size, mtime in ns) of a file: it changes whenever the file is replaced."""


def write_atomic(path: Path, blob: bytes) -> None:
    """Replace ``path`` with ``blob`` durably, creating its folder if need be (cache, export)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_durably(path, blob)


def write_durably(path: Path, blob: bytes, previous: Signature | None = None) -> Signature:
    """Replace ``path`` with ``blob`` durably; return the new file's signature.

    The mtime is set past the previous file's, so the signature changes with every write even
    when the kernel hands the freed inode number out again within one clock tick.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(blob)
            file.flush()
            mtime = max(time.time_ns(), previous[2] + 1000 if previous else 0)
            os.utime(file.fileno(), ns=(mtime, mtime))
            os.fsync(file.fileno())
            stat = os.fstat(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)
    return signature_of(stat)


def fsync_dir(directory: Path) -> None:
    """Make a rename (or a new entry) in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def signature_of(stat: os.stat_result) -> Signature:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def free_name(path: Path) -> Path:
    """``path``, else ``path-2``, ``path-3``...: never rename over an earlier file."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate
