"""The config file without the reader: problems found when it is read, a byte order mark
accepted, the theme saved through a symlink with the file's mode kept."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tui import paths
from tui.config import load_config, save_theme
from tui.core import formats


def write_config(text: str, encoding: str = "utf-8") -> Path:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


# --- citation_format is checked when the file is read ---------------------------------------


def test_an_unknown_citation_format_is_reported_at_load_and_replaced_by_bibtex() -> None:
    write_config('citation_format = "chicago"\n')
    config = load_config()
    assert config.citation_format == "bibtex"
    (problem,) = config.problems
    assert "citation_format" in problem and "'chicago'" in problem and "bibtex, biblatex" in problem


@pytest.mark.parametrize("value", ["apa", "MLA", "ieee", "chicago-author-date", "nature"])
def test_the_six_formats_and_installed_csl_styles_are_accepted(value: str) -> None:
    write_config(f'citation_format = "{value}"\n')
    config = load_config()
    assert (config.citation_format, config.problems) == (value, [])


def test_a_csl_style_without_the_csl_extra_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(formats, "styles_folder", lambda: None)
    write_config('citation_format = "ieee"\n')
    config = load_config()
    assert config.citation_format == "bibtex"
    (problem,) = config.problems
    assert "pip install 'hfpapers[csl]'" in problem


def test_checking_a_style_name_does_not_import_citeproc() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from tui.core.formats import citation_format_problem; "
        "assert citation_format_problem('ieee') is None; "
        "print(sorted(m for m in sys.modules if m.startswith(('citeproc', 'lxml'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr


# --- a byte order mark -----------------------------------------------------------------------


def test_a_file_with_a_byte_order_mark_is_read() -> None:
    write_config('theme = "nord"\nrefresh_minutes = 5\n', encoding="utf-8-sig")
    config = load_config()
    assert (config.theme, config.refresh_minutes, config.problems) == ("nord", 5, [])


def test_saving_the_theme_keeps_the_byte_order_mark_and_one_theme_line() -> None:
    path = write_config('theme = "nord"\n# mine\n', encoding="utf-8-sig")
    save_theme("dracula")
    assert path.read_bytes() == '\ufefftheme = "dracula"\n# mine\n'.encode()
    assert load_config().theme == "dracula"


# --- saving the theme writes through a symlink -----------------------------------------------


def test_saving_the_theme_writes_through_a_symlinked_config(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "hfpapers.toml"
    real.write_text('# from my dotfiles\ntheme = "nord"\n')
    real.chmod(0o644)
    link = paths.config_file()
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(real)

    save_theme("dracula")

    assert link.is_symlink() and link.resolve() == real
    assert real.read_text() == '# from my dotfiles\ntheme = "dracula"\n'
    assert stat.S_IMODE(real.stat().st_mode) == 0o644
    assert sorted(p.name for p in link.parent.iterdir()) == [link.name]


def test_saving_the_theme_keeps_the_config_mode() -> None:
    path = write_config('theme = "nord"\n')
    path.chmod(0o600)
    save_theme("dracula")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
