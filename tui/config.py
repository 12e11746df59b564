"""The reader's settings: one TOML file in the XDG config dir, read with the stdlib.

A dataclass filled from ``tomllib`` costs nothing at start-up. A bad file (unreadable, not
TOML, a wrong type, an unknown value) never stops the reader: the bad parts fall back to the
defaults and :attr:`Config.problems` says what was wrong, for the app to show at start, not
when a key is pressed. A UTF-8 byte order mark (some Windows editors write one) is accepted.

Example ``~/.config/hfpapers/config.toml``::

    theme = "nord"
    default_view = "latest"     # latest, day, week, month, trending or bookmarks
    refresh_minutes = 30        # 0 turns background refresh off
    citation_format = "bibtex"
    mark_read_on_open = true
    ai_summary_first = false    # true: the AI summary above the abstract

    pipe_format = "json"        # what `|` and [commands] send on stdin: json, bibtex, markdown
    command_timeout = 30        # seconds before a command is stopped

    [keymap]                    # binding id = keys
    toggle-bookmark = "B"

    [commands]                  # keys = a shell command; {placeholders} are shell-quoted
    "ctrl+o" = "xdg-open {pdf_url}"

    [[auto_export]]             # a file rewritten after every bookmark change
    path = "~/thesis/papers.bib"
    tag = "thesis"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import paths
from tui.core.formats import citation_format_problem
from tui.core.views import START_KINDS, ViewKind

if TYPE_CHECKING:  # imported when the file has these settings: the reader's start stays cheap
    from tui.core.auto_export import ExportTarget
    from tui.core.pipes import UserCommand

DEFAULT_THEME = "textual-dark"


@dataclass
class Config:
    """Everything the reader lets a user change."""

    theme: str = DEFAULT_THEME
    """A Textual theme name; changing it in the app writes it back here."""
    default_view: ViewKind = "latest"
    """The view the reader opens on without --date/--week/--month/--trending/--search."""
    refresh_minutes: int = 30
    """Minutes between background refreshes; 0 turns them off."""
    citation_format: str = "bibtex"
    """What `c` copies: one of the six formats, or a CSL style name when the csl extra is
    installed (``tui.core.citation.cite_as`` takes either)."""
    mark_read_on_open: bool = True
    """Opening a paper marks it read."""
    ai_summary_first: bool = False
    """Show Hugging Face's AI summary above the abstract (as the website does), not after it."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. ``{"toggle-bookmark": "B"}``."""
    auto_export: list[ExportTarget] = field(default_factory=list)
    """Files rewritten after every change of bookmarks, notes or tags."""
    pipe_format: str = "json"
    """How `|` and the ``[commands]`` hand the paper to a command's stdin."""
    commands: list[UserCommand] = field(default_factory=list)
    """Shell commands bound to keys (``[commands]``)."""
    command_timeout: float = 30.0  # tui.core.pipes.DEFAULT_TIMEOUT
    """Seconds a command may run before its process group is killed."""
    path: Path | None = None
    """The file this came from (None: defaults only)."""
    problems: list[str] = field(default_factory=list)
    """One line per thing in the file that could not be used."""

    @property
    def export_problems(self) -> list[str]:
        """The problems that leave a ``[[auto_export]]`` file out: the CLI says these when a
        bookmark changes (it has no start-up to report the others at). A file that could not
        be read or parsed at all leaves every one out."""
        return [
            problem
            for problem in self.problems
            if "auto_export" in problem or not problem.startswith("config: ")
        ]


_EXPECTED: dict[str, type] = {
    "theme": str,
    "default_view": str,
    "refresh_minutes": int,
    "citation_format": str,
    "mark_read_on_open": bool,
    "ai_summary_first": bool,
    "keymap": dict,
    "auto_export": list,
    "pipe_format": str,
    "commands": dict,
    "command_timeout": float,
}


def load_config(path: Path | None = None) -> Config:
    """Read the config file (default: the XDG one); a missing file means the defaults."""
    path = path or paths.config_file()
    config = Config(path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError) as error:
        config.problems.append(f"cannot read {path}: {_reason(error)}; using the defaults")
        return config
    import tomllib  # only when there is a file: most starts have none

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{path} is not valid TOML ({error}); using the defaults")
        return config
    _apply(config, data)
    return config


def _apply(config: Config, data: dict[str, Any]) -> None:
    for key, value in data.items():
        expected = _EXPECTED.get(key)
        if expected is None:
            config.problems.append(f"config: unknown setting {key!r} ignored")
            continue
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        # bool is an int in Python; refuse it where a number is meant.
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            config.problems.append(
                f"config: {key} should be a {_type_name(expected)}, not {value!r}; "
                "using the default"
            )
            continue
        problem = _check(key, value)
        if problem:
            config.problems.append(f"config: {problem}; using the default")
            continue
        if key == "keymap" and isinstance(value, dict):
            value = {str(k): v for k, v in value.items() if isinstance(v, str)}
        elif key == "auto_export":
            from tui.core.auto_export import parse_targets

            value, problems = parse_targets(value)
            config.problems.extend(f"config: {problem}" for problem in problems)
        elif key == "commands" and isinstance(value, dict):
            from tui.core.pipes import parse_commands

            value, problems = parse_commands(value)
            config.problems.extend(f"config: {problem}" for problem in problems)
        setattr(config, key, value)


def _check(key: str, value: Any) -> str | None:
    """Why a well-typed value is still unusable, or None."""
    if key == "default_view" and value not in START_KINDS:
        return f"default_view must be one of {', '.join(START_KINDS)}, not {value!r}"
    if key == "refresh_minutes" and not 0 <= value <= 24 * 60:
        return f"refresh_minutes must be between 0 and 1440, not {value}"
    if key == "citation_format":
        return citation_format_problem(value)
    if key in ("pipe_format", "command_timeout"):
        from tui.core.pipes import MAX_TIMEOUT, PIPE_FORMATS

        if key == "pipe_format" and value not in PIPE_FORMATS:
            return f"pipe_format must be one of {', '.join(PIPE_FORMATS)}, not {value!r}"
        if key == "command_timeout" and not 1 <= value <= MAX_TIMEOUT:
            return f"command_timeout must be between 1 and {MAX_TIMEOUT:g} seconds, not {value:g}"
    if key == "keymap":
        bad = [k for k, v in value.items() if not isinstance(v, str) or not v.strip()]
        if bad:
            return f"keymap entries must be key strings (check {', '.join(map(str, bad))})"
    return None


def _type_name(kind: type) -> str:
    names = {str: "string", int: "number", float: "number", bool: "true/false", dict: "table"}
    return names.get(kind, "list of tables")


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


_THEME_LINE = re.compile(r"^\s*theme\s*=.*$", re.MULTILINE)
_TABLE_HEADER = re.compile(r"^\s*\[", re.MULTILINE)


def save_theme(theme: str, path: Path | None = None) -> None:
    """Write ``theme = "..."`` into the config file, keeping every other line as it was.

    Only the top-level ``theme`` line is replaced (or added first); comments, other settings
    and tables are untouched, so the user's hand-written file survives, and so do a symlink to
    it (a dotfiles repo), its permissions and a byte order mark. Raises OSError.
    """
    path = path or paths.config_file()
    line = f"theme = {_toml_string(theme)}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    bom, text = ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)
    header = _TABLE_HEADER.search(text)
    top, rest = (text[: header.start()], text[header.start() :]) if header else (text, "")
    if _THEME_LINE.search(top):
        top = _THEME_LINE.sub(lambda _: line, top, count=1)
    else:
        top = f"{line}\n{top}"
    path.parent.mkdir(parents=True, exist_ok=True)
    from tui.core.atomic import write_user_file  # only when the theme is saved

    write_user_file(path, (bom + top + rest).encode("utf-8"))


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
