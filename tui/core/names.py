"""Person names split into the parts citation styles need.

Hugging Face gives one display string per author ("Laurens van der Maaten", "Aleph",
"Henry Louis Gates Jr.", "Llama Team"). Styles need the family name, the given names, a
lowercase particle that travels with the family name, and a suffix. The split follows BibTeX's
own reading of "First von Last": the last word is the family name, a run of lowercase particles
just before it joins it, a trailing Jr./Sr./II/III/IV is a suffix. A name already written
"Last, First" is taken as such. Names of teams and groups ("Llama Team") and names holding the
word "and" are kept whole, as a *literal* that no style may reorder.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tui.core.text import clean_line

# Lowercase particles that belong to the family name ("van der Maaten", "de Oliveira").
PARTICLES = frozenset(
    "van von der den de del della da das di do dos du la le ter ten zu bin binti ibn al el".split()
)
# Capitalised ones that still belong to the family name ("De Silva", "Van Gogh"); a shorter
# list, since "Di", "Da", "Le", "Do" or "Bin" in that place are more often given names.
CAPITALISED_PARTICLES = frozenset("De Van Von Der Den Del Della Dos Das".split())
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# A word that makes a name a group rather than a person.
GROUP_WORDS = frozenset(
    "team consortium collaboration group lab laboratory project committee initiative "
    "inc inc. ltd ltd. corporation university institute foundation".split()
)
_AND = re.compile(r"\band\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PersonName:
    """One author's name in parts; ``literal`` names are printed as given, never reordered."""

    family: str
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: bool = False

    @property
    def last(self) -> str:
        """Particle and family name: what sorts and what comes before the comma."""
        return f"{self.particle} {self.family}" if self.particle else self.family

    @property
    def natural(self) -> str:
        """Given names first: "Laurens van der Maaten", "Henry Louis Gates, Jr."."""
        text = f"{self.given} {self.last}" if self.given else self.last
        return f"{text}, {self.suffix}" if self.suffix else text

    @property
    def inverted(self) -> str:
        """Family name first: "van der Maaten, Laurens", "Gates, Henry Louis, Jr."."""
        text = f"{self.last}, {self.given}" if self.given else self.last
        return f"{text}, {self.suffix}" if self.suffix else text

    @property
    def initials(self) -> str:
        """APA's initials of the given names: "Jean-Paul L." -> "J.-P. L."."""
        return " ".join(filter(None, (_initials(word) for word in self.given.split())))


def parse_name(raw: str) -> PersonName | None:
    """Split one display name; None when nothing printable is left."""
    text = unicodedata.normalize("NFC", clean_line(raw))
    if not text:
        return None
    words = text.replace(",", " , ").split()
    if _AND.search(text) or any(w.lower() in GROUP_WORDS for w in words):
        return PersonName(family=text, literal=True)

    suffix = ""
    if len(words) > 1 and words[-1].lower() in SUFFIXES:
        suffix = words.pop()
        while words and words[-1] == ",":
            words.pop()
    commas = words.count(",")
    if commas == 1 and words[0] != "," and words[-1] != ",":  # already "Last, First"
        split = words.index(",")
        family_words, given = words[:split], " ".join(words[split + 1 :])
        particle, family = _split_particle(family_words)
        return PersonName(family=family, given=given, particle=particle, suffix=suffix)
    if commas:  # "A, B, C": not a person's name we can read; keep it whole
        return PersonName(family=text, literal=True)
    if len(words) == 1:
        return PersonName(family=words[0], suffix=suffix)

    start = len(words) - 1
    while start > 0 and words[start - 1] in PARTICLES:
        start -= 1
    if start == len(words) - 1:  # no lowercase particle: maybe a capitalised one ("De Silva")
        while start > 1 and words[start - 1] in CAPITALISED_PARTICLES:
            start -= 1
        family = " ".join(words[start:])
        return PersonName(family=family, given=" ".join(words[:start]), suffix=suffix)
    return PersonName(
        family=words[-1],
        given=" ".join(words[:start]),
        particle=" ".join(words[start:-1]),
        suffix=suffix,
    )


def parse_names(raw_names: list[str] | tuple[str, ...]) -> list[PersonName]:
    """Every usable name, in order."""
    return [name for name in map(parse_name, raw_names) if name is not None]


def _split_particle(words: list[str]) -> tuple[str, str]:
    """The words before the comma of "van der Maaten, Laurens": ("van der", "Maaten")."""
    start = 0
    while start < len(words) - 1 and words[start] in PARTICLES:
        start += 1
    return " ".join(words[:start]), " ".join(words[start:])


def _initials(word: str) -> str:
    """ "Jean-Paul" -> "J.-P.", "J.P." -> "J. P.", "Étienne" -> "É."; "" when no letter."""
    dotted = []
    for piece in filter(None, word.split(".")):
        hyphenated = [_first_letter(part) for part in piece.split("-")]
        letters = [f"{letter}." for letter in hyphenated if letter]
        if letters:
            dotted.append("-".join(letters))
    return " ".join(dotted)


def _first_letter(word: str) -> str:
    """The first letter of ``word`` with any combining marks that follow it."""
    for index, char in enumerate(word):
        if char.isalpha():
            end = index + 1
            while end < len(word) and unicodedata.combining(word[end]):
                end += 1
            return word[index:end].upper()
    return ""


def ascii_fold(text: str) -> str:
    """Lowercase ASCII letters and digits only, for citation keys: "Ørsted" -> "orsted"."""
    text = text.translate(_FOLD).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)
