"""What the paper list and the detail pane share: line-API scrolling without screen layouts,
and focus changes without repaints.

Textual's ``virtual_size`` is a layout reactive: every change re-lays-out the whole screen
(~25 ms here), and these widgets change it on every paper or filter keystroke. When the
scrollbar neither appears nor disappears, nothing outside the widget moves, so the new size is
set quietly and only the scrollbar's thumb is updated.

Textual repaints a whole widget when it gains or loses focus, and restyles it and its
scrollbars (repainting them too). Nothing of these widgets' looks depends on focus but the
list's cursor row, which the list repaints itself, so `enter` and back (which move focus
between the panes) skip two 28-line repaints (~10 ms each) and a second frame.
"""

from __future__ import annotations

import contextlib
from typing import Self

from textual import events
from textual.dom import NoScreen
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineView(ScrollView):
    """A ScrollView drawn line by line, with cheap size changes and a cached line width."""

    render_width = 0
    """Width of a line in the render pass under way (reading the region per line is slow)."""

    def set_virtual_size(self, size: Size) -> None:
        """Resize the scrollable area; lay out the screen only if the scrollbar toggles."""
        height = self.scrollable_content_region.height
        overflows, will_overflow = self.virtual_size.height > height, size.height > height
        if self.is_mounted and overflows == will_overflow and size.width == self.virtual_size.width:
            self.set_reactive(LineView.virtual_size, size)
            self._scroll_update(size)  # thumb and scroll bounds (Textual-private; pinned)
            self.refresh()
        else:
            self.virtual_size = size

    def render_lines(self, crop: Region) -> list[Strip]:
        self.render_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    # Textual's own three focus methods, minus their full repaint (pinned Textual: pyproject).

    def focus(self, scroll_visible: bool = True) -> Self:
        def set_focus(widget: LineView) -> None:
            with contextlib.suppress(NoScreen):
                widget.screen.set_focus(self, scroll_visible=scroll_visible)

        self.app.call_later(set_focus, self)
        return self

    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()  # Widget's own handler would repaint everything
        self.has_focus = True
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))

    def watch_has_focus(self, has_focus: bool) -> None:
        """No restyle: no rule of these widgets (or their scrollbars) depends on focus, and
        Textual's restyle repaints both scrollbars (a second frame after enter or back)."""
        self.focus_changed()

    def focus_changed(self) -> None:
        """Repaint what shows focus (nothing, here)."""
