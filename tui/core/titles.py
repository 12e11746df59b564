"""Capitalisation of paper titles: which words are names, and APA's sentence case.

arXiv titles come in Title Case ("The Lottery Ticket Hypothesis: Finding Sparse, Trainable
Neural Networks") or, less often, in sentence case ("Neural networks behave as hash encoders: An
empirical study"). Without a full dictionary of proper nouns the rules are:

- A word with a capital after its first letter is a name or an acronym and is never changed:
  BERT, ImageNet, GPT-4o, 3D, LLaMA, Flash-GRPO (a hyphenated word with such a part is kept
  whole, so "LLM-Based" stays as written). So is a lone capital other than "A" ("X-ray", "I").
- Capitalised words just before a number name a thing: "Llama 3", "Llama Guard 3", "Breeze 2".
- A short list of proper nouns common in ML titles (:data:`PROPER_NOUNS`: languages and
  peoples, Bayesian, Gaussian, Markov, ...) keeps its capital.
- In a sentence-case title every other capitalised word (not opening the title or a subtitle) is
  a proper noun too, because the author chose to capitalise it.
- In a Title Case title the other capitals carry no meaning: sentence case lowercases them,
  which also lowercases proper nouns missing from the list ("Coqui" would become "coqui"). This
  is the known loss, the price of not guessing.

A title, and each subtitle on its own, counts as Title Case when at least half of its words that
are not small words ("of", "the", "and", ...) and not names start with a capital.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Letters and digits (with combining marks), joined by hyphens, dots or apostrophes.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+(?:[-.'’](?:[^\W_]|[\u0300-\u036f])+)*")
_PART_SEPARATOR = re.compile(r"[-.'’]")
_NUMBER = re.compile(r"\d+(?:\.\d+)*")
# Punctuation after which a subtitle or a new sentence starts.
_SENTENCE_END = re.compile(r"[:?!.—]")
SMALL_WORDS = frozenset(
    "a an the and but or nor for so yet of in on at to by up as via with from into onto over "
    "per vs is are be do does its than that this".split()
)
PROPER_NOUNS = frozenset(
    # languages, peoples and places
    "English Chinese Mandarin Cantonese Japanese Korean Vietnamese Thai Indonesian Malay Hindi "
    "Bengali Urdu Tamil Telugu Indian Arabic Persian Hebrew Turkish Kazakh Uzbek Russian "
    "Ukrainian Polish Czech German French Spanish Portuguese Italian Dutch Greek Latin Swahili "
    "Yoruba Amharic African Asian European American Brazilian Canadian British Wikipedia "
    # mathematicians and the adjectives made from them
    "Bayes Bayesian Gauss Gaussian Markov Markovian Euclidean Riemann Riemannian Hamiltonian "
    "Lagrangian Laplacian Hessian Jacobian Fourier Hilbert Banach Boolean Lipschitz Lyapunov "
    "Langevin Wasserstein Kullback Leibler Newton Newtonian Monte Carlo Nash Pareto Shapley "
    "Turing Hodge Jordan Dirichlet Poisson Bernoulli Boltzmann Hopfield Kalman Hebbian "
    "Bellman Gibbs Metropolis Schrödinger Navier Stokes Kolmogorov Arnold Cartesian "
    "Darwinian Bregman Stein Gromov Hausdorff Sobolev Hermite Legendre Chebyshev Taylor".split()
)


@dataclass(frozen=True, slots=True)
class Piece:
    """A word of a title, or the gap (spaces, punctuation) between two words."""

    text: str
    is_word: bool
    opens: bool = False
    """The word opens the title or a subtitle."""
    name: bool = False
    """The word's capitals must survive any change of case."""
    title_case: bool = True
    """The word's sentence (title or subtitle) is in Title Case."""


def is_name(word: str) -> bool:
    """A word whose capitals must survive on its own (see the module docstring)."""
    for part in _PART_SEPARATOR.split(word):
        if any(char.isupper() for char in part[1:]):
            return True
        if len(part) == 1 and part.isupper() and part != "A":
            return True
        if part in PROPER_NOUNS:
            return True
    return False


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def is_title_case(words: list[str]) -> bool:
    """True when a title (or one of its subtitles) capitalises its words, given its words."""
    counted = [
        word
        for word in words[1:]
        if word.lower() not in SMALL_WORDS and not is_name(word) and word[:1].isalpha()
    ]
    if not counted:
        return True
    return 2 * sum(map(is_capitalised, counted)) >= len(counted)


def pieces(title: str) -> list[Piece]:
    """The title cut into words and gaps, each word marked as opening a sentence or a name,
    and with its sentence's case: "Convergent Learning: Do different networks ..." has a Title
    Case title and a sentence-case subtitle."""
    raw: list[tuple[str, bool]] = []
    position = 0
    for match in _WORD.finditer(title):
        if match.start() > position:
            raw.append((title[position : match.start()], False))
        raw.append((match.group(), True))
        position = match.end()
    if position < len(title):
        raw.append((title[position:], False))

    names = _names_before_numbers(raw)
    sentences: list[list[int]] = [[]]
    for index, (text, is_word) in enumerate(raw):
        if is_word:
            sentences[-1].append(index)
        elif _SENTENCE_END.search(text) and sentences[-1]:
            sentences.append([])
    case: dict[int, bool] = {}
    for sentence in sentences:  # once a sentence, not once a word: a long title was quadratic
        case.update(dict.fromkeys(sentence, is_title_case([raw[i][0] for i in sentence])))
    return [
        Piece(text, True, index in opening, index in names or is_name(text), case[index])
        if is_word
        else Piece(text, False)
        for opening in [{sentence[0] for sentence in sentences if sentence}]
        for index, (text, is_word) in enumerate(raw)
    ]


def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def _names_before_numbers(raw: list[tuple[str, bool]]) -> set[int]:
    """Indexes of capitalised words that run up to a number, space-separated: "Llama Guard 3"."""
    names: set[int] = set()
    for index, (text, is_word) in enumerate(raw):
        if not (is_word and _is_number(text)):
            continue
        back = index - 1
        while back >= 1 and raw[back][0] == " " and raw[back - 1][1]:
            word = raw[back - 1][0]
            if not is_capitalised(word) or word.lower() in SMALL_WORDS:
                break
            names.add(back - 1)
            back -= 2
    return names


def sentence_case(title: str) -> str:
    """APA's sentence case: only the first word, the first word of a subtitle, names and
    acronyms keep a capital. A title already in sentence case only gets its subtitle's first
    letter capitalised."""
    out = []
    for piece in pieces(title):
        text, lower_others = piece.text, piece.title_case
        if not piece.is_word or piece.name:
            out.append(text)
            continue
        parts = text.split("-")
        if piece.opens:
            head = parts[0][:1].upper() + parts[0][1:] if parts[0].isalpha() else parts[0]
            tail = [_lower_capitalised(p) for p in parts[1:]] if lower_others else parts[1:]
            out.append("-".join([head, *tail]))
        elif lower_others:
            out.append("-".join(map(_lower_capitalised, parts)))
        else:
            out.append(text)
    return "".join(out)


def _lower_capitalised(part: str) -> str:
    return part.lower() if is_capitalised(part) else part


def protected_words(title: str) -> Iterator[tuple[str, bool]]:
    """The title as ``(piece, protect)``: pieces BibTeX must not lowercase get ``protect``.

    Names and acronyms always; in a sentence-case title also every capitalised word that does
    not open the title or a subtitle (BibTeX styles keep those capitals themselves).
    """
    for piece in pieces(title):
        capitals_mean_names = not piece.title_case
        protect = piece.is_word and (
            piece.name or (capitals_mean_names and not piece.opens and is_capitalised(piece.text))
        )
        yield piece.text, protect
