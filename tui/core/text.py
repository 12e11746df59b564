"""Cleaning of remote text: it is data, never terminal control or markup.

A title holding ``ESC[2J`` would clear the user's screen if it reached the terminal, so every
text field from the network passes through :func:`clean_text` (or :func:`clean_line`) at parse
time, before anything can print it.
"""

from __future__ import annotations

import re

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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAK_IN_PARAGRAPH = re.compile(r"[ \t]*\n(?![ \t]*\n)[ \t]*")
_PARAGRAPH_BREAK = re.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")
_RUN_OF_BLANKS = re.compile(r"[ \t]+")


def strip_control(text: str) -> str:
    """Remove escape sequences and control characters, keeping tab and newline."""
    if not _CONTROL.search(text):  # the common case, and much cheaper than two substitutions
        return text
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def clean_line(text: str) -> str:
    """One line of safe text: controls removed, every run of white space one space."""
    return " ".join(strip_control(text).split())


def clean_text(text: str) -> str:
    """Safe prose: controls removed, arXiv hard wraps joined, paragraph breaks kept.

    Older records wrap abstracts at ~80 columns with single newlines; a blank line is a real
    paragraph break and survives as one.
    """
    text = strip_control(text)
    if "\n" not in text and "\r" not in text:
        return " ".join(text.split())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = _PARAGRAPH_BREAK.split(text.strip())
    joined = (_LINE_BREAK_IN_PARAGRAPH.sub(" ", p) for p in paragraphs)
    return "\n\n".join(_RUN_OF_BLANKS.sub(" ", p).strip() for p in joined if p.strip())
