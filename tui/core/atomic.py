"""Writing files so that a crash or a kill never leaves half of one, and the change is on disk.

Every file hfpapers writes goes through :func:`write_durably`: the store's, the cache's
(:func:`write_atomic`), and the user's own files, an export or the config
(:func:`write_user_file`). A regular file is replaced: a temp file in the same folder, flushed
and fsynced, renamed over the old one, then the folder fsynced; readers see the old file or the
new one. Temp files are named ``.<name>.<random>.tmp``, so whoever owns the folder can find
strays.

What is written is what the name points at, as a shell's ``>`` would:

- a symlink is followed, and its target replaced in the target's folder: the link stays a link
  (a config file kept in a dotfiles repo);
- an existing file keeps its permissions and, where the system allows, its owner; a new one gets
  ``new_mode`` less the umask;
- a file with several hard links is rewritten in place, so every name sees the change; that
  write is durable but not atomic (a crash midway leaves it cut short);
- what is not a regular file (a FIFO, ``/dev/null``, a terminal) is written plainly, and
  ``/dev/stdout``, ``/dev/fd/N`` and ``/proc/self/fd/N`` write to that open descriptor.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"

Signature = tuple[int, int, int]
"""(inode, size, mtime in ns) of a file: it changes whenever the file is replaced."""

# The names of an open descriptor: /dev/stdout (a link to /proc/self/fd/1 on Linux, a device
# on macOS), /dev/fd/N and /proc/self/fd/N. Reopening one would start a new file description
# (at offset 0, truncating what the shell already wrote); writing the descriptor does not.
_DESCRIPTOR_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd|proc/\d+/fd)/(\d+)$")
_STANDARD_STREAMS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_MAX_LINKS = 40


def write_atomic(path: Path, blob: bytes) -> None:
    """Replace ``path`` with ``blob`` durably, creating its folder if need be (the cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_durably(path, blob)


def write_user_file(path: Path | str, blob: bytes) -> None:
    """Write a file the user named (an export, the config), as :func:`write_durably` does.

    A new file gets the usual 0666 less the umask, as any program's would. The folder must
    exist: a mistyped path must not silently create folders.

    Raises:
        OSError: it cannot be written (an empty path, a folder, no such folder, a full disk).
    """
    if not str(path).strip():  # Path("") would be "." instead
        raise FileNotFoundError(errno.ENOENT, "the path is empty")
    if not Path(path).parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder")
    write_durably(Path(path), blob, new_mode=0o666)


def write_durably(
    path: Path, blob: bytes, previous: Signature | None = None, *, new_mode: int = 0o600
) -> Signature:
    """Write ``blob`` to what ``path`` names (see the module docstring); return its signature.

    The mtime is set past ``previous``'s, so the signature changes with every write even when
    the kernel hands the freed inode number out again within one clock tick.
    """
    target = _resolve(path)
    if isinstance(target, int):
        return _write_descriptor(target, blob)
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None and stat.S_ISDIR(old.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if old is not None and not stat.S_ISREG(old.st_mode):
        return _write_plainly(target, blob)
    mtime = max(time.time_ns(), previous[2] + 1000 if previous else 0)
    if old is not None and old.st_nlink > 1:
        return _write_in_place(target, blob, mtime)
    return _replace(target, blob, mtime, old, new_mode)


def _resolve(path: Path) -> Path | int:
    """The file writing ``path`` reaches, following symlinks, or an open descriptor's number."""
    current = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        match = _DESCRIPTOR_PATH.match(current)
        if match or current in _STANDARD_STREAMS:
            return int(match[1]) if match else _STANDARD_STREAMS[current]
        try:
            link = os.readlink(current)
        except OSError:  # not a link (or not there): the rest is for realpath
            break
        current = os.path.join(os.path.dirname(current), link)
    return Path(os.path.realpath(path))


def _replace(
    target: Path, blob: bytes, mtime: int, old: os.stat_result | None, new_mode: int
) -> Signature:
    fd, temp = _create_temp(target, 0o600 if old is not None else new_mode)
    try:
        with os.fdopen(fd, "wb") as file:
            if old is not None:
                _keep_owner_and_mode(file.fileno(), old)
            file.write(blob)
            file.flush()
            os.utime(file.fileno(), ns=(mtime, mtime))
            os.fsync(file.fileno())
            written = os.fstat(file.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(target.parent)
    return signature_of(written)


def _create_temp(target: Path, mode: int) -> tuple[int, Path]:
    """A new temp file beside ``target``; ``mode`` is given to open(), so the umask applies."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temp = target.with_name(f".{target.name}.{os.urandom(4).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(temp, flags, mode), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temp file name", str(target.parent))


def _keep_owner_and_mode(fd: int, old: os.stat_result) -> None:
    """Give the new file the old one's owner (when allowed) and then its permissions
    (chown clears set-user-id bits, so it comes first)."""
    if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(PermissionError):
            os.fchown(fd, old.st_uid, old.st_gid)
    os.fchmod(fd, stat.S_IMODE(old.st_mode))


def _write_in_place(target: Path, blob: bytes, mtime: int) -> Signature:
    """Rewrite a file with several hard links through its inode, so every name sees it."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(fd, blob)
        os.ftruncate(fd, len(blob))
        os.utime(fd, ns=(mtime, mtime))
        os.fsync(fd)
        return signature_of(os.fstat(fd))
    finally:
        os.close(fd)


def _write_plainly(target: Path, blob: bytes) -> Signature:
    """A FIFO or a device: open and write, nothing to rename or sync."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        _write_all(fd, blob)
        return signature_of(os.fstat(fd))
    finally:
        os.close(fd)


def _write_descriptor(fd: int, blob: bytes) -> Signature:
    """Write to an open descriptor (``/dev/stdout``), after what Python has buffered for it."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            if stream.fileno() == fd:
                stream.flush()
    _write_all(fd, blob)
    return signature_of(os.fstat(fd))


def _write_all(fd: int, blob: bytes) -> None:
    view = memoryview(blob)
    while view:
        view = view[os.write(fd, view) :]


def fsync_dir(directory: Path) -> None:
    """Make a rename (or a new entry) in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def signature_of(stat_result: os.stat_result) -> Signature:
    return (stat_result.st_ino, stat_result.st_size, stat_result.st_mtime_ns)


def free_name(path: Path) -> Path:
    """``path``, else ``path-2``, ``path-3``...: never rename over an earlier file."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate
