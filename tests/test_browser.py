"""Opening links (tui/browser.py): $BROWSER commands run detached, console browsers skipped,
webbrowser as the fallback, only http(s). The "browser" is a script that reports what it got
over a socket, so the test waits on that connection, not on a clock."""

from __future__ import annotations

import json
import os
import socket
import stat
import sys
import webbrowser
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.browser import browser_commands, open_url

URL = "https://huggingface.co/papers/1803.03635"

FAKE_BROWSER = """#!{python}
import json, os, socket, sys
report = {{
    "args": sys.argv[1:],
    "session": os.getsid(0),
    "stdin": os.readlink("/proc/self/fd/0"),
    "stdout": os.readlink("/proc/self/fd/1"),
}}
with socket.create_connection(("127.0.0.1", int(os.environ["FAKE_BROWSER_PORT"]))) as s:
    s.sendall(json.dumps(report).encode())
"""


@pytest.fixture
def listener(monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(30)
    monkeypatch.setenv("FAKE_BROWSER_PORT", str(server.getsockname()[1]))
    yield server
    server.close()


@pytest.fixture
def fake_browser(tmp_path: Path, listener: socket.socket) -> Path:
    path = tmp_path / "fake-browser"
    path.write_text(FAKE_BROWSER.format(python=sys.executable))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture(autouse=True)
def fresh_webbrowser(monkeypatch: pytest.MonkeyPatch) -> None:
    """webbrowser reads $BROWSER once per process; make it read ours, with no display."""
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)


def received(listener: socket.socket) -> dict[str, object]:
    connection, _ = listener.accept()
    with connection:
        data = b"".join(iter(lambda: connection.recv(4096), b""))
    return json.loads(data)


def test_a_browser_command_gets_the_url_and_runs_detached(
    monkeypatch: pytest.MonkeyPatch, fake_browser: Path, listener: socket.socket
) -> None:
    monkeypatch.setenv("BROWSER", str(fake_browser))
    opened = open_url(URL)
    assert (opened.ok, opened.how) == (True, "fake-browser")
    report = received(listener)
    assert report["args"] == [URL]
    assert report["session"] != os.getsid(0)  # its own session: no signal of ours reaches it
    assert (report["stdin"], report["stdout"]) == ("/dev/null", "/dev/null")


def test_a_placeholder_takes_the_url_where_it_stands(
    monkeypatch: pytest.MonkeyPatch, fake_browser: Path, listener: socket.socket
) -> None:
    monkeypatch.setenv("BROWSER", f"'{fake_browser}' --new-tab=%s --private")
    assert open_url(URL).ok
    assert received(listener)["args"] == [f"--new-tab={URL}", "--private"]


def test_the_first_command_that_exists_is_used(
    monkeypatch: pytest.MonkeyPatch, fake_browser: Path, listener: socket.socket
) -> None:
    monkeypatch.setenv("BROWSER", f"/no/such/browser:lynx:w3m -dump:{fake_browser}")
    opened = open_url(URL)
    assert (opened.ok, opened.how) == (True, "fake-browser")
    assert received(listener)["args"] == [URL]


@pytest.mark.parametrize("console", ["lynx", "w3m", "elinks", "www-browser", "/usr/bin/links"])
def test_a_console_browser_alone_is_never_started(
    monkeypatch: pytest.MonkeyPatch, console: str
) -> None:
    monkeypatch.setenv("BROWSER", console)
    opened = open_url(URL)
    assert not opened.ok
    assert "console" in opened.how


def test_commands_that_cannot_be_started_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER", "/no/such/wslview:/nor/this")
    opened = open_url(URL)
    assert (opened.ok, opened.how) == (False, "no command in $BROWSER could be started")


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://x/y", "https://x/\x1b[2J", ""]
)
def test_only_web_links_are_opened(
    monkeypatch: pytest.MonkeyPatch, fake_browser: Path, url: str
) -> None:
    monkeypatch.setenv("BROWSER", str(fake_browser))
    assert (open_url(url).ok, open_url(url).how) == (False, "not a web link")


def test_characters_a_url_never_holds_are_percent_encoded(
    monkeypatch: pytest.MonkeyPatch, fake_browser: Path, listener: socket.socket
) -> None:
    monkeypatch.setenv("BROWSER", str(fake_browser))
    assert open_url('https://example.com/a b`c"d?q=1&r=é').ok
    assert received(listener)["args"] == ["https://example.com/a%20b%60c%22d?q=1&r=%C3%A9"]


def test_without_browser_webbrowser_chooses(fake_browser: Path, listener: socket.socket) -> None:
    webbrowser.register(
        "fake", None, webbrowser.BackgroundBrowser(str(fake_browser)), preferred=True
    )
    opened = open_url(URL)
    assert opened.ok
    assert received(listener)["args"] == [URL]


def test_browser_commands_split_like_a_shell() -> None:
    environ = {"BROWSER": "firefox --new-window:'/opt/My Browser/run' %s::"}
    assert browser_commands(environ) == [
        ["firefox", "--new-window"],
        ["/opt/My Browser/run", "%s"],
    ]
