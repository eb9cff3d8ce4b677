"""Finnish with Voikko: base forms, compound parts, Snowball for unknown words and machines without it."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import libvoikko
import pytest

from catalogue.analysis import finnish
from catalogue.analysis.finnish import (
    SNOWBALL_FINNISH,
    VoikkoFinnishStemmer,
    compound_parts,
    load_finnish_stemmer,
)
from catalogue.analysis.word_forms import WordForms
from tests.catalogue.analysis.voikko import requires_voikko


@requires_voikko
@pytest.mark.parametrize(
    ("word", "base_forms", "parts"),
    [
        ("kirjastossa", ("kirjasto",), ()),
        ("koirien", ("koira",), ()),
        ("kirjastokortti", ("kirjastokortti",), ("kirjasto", "kortti")),
        ("kellontekijän", ("kellontekijä",), ("kello", "tekijä")),
        ("lastenkirja", ("lastenkirja",), ("lapsi", "kirja")),
        ("helsingissä", ("helsinki",), ()),
        ("kuusi", ("kuu", "kuusi"), ()),
    ],
)
def test_voikko_gives_base_forms_and_base_forms_of_compound_parts(
    voikko: VoikkoFinnishStemmer, word: str, base_forms: tuple[str, ...], parts: tuple[str, ...]
) -> None:
    assert voikko.word_forms(word) == WordForms(base_forms=base_forms, compound_parts=parts)


@requires_voikko
def test_a_compound_indexes_itself_and_its_parts(voikko: VoikkoFinnishStemmer) -> None:
    assert voikko.word_forms("kirjastokortti").indexed == ("kirjastokortti", "kirjasto", "kortti")


@requires_voikko
def test_every_reading_of_an_ambiguous_word_is_a_base_form(voikko: VoikkoFinnishStemmer) -> None:
    assert voikko.word_forms("kirjoja").base_forms == ("kirja", "kirjo", "kirjoja")


@requires_voikko
def test_only_the_readings_with_the_fewest_compound_parts_give_parts(voikko: VoikkoFinnishStemmer) -> None:
    """Voikko also reads maailmanloppu as maa + ilman + loppu; maa would then find it."""
    assert voikko.word_forms("maailmanloppu").compound_parts == ("maailma", "loppu")


@requires_voikko
def test_a_word_voikko_does_not_know_gets_the_snowball_stem(voikko: VoikkoFinnishStemmer) -> None:
    assert voikko.word_forms("kayttajien") == SNOWBALL_FINNISH.word_forms("kayttajien")


@requires_voikko
def test_threads_sharing_one_voikko_get_the_answers_one_thread_gets(voikko: VoikkoFinnishStemmer) -> None:
    """Unguarded, libvoikko gives wrong analyses and corrupts its heap when two threads call it at once."""
    stems = ("kirjasto", "koira", "talo", "kortti", "kesäyö", "lastenkirja")
    words = [f"{stem}{ending}" for stem in stems for ending in ("", "ssa", "t", "lla", "ista")]
    alone = VoikkoFinnishStemmer(voikko.voikko)
    expected = [alone.word_forms(word) for word in words]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(voikko.word_forms, words * 4)) == expected * 4


@pytest.mark.parametrize(
    ("wordbases", "parts"),
    [
        ("+kirjasto(kirjasto)", ["kirjasto"]),
        ("+kirjaston(kirjasto)+kortti(kortti)", ["kirjasto", "kortti"]),
        ("+kirjaston(kirjasto)+käyttä(käyttää)+jä(+jä)", ["kirjasto", "käyttäjä"]),
        ("+opetta(opettaa)+jan(+ja)+koulutus(koulutus)", ["opettaja", "koulutus"]),
        ("+tieto(tieto)+kone(kone)+ohjelmoi(ohjelmoida)+n+ti(+ti)", ["tieto", "kone", "ohjelmointi"]),
        ("+suomalais(suomalainen)+-+ugrilainen(ugrilainen)", ["suomalainen", "ugrilainen"]),
        ("+2010+-+luku(luku)", ["2010", "luku"]),
        ("", []),
    ],
)
def test_compound_parts_are_read_from_voikko_wordbases(wordbases: str, parts: list[str]) -> None:
    assert compound_parts(wordbases) == parts


def test_without_libvoikko_snowball_is_chosen_and_the_log_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def missing_library(language: str) -> None:
        raise OSError("libvoikko.so.1: cannot open shared object file")

    monkeypatch.setattr(libvoikko, "Voikko", missing_library)
    with caplog.at_level(logging.INFO, logger=finnish.__name__):
        assert load_finnish_stemmer() is SNOWBALL_FINNISH
    assert "Snowball" in caplog.text
    assert "cannot open shared object file" in caplog.text


def test_without_a_finnish_dictionary_snowball_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dictionary(language: str) -> None:
        raise libvoikko.VoikkoException("Initialization of Voikko failed: No valid dictionaries were found")

    monkeypatch.setattr(libvoikko, "Voikko", no_dictionary)
    assert load_finnish_stemmer() is SNOWBALL_FINNISH


@requires_voikko
def test_with_voikko_installed_voikko_is_chosen_and_the_log_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=finnish.__name__):
        assert isinstance(load_finnish_stemmer(), VoikkoFinnishStemmer)
    assert "Voikko" in caplog.text


def test_snowball_finnish_cannot_relate_koirien_to_koira_which_is_why_voikko_is_preferred() -> None:
    assert SNOWBALL_FINNISH.word_forms("koirien").base_forms == ("koir",)
    assert SNOWBALL_FINNISH.word_forms("koira").base_forms == ("koira",)
