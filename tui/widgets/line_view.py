"""What the paper list and the detail pane share: line-API scrolling without screen layouts.

Textual's ``virtual_size`` is a layout reactive: every change re-lays-out the whole screen
(~25 ms here), and these widgets change it on every paper or filter keystroke. When the
scrollbar neither appears nor disappears, nothing outside the widget moves, so the new size is
set quietly and only the scrollbar's thumb is updated.
"""

from __future__ import annotations

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
