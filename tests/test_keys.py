"""The key table of the bindings (``tui.keys``): README carries it, every binding has a
documented id and a tooltip, and the key bar always shows how to quit and get help.

What each key does in the reader is in ``test_app_keys.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.reader import make_app, settle

README = Path(__file__).parent.parent / "README.md"


async def test_readme_shows_the_key_table_of_the_bindings() -> None:
    """The bindings are the one source of the key table; README's Reader section carries it."""
    from tui.keys import markdown_table

    app = make_app()
    async with app.run_test():
        table = markdown_table(app.get_key_display)
    readme = README.read_text(encoding="utf-8")
    reader = readme.split("## Reader", 1)[1].split("\n## ", 1)[0]
    assert table in reader, f"README's key table is out of date; it should read:\n{table}"


def test_every_binding_has_an_id_a_tooltip_and_a_documented_id() -> None:
    from textual.binding import Binding

    from tui.keys import CHAINS

    config = README.read_text(encoding="utf-8").split("## Configuration", 1)[1]
    owners = {cls for _where, chain in CHAINS for cls in chain}
    bindings = [
        b for owner in owners for b in getattr(owner, "BINDINGS", []) if isinstance(b, Binding)
    ]
    assert len(bindings) > 50
    for binding in bindings:
        assert binding.id and binding.tooltip, binding
        assert f"`{binding.id}`" in config, binding.id


@pytest.mark.parametrize("width", [60, 80, 120, 150])
async def test_the_key_bar_always_shows_how_to_quit_and_get_help(width: int) -> None:
    from tui.widgets.key_bar import KeyBar

    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one(KeyBar).render())
        assert "q Quit" in line and "? Help" in line
        assert len(line) <= width
        if width >= 80:
            assert "n Next unread" in line  # the reading session's key stays
        if width >= 150:
            assert "S Search" in line and "] Next" in line  # nothing dropped when it fits
