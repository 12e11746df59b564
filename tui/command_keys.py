"""The config's ``[commands]`` as key bindings of the app, and their palette entries.

Each command becomes a binding on the app (id ``command-N``, the command as its description),
so the key bar and the palette list it and it works on every screen that shows a paper. A key
Textual does not know, or one some screen already uses, is reported when the reader starts and
the command is left unbound: a key that silently does something else would be worse.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingsMap
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.keys import Keys, _normalize_key_list  # pinned Textual: see pyproject

from tui.core.pipes import UserCommand

if TYPE_CHECKING:
    from tui.app import PapersApp

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_NAMED = {value.rsplit("+", 1)[-1] for value in Keys} | {"enter", "space", "tab", "backspace"}
_STEP_SEPARATORS = {"&&", "||", ";", "&"}
DESCRIPTION_WIDTH = 16
"""Characters of a command's program name in the key bar (the help and the palette show the
whole command)."""


def key_problem(key: str) -> str | None:
    """Why ``key`` (Textual's long form) can never be pressed, or None."""
    *modifiers, base = key.split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown or not base:
        return f"{key!r} is not a key (modifiers are {', '.join(sorted(MODIFIERS))})"
    if (len(base) == 1 and base.isprintable()) or base in _NAMED:
        return None
    try:
        unicodedata.lookup(base.replace("_", " "))  # Textual's name of a character
    except KeyError:
        return f"{key!r} is not a key Textual knows (try `textual keys`)"
    return None


def taken_keys(bindings: Iterable[BindingsMap], keymap: Mapping[str, str]) -> dict[str, str]:
    """Key -> what it does now, over ``bindings`` with the user's keymap applied."""
    normalized = {id: _normalize_key_list(keys) for id, keys in keymap.items()}
    taken: dict[str, str] = {}
    for bindings_map in bindings:
        copy = bindings_map.copy()
        if normalized:
            copy.apply_keymap(normalized)
        for key, binding in copy:
            taken.setdefault(key, binding.id or binding.action)
    return taken


def command_bindings(
    commands: Sequence[UserCommand], taken: Mapping[str, str]
) -> tuple[list[Binding], list[str]]:
    """One binding per usable command key; the problems of the others."""
    bindings: list[Binding] = []
    problems: list[str] = []
    used = dict(taken)
    for command in commands:
        for key in _normalize_key_list(command.keys).split(","):
            key = key.strip()
            problem = key_problem(key)
            if problem is None and key in used:
                problem = f"'{key}' is already bound to {used[key]}"
            if problem is not None:
                problems.append(f"[commands] {problem}; {command.template!r} left unbound")
                continue
            used[key] = command.binding_id
            bindings.append(
                Binding(
                    key,
                    f"app.run_command({command.number})",
                    program_name(command.template),
                    id=command.binding_id,
                    tooltip=f"Run: {command.template}",
                )
            )
    return bindings, problems


def program_name(template: str) -> str:
    """What the key bar calls a command: the program its last step runs (``zotero-add``,
    ``xdg-open``; ``cd ~/refs && make`` is ``make``), cut short."""
    import shlex

    lexer = shlex.shlex(template, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:  # unbalanced quotes: the shell will say so when it runs
        words = template.split()
    steps = [i for i, word in enumerate(words) if word in _STEP_SEPARATORS]
    last = words[steps[-1] + 1 :] if steps else words
    name = os.path.basename(last[0]) if last else template.strip()
    return name if len(name) <= DESCRIPTION_WIDTH else name[: DESCRIPTION_WIDTH - 1] + "…"


class ShellCommands(Provider):
    """The palette's entries for `|` and the ``[commands]`` (when a paper is current)."""

    def _entries(self) -> list[tuple[str, partial[None], str]]:
        app: PapersApp = self.app  # type: ignore[assignment]
        if app.current_paper(self.screen) is None:  # the screen under the palette
            return []
        from tui.app import PapersApp
        from tui.keys import rows_of

        keys = {binding.id: app.get_key_display(binding) for binding in app.command_keys}
        rows = rows_of(PapersApp, app.get_key_display, app.config.keymap)
        pipe_key = next((row.shown for row in rows if row.binding_id == "pipe-paper"), "|")
        entries = [
            (
                "Pipe the paper to a command…",
                partial(app.action_pipe_paper),
                f"The paper as {app.config.pipe_format} on its stdin (key: {pipe_key})",
            )
        ]
        for command in app.config.commands:
            key = keys.get(command.binding_id)
            help_text = f"Your command (key: {key})" if key else "Your command"
            entries.append(
                (f"Run: {command.template}", partial(app.action_run_command, command.number),
                 help_text)
            )  # fmt: skip
        return entries

    async def discover(self) -> Hits:
        for title, run, help_text in self._entries():
            yield DiscoveryHit(Content(title), run, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, run, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, Content(title), run, text=title, help=help_text)
