"""Handing a paper to a shell command: `|` in the reader, and the config's ``[commands]`` keys.

A command is the user's own shell text (``zotero-add {arxiv_url}``); the placeholders in it
are filled with the paper's values, each quoted with :func:`shlex.quote`, so a title holding
``$(rm -rf ~)`` is one argument, never code. ``{{`` and ``}}`` are literal braces. The paper
also goes to the command's standard input, rendered in the config's ``pipe_format``.

:func:`run_command` runs it in a new session (its own process group) with a timeout, after
which the whole group is killed; its output is read up to a cap, so a chatty command cannot
fill memory, and a background child that keeps the output open (a browser started by
``xdg-open``) does not hold the caller up. Textual-free: the reader runs it in a thread.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from string import Formatter
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # the config imports this module: the reader's start must stay cheap
    from tui.core.models import Paper

PLACEHOLDERS: dict[str, Callable[[Paper], str | None]] = {
    "id": lambda paper: paper.id,
    "title": lambda paper: paper.title,
    "url": lambda paper: paper.url,
    "arxiv_url": lambda paper: paper.arxiv_url,
    "pdf_url": lambda paper: paper.pdf_url,
    "github_repo": lambda paper: paper.github_repo,
}
"""Placeholder name -> the paper's value (None: this paper has none)."""
PIPE_FORMATS = ("json", "bibtex", "markdown")
DEFAULT_TIMEOUT = 30.0
MAX_TIMEOUT = 3600.0
OUTPUT_CAP = 64 * 1024
"""Bytes of each of stdout and stderr kept; the rest is read and dropped."""
OUTPUT_GRACE = 1.0
"""Seconds to wait for the output to end once the command itself has exited (a background
child of it may keep the pipe open for much longer)."""


class TemplateError(ValueError):
    """A command template that cannot be filled (an unknown placeholder, a stray brace)."""


class MissingValue(ValueError):
    """The paper has no value for a placeholder the command needs (no GitHub repository)."""


def template_fields(template: str) -> list[str]:
    """The placeholders ``template`` uses, in order.

    Raises:
        TemplateError: an unknown placeholder, ``{}``, a format spec or conversion
            (``{title!r}``, ``{id:>9}``), or a single ``{`` or ``}`` (write ``{{``, ``}}``).
    """
    try:
        parts = list(Formatter().parse(template))
    except ValueError as error:
        raise TemplateError(f"{error} (write {{{{ and }}}} for literal braces)") from None
    fields = []
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            shown = f"{{{name}}}" if name else "{}"
            raise TemplateError(
                f"unknown placeholder {shown}; use {known}, and {{{{ }}}} for literal braces"
            )
        if spec or conversion:
            raise TemplateError(f"placeholders take no format or conversion: {{{name}}}")
        fields.append(name)
    return fields


def expand(template: str, paper: Paper) -> str:
    """``template`` with each placeholder replaced by the paper's value, shell-quoted.

    Raises:
        TemplateError: see :func:`template_fields`.
        MissingValue: the paper has no value for one of them.
    """
    import shlex

    template_fields(template)
    out = []
    for literal, name, _spec, _conversion in Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        value = PLACEHOLDERS[name](paper)
        if not value:
            raise MissingValue(f"this paper has no {name.replace('_', ' ')} for {{{name}}}")
        out.append(shlex.quote(value))
    return "".join(out)


def render_paper(paper: Paper, fmt: str) -> str:
    """The paper as the command's standard input: ``json`` (the ``show --json`` fields),
    ``bibtex`` (as ``c`` copies it) or ``markdown`` (title, authors, links, abstract).

    Raises:
        ValueError: an unknown format.
    """
    if fmt == "json":
        import json

        return json.dumps(paper.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "bibtex":
        from tui.core.citation import cite

        return cite(paper, "bibtex") + "\n"
    if fmt == "markdown":
        from tui.core.digest import markdown_paper

        return markdown_paper(paper)
    raise ValueError(f"unknown pipe format {fmt!r}; choose one of {', '.join(PIPE_FORMATS)}")


@dataclass(frozen=True, slots=True)
class UserCommand:
    """One ``[commands]`` entry: the keys that run it and its shell text."""

    keys: str
    template: str
    number: int

    @property
    def binding_id(self) -> str:
        return f"command-{self.number}"


def parse_commands(table: Mapping[str, Any]) -> tuple[list[UserCommand], list[str]]:
    """The config's ``[commands]`` table (keys = command); the usable ones and the problems.

    A key's name is checked where the bindings are known (the app), not here.
    """
    commands: list[UserCommand] = []
    problems = []
    for keys, template in table.items():
        where = f"[commands] {keys!r}"
        if not isinstance(template, str) or not template.strip():
            problems.append(f"{where} must be a command (a non-empty string)")
            continue
        if not keys.strip():
            problems.append(f"[commands] has an empty key for {template!r}")
            continue
        try:
            template_fields(template)
        except TemplateError as error:
            problems.append(f"{where}: {error}")
            continue
        commands.append(UserCommand(keys.strip(), template, len(commands) + 1))
    return commands, problems


@dataclass(frozen=True, slots=True)
class RunResult:
    """How a command ended: its exit status (None: it never started, or timed out)."""

    command: str
    status: int | None
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    error: str | None = None
    """Why it could not be started."""
    timeout: float = DEFAULT_TIMEOUT

    @property
    def ok(self) -> bool:
        return self.status == 0

    @property
    def first_line(self) -> str:
        """The first non-blank line of its output (stderr when it failed and said nothing on
        stdout), made safe to show: no escape sequences or control characters."""
        from tui.core.text import clean_line

        streams = (self.stdout, self.stderr) if self.ok else (self.stderr, self.stdout)
        for stream in streams:
            for line in stream.splitlines():
                if line.strip():
                    return clean_line(line, 200)
        return ""

    @property
    def summary(self) -> str:
        """One line for a notification: "`cmd` exited 0: first line"."""
        from tui.core.text import clean_line

        shown = f"`{clean_line(self.command, 60)}`"
        if self.error is not None:
            return f"{shown} could not run: {self.error}"
        if self.timed_out:
            return f"{shown} timed out after {self.timeout:g} s and was stopped"
        if self.status is not None and self.status < 0:
            what = f"was killed by signal {-self.status}"
        else:
            what = f"exited {self.status}"
        line = self.first_line
        return f"{shown} {what}: {line}" if line else f"{shown} {what}"


def run_command(
    command: str, stdin: str = "", timeout: float = DEFAULT_TIMEOUT, *, cap: int = OUTPUT_CAP
) -> RunResult:
    """Run ``command`` with ``/bin/sh -c``, ``stdin`` on its standard input; blocks until it
    ends or ``timeout`` seconds pass (then its process group is killed). Never raises for the
    command's sake: a command that cannot start is a result with ``error`` set.
    """
    try:
        process = subprocess.Popen(
            command,
            shell=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as error:
        return RunResult(command, None, error=error.strerror or str(error), timeout=timeout)
    assert process.stdin is not None and process.stdout is not None
    assert process.stderr is not None
    out, err = _Drain(process.stdout, cap), _Drain(process.stderr, cap)
    feeder = threading.Thread(target=_feed, args=(process.stdin, stdin.encode()), daemon=True)
    feeder.start()
    timed_out = False
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(process)
    deadline = time.monotonic() + OUTPUT_GRACE
    for drain in (out, err):
        drain.thread.join(max(0.0, deadline - time.monotonic()))
    return RunResult(
        command,
        None if timed_out else process.returncode,
        out.text(),
        err.text(),
        timed_out=timed_out,
        timeout=timeout,
    )


def _feed(pipe: IO[bytes], blob: bytes) -> None:
    """Write the paper to the command; one that does not read it is no error."""
    with contextlib.suppress(OSError):
        pipe.write(blob)
    with contextlib.suppress(OSError):
        pipe.close()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(5)


class _Drain:
    """Reads a pipe to its end in a daemon thread, keeping the first ``cap`` bytes."""

    def __init__(self, pipe: IO[bytes], cap: int) -> None:
        self.pipe, self.cap = pipe, cap
        self.kept = bytearray()
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            while chunk := self.pipe.read1(65536):  # type: ignore[attr-defined]
                with self._lock:
                    room = self.cap - len(self.kept)
                    if room > 0:
                        self.kept += chunk[:room]
        with contextlib.suppress(OSError):
            self.pipe.close()

    def text(self) -> str:
        with self._lock:
            return bytes(self.kept).decode("utf-8", errors="replace")
