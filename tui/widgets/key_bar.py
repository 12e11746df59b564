"""The footer: the keys that apply right now, drawn as one line of text.

Textual's ``Footer`` recomposes one widget per key whenever the bindings may have changed (every
focus change), which cost ~50 ms a time here: opening a paper felt slow. This bar reads the same
``screen.active_bindings`` (so ``check_action`` still hides or dims keys, and the keymap's keys
are shown) and only repaints its line.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

KEY = "bold $footer-key-foreground"
DESCRIPTION = "$footer-description-foreground"
DISABLED = "$text-disabled"
ALWAYS_SHOWN = {"quit", "help"}
"""Binding ids whose hints stay when the bar is too narrow for all of them."""
DROP_FIRST = {
    "search": 0, "previous-period": 1, "next-period": 1, "undo": 2, "toggle-read": 2,
    "filter": 3, "copy-citation": 3,
}  # fmt: skip
"""Hints given up first when the bar is too narrow (then from the right)."""


class KeyBar(Widget):
    """One line of key hints; ``compact`` drops the padding for narrow terminals."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    compact: reactive[bool] = reactive(False)
    _shown: Content | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        """Repaint only if the line changes: bindings are "updated" several times a key (a
        focus change, the header), and a repaint that changes nothing costs a frame."""
        if self.is_mounted and self.size.width and self._line() != self._shown:
            self.refresh()

    def render(self) -> RenderResult:
        self._shown = self._line()
        return self._shown

    def _line(self) -> Content:
        bindings = self.screen.active_bindings
        hints: list[tuple[Content, str | None]] = []  # (hint, binding id)
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            hint = Content.assemble(
                (self.app.get_key_display(binding), KEY if enabled else DISABLED),
                " ",
                (binding.description, DESCRIPTION if enabled else DISABLED),
            )
            hints.append((hint, binding.id))
        tail = Content("")
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, _tooltip = palette
            key = self.app.get_key_display(binding)
            tail = Content.assemble((key, KEY if enabled else DISABLED), " palette ")
        gap = Content(" " if self.compact else "  ")
        room = max(0, self.size.width - tail.cell_length - 1)

        def joined() -> Content:
            return Content(" ") + gap.join(hint for hint, _id in hints)

        # Too narrow: drop the least needed hints first, never the ways out (quit, help).
        line = joined()
        while line.cell_length > room:
            droppable = [i for i, (_hint, id) in enumerate(hints) if id not in ALWAYS_SHOWN]
            if not droppable:
                break
            ranked = sorted(droppable, key=lambda i: (_drop_rank(hints[i][1]), -i))
            del hints[ranked[0]]
            line = joined()
        line = line.truncate(room, ellipsis=line.cell_length > room, pad=True)
        return Content.assemble(line, " ", tail)


def _drop_rank(binding_id: str | None) -> int:
    """When a hint gives way (lowest first): :data:`DROP_FIRST`'s order, then the user's own
    [commands] (they asked for those keys), then the rest."""
    if binding_id is not None and binding_id.startswith("command-"):
        return 4
    return DROP_FIRST.get(binding_id or "", 99)
