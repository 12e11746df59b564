"""The detail pane: everything known about one paper, scrollable.

Drawn with the line API, like the paper list: a new paper is wrapped once into strips and only
this pane repaints. (A ``Static`` in a ``VerticalScroll`` re-laid-out the whole screen twice per
paper, ~50 ms, which made every cursor move in the list feel late.)

Remote text is data. Every field goes in as plain text through ``Content.assemble`` with styles
of our own choosing, never through markup, so a title like ``[bold]x[/]`` or ``[link=...]``
shows exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual
from textual.worker import Worker, WorkerState

from tui.core.models import Paper
from tui.widgets.line_view import LineView

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.core.linked import LinkedRepos

WRAPPED = 16
"""Papers kept wrapped: the one shown and its neighbours, made ahead while idle."""
AUTHORS_SHOWN = 12
"""Authors listed before the rest are folded into "and N more"."""
ABSTRACT_LIMIT = 20_000
"""Characters of abstract shown; a real one is ~2,000, a hostile one must not stall layout."""

LABEL = "bold $text-muted"
TITLE = "bold $text-accent"
LINK = "underline $text-primary"
MUTED = "$text-muted"
TAGS = "bold $text-success"


@dataclass(frozen=True, slots=True)
class PaperDetail:
    """What the pane shows of a paper: the paper and the user's and the Hub's extras."""

    paper: Paper
    note: str | None = None
    tags: tuple[str, ...] = ()
    linked: tuple[tuple[str, str], ...] | None = None
    """The lines of what cites it (:func:`tui.core.linked.detail_lines`); None: not looked up
    yet (the pane looks it up when the cursor rests)."""
    ai_summary_first: bool = False


class AbstractView(LineView, can_focus=True):
    """Title, authors, dates, counts, links, AI summary, keywords and abstract of a paper."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h", "back", "Back to list", id="back",
                tooltip="Return to the paper list"),
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="detail-down",
                tooltip="Scroll the abstract down one line"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="detail-up",
                tooltip="Scroll the abstract up one line"),
        Binding("g,home", "scroll_home", "Top", show=False, id="detail-top",
                tooltip="Top of the abstract"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="detail-bottom",
                tooltip="Bottom of the abstract"),
    ]  # fmt: skip

    LOOKUP_DELAY = 0.5
    """Seconds the cursor rests on a paper before the repositories citing it are looked up
    (a held `j` asks for nothing)."""

    class Back(Message):
        """The reader is done with the detail pane."""

    class LinkedFound(Message):
        """The models, datasets and Spaces citing a paper are known (from the cache or HF)."""

        def __init__(self, paper_id: str, linked: LinkedRepos) -> None:
            super().__init__()
            self.paper_id, self.linked = paper_id, linked

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper: Paper | None = None
        self.content = Content("")
        """What the pane shows (plain text via ``str``)."""
        self._shown: PaperDetail | str = ""
        self._lines: list[Strip] = []
        self._wrapped: tuple[int, object] = (0, None)
        """(width, visual style) the lines were made for."""
        self._made: LRUCache[PaperDetail, tuple[Content, list[Strip]]] = LRUCache(WRAPPED)
        self._lookup: Timer | None = None

    def show_paper(
        self,
        paper: Paper | None,
        empty: str = "",
        *,
        note: str | None = None,
        tags: tuple[str, ...] = (),
        linked: LinkedRepos | None = None,
        ai_summary_first: bool = False,
        keep_scroll: bool = False,
    ) -> None:
        """Show a paper (or, without one, the ``empty`` hint) from the top.

        Without ``linked``, the repositories citing it are looked up once the cursor rests
        (:attr:`LOOKUP_DELAY`), and :class:`LinkedFound` says what was found.
        """
        detail = (
            PaperDetail(paper, note, tags, linked_lines(linked), ai_summary_first)
            if paper is not None
            else None
        )
        self.show(detail, empty, keep_scroll=keep_scroll)

    def show(
        self, detail: PaperDetail | None, empty: str = "", *, keep_scroll: bool = False
    ) -> None:
        """Show ``detail`` (wrapped ahead of time by :meth:`prepare` if it was), or the hint."""
        if detail is not None and detail == self._shown:
            return  # already on screen, lines and scroll as they are
        paper = detail.paper if detail is not None else None
        same = paper is not None and self.paper is not None and paper.id == self.paper.id
        self.paper = paper
        self._shown = detail if detail is not None else empty
        if self._lookup is not None:
            self._lookup.stop()
        if detail is not None and detail.linked is None:
            self._lookup = self.set_timer(
                self.LOOKUP_DELAY, partial(self._look_up, detail.paper.id)
            )
        scroll = self.scroll_y
        self._wrap()
        if keep_scroll and same:
            self.scroll_to(y=scroll, animate=False, immediate=True)
        else:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def prepare(self, detail: PaperDetail) -> None:
        """Wrap ``detail`` now, so showing it later costs no wrapping (call when idle)."""
        width = self.scrollable_content_region.width
        if width > 0 and detail not in self._made:
            self._made[detail] = self._make(detail, width)

    def _make(self, detail: PaperDetail, width: int) -> tuple[Content, list[Strip]]:
        content = describe(
            detail.paper, detail.note, detail.tags, ai_summary_first=detail.ai_summary_first,
            linked=list(detail.linked or ()), width=width,
        )  # fmt: skip
        return content, Visual.to_strips(self, content, width, None, self.visual_style)

    def _wrap(self) -> None:
        """The lines of what is shown at the pane's width: from the cache when it was made
        ahead, else wrapped now. The cache holds one width and one style (theme)."""
        width = self.scrollable_content_region.width
        if (width, self.visual_style) != self._wrapped:
            self._made.clear()
            self._wrapped = (width, self.visual_style)
        shown = self._shown
        if width <= 0:
            self.content, self._lines = Content(""), []
        elif isinstance(shown, str):
            self.content = Content(shown)
            self._lines = Visual.to_strips(self, self.content, width, None, self.visual_style)
        else:
            made = self._made.get(shown)
            if made is None:
                made = self._made[shown] = self._make(shown, width)
            self.content, self._lines = made
        self.set_virtual_size(Size(width, len(self._lines)))

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._wrapped[0]:
            self._wrap()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._wrapped[0] and self.visual_style != self._wrapped[1]:
            self._wrap()  # colours (the theme) are baked into the strips; focus changes none

    def render_line(self, y: int) -> Strip:
        width = self.render_width
        line = round(self.scroll_y) + y
        style = self.rich_style
        if 0 <= line < len(self._lines):
            return self._lines[line].adjust_cell_length(width, style)
        return Strip.blank(width, style)

    def action_back(self) -> None:
        self.post_message(self.Back())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            report = getattr(self.app, "report_worker_failure", None)
            if report is not None:
                report(event.worker)

    @work(exclusive=True, group="linked", exit_on_error=False,
          description="look up the models, datasets and Spaces citing the paper")  # fmt: skip
    async def _look_up(self, paper_id: str) -> None:
        """Kept ones if fresh (a day), else from Hugging Face; a failure leaves the pane as it
        is (these lines are extra, and the fetch of papers reports the network's state)."""
        from tui.core.errors import HFPapersError
        from tui.core.linked_lookup import look_up

        try:
            linked = await look_up(paper_id, getattr(self.app, "client_factory", None))
        except (HFPapersError, ValueError) as error:
            self.log.warning(f"no linked repositories for {paper_id}: {error}")
            return
        self.post_message(self.LinkedFound(paper_id, linked))


def describe(
    paper: Paper,
    note: str | None = None,
    tags: tuple[str, ...] = (),
    *,
    ai_summary_first: bool = False,
    linked: list[tuple[str, str]] | None = None,
    width: int = 80,
) -> Content:
    """The detail pane's text for a paper, built from plain strings only.

    The abstract comes first, after the title, the authors and at most two lines of facts:
    on a 24-line terminal its first line is on screen without scrolling. The user's own note
    and tags, the AI summary, the keywords and the rest of the facts follow it
    (``ai_summary_first`` puts the AI summary above the abstract, as the website does), then
    the models, datasets and Spaces citing it (``linked``: ``[("Models", "12: org/a ★42")]``).
    The two fact lines are cut to ``width`` rather than wrapped, so they stay two.
    """
    parts: list[str | Content | tuple[str, str]] = [(paper.title, TITLE), "\n"]
    if paper.withdrawn:
        parts += [("withdrawn from arXiv", "bold $text-error"), "\n"]
    parts += [fold_authors(paper.author_names) or ("authors not listed", "italic $text-muted")]
    parts += ["\n", *_fact_lines(paper, tags, width), "\n"]
    summary: list[str | tuple[str, str]] = (
        [(paper.ai_summary, "italic"), "\n"] if paper.ai_summary else []
    )
    if ai_summary_first and summary:
        parts += [("AI summary  ", LABEL), *summary, "\n"]
    parts += [_abstract(paper.summary), "\n"]
    if note:
        parts += ["\n", ("Your note", LABEL), "\n", note, "\n"]
    if linked:
        parts.append("\n")
        for label, line in linked:
            parts += [(f"{label:<10}", LABEL), line, "\n"]
    if summary and not ai_summary_first:
        parts += ["\n", ("AI summary", LABEL), "\n", *summary]
    if paper.ai_keywords:
        parts += ["\n", ("Keywords", LABEL), "\n", ", ".join(paper.ai_keywords), "\n"]
    parts += _more_facts(paper)
    return Content.assemble(*parts)


def linked_lines(linked: LinkedRepos | None) -> tuple[tuple[str, str], ...] | None:
    if linked is None:
        return None
    from tui.core.linked import detail_lines  # not before the first paint

    return tuple(detail_lines(linked))


def fold_authors(names: list[str], shown: int = AUTHORS_SHOWN) -> str:
    """ "A, B and C", or "A, B, ... L and 240 more" for long lists."""
    if not names:
        return ""
    if len(names) <= shown:
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def _fact_lines(paper: Paper, tags: tuple[str, ...], width: int) -> list[str | Content]:
    """Two lines, each cut to ``width``: the id, votes, comments and dates; then the keys of
    the links and the user's tags."""
    counts = [f"▲ {paper.upvotes}"]
    if paper.num_comments is not None:
        counts.append(f"✎ {paper.num_comments}")
    dates = []
    if paper.daily_date:
        dates.append(f"Daily Papers {paper.daily_date:%Y-%m-%d}")
    if paper.published_at:
        dates.append(f"arXiv {paper.published_at:%Y-%m-%d}")
    first = Content.assemble((paper.id, LINK), (" · " + " · ".join(counts + dates), MUTED))
    links = ["o page", "p PDF", "a arXiv"]
    if paper.github_repo:
        stars = f" ★ {paper.github_stars}" if paper.github_stars is not None else ""
        links.append(f"O GitHub{stars}")
    if paper.project_page:
        links.append("W project")
    tagged = " ".join(f"#{tag}" for tag in tags)
    second = Content.assemble((tagged + "  " if tagged else "", TAGS), (" · ".join(links), MUTED))
    return [_cut(first, width), "\n", _cut(second, width), "\n"]


def _cut(line: Content, width: int) -> Content:
    return line.truncate(width, ellipsis=True) if line.cell_length > width else line


def _more_facts(paper: Paper) -> list[str | tuple[str, str]]:
    """What the two fact lines leave out: full links, organisation, submitter."""
    lines = [
        ("GitHub", paper.github_repo),
        ("Project", paper.project_page),
        ("Org", paper.organization),
        ("Submitter", paper.submitted_by),
    ]
    parts: list[str | tuple[str, str]] = []
    for label, value in lines:
        if value:
            parts += [(f"{label:<10}", LABEL), value, "\n"]
    return ["\n", *parts] if parts else []


def _abstract(summary: str) -> str:
    if len(summary) <= ABSTRACT_LIMIT:
        return summary
    return f"{summary[:ABSTRACT_LIMIT]}… (abstract cut at {ABSTRACT_LIMIT:,} characters)"
