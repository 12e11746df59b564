"""Citations of a paper in six hand-made formats: exact, offline, tested against real parsers.

Pure functions of a :class:`Paper`. Decisions that a style guide leaves open:

- The year is the arXiv year: the date of version 1 (``Paper.published_at``) when it agrees with
  the id's yymm, else the year in the id (``1803.03635`` -> 2018): a bogus date (year 1 or 9999,
  a later version's) must not beat the id. Only a paper with neither has no year: APA says
  "n.d.", BibTeX has no ``year`` field, MLA and the others leave it out.
- A paper without authors (Hugging Face sometimes lists none) is cited by its title: APA and
  MLA move the title to the front, BibTeX leaves ``author`` out (still a valid entry), the key
  starts with "anon".
- BibTeX follows arXiv's own ``@misc`` form; title capitals that must survive a style's
  lowercasing are braced (see :mod:`tui.core.titles`); LaTeX specials are escaped; non-ASCII
  text stays literal UTF-8, which biber, bibtexparser and modern BibTeX read.
- APA 7 puts the title in sentence case by the rules in :mod:`tui.core.titles`; MLA 9 keeps the
  title's own capitals and, like the issue asks, gives the year and the arXiv URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from tui.core.formats import CITATION_FORMATS
from tui.core.models import Paper
from tui.core.names import PersonName, ascii_fold, parse_names
from tui.core.text import clean_line
from tui.core.titles import SMALL_WORDS, protected_words, sentence_case

FORMATS = CITATION_FORMATS
ARXIV_DOI_PREFIX = "10.48550/arXiv."
_NEW_STYLE_MONTH = re.compile(r"(\d{2})(\d{2})\.\d{4,5}$")
_OLD_STYLE_MONTH = re.compile(r"/(\d{2})(\d{2})\d{3}$")
_KEY_WORD = re.compile(r"[^\W_]+")


def cite(paper: Paper, fmt: str) -> str:
    """The citation of ``paper`` in one of :data:`FORMATS`.

    Raises:
        ValueError: ``fmt`` is not one of them (the message lists them).
    """
    formatter = _FORMATTERS.get(fmt.lower().strip())
    if formatter is None:
        raise ValueError(f"unknown citation format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return formatter(paper)


def cite_as(paper: Paper, name: str) -> str:
    """The citation of ``paper`` in one of :data:`FORMATS`, else in the CSL style ``name``
    (what the config's ``citation_format`` may hold).

    Raises:
        tui.core.csl.StyleError: an unknown style, or the csl extra is not installed.
    """
    if name.lower().strip() in FORMATS:
        return cite(paper, name)
    from tui.core.csl import cite_csl  # citeproc-py only when a style is used

    return cite_csl(paper, name)


def arxiv_year(paper: Paper) -> int | None:
    """The year of arXiv version 1: the paper's date when it agrees with its id, else the id's."""
    day = arxiv_date(paper)
    if day is not None:
        return day.year
    id_month = _id_month(paper.id)
    return id_month[0] if id_month else None


def arxiv_date(paper: Paper) -> date | None:
    """The day of arXiv version 1, when the paper's date agrees with its id's yymm.

    It agrees when it is in the id's year, or in the month before the id's (an id is given
    when a paper is announced, which can be days after it was sent: 2401.00001 was sent on
    28 December 2023). A paper whose id has no yymm keeps its date.
    """
    if paper.published_at is None:
        return None
    day = paper.published_at.date()
    id_month = _id_month(paper.id)
    if id_month is None:
        return day
    year, month = id_month
    before = (year, month - 1) if month > 1 else (year - 1, 12)
    return day if day.year == year or (day.year, day.month) == before else None


def _id_month(paper_id: str) -> tuple[int, int] | None:
    """(year, month) in an arXiv id: (2018, 3) for 1803.03635 and for hep-th/1803001."""
    match = _NEW_STYLE_MONTH.match(paper_id) or _OLD_STYLE_MONTH.search(paper_id)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    year = int(match.group(1))
    return (2000 + year if year < 91 else 1900 + year), int(match.group(2))  # arXiv: 1991


def arxiv_doi(paper: Paper) -> str:
    """The DataCite DOI arXiv gives every paper: 10.48550/arXiv.1803.03635."""
    return f"{ARXIV_DOI_PREFIX}{paper.id}"


# --- keys -------------------------------------------------------------------------------------


def citation_key(paper: Paper) -> str:
    """A stable readable key: first author's family name, year, first significant title word
    (``frankle2018lottery``), folded to lowercase ASCII. The name is that of the first author
    whose family name folds to ASCII ("anon" when none does: names in Chinese script, say)."""
    folded = (ascii_fold(name.last) for name in parse_names(paper.author_names))
    who = next((name for name in folded if name), "")
    year = arxiv_year(paper)
    title_words = map(ascii_fold, _KEY_WORD.findall(paper.title))
    word = next((w for w in title_words if w and w not in SMALL_WORDS), "")
    return f"{who or 'anon'}{year or ''}{word}"


def unique_keys(papers: Iterable[Paper]) -> list[str]:
    """Keys for papers exported together; repeats get a, b, c, ... (the first keeps its key)."""
    keys: list[str] = []
    seen: set[str] = set()
    for paper in papers:
        base = key = citation_key(paper)
        count = 0
        while key in seen:
            key = base + _letters(count)
            count += 1
        seen.add(key)
        keys.append(key)
    return keys


def _letters(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, ..."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


# --- BibTeX and BibLaTeX ----------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_NAME_SPECIALS = {
    char: "{" + (code[:-2] if code.endswith("{}") else code) + "}"
    for char, code in {
        **_LATEX_SPECIALS,
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
    }.items()
}
# BibTeX counts every brace, escaped or not, so unbalanced ones are written as commands.
_BRACES_ESCAPED = {"{": r"\{", "}": r"\}"}
_BRACES_AS_COMMANDS = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def bibtex(paper: Paper, key: str | None = None, extra: Mapping[str, str] | None = None) -> str:
    """arXiv's own BibTeX form (``@misc`` with eprint and archivePrefix).

    ``extra`` adds fields (e.g. ``keywords``, ``annote`` for an export), escaped like the rest.
    Hugging Face does not give the arXiv category, so ``primaryClass`` is left out.
    """
    year = arxiv_year(paper)
    names = parse_names(paper.author_names)
    fields: list[tuple[str, str]] = [("title", _bibtex_title(paper.title))]
    if names:
        fields.append(("author", _bibtex_authors(names)))
    if year:
        fields.append(("year", str(year)))
    fields += [
        ("eprint", latex_escape(paper.id)),
        ("archivePrefix", "arXiv"),
        ("url", latex_escape(paper.arxiv_url)),
    ]
    fields += _extra_fields(extra)
    return _entry("misc", key or citation_key(paper), fields)


def biblatex(paper: Paper, key: str | None = None, extra: Mapping[str, str] | None = None) -> str:
    """BibLaTeX ``@online`` with ``eprinttype = {arxiv}``, the full arXiv date and the DOI."""
    day = arxiv_date(paper)
    when = day.isoformat() if day else arxiv_year(paper)
    names = parse_names(paper.author_names)
    fields: list[tuple[str, str]] = []
    if names:
        fields.append(("author", _bibtex_authors(names)))
    fields.append(("title", _bibtex_title(paper.title)))
    if when:
        fields.append(("date", str(when)))
    fields += [
        ("eprint", latex_escape(paper.id)),
        ("eprinttype", "arxiv"),
        ("doi", latex_escape(arxiv_doi(paper))),
        ("url", latex_escape(paper.arxiv_url)),
    ]
    fields += _extra_fields(extra)
    return _entry("online", key or citation_key(paper), fields)


def latex_escape(text: str) -> str:
    """``text`` safe inside a braced BibTeX value: specials escaped, braces always balanced."""
    text = clean_line(text)
    braces = _BRACES_ESCAPED if _balanced(text) else _BRACES_AS_COMMANDS
    return "".join(_LATEX_SPECIALS.get(c) or braces.get(c) or c for c in text)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


def _bibtex_title(title: str) -> str:
    title = clean_line(title)
    braces = _BRACES_ESCAPED if _balanced(title) else _BRACES_AS_COMMANDS
    pieces = []
    for text, protect in protected_words(title):
        escaped = "".join(_LATEX_SPECIALS.get(c) or braces.get(c) or c for c in text)
        pieces.append(f"{{{escaped}}}" if protect else escaped)
    return "".join(pieces)


def _bibtex_authors(names: Sequence[PersonName]) -> str:
    return " and ".join(map(_bibtex_name, names))


def _bibtex_name(name: PersonName) -> str:
    """``von Last, Jr., First``; a literal (a team) is braced so BibTeX never splits it."""
    if name.literal:
        return f"{{{_name_escape(name.family)}}}"
    if name.suffix and not name.given:  # "Smith, II, " (an empty first part) is not valid
        return f"{{{_name_escape(name.last)} {_name_escape(name.suffix)}}}"
    parts = [_name_escape(name.last)]
    if name.suffix:
        parts.append(_name_escape(name.suffix))
    if name.given or name.suffix:
        parts.append(_name_escape(name.given))
    return ", ".join(parts)


def _name_escape(text: str) -> str:
    r"""Specials in a name as braced special characters (``{\&}``, ``{\textbraceleft}``): name
    splitters, BibTeX's and bibtexparser's, read those as one letter of the word."""
    return "".join(_NAME_SPECIALS.get(char, char) for char in clean_line(text))


def _extra_fields(extra: Mapping[str, str] | None) -> list[tuple[str, str]]:
    return [(name, latex_escape(value)) for name, value in (extra or {}).items() if value]


def _entry(kind: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{kind}{{{key},\n{body}}}"


# --- APA 7 ------------------------------------------------------------------------------------

APA_MAX_LISTED = 20


def apa(paper: Paper) -> str:
    """APA 7 for an arXiv preprint:
    ``Frankle, J., & Carbin, M. (2018). The lottery ticket hypothesis: Finding sparse,
    trainable neural networks. arXiv. https://doi.org/10.48550/arXiv.1803.03635``.

    Up to 20 authors are all listed, "&" before the last; from 21 on, the first 19, an ellipsis
    and the last author. Without authors the title takes the author's place.
    """
    year = arxiv_year(paper)
    date = f"({year})." if year else "(n.d.)."
    title = _end_sentence(sentence_case(clean_line(paper.title)))
    source = f"arXiv. https://doi.org/{arxiv_doi(paper)}"
    names = parse_names(paper.author_names)
    if not names:
        return f"{title} {date} {source}"
    return f"{_end_sentence(_apa_authors(names))} {date} {title} {source}"


def _apa_authors(names: Sequence[PersonName]) -> str:
    listed = [_apa_name(name) for name in names]
    if len(listed) == 1:
        return listed[0]
    if len(listed) > APA_MAX_LISTED:
        return ", ".join(listed[: APA_MAX_LISTED - 1]) + ", . . . " + listed[-1]
    return ", ".join(listed[:-1]) + ", & " + listed[-1]


def _apa_name(name: PersonName) -> str:
    if name.literal:
        return name.family
    text = f"{name.last}, {name.initials}" if name.initials else name.last
    return f"{text}, {name.suffix}" if name.suffix else text


# --- MLA 9 ------------------------------------------------------------------------------------


def mla(paper: Paper) -> str:
    """MLA 9: ``Frankle, Jonathan, and Michael Carbin. "The Lottery Ticket Hypothesis: ..."
    arXiv, 2018, arxiv.org/abs/1803.03635.``; three or more authors become "First, et al."."""
    title = clean_line(paper.title).replace('"', "'").replace("“", "‘").replace("”", "’")
    quoted = f'"{_end_sentence(title)}"'
    year = arxiv_year(paper)
    source = f"arXiv, {year}," if year else "arXiv,"
    location = f"arxiv.org/abs/{paper.id}."
    names = parse_names(paper.author_names)
    if not names:
        return f"{quoted} {source} {location}"
    return f"{_end_sentence(_mla_authors(names))} {quoted} {source} {location}"


def _mla_authors(names: Sequence[PersonName]) -> str:
    first = names[0].inverted
    if len(names) == 1:
        return first
    if len(names) == 2:
        return f"{first}, and {names[1].natural}"
    return f"{first}, et al."


# --- plain and Markdown -----------------------------------------------------------------------


def plain(paper: Paper) -> str:
    """One readable line: ``Jonathan Frankle and Michael Carbin. The Lottery Ticket Hypothesis:
    ... arXiv:1803.03635, 2018. https://arxiv.org/abs/1803.03635``."""
    year = arxiv_year(paper)
    names = parse_names(paper.author_names)
    parts = [_end_sentence(_natural_authors(names))] if names else []
    parts.append(_end_sentence(clean_line(paper.title)))
    parts.append(f"arXiv:{paper.id}, {year}." if year else f"arXiv:{paper.id}.")
    parts.append(paper.arxiv_url)
    return " ".join(parts)


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>])")


def markdown(paper: Paper) -> str:
    """A Markdown link to the paper's Hugging Face page, then authors and year:
    ``[The Lottery Ticket Hypothesis: ...](https://huggingface.co/papers/1803.03635),
    Jonathan Frankle and Michael Carbin, 2018``."""
    link = f"[{markdown_escape(clean_line(paper.title))}]({paper.url})"
    year = arxiv_year(paper)
    names = parse_names(paper.author_names)
    tail = [markdown_escape(_natural_authors(names))] if names else []
    if year:
        tail.append(str(year))
    return ", ".join([link, *tail])


def markdown_escape(text: str) -> str:
    """Backslash the characters Markdown would read as formatting or links."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def _natural_authors(names: Sequence[PersonName]) -> str:
    """ "A", "A and B", "A, B, and C"; four or more: "A et al."."""
    natural = [name.natural for name in names]
    if len(natural) <= 2:
        return " and ".join(natural)
    if len(natural) == 3:
        return f"{natural[0]}, {natural[1]}, and {natural[2]}"
    return f"{natural[0]} et al."


def _end_sentence(text: str) -> str:
    """Add a period unless the text already ends with . ? or !."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


_FORMATTERS = {
    "bibtex": bibtex,
    "biblatex": biblatex,
    "apa": apa,
    "mla": mla,
    "plain": plain,
    "markdown": markdown,
}
