"""The main screen's keys: every binding with its id (the keymap's handle) and tooltip (the
help's words), and when each applies. The help screen, README's key table and the keymap check
read them from here through :mod:`tui.keys`; ``MainScreen.BINDINGS`` is this list."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import Binding, BindingType

MAIN_KEYS: list[BindingType] = [
    Binding("b", "toggle_bookmark", "Bookmark", id="toggle-bookmark",
            tooltip="Bookmark the paper, or remove its bookmark"),
    Binding("m", "toggle_read", "Read/unread", id="toggle-read",
            tooltip="Mark the paper read or unread"),
    Binding("n", "next_unread(1)", "Next unread", id="next-unread",
            tooltip="Open the next unread paper (past a day's last one: the day before)"),
    Binding("N", "next_unread(-1)", "Previous unread", show=False, id="previous-unread",
            tooltip="Open the previous unread paper"),
    Binding("J", "step(1)", "Next paper", show=False, id="next-paper",
            tooltip="Open the next paper, from the abstract too"),
    Binding("K", "step(-1)", "Previous paper", show=False, id="previous-paper",
            tooltip="Open the previous paper, from the abstract too"),
    Binding("A", "mark_all_read", "All read", show=False, id="mark-all-read",
            tooltip="Mark every paper in the view read (with a filter on, the matches)"),
    Binding("z", "undo", "Undo", id="undo",
            tooltip="Undo the last change: read, all read, bookmark, note, tags"),
    Binding("e", "edit_note", "Note", show=False, id="edit-note",
            tooltip="Write a note on the paper (bookmarks it)"),
    Binding("number_sign", "edit_tags", "Tags", show=False, id="edit-tags",
            tooltip="Tag the paper (bookmarks it); # in the filter keeps a tag"),
    Binding("u", "unread_only", "Unread only", show=False, id="unread-only",
            tooltip="Show only unread papers, or all again"),
    Binding("R", "read_paper", "Read", id="read-paper",
            tooltip="Read the paper's full text, here in the terminal"),
    Binding("L", "linked", "Models…", show=False, id="linked-repos",
            tooltip="The models, datasets and Spaces citing the paper: open one"),
    Binding("c", "copy_citation", "Cite", id="copy-citation",
            tooltip="Copy a citation in the default format"),
    Binding("C", "pick_citation", "Cite as…", show=False, id="pick-citation",
            tooltip="Choose a citation format, with a preview"),
    Binding("o", "open('page')", "HF page", show=False, id="open-page",
            tooltip="Open the paper's Hugging Face page in the browser"),
    Binding("p", "open('pdf')", "PDF", show=False, id="open-pdf",
            tooltip="Open the PDF in the browser"),
    Binding("a", "open('arxiv')", "arXiv", show=False, id="open-arxiv",
            tooltip="Open the arXiv page in the browser"),
    Binding("O", "open('github')", "GitHub", show=False, id="open-github",
            tooltip="Open the paper's GitHub repository"),
    Binding("W", "open('project')", "Project page", show=False, id="open-project",
            tooltip="Open the paper's project page"),
    Binding("left_square_bracket", "shift(-1)", "Previous", id="previous-period",
            tooltip="Previous day, week or month"),
    Binding("right_square_bracket", "shift(1)", "Next", id="next-period",
            tooltip="Next day, week or month"),
    Binding("t", "today", "Today", show=False, id="today", tooltip="Go to today"),
    Binding("1", "view('day')", "Day", show=False, id="view-day", tooltip="Day view"),
    Binding("2", "view('week')", "Week", show=False, id="view-week", tooltip="Week view"),
    Binding("3", "view('month')", "Month", show=False, id="view-month",
            tooltip="Month view"),
    Binding("4", "view('trending')", "Trending", show=False, id="view-trending",
            tooltip="Trending papers"),
    Binding("5", "view('bookmarks')", "Bookmarks", show=False, id="view-bookmarks",
            tooltip="Your bookmarks"),
    Binding("slash", "filter", "Filter", id="filter",
            tooltip="Narrow the list as you type (title, authors, abstract, keywords)"),
    Binding("escape", "clear_filter", "Clear filter", id="clear-filter",
            tooltip="Show every paper again"),
    Binding("S", "search", "Search", id="search", tooltip="Search Hugging Face papers"),
    Binding("s", "cycle_sort", "Sort", show=False, id="cycle-sort",
            tooltip="Sort by upvotes, date, comments or GitHub stars"),
    Binding("r", "refresh", "Refresh", show=False, id="refresh",
            tooltip="Fetch fresh papers now"),
    Binding("space,pagedown", "scroll_detail(1)", "Scroll", show=False,
            id="scroll-detail-down", tooltip="Scroll the abstract down a page"),
    Binding("pageup", "scroll_detail(-1)", "Scroll up", show=False,
            id="scroll-detail-up", tooltip="Scroll the abstract up a page"),
]  # fmt: skip
"""In the list and the abstract; the app adds quit and help, the widgets their own keys."""


def paper_key(binding_id: str, **changes: Any) -> Binding:
    """The main screen's binding of ``binding_id``, with ``changes``: another screen acting on
    one paper (the paper reader) shares its key, words and keymap id."""
    binding = next(b for b in MAIN_KEYS if isinstance(b, Binding) and b.id == binding_id)
    return replace(binding, **changes)


NEEDS_PAPER = {
    "toggle_bookmark", "toggle_read", "copy_citation", "pick_citation", "open", "edit_note",
    "edit_tags", "step", "read_paper", "linked",
}  # fmt: skip


def key_applies(action: str, *, has_paper: bool, dated: bool, filtered: bool) -> bool | None:
    """``check_action``'s answer: None greys a key out (no paper under the cursor, a view
    that does not move in time), False hides it (nothing to clear)."""
    if action in NEEDS_PAPER and not has_paper:
        return None
    if action == "shift" and not dated:
        return None
    if action == "clear_filter":
        return filtered
    return True
