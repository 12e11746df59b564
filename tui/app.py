"""PapersApp: the Textual application around the main screen.

The app owns what every screen shares: the config (injected, so tests pass their own), the
clock (injected, so "2 min ago" is deterministic in snapshots), the reading-state store, the
clipboard and the browser. Heavy modules (the store's TinyDB, citations, the clipboard) are
imported on first use, so the first paint costs what a bare Textual app costs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingsMap, BindingType
from textual.worker import Worker, WorkerState

from tui.config import Config, load_config, save_theme
from tui.core.marks import OpenedStore, ReadingMarks
from tui.core.views import StartView
from tui.screens.main import MainScreen

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from tui.core.auto_export import ExportSync
    from tui.core.client import PapersClient
    from tui.core.linked import LinkedRepos
    from tui.core.models import Paper
    from tui.core.store import Store
    from tui.paper_actions import PaperActions

Clock = Callable[[], datetime]
Opener = Callable[[str], object]


def _now() -> datetime:
    return datetime.now(UTC)


def _papers_commands() -> type[Provider]:
    """The palette provider, imported when the palette first opens."""
    from tui.commands import PapersCommands

    return PapersCommands


def _shell_commands() -> type[Provider]:
    """The palette's `|` and [commands] entries, imported when the palette first opens."""
    from tui.command_keys import ShellCommands

    return ShellCommands


class PapersApp(App[None]):
    """The hfpapers reader."""

    TITLE = "hfpapers"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = App.COMMANDS | {
        _papers_commands,
        _shell_commands,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit hfpapers"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Show every key"),
        Binding("vertical_line", "pipe_paper", "Pipe", show=False, id="pipe-paper",
                tooltip="Pipe the paper to a shell command"),
    ]  # fmt: skip

    def __init__(
        self,
        config: Config | None = None,
        *,
        start: StartView | None = None,
        clock: Clock = _now,
        store: Store | None = None,
        opener: Opener | None = None,
        client_factory: Callable[[], PapersClient] | None = None,
    ) -> None:
        """
        Args:
            config: Settings (default: read from the config file).
            start: The view to open on (default: the config's default view).
            clock: Returns "now" as an aware datetime (tests freeze it).
            store: Reading state (default: the user's store, opened off the UI thread after
                the first paint).
            opener: Opens a URL in a browser (default: :func:`tui.browser.open_url`).
            client_factory: Makes the API client for each fetch (default: one per fetch
                from HF_ENDPOINT and HF_TOKEN); tests shorten its retries.
        """
        super().__init__()
        self.config = config if config is not None else load_config()
        self.start = start or StartView(self.config.default_view)
        self.clock = clock
        self.marks = ReadingMarks()
        """Read, bookmarked, noted and new papers, shared by every screen."""
        self._actions: PaperActions | None = None
        self.linked: dict[str, LinkedRepos] = {}
        """Models, datasets and Spaces citing each paper, as far as looked up this session."""
        if store is not None:
            self.marks.adopt(OpenedStore(store))
        self._opener = opener
        self.client_factory = client_factory
        self.last_copy: tuple[str, str, str] | None = None
        """(what, text, method) of the last clipboard copy, for tests and the curious."""
        self.marks.on_bookmarks_changed = self.sync_exports
        self._export_sync: ExportSync | None = None
        self.last_pipe = ""
        """The last command typed after `|`, offered again the next time."""
        self.command_keys: list[Binding] = []
        """The bindings made from the config's [commands] (for the help and the palette)."""

    # --- lifecycle ------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self.say(f"config: unknown theme {self.config.theme!r}; using the default", "warning")
        for problem in self.config.problems:
            self.say(problem, "warning")
        if self.config.keymap:
            from tui.keys import keymap_problems

            self.set_keymap(self.config.keymap)
            problems = keymap_problems(self.config.keymap)
            if problems:
                self.say("config: " + "; ".join(problems), "warning")
        if self.config.commands:
            self._bind_commands()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if not gc.isenabled():  # the launcher paused it for the start
            self.call_after_refresh(resume_collector)

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.start)

    def _theme_changed(self, theme: object) -> None:
        name = self.theme
        if name == self.config.theme:
            return
        self.config.theme = name
        try:
            save_theme(name, self.config.path)
        except OSError as error:
            self.say(f"could not save the theme: {error.strerror or error}", "warning")

    # --- shared services ------------------------------------------------------------------

    @property
    def actions(self) -> PaperActions:
        """What a key does to a paper, the same on every screen (made on first use)."""
        if self._actions is None:
            from tui.paper_actions import PaperActions

            self._actions = PaperActions(self)
        return self._actions

    @property
    def store(self) -> Store:
        """Reading state and bookmarks; opened here on first use if the screen has not
        opened it yet (TinyDB is not thread-safe: the store serialises its calls).

        Raises:
            StoreError: the store cannot be read.
        """
        if self.marks.store is None:
            from tui.core.store import Store

            self.marks.adopt(OpenedStore(Store()))
        assert self.marks.store is not None
        return self.marks.store

    def say(
        self,
        message: str,
        severity: SeverityLevel = "information",
        title: str = "",
        timeout: float | None = None,
    ) -> None:
        """A notification whose text is shown literally (it may hold remote data)."""
        self.notify(message, title=title, severity=severity, markup=False, timeout=timeout)

    def copy_text(self, text: str, what: str) -> None:
        """Put ``text`` on the clipboard and say which way it went (pyperclip, OSC 52, both).

        Runs in a thread: a native clipboard tool can hang (an X display that does not
        answer), and the UI must not. OSC 52 goes through ``App.copy_to_clipboard``.
        """
        self.run_worker(
            partial(self._copy_in_thread, text, what),
            thread=True,
            group="clipboard",
            exit_on_error=False,
            description=f"copy {what}",
        )

    def _copy_in_thread(self, text: str, what: str) -> None:
        from tui.clipboard import copy

        def osc52(payload: str) -> None:
            self.call_from_thread(self.copy_to_clipboard, payload)

        try:
            result = copy(text, osc52=osc52)
        except Exception as error:  # never let a clipboard problem take the reader down
            self.call_from_thread(self.say, f"Could not copy {what}: {error}", "error")
            return
        self.last_copy = (what, text, result.method)
        severity = "information" if result.ok else "error"
        self.call_from_thread(self.say, f"Copied {what}: {result.message}" if result.ok
                              else result.message, severity)  # fmt: skip

    def report_worker_failure(self, worker: Worker[object]) -> None:
        """The one place an unexpected worker error is reported: a notification and the log.

        Screens call it from their own ``on_worker_state_changed`` and then clear what the
        worker left pending; the app's own workers (clipboard, browser) come here directly.
        """
        what = worker.description or worker.name or "a background task"
        error = worker.error
        self.log.error(f"worker {what!r} failed: {error!r}")
        self.say(f"Something went wrong ({what}): {error}", "error")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.report_worker_failure(event.worker)

    def open_link(self, url: str | None, what: str) -> None:
        """Open an http(s) URL in the browser, off the UI thread; refuse anything else."""
        if not url:
            self.say(f"This paper has no {what}", "warning")
            return
        if not url.lower().startswith(("https://", "http://")):
            self.say(f"Refused to open {what}: not a web link ({url})", "error")
            return
        opener = self._opener
        if opener is None:
            from tui.browser import open_url  # $BROWSER first, never a console browser

            opener = open_url
        self.say(f"Opening {what}: {url}")

        def launch() -> None:
            from tui.browser import Opened

            opened = opener(url)
            if isinstance(opened, Opened) and not opened.ok:
                self.call_from_thread(self.copy_text, url, f"{what} link ({opened.how})")

        self.run_worker(
            launch, thread=True, group="browser", exit_on_error=False, description=f"open {url}"
        )

    # --- actions --------------------------------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # --- shell commands and auto-export ---------------------------------------------------

    def current_paper(self, screen: Screen[object] | None = None) -> Paper | None:
        """The paper the user is on (on ``screen``, default the top one): under the cursor of
        the list, or the one being read."""
        screen = screen or self.screen
        current = getattr(screen, "current_paper", None)
        if callable(current):
            return current()
        from tui.core.models import Paper

        paper = getattr(screen, "paper", None)
        return paper if isinstance(paper, Paper) else None

    def _bind_commands(self) -> None:
        """The config's [commands] as app bindings; clashes and unknown keys are reported."""
        from tui.command_keys import command_bindings, taken_keys
        from tui.screens.main import MainScreen
        from tui.screens.paper_reader import PaperReaderScreen
        from tui.widgets.abstract_view import AbstractView
        from tui.widgets.paper_list import PaperList
        from tui.widgets.paper_text_view import PaperTextView

        screens = (MainScreen, PaperList, AbstractView, PaperReaderScreen, PaperTextView)
        maps = [self._bindings, *(cls._merged_bindings or BindingsMap() for cls in screens)]
        bindings, problems = command_bindings(
            self.config.commands, taken_keys(maps, self.config.keymap)
        )
        for binding in bindings:
            self._bindings.key_to_bindings.setdefault(binding.key, []).append(binding)
        self.command_keys = bindings
        if problems:
            self.say("config: " + "; ".join(problems), "warning")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pipe_paper", "run_command"):
            return self.current_paper() is not None
        return True

    def action_pipe_paper(self) -> None:
        """`|`: ask for a command, then run it with the paper on its stdin."""
        paper = self.current_paper()
        if paper is None:
            return
        from tui.screens.pipe_prompt import PipePrompt

        def chosen(command: str | None) -> None:
            if command:
                self.last_pipe = command
                self.run_shell(command, paper)

        self.push_screen(PipePrompt(paper, self.config.pipe_format, self.last_pipe), chosen)

    def action_run_command(self, number: int) -> None:
        """A [commands] key: run that command on the current paper."""
        paper = self.current_paper()
        commands = self.config.commands
        if paper is not None and 1 <= number <= len(commands):
            self.run_shell(commands[number - 1].template, paper)

    def run_shell(self, template: str, paper: Paper) -> None:
        """Fill ``template``'s placeholders (shell-quoted), then run it in a thread with the
        paper on its stdin; its exit status and first line of output come as a notification."""
        from tui.core.pipes import MissingValue, TemplateError, expand, render_paper

        try:
            command = expand(template, paper)
            stdin = render_paper(paper, self.config.pipe_format)
        except (TemplateError, MissingValue, ValueError) as error:
            self.say(f"Cannot run {template!r}: {error}", "error")
            return
        self.say(f"Running: {command}", timeout=3)
        self.run_worker(
            partial(self._run_in_thread, command, stdin),
            thread=True,
            group="shell",
            exit_on_error=False,
            description=f"run {command}",
        )

    def _run_in_thread(self, command: str, stdin: str) -> None:
        from tui.core.pipes import run_command

        result = run_command(command, stdin, self.config.command_timeout)
        self.call_from_thread(self.say, result.summary, "information" if result.ok else "error")

    def sync_exports(self) -> None:
        """Rewrite the [[auto_export]] files after a bookmark change, in a thread; a file that
        cannot be written is one notification, and the change stays saved."""
        if not self.config.auto_export or self.marks.store is None:
            return
        sync = self._export_sync
        if sync is None:
            from tui.core.auto_export import ExportSync

            sync = self._export_sync = ExportSync(self.config.auto_export, self.marks.store.path)
        if sync.request():
            self.run_worker(
                partial(self._export_in_thread, sync),
                thread=True,
                group="auto-export",
                exit_on_error=False,
                description="rewrite the auto-export files",
            )

    def _export_in_thread(self, sync: ExportSync) -> None:
        from tui.core.auto_export import failure_text

        failures = sync.run()
        if failures:
            self.call_from_thread(self.say, failure_text(failures), "error")


def resume_collector() -> None:
    """Collect garbage again, after the first paint.

    The launcher pauses the collector while the reader starts: importing and starting Textual
    and the reader made ~110 collections (~18 ms) before the first paint, then a full pass of
    ~20 ms. What start-up made lives as long as the app, so it is frozen out of later passes.
    """
    gc.freeze()
    gc.enable()
