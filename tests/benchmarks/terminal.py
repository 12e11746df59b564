"""Run a program in a real pseudo-terminal and time what reaches the screen.

The benchmarks measure hfpapers the way a user meets it: a process started in a terminal of a
fixed size, timed until its output shows a marker, then keys typed and timed until the last
byte of the repaint arrives. Escape sequences are stripped before looking for a marker.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Sequence

_ANSI = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]"
)


class TerminalProcess:
    """A child process attached to a pty of ``columns`` x ``rows``."""

    def __init__(
        self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child: size the terminal, then become the program
            columns, rows = size
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            os.execvpe(argv[0], list(argv), env)
        self.pid, self.fd = pid, fd
        self.output = bytearray()
        self._text = b""
        self.rusage: os.struct_rusage | None = None
        self.exit_status: int | None = None

    def _read(self, timeout: float) -> float | None:
        """Read what is available within ``timeout``; the time the last byte came, or None."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the child closed the terminal
            return None
        if not chunk:
            return None
        self.output += chunk
        return time.perf_counter()

    def screen_text(self) -> bytes:
        return _ANSI.sub(b"", bytes(self.output))

    def wait_for(self, marker: str, timeout: float = 30.0) -> float:
        """Seconds from launch until ``marker`` appears in the output."""
        needle = marker.encode()
        deadline = time.perf_counter() + timeout
        scanned = 0
        while time.perf_counter() < deadline:
            arrived = self._read(0.05)
            if arrived is None:
                continue
            # Look only at the new tail (with overlap), so a long session stays cheap.
            start = max(0, scanned - 4096)
            if needle in _ANSI.sub(b"", bytes(self.output[start:])):
                return arrived - self.started
            scanned = len(self.output)
        raise TimeoutError(f"{marker!r} did not appear within {timeout} s")

    def settle(self, quiet: float = 0.5, limit: float = 10.0) -> None:
        """Read until the program has been silent for ``quiet`` seconds."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            if self._read(quiet) is None:
                return

    def type(self, keys: str, quiet: float = 0.05, limit: float = 5.0) -> float:
        """Send ``keys``; seconds until the last byte of the answering repaint.

        The repaint is over once nothing more arrives for ``quiet`` seconds; its last byte's
        time is what counts, so the silence itself is not measured.
        """
        sent = time.perf_counter()
        os.write(self.fd, keys.encode())
        last = None
        deadline = sent + limit
        while time.perf_counter() < deadline:
            arrived = self._read(quiet if last else limit)
            if arrived is None:
                break
            last = arrived
        if last is None:
            raise TimeoutError(f"no repaint after {keys!r}")
        return last - sent

    def quit(self, keys: str = "q", timeout: float = 10.0) -> float:
        """Send ``keys`` and return the seconds until the process has exited."""
        sent = time.perf_counter()
        os.write(self.fd, keys.encode())
        return self.wait_exit(timeout, since=sent)

    def wait_exit(self, timeout: float = 10.0, since: float | None = None) -> float:
        start = since if since is not None else time.perf_counter()
        deadline = start + timeout
        while time.perf_counter() < deadline:
            self._read(0.01)
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.exit_status, self.rusage = status, rusage
                return time.perf_counter() - start
        self.kill()
        raise TimeoutError(f"the program did not exit within {timeout} s")

    def peak_rss_mb(self) -> float:
        """Peak resident memory of the running child (VmHWM), in MB."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM")

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        finally:
            with contextlib.suppress(OSError):
                os.close(self.fd)
