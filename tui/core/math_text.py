"""LaTeX math as readable Unicode: ``\\theta_0 \\geq a`` becomes ``θ₀ ≥ a``.

Symbols and most macros go through pylatexenc's LaTeX-to-text converter (a maintained table of
hundreds of macros). On top of it, sub- and superscripts become Unicode sub/superscript letters
where every character has one (``x_{ij}`` → ``xᵢⱼ``, else ``x_(ab)``), fractions keep their
grouping (``\\frac{a+b}{c}`` → ``(a+b)/c``, where pylatexenc says ``a+b/c``) and relations get
spaces. A formula is never silently damaged: if it does not parse, or uses a macro or an
environment the converter does not know (it would drop it), the LaTeX source is shown as is.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text
    from pylatexenc.latexwalker import LatexNode

MAX_FORMULA = 2_000
"""Longer formulas are shown as source: a hostile 1 MB formula must not stall the reader."""

_SUB = dict(
    zip(
        "0123456789+-=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
_SUP = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθιφχ′*",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᶥᵠᵡ′*",
        strict=True,
    )
)
_RELATIONS = {
    "geq": "≥", "ge": "≥", "leq": "≤", "le": "≤", "neq": "≠", "ne": "≠", "approx": "≈",
    "equiv": "≡", "sim": "∼", "simeq": "≃", "propto": "∝", "in": "∈", "notin": "∉",
    "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "Leftarrow": "⇐",
    "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦", "gg": "≫", "ll": "≪",
    "coloneqq": "≔", "triangleq": "≜", "iff": "⇔", "implies": "⇒", "mid": "|",
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓",
}  # fmt: skip
_SYMBOLS = {
    "|": "‖", "lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|", "rvert": "|",
    "neg": "¬", "land": "∧", "lor": "∨", "argmax": "arg max ", "argmin": "arg min ",
}  # fmt: skip
_FUNCTIONS = frozenset(
    "log ln exp sin cos tan sinh cosh tanh max min lim sup inf det dim ker arg Pr gcd".split()
)
"""Operator names, which need a space before their argument (``\\log n`` → ``log n``)."""
_DROPPED = frozenset(
    "left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr middle "
    "displaystyle textstyle scriptstyle limits nolimits nonumber notag".split()
)
"""Sizing and layout macros: what follows them is the content."""
_ARGUMENT_ONLY = frozenset("operatorname boldsymbol bm mathrm".split())
_FRACTIONS = ("frac", "dfrac", "tfrac", "cfrac")
_SPACES = {",": " ", ";": " ", ":": " ", "!": "", "quad": "  ", "qquad": "   ", " ": " "}


class _Unconvertible(Exception):
    """The formula uses something the converter would drop: show its source instead."""


@functools.lru_cache(maxsize=8192)
def latex_to_unicode(source: str) -> str:
    """The formula as Unicode text, or its source (trimmed) where conversion would lose it."""
    source = source.strip()
    if not source or len(source) > MAX_FORMULA:
        return source
    try:
        nodes = _parse(source)
        _check(nodes)
        text = _Converter(_latex2text()).nodes(nodes)
    except _Unconvertible:
        return source
    except Exception:  # pylatexenc's own parse errors, and anything a hostile formula finds
        return source
    text = " ".join(text.split())
    return text or source


def _parse(source: str) -> list[LatexNode]:
    from pylatexenc.latexwalker import LatexWalker

    nodes, _pos, _len = LatexWalker(source, tolerant_parsing=False).get_latex_nodes()
    return list(nodes)


@functools.cache
def _latex2text() -> LatexNodes2Text:
    """pylatexenc's converter (imported on first use: ~30 ms)."""
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


@functools.cache
def _known_macros() -> frozenset[str]:
    from pylatexenc.latex2text import get_default_latex_context_db

    db = get_default_latex_context_db()
    return frozenset(spec.macroname for spec in db.iter_macro_specs())


@functools.cache
def _known_environments() -> frozenset[str]:
    from pylatexenc.latex2text import get_default_latex_context_db

    db = get_default_latex_context_db()
    return frozenset(spec.environmentname for spec in db.iter_environment_specs())


def _own(name: str) -> bool:
    return (
        name in _RELATIONS or name in _SYMBOLS or name in _FRACTIONS or name in _SPACES
        or name in _DROPPED or name in _ARGUMENT_ONLY or name in _FUNCTIONS or name == "sqrt"
    )  # fmt: skip


def _check(nodes: list[Any]) -> None:
    """Raise :class:`_Unconvertible` if any macro or environment in ``nodes`` is unknown."""
    from pylatexenc.latexwalker import (
        LatexEnvironmentNode,
        LatexGroupNode,
        LatexMacroNode,
        LatexMathNode,
    )

    for node in nodes:
        if node is None:
            continue
        if isinstance(node, LatexMacroNode):
            if not _own(node.macroname) and node.macroname not in _known_macros():
                raise _Unconvertible(node.macroname)
            _check(list(node.nodeargd.argnlist) if node.nodeargd else [])
        elif isinstance(node, LatexEnvironmentNode):
            if node.environmentname not in _known_environments():
                raise _Unconvertible(node.environmentname)
            _check(node.nodelist)
        elif isinstance(node, LatexGroupNode | LatexMathNode):
            _check(node.nodelist)


class _Converter:
    """Walks pylatexenc's nodes, handling scripts, fractions and relations itself."""

    def __init__(self, l2t: LatexNodes2Text) -> None:
        self.l2t = l2t

    def nodes(self, nodes: list[Any]) -> str:
        from pylatexenc.latexwalker import (
            LatexCharsNode,
            LatexCommentNode,
            LatexGroupNode,
            LatexMacroNode,
        )

        out: list[str] = []
        script: str | None = None  # "_" or "^" waiting for its argument

        def put(text: str) -> None:
            nonlocal script
            if script is not None:
                if out:  # "\\max_x": the operator's space does not belong before its script
                    out[-1] = out[-1].rstrip()
                out.append(_scripted(text, script))
                script = None
            else:
                out.append(text)

        for node in nodes:
            if isinstance(node, LatexCharsNode):
                for char in node.chars:
                    if char in "_^" and script is None:
                        script = char
                    elif script is not None and char.isspace():
                        continue
                    else:
                        put(char)
            elif isinstance(node, LatexGroupNode):
                put(self.nodes(node.nodelist))
            elif isinstance(node, LatexMacroNode):
                put(self.macro(node))
            elif isinstance(node, LatexCommentNode):
                continue
            else:
                put(self.l2t.node_to_text(node))
        if script is not None:
            raise _Unconvertible("a script without an argument")
        return "".join(out)

    def macro(self, node: Any) -> str:
        name = node.macroname
        args = [arg for arg in (node.nodeargd.argnlist if node.nodeargd else []) if arg]
        if name in _RELATIONS:
            return f" {_RELATIONS[name]} "
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        if name in _SPACES:
            return _SPACES[name]
        if name in _DROPPED:
            return ""
        if name in _FUNCTIONS:
            return f"{name} "
        if name in _ARGUMENT_ONLY:
            return self.nodes(args[-1:])
        if name == "sqrt" and args:
            root = f"√{_grouped(self.nodes(args[-1:]))}"
            return _scripted(self.nodes(args[:1]), "^") + root if len(args) == 2 else root
        if name in _FRACTIONS and len(args) >= 2:
            top, bottom = (self.nodes([arg]) for arg in args[-2:])
            return f"{_grouped(top)}/{_grouped(bottom)}"
        return str(self.l2t.node_to_text(node))


def _grouped(text: str) -> str:
    text = text.strip()
    if len(text) <= 1 or (text.startswith("(") and text.endswith(")")) or text.isalnum():
        return text
    return f"({text})"


def _scripted(text: str, script: str) -> str:
    """``text`` as sub- or superscript letters, else ``_x`` / ``^(xy)``."""
    text = text.strip()
    table = _SUB if script == "_" else _SUP
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    if len(text) == 1:
        return f"{script}{text}"
    return f"{script}({text})"
