"""The reader's config file: defaults, bad values reported (never a crash), theme saved back
without touching the user's other lines, keymap applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.reader import make_app, notifications, settle
from tui import paths
from tui.config import Config, load_config, save_theme


def write_config(text: str) -> Path:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults() -> None:
    config = load_config()
    assert (config.theme, config.default_view, config.refresh_minutes) == (
        "textual-dark",
        "latest",
        30,
    )
    assert (config.citation_format, config.mark_read_on_open, config.keymap) == (
        "bibtex",
        True,
        {},
    )
    assert config.problems == []


def test_every_setting_is_read() -> None:
    write_config(
        'theme = "nord"\ndefault_view = "trending"\nrefresh_minutes = 5\n'
        'citation_format = "apa"\nmark_read_on_open = false\n'
        '[keymap]\ntoggle-bookmark = "B"\n'
    )
    config = load_config()
    assert config == Config(
        theme="nord",
        default_view="trending",
        refresh_minutes=5,
        citation_format="apa",
        mark_read_on_open=False,
        keymap={"toggle-bookmark": "B"},
        path=paths.config_file(),
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("theme = [", "is not valid TOML"),
        ("refresh_minutes = 'often'", "refresh_minutes should be a number"),
        ("refresh_minutes = true", "refresh_minutes should be a number"),
        ("refresh_minutes = -1", "between 0 and 1440"),
        ("default_view = 'yesterday'", "default_view must be one of"),
        ("mark_read_on_open = 'yes'", "mark_read_on_open should be a true/false"),
        ("colour = 'red'", "unknown setting 'colour'"),
        ("[keymap]\nquit = 3", "keymap entries must be key strings"),
    ],
)
def test_bad_values_are_reported_and_defaulted(text: str, fragment: str) -> None:
    write_config(text)
    config = load_config()
    assert any(fragment in problem for problem in config.problems), config.problems
    assert config.refresh_minutes == 30 and config.default_view == "latest"


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe not utf-8")
    config = load_config(path)
    assert config.problems and "cannot read" in config.problems[0]


def test_save_theme_keeps_comments_and_other_settings() -> None:
    original = (
        "# my settings\n"
        'theme = "nord"   # dark\n'
        "refresh_minutes = 10\n"
        "\n[keymap]\n"
        'toggle-bookmark = "B"\n'
    )
    path = write_config(original)
    save_theme("dracula", path)
    text = path.read_text()
    assert text == original.replace('theme = "nord"   # dark', 'theme = "dracula"')
    assert load_config(path).theme == "dracula"


def test_save_theme_adds_the_line_above_tables_and_creates_the_file() -> None:
    path = paths.config_file()
    save_theme("nord", path)
    assert load_config(path).theme == "nord"
    write_config('[keymap]\nquit = "Q"\n')
    save_theme("gruvbox", path)
    config = load_config(path)
    assert (config.theme, config.keymap) == ("gruvbox", {"quit": "Q"})


async def test_bad_config_shows_a_message_and_the_reader_runs() -> None:
    write_config("refresh_minutes = 'often'\ntheme = 'no-such-theme'\n")
    app = make_app(config=load_config())
    async with app.run_test(notifications=True) as pilot:
        screen = await settle(pilot)
        texts = notifications(app)
        assert any("refresh_minutes should be a number" in t for t in texts)
        assert any("unknown theme 'no-such-theme'" in t for t in texts)
        assert screen.paper_list.row_count > 0


async def test_theme_changed_in_the_app_is_saved() -> None:
    path = write_config("# keep me\nrefresh_minutes = 12\n")
    app = make_app(config=load_config())
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        app.theme = "nord"
        await pilot.pause()
        await pilot.pause()
    text = path.read_text()
    assert 'theme = "nord"' in text and "# keep me" in text and "refresh_minutes = 12" in text
    assert load_config().theme == "nord"


async def test_default_view_from_config() -> None:
    write_config('default_view = "bookmarks"\n')
    app = make_app(config=load_config())
    async with app.run_test() as pilot:
        screen = await settle(pilot)
        assert screen.view.kind == "bookmarks" and screen.view.query is None


async def test_a_remapped_key_shows_remapped_in_help_key_bar_and_palette() -> None:
    from textual.widgets import Static

    from tui.commands import PapersCommands
    from tui.widgets.key_bar import KeyBar

    app = make_app(config=Config(keymap={"toggle-bookmark": "B", "search": "ctrl+s"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "B Bookmark" in str(app.screen.query_one(KeyBar).render())
        commands = PapersCommands(app.screen)
        assert commands._keys()["search"] == "^s"
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text", Static).render())
        section = text.split("List and abstract", 1)[1].split("Full text", 1)[0]
        lines = {ln.split("  ")[0].strip(): ln for ln in section.splitlines() if "  " in ln}
        assert "Bookmark the paper" in lines["B"]
        assert "Search Hugging Face" in lines["^s"]
        assert "b" not in lines and "S" not in lines  # the old keys are gone
        full_text = text.split("Full text", 1)[1]
        assert "B            Bookmark the paper" in full_text  # one id, both screens


async def test_unknown_ids_and_clashing_keys_in_the_keymap_are_reported_at_start() -> None:
    keymap = {"toggle-bookmrk": "x", "toggle-read": "j", "open-pdf": "P"}
    app = make_app(config=Config(keymap=keymap))
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        about_keymap = [text for text in notifications(app) if "keymap" in text]
        assert len(about_keymap) == 1, about_keymap  # one notification naming them all
        text = about_keymap[0]
        assert "unknown binding id in [keymap]: toggle-bookmrk" in text
        assert "'j' is bound to both cursor-down and toggle-read (in the list)" in text
        assert "open-pdf" not in text  # a remap without a clash is fine
