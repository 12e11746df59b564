"""The clipboard: pyperclip when it works, OSC 52 when it does not (or may not reach the user),
a message that says which, and never an exception."""

from __future__ import annotations

import base64
import os
import select
import sys
import tty
from collections.abc import Iterator
from pathlib import Path

import pyperclip
import pytest

from tui import clipboard

TEXT = "@misc{frankle2018lottery, author = {Müller, Zoë and 张伟}}"


@pytest.fixture(autouse=True)
def plain_local_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No SSH, no tmux, no macOS Terminal, and no terminal to write to unless a test adds one."""
    for name in ("SSH_TTY", "SSH_CONNECTION", "TMUX", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(clipboard, "TTY_PATH", str(tmp_path / "no-such-tty"))


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A real pseudo-terminal standing in for /dev/tty; yields the end we read from."""
    master, slave = os.openpty()
    tty.setraw(slave)
    monkeypatch.setattr(clipboard, "TTY_PATH", os.ttyname(slave))
    yield master
    os.close(slave)
    os.close(master)


def read_all(master: int) -> bytes:
    """What the code wrote to the terminal (already there: writes to a pty are synchronous)."""
    data = b""
    while select.select([master], [], [], 0)[0]:
        data += os.read(master, 65536)
    return data


def xclip_works(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    copied: list[str] = []

    def copy_xclip(text: str) -> None:  # named like pyperclip's own backend function
        copied.append(text)

    monkeypatch.setattr(pyperclip, "copy", copy_xclip)
    return copied


def pyperclip_fails(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def copy(text: str) -> None:
        raise error

    monkeypatch.setattr(pyperclip, "copy", copy)


NO_MECHANISM = pyperclip.PyperclipException(
    "Pyperclip could not find a copy/paste mechanism for your system."
)


def test_pyperclip_success_says_which_tool(monkeypatch: pytest.MonkeyPatch, terminal) -> None:
    copied = xclip_works(monkeypatch)
    result = clipboard.copy(TEXT)
    assert copied == [TEXT]
    assert result == clipboard.CopyResult(True, "xclip", "Copied with xclip")
    assert read_all(terminal) == b""  # locally, no escape sequences for nothing


def test_no_mechanism_falls_back_to_osc52_in_the_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip_fails(monkeypatch, NO_MECHANISM)
    sent: list[str] = []
    result = clipboard.copy(TEXT, osc52=sent.append)
    assert sent == [TEXT]
    assert result.ok and result.method == "osc52"
    assert result.message == (
        "Sent to the terminal clipboard (OSC 52); your terminal must allow it"
    )


@pytest.mark.parametrize("error", [NO_MECHANISM, FileNotFoundError(2, "clip.exe"), OSError()])
def test_cli_fallback_writes_osc52_to_the_terminal(
    monkeypatch: pytest.MonkeyPatch, terminal: int, error: Exception
) -> None:
    pyperclip_fails(monkeypatch, error)
    result = clipboard.copy(TEXT)
    assert result.method == "osc52" and "OSC 52" in result.message
    written = read_all(terminal)
    assert written.startswith(b"\x1b]52;c;") and written.endswith(b"\x07")
    payload = written[len(b"\x1b]52;c;") : -1]
    assert base64.b64decode(payload, validate=True).decode("utf-8") == TEXT


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pyperclip's Linux detection")
def test_real_pyperclip_without_any_tool_falls_back(
    monkeypatch: pytest.MonkeyPatch, terminal: int
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pyperclip, "copy", pyperclip.lazy_load_stub_copy)
    monkeypatch.setattr(pyperclip, "paste", pyperclip.lazy_load_stub_paste)
    result = clipboard.copy("hello")
    assert result.method == "osc52"
    assert read_all(terminal) == b"\x1b]52;c;" + base64.b64encode(b"hello") + b"\x07"


def test_inside_tmux_both_plain_and_passthrough_are_sent(
    monkeypatch: pytest.MonkeyPatch, terminal: int
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1234,0")
    pyperclip_fails(monkeypatch, NO_MECHANISM)
    result = clipboard.copy("hi")
    plain = b"\x1b]52;c;aGk=\x07"
    assert read_all(terminal) == plain + b"\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
    assert "set-clipboard on" in result.message


def test_over_ssh_osc52_is_sent_even_after_pyperclip(
    monkeypatch: pytest.MonkeyPatch, terminal: int
) -> None:
    monkeypatch.setenv("SSH_TTY", "/dev/pts/3")
    copied = xclip_works(monkeypatch)
    result = clipboard.copy("hi")
    assert copied == ["hi"]
    assert read_all(terminal) == b"\x1b]52;c;aGk=\x07"
    assert result == clipboard.CopyResult(
        True, "xclip+osc52", "Copied with xclip and sent to the terminal (OSC 52)"
    )


def test_the_reader_always_sends_osc52_too(monkeypatch: pytest.MonkeyPatch) -> None:
    xclip_works(monkeypatch)
    sent: list[str] = []
    result = clipboard.copy("hi", osc52=sent.append)
    assert sent == ["hi"] and result.method == "xclip+osc52"


def test_nowhere_to_copy_says_so_without_raising(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip_fails(monkeypatch, NO_MECHANISM)
    result = clipboard.copy(TEXT)  # no /dev/tty, and pytest's stdout is not a terminal
    assert not result.ok and result.method == "none"
    assert result.message.startswith("Could not copy (Pyperclip could not find a copy/paste")
    assert "xclip" in result.message


def test_macos_terminal_gets_no_osc52(monkeypatch: pytest.MonkeyPatch, terminal: int) -> None:
    monkeypatch.setenv("TERM_PROGRAM", "Apple_Terminal")
    pyperclip_fails(monkeypatch, NO_MECHANISM)
    assert not clipboard.copy("hi").ok
    assert read_all(terminal) == b""


def test_a_failing_callback_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    pyperclip_fails(monkeypatch, NO_MECHANISM)

    def broken(text: str) -> None:
        raise RuntimeError("driver gone")

    assert clipboard.copy("hi", osc52=broken).method == "none"
