"""What the reader does to one paper, whichever screen it is on: bookmark, mark read, note,
tags, undo, cite, open a link.

The main screen and the paper reader bind the same keys to these, so both behave alike. Each
change goes through the app's :class:`ReadingMarks` (durable when it returns); the screen is
told what to confirm in its header through ``confirm``, and failures are one notification.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from tui.core.errors import StoreError

if TYPE_CHECKING:
    from tui.app import PapersApp
    from tui.core.marks import ReadingMarks
    from tui.core.models import Paper

Confirm = Callable[[str], None]
"""Shows a short confirmation (the screen's header flash)."""

LINKS: dict[str, tuple[str, Callable[[Paper], str | None]]] = {
    "page": ("Hugging Face page", lambda paper: paper.url),
    "pdf": ("PDF", lambda paper: paper.pdf_url),
    "arxiv": ("arXiv page", lambda paper: paper.arxiv_url),
    "github": ("GitHub repository", lambda paper: paper.github_repo),
    "project": ("project page", lambda paper: paper.project_page),
}
"""Link name -> (what to call it, how to find it)."""


class PaperActions:
    """The app's actions on papers; screens call these from their key actions."""

    def __init__(self, app: PapersApp) -> None:
        self.app = app

    @property
    def marks(self) -> ReadingMarks:
        return self.app.marks

    def _failed(self, error: StoreError) -> None:
        self.app.say(f"Could not save reading state: {error}", "error")

    # --- reading state --------------------------------------------------------------------

    def toggle_bookmark(self, paper: Paper, confirm: Confirm) -> None:
        try:
            added = self.marks.toggle_bookmark(paper)
        except StoreError as error:
            self._failed(error)
            return
        confirm("★ bookmarked" if added else "bookmark removed")

    def set_read(self, papers: Iterable[Paper], read: bool, confirm: Confirm | None = None) -> bool:
        """Mark papers read or unread; ``confirm`` says how many changed. False: refused."""
        papers = list(papers)
        try:
            changed = self.marks.set_read(papers, read)
        except StoreError as error:
            self._failed(error)
            return False
        if confirm is not None:
            state = "read" if read else "unread"
            plural = "" if changed == 1 else "s"
            confirm(
                f"marked {state}" if len(papers) == 1 else f"marked {changed} paper{plural} {state}"
            )
        return True

    def edit_note(self, paper: Paper, done: Confirm) -> None:
        """The note dialog; saving bookmarks the paper if need be."""
        from tui.screens.annotate import NoteEditor

        marks = self.marks
        note, tags = marks.notes.get(paper.id), marks.tags.get(paper.id, ())

        def save(text: str | None) -> None:
            if text is None:
                return  # cancelled: nothing is written
            what = "note saved" if text.strip() else "note removed"
            try:
                marks.annotate(paper, text, tags, what)
            except StoreError as error:
                self._failed(error)
                return
            done(what)

        self.app.push_screen(NoteEditor(paper, note), save)

    def edit_tags(self, paper: Paper, done: Confirm) -> None:
        """The tags dialog; saving bookmarks the paper if need be."""
        from tui.screens.annotate import TagsEditor

        marks = self.marks
        note, tags = marks.notes.get(paper.id), marks.tags.get(paper.id, ())

        def save(chosen: list[str] | None) -> None:
            if chosen is None:
                return  # cancelled: nothing is written
            try:
                marks.annotate(paper, note, chosen, "tags changed")
            except StoreError as error:
                self._failed(error)
                return
            saved = marks.tags.get(paper.id, ())
            done("tags: " + " ".join(f"#{tag}" for tag in saved) if saved else "no tags")

        self.app.push_screen(TagsEditor(paper, tags, marks.all_tags()), save)

    def undo(self, confirm: Confirm) -> bool:
        """Take back the newest change of this session; True if one was."""
        try:
            undone = self.marks.undo()
        except StoreError as error:
            self._failed(error)
            return False
        confirm(f"undone: {undone}" if undone else "nothing to undo")
        return undone is not None

    # --- citations and links --------------------------------------------------------------

    def copy_citation(self, paper: Paper) -> None:
        """Copy ``paper``'s citation in the configured format, or CSL style (whose first use
        imports citeproc-py, ~100 ms: made in a thread, never on the UI thread)."""
        from tui.core.formats import CITATION_FORMATS

        fmt = self.app.config.citation_format
        if fmt.lower().strip() in CITATION_FORMATS:
            self._copy_citation(paper, fmt)
        else:
            self.app.run_worker(
                partial(self._copy_citation, paper, fmt, from_thread=True), thread=True,
                group="cite", exit_on_error=False, description=f"cite as {fmt}",
            )  # fmt: skip

    def _copy_citation(self, paper: Paper, fmt: str, from_thread: bool = False) -> None:
        from tui.core.citation import cite_as
        from tui.core.errors import HFPapersError

        app = self.app
        try:
            text = cite_as(paper, fmt)
        except (ValueError, KeyError, HFPapersError) as error:
            message = f"Cannot cite as {fmt!r}: {error}"
            if from_thread:
                app.call_from_thread(app.say, message, "error")
            else:
                app.say(message, "error")
            return
        if from_thread:
            app.call_from_thread(app.copy_text, text, f"{fmt} citation")
        else:
            app.copy_text(text, f"{fmt} citation")

    def pick_citation(self, paper: Paper) -> None:
        """The citation picker for ``paper``; the chosen citation is copied."""
        from tui.screens.cite_picker import CitePicker

        def copy(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                self.app.copy_text(choice[1], f"{choice[0]} citation")

        self.app.push_screen(CitePicker(paper), copy)

    def open_link(self, paper: Paper, link: str) -> None:
        if link in LINKS:
            what, url_of = LINKS[link]
            self.app.open_link(url_of(paper), what)
