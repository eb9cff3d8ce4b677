"""Subjects, genres and classification of an ONIX product, from its ``<Subject>`` composites.

Each subject names its scheme (code list 27). Codes of coded schemes (Thema, BIC, BISAC, Dewey, YKL…)
are classification: a bare "FBA" or "84.2" means nothing as a subject term, but it is what a shelf or a
facet is built from. Heading texts are subject terms, with the vocabulary and term language of the
scheme where the scheme has them; keywords (scheme 20) come as one string, separated by semicolons or
commas. The Finnish libraries' fiction genres (scheme 80) are genres. ONIX 2.1 adds ``<MainSubject>``
and the flat ``<BASICMainSubject>`` and ``<BICMainSubject>``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from indexer.normalise.onix_codes import (
    CLASSIFICATION_SCHEMES,
    SCHEME_BIC_2_1,
    SCHEME_BISAC_2_1,
    SCHEME_FICTION_GENRES,
    SCHEME_HIDDEN_KEYWORDS,
    SCHEME_KEYWORDS,
    SUBJECT_VOCABULARIES,
)
from indexer.normalise.onix_elements import Node, children, code, codes, value
from indexer.normalise.text import clean
from indexer.record import Classification, Subject

_KEYWORD_SEPARATORS = re.compile(r"[;,]")
_KEYWORDS_VOCABULARY = "keywords"
# ONIX 2.1 main subjects given as plain elements of the product, with the scheme each implies.
_FLAT_MAIN_SUBJECTS = (("BASICMainSubject", SCHEME_BISAC_2_1), ("BICMainSubject", SCHEME_BIC_2_1))


class Topics(NamedTuple):
    subjects: list[Subject]
    genres: list[str]
    classification: list[Classification]


def topics(descriptive: Node) -> Topics:
    """Everything the subject composites of ``descriptive`` (a DescriptiveDetail, or a 2.1 Product) say,
    in order and without repeats."""
    subjects: dict[tuple[str, str | None], Subject] = {}
    genres: dict[str, None] = {}
    classification: dict[tuple[str, str], Classification] = {}
    for scheme, subject_code, heading in _subject_entries(descriptive):
        classified_as = CLASSIFICATION_SCHEMES.get(scheme or "")
        if classified_as and subject_code:
            classification.setdefault(
                (classified_as, subject_code), Classification(scheme=classified_as, code=subject_code)
            )
        if heading is None or scheme == SCHEME_HIDDEN_KEYWORDS:
            continue
        if scheme == SCHEME_FICTION_GENRES:
            genres.setdefault(heading)
            continue
        for subject in _headings(scheme, heading, classified_as):
            subjects.setdefault((subject.term, subject.vocabulary), subject)
    return Topics(list(subjects.values()), list(genres), list(classification.values()))


def _subject_entries(descriptive: Node) -> list[tuple[str | None, str | None, str | None]]:
    """(scheme, code, heading text) of every subject composite and flat 2.1 main subject."""
    entries = [
        (
            code(subject, "SubjectSchemeIdentifier") or code(subject, "MainSubjectSchemeIdentifier"),
            code(subject, "SubjectCode"),
            value(subject, "SubjectHeadingText"),
        )
        for subject in children(descriptive, "Subject", "MainSubject")
    ]
    for name, scheme in _FLAT_MAIN_SUBJECTS:
        entries += [(scheme, subject_code, None) for subject_code in codes(descriptive, name)]
    return entries


def _headings(scheme: str | None, heading: str, classified_as: str | None) -> list[Subject]:
    if scheme == SCHEME_KEYWORDS:
        terms = filter(None, (clean(term) for term in _KEYWORD_SEPARATORS.split(heading)))
        return [Subject(term=term, vocabulary=_KEYWORDS_VOCABULARY, language=None) for term in terms]
    vocabulary, language = SUBJECT_VOCABULARIES.get(scheme or "", (classified_as, None))
    return [Subject(term=heading, vocabulary=vocabulary, language=language)]
