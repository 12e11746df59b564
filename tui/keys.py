"""The reader's keys, read from the bindings themselves: one source for the `?` screen, README's
key table and the check of the user's ``[keymap]``.

Every binding has an id and a tooltip (tests check it); the keymap replaces a binding's keys by
id, as Textual's ``App.set_keymap`` does at run time. So a key remapped in the config shows
remapped in the help, and a typo or a clash in the keymap is reported when the reader starts
instead of a key that silently does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingsMap, BindingType
from textual.keys import _normalize_key_list, format_key  # pinned Textual: see pyproject

from tui.app import PapersApp
from tui.screens.annotate import NoteEditor, TagsEditor
from tui.screens.choice_picker import ChoicePicker
from tui.screens.cite_picker import CitePicker
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.paper_reader import PaperReaderScreen, SearchBar
from tui.screens.pipe_prompt import PipePrompt
from tui.screens.search import SearchScreen
from tui.widgets.abstract_view import AbstractView
from tui.widgets.filter_input import FilterInput
from tui.widgets.paper_list import PaperList
from tui.widgets.paper_text_view import PaperTextView

Bindable = type[object]
KeyDisplay = Callable[[Binding], str]
SCOPES: list[tuple[str, list[Bindable]]] = [
    ("Paper list", [PaperList]),
    ("Abstract", [AbstractView]),
    ("List and abstract", [MainScreen]),
    ("Full text (R)", [PaperTextView, PaperReaderScreen]),
    ("Anywhere", [PapersApp]),
]
"""What the help screen lists, by where the keys work."""
CHAINS: list[tuple[str, list[Bindable]]] = [
    ("the list", [PaperList, MainScreen, PapersApp]),
    ("the abstract", [AbstractView, MainScreen, PapersApp]),
    ("the filter bar", [FilterInput, MainScreen, PapersApp]),
    ("the help", [HelpScreen, PapersApp]),
    ("the search dialog", [SearchScreen, PapersApp]),
    ("the citation picker", [CitePicker, PapersApp]),
    ("the note editor", [NoteEditor, PapersApp]),
    ("the tags editor", [TagsEditor, PapersApp]),
    ("the full text", [PaperTextView, PaperReaderScreen, PapersApp]),
    ("the paper's search bar", [SearchBar, PaperReaderScreen, PapersApp]),
    ("a list dialog", [ChoicePicker, PapersApp]),
    ("the pipe dialog", [PipePrompt, PapersApp]),
]
"""Where a key press looks for a binding, innermost first: a clash is judged within one."""
PALETTE = ("ctrl+p", "command palette: jump to a paper by title, views, dates, links, themes")


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One binding as the help shows it: its keys, what it does, and its id."""

    keys: tuple[str, ...]
    action: str
    binding_id: str

    @property
    def shown(self) -> str:
        return ", ".join(self.keys)


def bindings_of(cls: Bindable, keymap: Mapping[str, str] | None = None) -> list[Binding]:
    """The bindings ``cls`` declares, with the keymap's keys where it names their id."""
    declared: list[BindingType] = list(getattr(cls, "BINDINGS", []))
    bindings = BindingsMap(declared)
    if keymap:
        bindings.apply_keymap(normalized(keymap))
    return [binding for _key, binding in bindings]


def normalized(keymap: Mapping[str, str]) -> dict[str, str]:
    """Keys in Textual's long form ("?" -> "question_mark"), as ``App.set_keymap`` stores them."""
    return {binding_id: _normalize_key_list(keys) for binding_id, keys in keymap.items()}


def rows_of(
    cls: Bindable, display: KeyDisplay, keymap: Mapping[str, str] | None = None
) -> list[KeyRow]:
    """One row per binding id of ``cls``, in declaration order.

    ``display`` shows a key as the running app does (``App.get_key_display``).
    """
    order = [binding.id for binding in bindings_of(cls) if binding.id]
    keys: dict[str, list[str]] = {}
    actions: dict[str, str] = {}
    for binding in bindings_of(cls, keymap):
        if binding.id is None:
            continue
        shown = display(binding)
        if shown not in keys.setdefault(binding.id, []):
            keys[binding.id].append(shown)
        actions[binding.id] = binding.tooltip or binding.description
    return [KeyRow(tuple(keys[id]), actions[id], id) for id in dict.fromkeys(order) if id in keys]


def help_rows(
    display: KeyDisplay, keymap: Mapping[str, str] | None = None
) -> list[tuple[str, list[KeyRow]]]:
    """The help screen's sections: where the keys work, and their rows."""
    return [
        (title, [row for cls in classes for row in rows_of(cls, display, keymap)])
        for title, classes in SCOPES
    ]


def command_rows(bindings: Iterable[Binding], display: KeyDisplay) -> list[KeyRow]:
    """The config's ``[commands]`` keys (bound by the app at start) as help rows."""
    return [
        KeyRow((display(binding),), binding.tooltip or binding.description, binding.id or "")
        for binding in bindings
    ]


def markdown_table(display: KeyDisplay) -> str:
    """The default keys as README shows them (a test keeps README in step with this)."""
    lines = ["| where | key | action |", "|---|---|---|"]
    for title, rows in help_rows(display):
        for row in rows:
            keys = ", ".join(f"`{key}`".replace("|", "\\|") for key in row.keys)
            lines.append(f"| {title} | {keys} | {row.action} |")
    key, action = PALETTE
    lines.append(f"| Anywhere | `{key}` | {action} |")
    return "\n".join(lines)


def known_ids() -> set[str]:
    """Every binding id a keymap may name."""
    classes = {cls for _where, chain in CHAINS for cls in chain}
    return {binding.id for cls in classes for binding in bindings_of(cls) if binding.id}


def keymap_problems(keymap: Mapping[str, str]) -> list[str]:
    """What is wrong with a keymap: unknown binding ids, and keys it gives two actions.

    A clash counts only where the keymap is involved (one of the two bindings was remapped):
    the defaults shadow each other on purpose (escape leaves the abstract before it clears
    the filter).
    """
    problems = []
    unknown = sorted(set(keymap) - known_ids())
    if unknown:
        problems.append(f"unknown binding id{'s' if len(unknown) > 1 else ''} in [keymap]: "
                        + ", ".join(unknown))  # fmt: skip
    remapped = set(keymap)
    clashes: dict[tuple[str, str, str], list[str]] = {}
    for where, chain in CHAINS:
        for key, ids in _keys_in(chain, keymap).items():
            if len(ids) > 1 and remapped & set(ids):
                clashes.setdefault((key, ids[0], ids[1]), []).append(where)
    for (key, first, second), places in clashes.items():
        problems.append(
            f"'{format_key(key)}' is bound to both {first} and {second} "
            f"(in {', '.join(places)}); the first wins"
        )
    return problems


def _keys_in(chain: Iterable[Bindable], keymap: Mapping[str, str]) -> dict[str, list[str]]:
    """Key -> the distinct binding ids it triggers in a chain, innermost first."""
    found: dict[str, list[str]] = {}
    for cls in chain:
        for binding in bindings_of(cls, keymap):
            ids = found.setdefault(binding.key, [])
            name = binding.id or binding.action
            if name not in ids:
                ids.append(name)
    return found
