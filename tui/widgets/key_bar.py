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

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        gap = " " if self.compact else "  "
        parts: list[str | tuple[str, str]] = []
        seen: set[str] = set()
        bindings = self.screen.active_bindings
        for _node, binding, enabled, _tooltip in bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            parts += [
                gap if parts else " ",
                (key, KEY if enabled else DISABLED),
                " ",
                (binding.description, DESCRIPTION if enabled else DISABLED),
            ]
        hints = Content.assemble(*parts)
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is None or not self.app.ENABLE_COMMAND_PALETTE:
            return hints
        _node, binding, enabled, _tooltip = palette
        key = self.app.get_key_display(binding)
        tail = Content.assemble((key, KEY if enabled else DISABLED), " palette ")
        room = max(0, self.size.width - tail.cell_length - 1)
        hints = hints.truncate(room, ellipsis=hints.cell_length > room, pad=True)
        return Content.assemble(hints, " ", tail)
