"""Citations: every fixture paper in every format, read back by a real BibTeX parser; golden
APA and MLA written by hand from the style guides; hostile titles and names."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser import middlewares
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.fixtures import FIXTURES, load_fixture
from tui.core import titles
from tui.core.citation import (
    FORMATS,
    apa,
    arxiv_year,
    biblatex,
    bibtex,
    citation_key,
    cite,
    markdown,
    mla,
    plain,
    unique_keys,
)
from tui.core.models import Author, Paper, parse_item, parse_listing, parse_paper
from tui.core.names import parse_name, parse_names
from tui.core.text import clean_line
from tui.core.titles import sentence_case

# The API answers among the fixtures (tests/fixtures/README.md); bad/ holds broken ones.
API_FIXTURES = ("daily_papers_*.json", "paper_*.json", "papers_search_*.json", "search_*.json")


def api_fixture_files() -> list[Path]:
    found = {p for pattern in API_FIXTURES for p in FIXTURES.rglob(pattern)}
    return sorted(p for p in found if "bad" not in p.relative_to(FIXTURES).parts)


def fixture_papers() -> list[Paper]:
    """Every paper of every good API fixture, real/ included, once each."""
    papers: dict[str, Paper] = {}
    for path in api_fixture_files():
        data = load_fixture(str(path.relative_to(FIXTURES)))
        found = parse_listing(data).papers if isinstance(data, list) else [parse_paper(data)]
        for paper in found:
            papers.setdefault(paper.id, paper)
    return list(papers.values())


PAPERS = fixture_papers()
BY_ID = {paper.id: paper for paper in PAPERS}


def make_paper(
    title: str = "A Title",
    authors: tuple[str, ...] = ("Ada Lovelace",),
    paper_id: str = "2101.00001",
    published: datetime | None = None,
) -> Paper:
    return Paper(
        id=paper_id,
        title=title,
        abstract="",
        authors=tuple(Author(name) for name in authors),
        published_at=published,
    )


def parse_bib(text: str) -> bibtexparser.Library:
    return bibtexparser.parse_string(
        text,
        append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()],
    )


def only_entry(text: str) -> bibtexparser.model.Entry:
    library = parse_bib(text)
    assert library.failed_blocks == []
    assert len(library.entries) == 1
    return library.entries[0]


def bibtex_balanced(text: str) -> bool:
    """BibTeX's own rule: every brace counts, escaped or not."""
    depths = list(accumulate((char == "{") - (char == "}") for char in text))
    return min(depths, default=0) >= 0 and (depths[-1] if depths else 0) == 0


# \textbackslash{} or {\textbackslash}; \& or {\&}; a bare brace; any other character.
_LATEX_TOKEN = re.compile(
    r"\\(text[a-z]+)\{\}|\{\\(text[a-z]+)\}|\\([&%$#_{}])|\{\\([&%$#_])\}|([{}])|(.)", re.DOTALL
)
_LATEX_COMMANDS = {
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textbraceleft": "{",
    "textbraceright": "}",
}


def latex_decode(value: str) -> str:
    """Undo our escaping (written here independently): commands and \\X become characters,
    bare braces (case protection) disappear."""
    out = []
    for command, braced_command, escaped, braced_escaped, _brace, char in _LATEX_TOKEN.findall(
        value
    ):
        if command or braced_command:
            out.append(_LATEX_COMMANDS[command or braced_command])
        else:
            out.append(escaped or braced_escaped or char)
    return "".join(out)


def person_words(person: middlewares.NameParts) -> list[str]:
    words = [*person.first, *person.von, *person.last, *person.jr]
    return sorted(latex_decode(word) for word in words)


# --- every fixture paper, every format --------------------------------------------------------


def test_the_fixtures_hold_the_hard_cases() -> None:
    assert len(api_fixture_files()) >= 12  # 4 built from real papers + 8 under real/
    counts = [len(paper.authors) for paper in PAPERS]
    assert len(PAPERS) > 90
    assert 0 in counts and max(counts) > 500
    assert any(not name.isascii() for paper in PAPERS for name in paper.author_names)


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.id)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_fixture_paper_cites_in_every_format(paper: Paper, fmt: str) -> None:
    text = cite(paper, fmt)
    assert paper.id in text
    if fmt in ("bibtex", "biblatex"):
        assert bibtex_balanced(text)
    else:
        assert "\n" not in text and text == text.strip()
        assert str(paper.year) in text


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.id)
@pytest.mark.parametrize("writer", [bibtex, biblatex], ids=["bibtex", "biblatex"])
def test_bibtex_of_every_fixture_parses_back_into_the_same_people(paper: Paper, writer) -> None:
    entry = only_entry(writer(paper))
    fields = entry.fields_dict
    assert entry.key == citation_key(paper)
    assert entry.entry_type == ("misc" if writer is bibtex else "online")
    assert fields["eprint"].value == paper.id
    assert fields["url"].value == f"https://arxiv.org/abs/{paper.id}"
    assert latex_decode(fields["title"].value) == paper.title
    if writer is bibtex:
        assert fields["year"].value == str(paper.year)
        assert fields["archivePrefix"].value == "arXiv"
    else:
        assert fields["date"].value == paper.published_at.date().isoformat()
        assert fields["eprinttype"].value == "arxiv"
    if not paper.authors:
        assert "author" not in fields
        return
    people = fields["author"].value
    assert len(people) == len(paper.authors)
    for person, name in zip(people, paper.author_names, strict=True):
        expected = sorted(unicodedata.normalize("NFC", name).replace(",", " ").split())
        assert person_words(person) == expected, name
        assert person.last, name


def test_family_names_land_in_bibtex_last_part() -> None:
    herd = BY_ID["2407.21783"]
    people = only_entry(bibtex(herd)).fields_dict["author"].value
    by_name = dict(zip(herd.author_names, people, strict=True))
    assert by_name["Laurens van der Maaten"].von == ["van", "der"]
    assert by_name["Laurens van der Maaten"].last == ["Maaten"]
    assert by_name["Abhimanyu Dubey"].last == ["Dubey"]
    assert by_name["Abhimanyu Dubey"].first == ["Abhimanyu"]
    assert by_name["Zacharie Delpierre Coudert"].first == ["Zacharie", "Delpierre"]


# --- golden citations, written by hand from the style guides ----------------------------------


def test_golden_bibtex_in_arxivs_form() -> None:
    assert bibtex(BY_ID["1803.03635"]) == (
        "@misc{frankle2018lottery,\n"
        "  title = {The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks},\n"
        "  author = {Frankle, Jonathan and Carbin, Michael},\n"
        "  year = {2018},\n"
        "  eprint = {1803.03635},\n"
        "  archivePrefix = {arXiv},\n"
        "  url = {https://arxiv.org/abs/1803.03635},\n"
        "}"
    )


def test_golden_biblatex() -> None:
    assert biblatex(BY_ID["1803.03635"]) == (
        "@online{frankle2018lottery,\n"
        "  author = {Frankle, Jonathan and Carbin, Michael},\n"
        "  title = {The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks},\n"
        "  date = {2018-03-09},\n"
        "  eprint = {1803.03635},\n"
        "  eprinttype = {arxiv},\n"
        "  doi = {10.48550/arXiv.1803.03635},\n"
        "  url = {https://arxiv.org/abs/1803.03635},\n"
        "}"
    )


def test_golden_apa_two_authors() -> None:
    assert apa(BY_ID["1803.03635"]) == (
        "Frankle, J., & Carbin, M. (2018). The lottery ticket hypothesis: Finding sparse, "
        "trainable neural networks. arXiv. https://doi.org/10.48550/arXiv.1803.03635"
    )


def test_golden_mla_two_authors() -> None:
    assert mla(BY_ID["1803.03635"]) == (
        'Frankle, Jonathan, and Michael Carbin. "The Lottery Ticket Hypothesis: Finding Sparse, '
        'Trainable Neural Networks." arXiv, 2018, arxiv.org/abs/1803.03635.'
    )


def test_golden_apa_fourteen_authors_all_listed() -> None:
    # APA 7 §9.8: up to 20 authors, all listed, "&" before the last; hyphenated given names
    # keep the hyphen in the initials (Marie-Anne -> M.-A.); acronyms keep their capitals.
    assert apa(BY_ID["2302.13971"]) == (
        "Touvron, H., Lavril, T., Izacard, G., Martinet, X., Lachaux, M.-A., Lacroix, T., "
        "Rozière, B., Goyal, N., Hambro, E., Azhar, F., Rodriguez, A., Joulin, A., Grave, E., "
        "& Lample, G. (2023). LLaMA: Open and efficient foundation language models. arXiv. "
        "https://doi.org/10.48550/arXiv.2302.13971"
    )


def test_golden_mla_three_or_more_authors_is_et_al() -> None:
    assert mla(BY_ID["2302.13971"]) == (
        'Touvron, Hugo, et al. "LLaMA: Open and Efficient Foundation Language Models." '
        "arXiv, 2023, arxiv.org/abs/2302.13971."
    )


def test_golden_apa_twenty_one_or_more_authors() -> None:
    # APA 7 §9.8: 21 or more authors: the first 19, an ellipsis, then the final author, no "&".
    assert apa(BY_ID["2407.21783"]) == (
        "Dubey, A., Jauhri, A., Pandey, A., Kadian, A., Al-Dahle, A., Letman, A., Mathur, A., "
        "Schelten, A., Yang, A., Fan, A., Goyal, A., Hartshorn, A., Yang, A., Mitra, A., "
        "Sravankumar, A., Korenev, A., Hinsvark, A., Rao, A., Zhang, A., . . . Zhao, Z. (2024). "
        "The Llama 3 herd of models. arXiv. https://doi.org/10.48550/arXiv.2407.21783"
    )


def test_golden_mla_many_authors() -> None:
    assert mla(BY_ID["2407.21783"]) == (
        'Dubey, Abhimanyu, et al. "The Llama 3 Herd of Models." arXiv, 2024, '
        "arxiv.org/abs/2407.21783."
    )


def test_golden_apa_thirty_five_authors_with_proper_noun() -> None:
    assert apa(BY_ID["2503.01493"]) == (
        "Koto, F., Joshi, R., Mukhituly, N., Wang, Y., Xie, Z., Pal, R., Orel, D., Mullah, P., "
        "Turmakhan, D., Goloburda, M., Kamran, M., Ghosh, S., Jia, B., Mansurov, J., "
        "Togmanov, M., Banerjee, D., Laiyk, N., Sakip, A., Han, X., . . . Nakov, P. (2025). "
        "Llama-3.1-Sherkala-8B-Chat: An open large language model for Kazakh. arXiv. "
        "https://doi.org/10.48550/arXiv.2503.01493"
    )


def test_golden_without_authors_the_title_leads() -> None:
    paper = BY_ID["2303.03340"]
    assert not paper.authors
    assert apa(paper) == (
        "Symbolic synthesis of neural networks. (2023). arXiv. "
        "https://doi.org/10.48550/arXiv.2303.03340"
    )
    assert mla(paper) == (
        '"Symbolic Synthesis of Neural Networks." arXiv, 2023, arxiv.org/abs/2303.03340.'
    )
    entry = only_entry(bibtex(paper))
    assert "author" not in entry.fields_dict
    assert entry.key == "anon2023symbolic"


def test_golden_plain_and_markdown() -> None:
    paper = BY_ID["1803.03635"]
    assert plain(paper) == (
        "Jonathan Frankle and Michael Carbin. The Lottery Ticket Hypothesis: Finding Sparse, "
        "Trainable Neural Networks. arXiv:1803.03635, 2018. https://arxiv.org/abs/1803.03635"
    )
    assert markdown(paper) == (
        "[The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks]"
        "(https://huggingface.co/papers/1803.03635), Jonathan Frankle and Michael Carbin, 2018"
    )
    assert plain(BY_ID["2302.13971"]).startswith("Hugo Touvron et al. LLaMA:")


def test_question_mark_titles_take_no_extra_period() -> None:
    paper = BY_ID["2508.07229"]  # "How Does a Deep Neural Network Look at Lexical Stress?"
    assert "How does a deep neural network look at lexical stress? arXiv." in apa(paper)
    assert '"How Does a Deep Neural Network Look at Lexical Stress?" arXiv, 2025,' in mla(paper)


# --- names ------------------------------------------------------------------------------------


def test_particles_stay_with_the_family_name() -> None:
    paper = make_paper(
        "Visualizing Data using t-SNE",
        ("Laurens van der Maaten", "Geoffrey Hinton"),
        paper_id="0801.0001",
    )
    assert apa(paper) == (
        "van der Maaten, L., & Hinton, G. (2008). Visualizing data using t-SNE. arXiv. "
        "https://doi.org/10.48550/arXiv.0801.0001"
    )
    assert mla(paper).startswith("van der Maaten, Laurens, and Geoffrey Hinton. ")
    assert "author = {van der Maaten, Laurens and Hinton, Geoffrey}" in bibtex(paper)
    assert citation_key(paper) == "vandermaaten2008visualizing"


def test_names_already_inverted() -> None:
    assert parse_name("van der Maaten, Laurens") == parse_name("Laurens van der Maaten")
    assert parse_name("De Silva, Devin") == parse_name("Devin De Silva")
    assert parse_name("Smith, John").natural == "John Smith"


def test_capitalised_particles_join_the_family_name() -> None:
    assert parse_name("Devin Yasith De Silva").family == "De Silva"
    assert parse_name("Beto De Paola").family == "De Paola"
    assert parse_name("Long T. Le").family == "Le"
    person = only_entry(bibtex(make_paper(authors=("Beto De Paola",)))).fields_dict["author"]
    assert person.value[0].last == ["De", "Paola"]


def test_suffixes_and_hyphenated_given_names() -> None:
    paper = make_paper(authors=("Henry Louis Gates Jr.", "Jean-Paul Sartre"))
    assert apa(paper).startswith("Gates, H. L., Jr., & Sartre, J.-P. (2021).")
    assert mla(paper).startswith("Gates, Henry Louis, Jr., and Jean-Paul Sartre. ")
    assert "author = {Gates, Jr., Henry Louis and Sartre, Jean-Paul}" in bibtex(paper)
    first, second = only_entry(bibtex(paper)).fields_dict["author"].value
    assert (first.last, first.jr, first.first) == (["Gates"], ["Jr."], ["Henry", "Louis"])
    assert second.first == ["Jean-Paul"]
    assert parse_name("Gates, Henry Louis, Jr.") == parse_name("Henry Louis Gates Jr.")


def test_a_suffix_without_a_given_name_stays_valid_bibtex() -> None:
    paper = make_paper(authors=("Smith II", "Ada Lovelace"))
    text = bibtex(paper)
    assert "author = {{Smith II} and Lovelace, Ada}" in text
    assert [p.last for p in only_entry(text).fields_dict["author"].value] == [
        ["{Smith II}"],
        ["Lovelace"],
    ]


def test_single_name_and_group_authors() -> None:
    paper = make_paper("Title", ("Aleph", "Llama Team", "Research and Development"))
    people = only_entry(bibtex(paper)).fields_dict["author"].value
    assert [p.last for p in people] == [["Aleph"], ["{Llama Team}"], ["{Research and Development}"]]
    assert apa(paper).startswith("Aleph, Llama Team, & Research and Development. (2021). Title.")
    assert mla(paper).startswith('Aleph, et al. "Title."')
    assert mla(make_paper("Title", ("Aleph",))).startswith('Aleph. "Title." arXiv, 2021,')
    assert apa(make_paper("Title", ("Aleph",))).startswith("Aleph. (2021). Title. arXiv.")


def test_cjk_accented_and_combining_names_stay_literal_and_valid() -> None:
    decomposed = "Zoe\u0308 Mu\u0308ller"  # combining diaeresis, as some systems send it
    paper = make_paper(authors=("张伟", "José Álvarez-Núñez", decomposed, "Ørsted Øberg"))
    text = bibtex(paper)
    assert "张伟" in text and "Álvarez-Núñez, José" in text and "Müller, Zoë" in text
    people = only_entry(text).fields_dict["author"].value
    assert [p.last for p in people] == [["张伟"], ["Álvarez-Núñez"], ["Müller"], ["Øberg"]]
    assert apa(paper).startswith("张伟, Álvarez-Núñez, J., Müller, Z., & Øberg, Ø. (2021).")
    assert citation_key(make_paper(authors=("Ørsted Øberg",))) == "oberg2021title"
    assert citation_key(make_paper(authors=("张伟",))) == "anon2021title"


def test_names_with_commas_braces_and_specials_keep_bibtex_valid() -> None:
    names = ("Smith, John", "A, B, C", "Tom {Braces", "O'Brien & Sons_", "Back\\slash %Per")
    paper = make_paper(authors=names)
    entry = only_entry(bibtex(paper))
    people = entry.fields_dict["author"].value
    assert len(people) == 5
    assert (people[0].last, people[0].first) == (["Smith"], ["John"])
    assert latex_decode(people[1].last[0]) == "A, B, C"
    assert bibtex_balanced(bibtex(paper))
    assert [latex_decode(" ".join(p.last)) for p in people[2:]] == ["{Braces", "Sons_", "%Per"]


def test_two_hundred_fifty_authors() -> None:
    names = tuple(f"Given{i} Family{i}" for i in range(250))
    paper = make_paper(authors=names)
    people = only_entry(bibtex(paper)).fields_dict["author"].value
    assert [p.last[0] for p in people] == [f"Family{i}" for i in range(250)]
    text = apa(paper)
    assert text.count(", G.") == 20
    assert "Family18, G., . . . Family249, G. (2021)." in text
    assert "Family19," not in text
    assert mla(paper).startswith('Family0, Given0, et al. "A Title."')


def test_exactly_twenty_authors_are_all_listed() -> None:
    paper = make_paper(authors=tuple(f"G F{i}" for i in range(20)))
    assert apa(paper).startswith("F0, G., F1, G.,")
    assert "F18, G., & F19, G. (2021)." in apa(paper)
    assert ". . ." not in apa(paper)


def test_blank_names_are_skipped() -> None:
    assert parse_names(["", "  ", "\x1b[31m", "Ada Lovelace"]) == [parse_name("Ada Lovelace")]


# --- titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks",
            "The lottery ticket hypothesis: Finding sparse, trainable neural networks",
        ),
        (
            "ColBERT: Using BERT Sentence Embedding in Parallel Neural Networks",
            "ColBERT: Using BERT sentence embedding in parallel neural networks",
        ),
        (
            "Is Complexity Required for Neural Network Pruning? A Case Study",
            "Is complexity required for neural network pruning? A case study",
        ),
        (
            "FFAvatar: Few-Shot, Feed-Forward, and Generalizable Avatar Reconstruction",
            "FFAvatar: Few-shot, feed-forward, and generalizable avatar reconstruction",
        ),
        (
            "Convergent Learning: Do different neural networks learn the same representations?",
            "Convergent learning: Do different neural networks learn the same representations?",
        ),
        (
            "Neural networks behave as hash encoders: an empirical study",
            "Neural networks behave as hash encoders: An empirical study",
        ),
        ("Llama Guard 3 Vision: Safeguarding", "Llama Guard 3 vision: Safeguarding"),
        ("Scalable Bayesian Uncertainty for PDEs", "Scalable Bayesian uncertainty for PDEs"),
        ("ImageNet Classification with GPT-4o in 3D", "ImageNet classification with GPT-4o in 3D"),
    ],
)
def test_sentence_case(title: str, expected: str) -> None:
    assert sentence_case(title) == expected


def test_title_case_is_judged_once_a_sentence_not_once_a_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Judged once a word, a 5,000-word title took ~23 s to cite (quadratic).
    calls: list[int] = []
    judge = titles.is_title_case

    def counting(words: list[str]) -> bool:
        calls.append(len(words))
        return judge(words)

    monkeypatch.setattr(titles, "is_title_case", counting)
    title = "Scaling Laws: " + "a long subtitle " * 2000 + "and LLMs? The End"
    entry = parse_bib(bibtex(make_paper(title=title))).entries[0]
    assert calls == [2, 6002, 2]  # three sentences, each judged once
    assert entry["title"].startswith("Scaling Laws: a long subtitle a long")
    assert "{LLMs}" in entry["title"]


def test_bibtex_protects_acronyms_and_names_in_titles() -> None:
    paper = make_paper("ImageNet Classification with BERT and Deep CNNs for Kazakh")
    title = only_entry(bibtex(paper)).fields_dict["title"].value
    assert title == "{ImageNet} Classification with {BERT} and Deep {CNNs} for {Kazakh}"


def test_bibtex_protects_proper_nouns_of_sentence_case_titles() -> None:
    paper = make_paper("A baseline for speech recognition using the Coqui STT framework")
    title = only_entry(bibtex(paper)).fields_dict["title"].value
    assert title == "A baseline for speech recognition using the {Coqui} {STT} framework"


def test_latex_specials_are_escaped_and_read_back() -> None:
    title = r"50% of $x_1$ & #2 use ~ and ^ and \alpha {balanced}"
    text = bibtex(make_paper(title))
    assert r"50\% of \$x\_1\$ \& \#2 use \textasciitilde{} and \textasciicircum{}" in text
    assert r"\textbackslash{}alpha \{balanced\}" in text
    assert latex_decode(only_entry(text).fields_dict["title"].value) == title


@pytest.mark.parametrize("title", ["Unbalanced { brace", "Closing } first {", "}}{{", "a\\{b"])
def test_unbalanced_braces_keep_bibtex_balanced(title: str) -> None:
    for writer in (bibtex, biblatex):
        text = writer(make_paper(title))
        assert bibtex_balanced(text), text
        assert latex_decode(only_entry(text).fields_dict["title"].value) == title


def test_markdown_escapes_link_syntax() -> None:
    text = markdown(make_paper("A [bracketed] *starred* title_", ("Ann_Lee",)))
    assert text.startswith(r"[A \[bracketed\] \*starred\* title\_](https://huggingface.co/")
    assert r"Ann\_Lee" in text


def test_control_characters_never_reach_a_citation() -> None:
    paper = make_paper("Evil \x1b[2J Title\x07", ("Bad\x1b]52;c;AAAA\x07 Name",))
    for fmt in FORMATS:
        assert "\x1b" not in cite(paper, fmt) and "\x07" not in cite(paper, fmt)


# --- years and keys ---------------------------------------------------------------------------


def test_year_comes_from_the_arxiv_date_then_the_id() -> None:
    dated = make_paper(paper_id="2101.00001", published=datetime(2020, 12, 31, tzinfo=UTC))
    assert arxiv_year(dated) == 2020
    assert arxiv_year(make_paper(paper_id="1803.03635")) == 2018
    assert arxiv_year(make_paper(paper_id="hep-th/9901001")) == 1999
    assert arxiv_year(make_paper(paper_id="math.AG/0101001")) == 2001


@pytest.mark.parametrize(
    ("published", "year"),
    [
        (datetime(2025, 6, 1, tzinfo=UTC), 2018),  # a later date (a new version's): the id's
        (datetime(1995, 3, 1, tzinfo=UTC), 2018),  # far too early: the id's
        (datetime(2018, 11, 2, tzinfo=UTC), 2018),  # the same year: agrees
    ],
)
def test_a_date_that_disagrees_with_the_id_loses_to_the_id(published: datetime, year: int) -> None:
    paper = make_paper(paper_id="1803.03635", published=published)
    assert arxiv_year(paper) == year
    assert f"({year})." in apa(paper)
    assert only_entry(bibtex(paper)).fields_dict["year"].value == str(year)
    date_field = only_entry(biblatex(paper)).fields_dict["date"].value
    assert date_field == (published.date().isoformat() if published.year == year else str(year))


def test_a_bogus_published_at_from_the_api_is_cited_with_the_id_year() -> None:
    for bogus in ("0001-01-01T00:00:00.000Z", "9999-12-31T00:00:00.000Z", "2031-01-01T00:00:00Z"):
        item = {"id": "1803.03635", "title": "T", "summary": "S", "publishedAt": bogus}
        assert arxiv_year(parse_item(item)) == 2018


def test_a_paper_sent_in_the_month_before_its_id_keeps_its_date() -> None:
    paper = make_paper(paper_id="2401.00001", published=datetime(2023, 12, 28, tzinfo=UTC))
    assert arxiv_year(paper) == 2023  # arXiv gives ids when it announces, days later
    assert only_entry(biblatex(paper)).fields_dict["date"].value == "2023-12-28"


def test_the_key_uses_the_first_author_whose_name_folds_to_ascii() -> None:
    paper = make_paper(authors=("张伟", "李娜", "Laurens van der Maaten", "Ann Lee"))
    assert citation_key(paper) == "vandermaaten2021title"
    assert citation_key(make_paper(authors=("张伟", "李娜"))) == "anon2021title"


def test_unknown_year() -> None:
    paper = make_paper(paper_id="not-an-id")
    assert "(n.d.)." in apa(paper)
    assert "year" not in only_entry(bibtex(paper)).fields_dict
    assert "date" not in only_entry(biblatex(paper)).fields_dict
    assert mla(paper).endswith('"A Title." arXiv, arxiv.org/abs/not-an-id.')


def test_keys_are_stable_and_unique_within_an_export() -> None:
    same = [make_paper("Deep Nets", ("Ann Lee",), paper_id=f"2101.0000{i}") for i in range(3)]
    other = make_paper("The Deep Nets", ("Ann Lee",), paper_id="2101.00009")
    keys = unique_keys([*same, other])
    assert keys == ["lee2021deep", "lee2021deepa", "lee2021deepb", "lee2021deepc"]
    assert unique_keys(same) == unique_keys(same)
    assert citation_key(BY_ID["1803.03635"]) == "frankle2018lottery"


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(ValueError, match="bibtex, biblatex, apa, mla, plain, markdown"):
        cite(BY_ID["1803.03635"], "chicago")
    assert cite(BY_ID["1803.03635"], " APA ") == apa(BY_ID["1803.03635"])


# --- property: anything at all still makes one valid entry ------------------------------------

_TEXT = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60),
    # BibTeX's own syntax, name words and Unicode, densely
    st.text(alphabet=" aZb{}\\&%$#_~^@,.-'Jr.andvonIII张é\u0301\t", max_size=40),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXT, names=st.lists(_TEXT, max_size=6))
def test_any_title_and_names_make_one_valid_entry(title: str, names: list[str]) -> None:
    paper = make_paper(title or "x", tuple(names))
    expected_people = len(parse_names(names))
    for writer in (bibtex, biblatex):
        text = writer(paper)
        assert bibtex_balanced(text)
        entry = only_entry(text)
        people = entry.fields_dict["author"].value if "author" in entry.fields_dict else []
        assert len(people) == expected_people
        for person, name in zip(people, parse_names(names), strict=True):
            # A suffix with no given name ("Smith II") is kept whole, braced, as the family.
            whole = f"{name.last} {name.suffix}" if name.suffix and not name.given else name.last
            assert latex_decode(" ".join([*person.von, *person.last])) == whole
        # The title reads back as the text we cite: controls removed, blanks collapsed.
        assert latex_decode(entry.fields_dict["title"].value) == clean_line(title or "x")
