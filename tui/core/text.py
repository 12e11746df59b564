"""Remote text made safe to show, and measured the way the terminal draws it.

A title holding ``ESC[2J`` would clear the user's screen if it reached the terminal, so every
text field from the network (and from our own files, which can be edited) passes through
:func:`clean_text` or :func:`clean_line` at parse time, before anything can print it. They also
drop what shifts columns without showing anything: stray zero-width characters, soft hyphens,
and runs of combining marks past :data:`MAX_MARKS` ("Zalgo" text, thousands of accents on one
letter).

:func:`cell_width` and :func:`fit` are the one measure of display width: the CLI tables and the
reader's rows (which Rich draws) must agree on it, or rows shift.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"
MAX_MARKS = 4
"""Combining marks kept after one base character; real scripts stack two or three."""

# Whole escape sequences first (so their parameters do not survive as visible junk):
# CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings (ESC ] ... BEL or ST), two-byte ESC X,
# and their 8-bit C1 forms.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]                    # CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)  # OSC, DCS, ...
    | \x1b[ -/]*[0-~]                                   # other ESC sequences
    """,
    re.VERBOSE | re.DOTALL,
)
# Whatever control characters remain: C0 but tab and newline, DEL, C1, and the explicit bidi
# embedding/override/isolate marks (U+202A-E, U+2066-9), which can reorder what a terminal shows
# (Trojan Source); right-to-left text itself needs none of them. Lone surrogates too: Python's
# stand-ins for bytes that are not UTF-8 (in a command line); no file or terminal takes them.
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL = re.compile(f"[{_CONTROLS}]")
# Invisible characters terminals disagree on (zero or one cell): the soft hyphen, the zero-width
# space, the word joiner and the byte order mark. None changes what a reader sees.
_INVISIBLES = r"\u00ad\u200b\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLES}]")
# ZWNJ and ZWJ do matter between letters of Persian, Arabic or Indic scripts and inside emoji
# sequences (👨‍👩‍👧); next to white space, ASCII, another invisible or an end they are stray.
_NOT_JOINABLE = rf"\s\x00-\x7f\u200c\u200d{_INVISIBLES}"
_STRAY_JOINER = re.compile(
    rf"(?<![^{_NOT_JOINABLE}])[\u200c\u200d]|[\u200c\u200d](?![^{_NOT_JOINABLE}])"
)
_SUSPECT = re.compile(f"[{_CONTROLS}{_INVISIBLES}\u200c\u200d]")
# Combining marks are neither letters, digits, spaces nor ASCII: a run of more than MAX_MARKS
# such characters is where too many marks on one letter can be. The search starts from one
# such character with a lookahead (three times faster than a repeat); the exact check, with
# unicodedata, runs on the rare runs it finds.
_NON_LETTER = r"[^\w\s\x00-\x7f]"
_MAYBE_MARK_RUN = re.compile(f"{_NON_LETTER}(?={_NON_LETTER}{{{MAX_MARKS}}})")
_NON_LETTER_RUN = re.compile(f"{_NON_LETTER}{{{MAX_MARKS + 1},}}")
# A blank line (white space only) between two lines: what separates paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\n(?:[^\S\n]*\n)+")


def strip_control(text: str) -> str:
    """Remove escape sequences and control characters, keeping tab and newline."""
    if not _CONTROL.search(text):  # the common case, and much cheaper than two substitutions
        return text
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def make_safe(text: str) -> str:
    """``text`` without control characters, stray invisibles or more than :data:`MAX_MARKS`
    combining marks on one character. White space is left alone.
    """
    # isprintable() is False for every control, format (zero-width, bidi) and odd space
    # character, and cheap: most text is done after it and isascii().
    if not text.isprintable() and _SUSPECT.search(text):
        text = _STRAY_JOINER.sub("", _INVISIBLE.sub("", strip_control(text)))
    if text.isascii() or not _has_mark_run(text):
        return text
    return _NON_LETTER_RUN.sub(lambda run: _cap_marks(run.group()), text)


def _has_mark_run(text: str) -> bool:
    start = 0
    while candidate := _MAYBE_MARK_RUN.search(text, start):
        run = _NON_LETTER_RUN.match(text, candidate.start())
        if run is None:  # cannot happen: the lookahead saw the run
            return False
        if _cap_marks(run.group()) != run.group():
            return True
        start = run.end()
    return False


def _cap_marks(chars: str) -> str:
    """``chars`` with at most :data:`MAX_MARKS` combining marks in a row."""
    kept: list[str] = []
    marks = 0
    for char in chars:
        marks = marks + 1 if unicodedata.category(char) in ("Mn", "Me") else 0
        if marks <= MAX_MARKS:
            kept.append(char)
    return "".join(kept)


def clean_line(text: str, limit: int | None = None) -> str:
    """One line of safe text: see :func:`make_safe`, and every run of white space one space.

    With ``limit``, at most that many characters, the last an ellipsis when it was cut: a
    megabyte title must not cost seconds each time it is drawn.
    """
    if limit is not None and len(text) > limit:
        return " ".join(make_safe(text[: limit - 1]).split()) + ELLIPSIS
    if _is_clean_line(text):  # most text, and every record we wrote ourselves
        return text
    return " ".join(make_safe(text).split())


def clean_lines(texts: list[str], limit: int) -> list[str]:
    """:func:`clean_line` of each of ``texts`` (author names, keywords); empty ones dropped.

    One check covers them all in the common case: joined by " | ", they are clean lines if and
    only if the whole is one (an empty or space-padded text makes a double space).
    """
    if texts and max(map(len, texts)) <= limit and _is_clean_line(" | ".join(texts)):
        return texts
    return [line for line in (clean_line(text, limit) for text in texts) if line]


def clean_text(text: str) -> str:
    """Safe prose: see :func:`make_safe`; arXiv hard wraps joined, paragraph breaks kept.

    Older records wrap abstracts at ~80 columns with single newlines; a blank line is a real
    paragraph break and survives as one.
    """
    if _is_clean_line(text.replace("\n\n", " ") if "\n" in text else text):
        return text  # paragraphs of single-spaced words: as we store them
    paragraphs = _PARAGRAPH_BREAK.split(make_safe(text))
    return "\n\n".join(line for line in (" ".join(p.split()) for p in paragraphs) if line)


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _printable(text: str) -> bool:
    """str.isprintable(), four times faster for long ASCII text (an abstract: 1 µs, not 4)."""
    if len(text) > 64 and text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


def _is_clean_line(text: str) -> bool:
    """Whether :func:`clean_line` would leave ``text`` as it is, in one quick pass or two.

    isprintable() is False for every control, format (zero-width, bidi) and white-space
    character but the space, so only double spaces, ends and runs of marks remain to check.
    """
    return (
        _printable(text)
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and (text.isascii() or not _has_mark_run(text))
    )


# --- display width ----------------------------------------------------------------------------


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes, as Rich (and so the reader) draws it.

    Grapheme clusters count as modern terminals draw them: an emoji with a skin tone (👍🏽) or a
    ZWJ sequence (👨‍👩‍👧) is 2 cells, a combining mark or a zero-width character 0, CJK 2.
    """
    from rich.cells import cell_len  # imported on first use: the CLI may never measure

    return cell_len(text)


def fit(text: str, cells: int, *, pad: bool = False) -> str:
    """``text`` in at most ``cells`` cells, cut between graphemes and ending in "…" when cut.

    With ``pad``, spaces fill it to exactly ``cells`` (a table column, a list row).
    """
    if cells <= 0:
        return ""
    width = cell_width(text)
    if width > cells and text.isascii():
        text = text[: cells - 1].rstrip() + ELLIPSIS
        width = len(text)
    elif width > cells:
        from rich.cells import split_graphemes

        spans, _ = split_graphemes(text)
        end = used = 0
        for _start, stop, size in spans:
            if used + size > cells - 1:
                break
            end, used = stop, used + size
        text = text[:end].rstrip() + ELLIPSIS
        width = cell_width(text)
    return text + " " * (cells - width) if pad else text
