"""Documents and queries analysed into the four field variants, and the two sides agreeing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.analysis import AnalysedText, QueryForms, analyse, analyse_query, finnish
from catalogue.analysis.finnish import SNOWBALL_FINNISH
from tests.catalogue.analysis.test_snowball import MARC_CODES_WITH_SNOWBALL
from tests.catalogue.analysis.voikko import requires_voikko

VARIANTS = ("exact", "folded", "stemmed", "translit")
LANGUAGES = st.sampled_from([None, "fin", "swe", "eng", "rus", "ger", "fre", "est", "ara", "jpn", "zxx"])
ANY_TEXT = st.text(
    st.one_of(
        st.characters(),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
        st.sampled_from("aäöåÅÄÖß\u0301\u00ad-’' .,ЁйДщ漢字かな😀"),
    )
)


def found_by(query: QueryForms, document: AnalysedText) -> set[str]:
    """The variants through which the API's query finds the document, evaluated as Elasticsearch would:
    ``match`` with ``operator: and`` on exact, folded and translit; on stemmed, for some language, every
    query word has one of its alternatives among the document's tokens."""
    variants = {
        name
        for name in ("exact", "folded", "translit")
        if getattr(query, name) and set(getattr(query, name).split()) <= set(getattr(document, name).split())
    }
    stems = set(document.stemmed.split())
    if any(words and all(stems.intersection(word) for word in words) for words in query.stemmed.values()):
        variants.add("stemmed")
    return variants


@requires_voikko
def test_a_finnish_value_is_analysed_into_its_four_variants() -> None:
    assert analyse("Kirjastokortti ja Käyttäjä", "fin") == AnalysedText(
        exact="kirjastokortti ja käyttäjä",
        folded="kirjastokortti ja kayttaja",
        stemmed="kirjastokortti kirjasto kortti ja käyttäjä",
        translit="kiriastokorti a kaita",
    )


def test_a_russian_value_keeps_cyrillic_in_its_stems_and_is_romanised_in_translit() -> None:
    analysed = analyse("Преступление и наказание / Фёдор Достоевский", "rus")
    assert analysed.exact == "преступление и наказание фёдор достоевский"
    assert analysed.folded == "преступление и наказание федор достоевскии"
    assert analysed.stemmed == "преступлен и наказан федор достоевск"
    assert analysed.translit == "prestuplenie i nakazanie fedor dostoevski"


def test_without_a_language_the_stemmed_variant_holds_the_words_themselves() -> None:
    analysed = analyse("Libraries of the World", None)
    assert analysed.stemmed == analysed.exact == "libraries of the world"


@pytest.mark.parametrize(
    ("document", "language", "query", "variant"),
    [
        pytest.param("Kirjastokortti", "fin", "kortti", "stemmed", marks=requires_voikko),
        pytest.param("Kirjastokortti", "fin", "kirjastokortilla", "stemmed", marks=requires_voikko),
        pytest.param("Kirjasto", "fin", "kirjastossa", "stemmed"),
        pytest.param("Koira", "fin", "koirien", "stemmed", marks=requires_voikko),
        pytest.param("Kirja lapsille", "fin", "kirjoja", "stemmed", marks=requires_voikko),
        pytest.param("Käyttäjän opas", "fin", "kayttajan", "folded"),
        pytest.param("Böckerna i mitt liv", "swe", "böckerna", "stemmed"),
        pytest.param("Böckerna i mitt liv", "swe", "böcker", "stemmed"),
        pytest.param("Libraries of the world", "eng", "library", "stemmed"),
        pytest.param("Преступление и наказание / Фёдор Достоевский", "rus", "Dostojevski", "translit"),
        pytest.param("Преступление и наказание / Фёдор Достоевский", "rus", "Dostoevsky", "translit"),
        pytest.param("Преступление и наказание / Фёдор Достоевский", "rus", "Dostoevskij", "translit"),
        pytest.param("Rikos ja rangaistus / Fjodor Dostojevski", "fin", "Достоевский", "translit"),
        pytest.param("Kirsikkapuisto / Anton Tšehov", "fin", "Chekhov", "translit"),
        pytest.param("Anna Karenina / Lev Tolstoi", "fin", "Tolstoy", "translit"),
        pytest.param("Kukotski-tapaus / Ljudmila Ulitskaja", "fin", "Ulitskaya", "translit"),
    ],
)
def test_a_query_finds_a_document_through_the_variant_made_for_it(
    document: str, language: str, query: str, variant: str
) -> None:
    assert variant in found_by(analyse_query(query), analyse(document, language))


def test_swedish_snowball_cannot_make_bok_find_boeckerna() -> None:
    """A known limit (umlaut plural): the API needs böcker or böckerna to find "Böckerna i mitt liv"."""
    assert found_by(analyse_query("bok"), analyse("Böckerna i mitt liv", "swe")) == set()


@requires_voikko
def test_a_compound_in_the_query_does_not_find_another_compound_with_the_same_part() -> None:
    assert "stemmed" not in found_by(analyse_query("kirjastokortti"), analyse("Luottokortti", "fin"))


def test_every_word_of_a_real_helmet_title_finds_its_record_through_every_variant(
    helmet_titles: dict[str, tuple[str, str]],
) -> None:
    assert len(helmet_titles) == 13
    for title, language in helmet_titles.values():
        document = analyse(title, language)
        for word in title.split():
            query = analyse_query(word, [language])
            if query.exact:
                assert found_by(query, document) == set(VARIANTS), (title, word)


@pytest.mark.parametrize(
    ("record", "query"),
    [
        ("curated/2371438.xml", "Pushkin"),
        ("curated/2371438.xml", "Пушкин"),
        ("curated/2371438.xml", "Dubrovsky"),
        ("curated/1769634.xml", "чарка"),
        ("curated/1769634.xml", "Tšarkka"),
    ],
)
def test_real_romanised_russian_in_helmet_records_is_found_by_other_romanisations(
    helmet_titles: dict[str, tuple[str, str]], record: str, query: str
) -> None:
    document = analyse(*helmet_titles[record])
    assert "translit" in found_by(analyse_query(query), document)


@requires_voikko
def test_replacing_the_finnish_stemmer_takes_effect_despite_earlier_cached_analyses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert analyse("koirien", "fin").stemmed == "koira"
    monkeypatch.setattr(finnish, "STEMMER", SNOWBALL_FINNISH)
    assert analyse("koirien", "fin").stemmed == "koir"
    assert analyse_query("koirien", ["fin"]).stemmed == {"fin": (("koir",),)}


def test_a_query_is_stemmed_in_each_requested_language_word_by_word() -> None:
    query = analyse_query("Libraries böckerna")
    assert query.exact == "libraries böckerna"
    assert set(query.stemmed) == {"fin", "swe", "eng"}
    assert query.stemmed["eng"] == (("librari",), ("böckerna",))
    assert query.stemmed["swe"][1] == ("böcker",)


@given(ANY_TEXT, LANGUAGES)
def test_analysis_never_fails_and_every_variant_is_single_spaced_non_empty_tokens(
    text: str, language: str | None
) -> None:
    analysed = analyse(text, language)
    for variant in VARIANTS:
        value = getattr(analysed, variant)
        assert value == " ".join(value.split())


@given(ANY_TEXT, LANGUAGES)
def test_a_query_finds_the_document_it_was_typed_from_through_every_variant(
    text: str, language: str | None
) -> None:
    """Document/query agreement: the query's tokens are among the document's in every variant."""
    document = analyse(text, language)
    query = analyse_query(text, [language or "und"])
    assert query.exact == document.exact
    assert query.folded == document.folded
    assert query.translit == document.translit
    stems = set(document.stemmed.split())
    for alternatives in query.stemmed[language or "und"]:
        assert alternatives
        assert set(alternatives) <= stems


def test_every_snowball_language_agrees_between_documents_and_queries() -> None:
    text = "Kirjastot ja kirjastojen käyttäjät, libraries, Bibliotheken, bibliothèques, библиотеки"
    for language in MARC_CODES_WITH_SNOWBALL:
        document = analyse(text, language)
        query = analyse_query(text, [language])
        assert found_by(query, document) == set(VARIANTS), language
