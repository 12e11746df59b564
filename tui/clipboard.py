"""Copy text to the user's clipboard wherever they sit: locally, over SSH, inside tmux.

Two ways, and the result always says which one was used:

1. pyperclip, the system clipboard (pbcopy on macOS, wl-copy, xclip or xsel on Linux, the
   Windows clipboard). It fails without those tools, in containers, and over SSH.
2. OSC 52, an escape sequence asking the terminal itself to set the clipboard; it works over
   SSH but gives no acknowledgement, and some terminals ignore it (macOS Terminal, which is
   skipped; others ask the user first). In the reader the app sends it
   (``App.copy_to_clipboard``); on the command line it is written to the terminal (``/dev/tty``,
   else stdout when that is a terminal). Inside tmux it is sent plain (tmux forwards it with
   ``set -g set-clipboard on``) and wrapped in tmux's passthrough (``allow-passthrough on``).

OSC 52 is sent when pyperclip fails, and also after pyperclip succeeded when that copy may not
reach the user: over SSH (pyperclip fills the remote machine's clipboard) and in the reader (it
costs nothing, and a terminal that ignores it loses nothing). Nothing here raises.
"""

from __future__ import annotations

import base64
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

TTY_PATH = "/dev/tty"
OSC52_HINT = "your terminal must allow it"
TMUX_HINT = "inside tmux it needs 'set -g set-clipboard on'"
INSTALL_HINT = "install wl-clipboard, xclip or xsel, or use a terminal that supports OSC 52"
# pyperclip's copy function, once chosen, tells the backend by its name.
_BACKENDS = {
    "copy_xclip": "xclip",
    "copy_xsel": "xsel",
    "copy_wl": "wl-copy",
    "copy_klipper": "Klipper",
    "copy_qt": "Qt",
    "copy_osx_pbcopy": "pbcopy",
    "copy_osx_pyobjc": "the macOS pasteboard",
    "copy_windows": "the Windows clipboard",
    "copy_wsl": "clip.exe",
    "copy_dev_clipboard": "/dev/clipboard",
}


@dataclass(frozen=True, slots=True)
class CopyResult:
    """What :func:`copy` did: ``method`` is the backend ("xclip"), "osc52", both joined by
    "+", or "none"; ``message`` is one line for the user."""

    ok: bool
    method: str
    message: str


def copy(text: str, osc52: Callable[[str], None] | None = None) -> CopyResult:
    """Put ``text`` on the clipboard, by pyperclip and/or OSC 52 (see the module docstring).

    Args:
        text: what to copy.
        osc52: sends OSC 52 for us (the reader passes ``app.copy_to_clipboard``); None writes
            the sequence to the terminal.
    """
    backend, failure = _native_copy(text)
    wants_osc52 = backend is None or osc52 is not None or _over_ssh()
    sent = wants_osc52 and _send_osc52(text, osc52)
    if backend and sent:
        return CopyResult(
            True, f"{backend}+osc52", f"Copied with {backend} and sent to the terminal (OSC 52)"
        )
    if backend:
        return CopyResult(True, backend, f"Copied with {backend}")
    if sent:
        hint = f"{OSC52_HINT}; {TMUX_HINT}" if os.environ.get("TMUX") else OSC52_HINT
        return CopyResult(True, "osc52", f"Sent to the terminal clipboard (OSC 52); {hint}")
    return CopyResult(False, "none", f"Could not copy ({failure}); {INSTALL_HINT}")


def osc52_sequence(text: str) -> str:
    """The OSC 52 sequence setting the clipboard to ``text``."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{payload}\x07"


def tmux_passthrough(sequence: str) -> str:
    """``sequence`` wrapped so tmux hands it to the outer terminal (escapes doubled)."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def terminal_sequence(text: str) -> str:
    """What to write to the terminal for ``text``: inside tmux both the plain sequence and the
    passthrough one, since each works only with its own tmux option."""
    sequence = osc52_sequence(text)
    return sequence + tmux_passthrough(sequence) if os.environ.get("TMUX") else sequence


def _native_copy(text: str) -> tuple[str | None, str | None]:
    """(backend name, None) after a pyperclip copy, or (None, why it failed)."""
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception as error:  # PyperclipException, FileNotFoundError (clip.exe), OSError...
        first_sentence = str(error).split("\n")[0].split(". ")[0].rstrip(".")
        reason = " ".join(first_sentence.split())[:120] or type(error).__name__
        return None, reason
    name = getattr(pyperclip.copy, "__name__", "")
    return _BACKENDS.get(name, "pyperclip"), None


def _over_ssh() -> bool:
    return bool(os.environ.get("SSH_TTY") or os.environ.get("SSH_CONNECTION"))


def _send_osc52(text: str, osc52: Callable[[str], None] | None) -> bool:
    """Send OSC 52 through ``osc52`` or to the terminal; False when it could not be sent."""
    if os.environ.get("TERM_PROGRAM") == "Apple_Terminal":
        return False  # ignores OSC 52; pbcopy works there
    try:
        if osc52 is not None:
            osc52(text)
            return True
        return write_to_terminal(terminal_sequence(text))
    except Exception:
        return False


def write_to_terminal(sequence: str) -> bool:
    """Write ``sequence`` to the controlling terminal, else to stdout if it is one."""
    try:
        fd = os.open(TTY_PATH, os.O_WRONLY | os.O_NOCTTY)  # never creates a file
    except OSError:
        pass
    else:
        try:
            if os.isatty(fd):
                data = sequence.encode("ascii")
                while data:
                    data = data[os.write(fd, data) :]
                return True
        finally:
            os.close(fd)
    if sys.stdout is not None and sys.stdout.isatty():
        sys.stdout.write(sequence)
        sys.stdout.flush()
        return True
    return False
