"""Opening a link in the user's browser, without taking over the terminal the reader runs in.

The decision, in order:

1. ``$BROWSER``, a ``:``-separated list of commands (the convention ``xdg-open``, ``git`` and
   Python's :mod:`webbrowser` follow): the first one that exists is run with the URL (in place
   of ``%s``, else appended), detached: its own session, no terminal in or out, not waited for.
   So ``wslview``, ``xdg-open`` or a script of one's own work, which :mod:`webbrowser` would
   only run in the foreground. Console browsers (lynx, w3m, ...) are skipped: they would draw
   over the reader.
2. Else :mod:`webbrowser`'s choice, unless that too is a console browser.
3. Else nothing is opened, and :class:`Opened` says so: the caller copies the link instead.

Only http(s) URLs are opened, with anything outside RFC 3986's characters percent-encoded
(quotes, backticks, spaces); the URL is always one argument, never read by a shell of ours.
Textual-free: it runs in a worker thread of the reader.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from urllib.parse import quote

CONSOLE_BROWSERS = frozenset(
    {"lynx", "w3m", "links", "links2", "elinks", "www-browser", "browsh", "carbonyl", "edbrowse"}
)
"""Browsers that run in the terminal, where they would take over the reader's screen."""
_URL_CHARACTERS = "-._~:/?#[]@!$&'()*+,;=%"
"""Reserved and unreserved characters of RFC 3986 (with letters and digits): kept as they are."""


@dataclass(frozen=True, slots=True)
class Opened:
    """What :func:`open_url` did: ``ok`` if a browser was started, and how, for a message."""

    ok: bool
    how: str
    """"wslview", "firefox" (the browser that was started), or why none was."""


def open_url(url: str) -> Opened:
    """Open ``url`` in a graphical browser (see the module docstring); never raises.

    Call it off the UI thread: :mod:`webbrowser` may wait for the browser to start.
    """
    if not url.lower().startswith(("https://", "http://")) or not url.isprintable():
        return Opened(False, "not a web link")
    url = quote(url, safe=_URL_CHARACTERS)
    commands = browser_commands()
    for command in commands:
        if _is_console(command[0]) or shutil.which(command[0]) is None:
            continue
        try:
            _launch_detached(command, url)
        except OSError:
            continue
        return Opened(True, os.path.basename(command[0]))
    if commands and not all(_is_console(command[0]) for command in commands):
        return Opened(False, "no command in $BROWSER could be started")
    return _open_with_webbrowser(url)


def browser_commands(environ: dict[str, str] | None = None) -> list[list[str]]:
    """The commands in ``$BROWSER``, split into arguments (unparsable entries left out)."""
    value = (os.environ if environ is None else environ).get("BROWSER", "")
    commands = []
    for entry in value.split(os.pathsep):
        try:
            words = shlex.split(entry)
        except ValueError:  # an unclosed quote
            continue
        if words:
            commands.append(words)
    return commands


def _is_console(program: str) -> bool:
    return os.path.basename(program) in CONSOLE_BROWSERS


def _launch_detached(command: list[str], url: str) -> None:
    """Start ``command`` with ``url`` and do not wait: its own session, so a terminal signal
    (ctrl-c, closing the window) never reaches it, and no standard stream of ours."""
    if any("%s" in word for word in command):
        args = [word.replace("%s", url) for word in command]
    else:
        args = [*command, url]
    subprocess.Popen(
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def _open_with_webbrowser(url: str) -> Opened:
    import webbrowser  # not at start-up: it costs ~20 ms to import

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return Opened(False, "no browser found")
    name = getattr(browser, "name", "") or type(browser).__name__
    # A GenericBrowser that is not a BackgroundBrowser runs in the foreground, in this
    # terminal: a console browser, or a $BROWSER command that could not be started above.
    if isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
        browser, webbrowser.BackgroundBrowser
    ):
        return Opened(False, f"no graphical browser ({os.path.basename(name)} is a console one)")
    try:
        opened = browser.open(url)
    except Exception as error:  # a browser controller can fail in many ways; never crash
        return Opened(False, f"{name} failed: {error}")
    return Opened(True, name) if opened else Opened(False, f"{name} did not open it")
