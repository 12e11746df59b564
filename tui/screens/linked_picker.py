"""`L`: every model, dataset and Space citing a paper; enter opens the chosen one's page."""

from __future__ import annotations

from textual.content import Content

from tui.core.linked import LABELS, LinkedRepo, LinkedRepos
from tui.screens.choice_picker import ChoicePicker

KIND_NAMES = {"model": "model", "dataset": "dataset", "space": "Space"}


class LinkedPicker(ChoicePicker):
    """A :class:`ChoicePicker` of linked repositories that opens the one chosen itself
    (through ``app.open_link``) and returns its index."""

    def __init__(self, linked: LinkedRepos, title: str = "") -> None:
        self.repos = linked.all
        totals = ", ".join(
            f"{LABELS[kind]} {linked.total(kind)}" for kind in LABELS if linked.total(kind)
        )
        super().__init__(
            title or f"Cited by  {totals or 'nothing on Hugging Face yet'}",
            [entry(repo) for repo in self.repos],
            hint="enter opens the Hugging Face page · esc closes",
        )

    def choose(self, index: int) -> None:
        if 0 <= index < len(self.repos):
            repo = self.repos[index]
            open_link = getattr(self.app, "open_link", None)
            if open_link is not None:  # PapersApp's: http(s) only, off the UI thread
                open_link(repo.url, f"{KIND_NAMES[repo.kind]} {repo.id}")
        self.dismiss(index)


def entry(repo: LinkedRepo) -> Content:
    """``model    org/name   ★ 42  ↓ 1,234  text-generation``, from plain strings only."""
    parts: list[str | tuple[str, str]] = [
        (f"{KIND_NAMES[repo.kind]:<8}", "$text-muted"),
        (repo.id, "bold"),
    ]
    if repo.likes is not None:
        parts.append(f"  ★ {repo.likes:,}")
    if repo.downloads is not None:
        parts.append(f"  ↓ {repo.downloads:,}")
    if repo.tag:
        parts.append((f"  {repo.tag}", "$text-muted"))
    return Content.assemble(*parts)
