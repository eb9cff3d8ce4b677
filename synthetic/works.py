"""A seeded model of works, and of the holdings that municipalities' catalogues make of them.

A *work* is what a reader looks for: a title, its makers, a year, languages, subjects, a material and
(usually) a standard number. A *holding* is one municipality's record of that work, and records of the
same work differ the way real catalogues do: one drops the subtitle, another adds a subject, each links
to its own licence at the vendor, some hyphenate the ISBN and some do not. They share the standard number
so that merging can find them; a share of works has no standard number at all, so that merging has to
fall back to title, first author, year and material.

Works are made one at a time from one ``random.Random``, and numbered by a running serial, so that a
stream of any length needs no memory of what came before.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal, NamedTuple

from indexer.record import Audience, MaterialType, Municipality, Role
from synthetic import phrases
from synthetic.identifiers import IdentifierKind, StandardNumber, standard_number
from synthetic.titles import (
    capitalised,
    fiction_subtitle,
    fiction_title,
    natural_order,
    person_name,
    romanised,
)
from synthetic.vocabulary import (
    ART_MUSIC,
    ART_MUSIC_TOPICS,
    AUDIOBOOK_VENDORS,
    BIOGRAPHY_CLASS,
    CHILDRENS_BOOKS,
    COMPOSERS,
    COURSE_TOPICS,
    COURSE_VENDORS,
    EBOOK_VENDORS,
    ENSEMBLES,
    FICTION,
    FICTION_CLASS,
    FICTION_GENRES,
    FICTION_TOPICS,
    FINNISH_FICTION_CLASS,
    MAGAZINE_CLASSES,
    MAGAZINE_TOPICS,
    MAGAZINE_VENDORS,
    MUSIC_CLASS,
    MUSIC_GENRES,
    MUSIC_VENDORS,
    NONFICTION_CLASSES,
    NONFICTION_TOPICS,
    NOVELS,
    PLACES,
    POP_ROCK_CLASS,
    POPULAR_MUSIC_TOPICS,
    PUBLISHERS,
    SCORE_TOPIC,
    SCORE_VENDORS,
    SHELF_GENRES,
    THEMA_BIOGRAPHY,
    THEMA_CHILDREN,
    THEMA_FICTION,
    TRANSLATIONS,
    Genre,
    Language,
    Publisher,
    Topic,
    Vendor,
)

Kind = Literal["ebook", "eaudiobook", "emagazine", "recording", "score", "course"]
KINDS: tuple[Kind, ...] = ("ebook", "eaudiobook", "emagazine", "recording", "score", "course")
MATERIAL_OF_KIND: dict[Kind, MaterialType] = {
    "ebook": "ebook",
    "eaudiobook": "eaudiobook",
    "emagazine": "emagazine",
    "recording": "music",
    "score": "music",
    "course": "course",
}

# How an e-library's collection is made up, and the languages of each kind.
KIND_WEIGHTS: dict[Kind, float] = {
    "ebook": 0.50,
    "eaudiobook": 0.25,
    "emagazine": 0.07,
    "recording": 0.08,
    "score": 0.03,
    "course": 0.07,
}
_BOOK_LANGUAGES: dict[Language, float] = {
    "fin": 0.52,
    "swe": 0.14,
    "eng": 0.18,
    "rus": 0.06,
    "est": 0.04,
    "ara": 0.03,
    "som": 0.03,
}
_AUDIOBOOK_LANGUAGES: dict[Language, float] = {
    "fin": 0.60,
    "swe": 0.15,
    "eng": 0.15,
    "rus": 0.04,
    "est": 0.03,
    "ara": 0.015,
    "som": 0.015,
}
_MAGAZINE_LANGUAGES: dict[Language, float] = {"fin": 0.6, "swe": 0.15, "eng": 0.2, "rus": 0.05}
_SONG_LANGUAGES: dict[Language, float] = {"fin": 0.45, "swe": 0.15, "eng": 0.4}
_COURSE_LANGUAGES: dict[Language, float] = {"fin": 0.6, "swe": 0.15, "eng": 0.25}
INSTRUMENTAL = "zxx"
"""The MARC language code of music without words."""

# Shares of works without any standard number (merging must fall back to title, author, year, material).
_UNNUMBERED_SHARE: dict[Kind, float] = {
    "ebook": 0.06,
    "eaudiobook": 0.06,
    "emagazine": 0.05,
    "recording": 0.1,
    "score": 0.1,
    "course": 1.0,
}
_NUMBER_KIND: dict[Kind, IdentifierKind] = {
    "ebook": "isbn",
    "eaudiobook": "isbn",
    "emagazine": "issn",
    "recording": "ean",
    "score": "ismn",
}
_BOOK_LANGUAGES_WITH_NONFICTION: frozenset[str] = frozenset({"fin", "swe", "eng"})
_TRANSLATED_FROM: dict[str, tuple[Language, ...]] = {
    "fin": ("eng", "swe", "rus", "est"),
    "swe": ("eng", "fin"),
}
_FIRST_YEAR = 2005
_LAST_YEAR = 2024
_UPDATED_FROM = datetime(2019, 1, 1)
_UPDATED_SPAN_SECONDS = 6 * 365 * 24 * 3600

MUNICIPALITY_RECORD_PREFIX: dict[Municipality, str] = {
    "espoo": "1",
    "helsinki": "2",
    "vantaa": "3",
    "kauniainen": "4",
}


class Credit(NamedTuple):
    """A person and what they did; ``name`` is inverted ('Virtanen, Aino')."""

    name: str
    role: Role


class Series(NamedTuple):
    title: str
    number: int


@dataclass(frozen=True, slots=True)
class Work:
    """One work, as every catalogue that holds it agrees it is."""

    serial: int
    kind: Kind
    language: str
    title: str
    subtitle: str | None
    credits: tuple[Credit, ...]
    ensemble: str | None
    year: int
    publisher: Publisher
    topics: tuple[Topic, ...]
    places: tuple[Topic, ...]
    genres: tuple[Genre, ...]
    shelf_genre: str | None
    ykl: str | None
    thema: str | None
    series: Series | None
    description: str
    number: StandardNumber | None
    pages: int | None
    minutes: int | None
    frequency: tuple[str, str] | None
    audience: Audience
    vendor: Vendor
    original_language: str | None = None
    original_title: str | None = None

    @property
    def material(self) -> MaterialType:
        return MATERIAL_OF_KIND[self.kind]


@dataclass(frozen=True, slots=True)
class Holding:
    """One municipality's record of a work, with the small differences its cataloguers made."""

    work: Work
    municipality: Municipality
    record_id: str
    subtitle: str | None
    extra_topic: Topic | None
    vendor: Vendor
    url: str
    hyphenated_number: bool
    isbd_punctuation: bool
    catalogued_in_swedish: bool
    updated: datetime
    deleted: bool = False

    @property
    def link_text(self) -> str:
        return self.vendor.link_text_swe if self.catalogued_in_swedish else self.vendor.link_text_fin

    @property
    def topics(self) -> tuple[Topic, ...]:
        extra = (
            () if self.extra_topic is None or self.extra_topic in self.work.topics else (self.extra_topic,)
        )
        return self.work.topics + extra


class WorkOverrides(NamedTuple):
    """What a hand-written work fixes; the rest is generated as for any other work of its kind."""

    kind: Kind
    language: Language
    title: str
    credits: tuple[Credit, ...]
    subtitle: str | None = None
    topics: tuple[Topic, ...] = ()
    audience: Audience = "adult"
    original_language: Language | None = None
    original_title: str | None = None
    unnumbered: bool = False
    """No standard number, so that merging its holdings has to fall back to title, author, year, type."""


class WorkFactory:
    """Works one after another from one random generator; standard numbers counted per kind."""

    def __init__(self, rng: random.Random, kinds: Sequence[Kind] = KINDS) -> None:
        self._rng = rng
        self._kinds = [kind for kind in KINDS if kind in kinds]
        self._kind_weights = [KIND_WEIGHTS[kind] for kind in self._kinds]
        self._serial = 0
        self._numbers: dict[IdentifierKind, int] = {"isbn": 0, "issn": 0, "ismn": 0, "ean": 0}

    def next_work(self) -> Work:
        kind = self._rng.choices(self._kinds, self._kind_weights)[0]
        return self._described(_MAKERS[kind](self))

    def written(self, overrides: WorkOverrides) -> Work:
        """A work with the given title, makers and subjects, and everything else made up as usual (books
        are fiction, for the audience and in translation from the language the overrides say; a standard
        number unless the overrides say ``unnumbered``; courses never have one)."""
        if overrides.kind in ("ebook", "eaudiobook"):
            draft = self._book(overrides.language, audio=overrides.kind == "eaudiobook", fixed=overrides)
        else:
            draft = _MAKERS[overrides.kind](self, overrides.language)
        work = replace(
            draft,
            title=overrides.title,
            subtitle=overrides.subtitle,
            credits=overrides.credits,
            ensemble=None,
            topics=overrides.topics or draft.topics,
            original_title=overrides.original_title,
            number=None
            if overrides.unnumbered or overrides.kind not in _NUMBER_KIND
            else draft.number or self._next_number(overrides.kind),
        )
        return self._described(work)

    # --- kinds ------------------------------------------------------------------------------------------

    def _book(
        self, language: Language | None = None, *, audio: bool = False, fixed: WorkOverrides | None = None
    ) -> Work:
        """An e-book or e-audiobook: fiction or non-fiction, maybe translated; ``fixed`` makes it fiction
        with the audience and original language given there."""
        rng = self._rng
        kind: Kind = "eaudiobook" if audio else "ebook"
        language = language or _pick(rng, _AUDIOBOOK_LANGUAGES if audio else _BOOK_LANGUAGES)
        fiction = fixed is not None or language not in _BOOK_LANGUAGES_WITH_NONFICTION or rng.random() < 0.75
        if fixed is not None:
            audience, original = fixed.audience, fixed.original_language
        else:
            audience = _audience(rng) if fiction else "adult"
            original = _original_language(rng, language) if fiction else None
        author = person_name(rng, original or language)
        # Finnish and Swedish catalogues romanise the names of translated Russian authors.
        credits = [Credit(romanised(author) if original == "rus" else author, "author")]
        if original is not None:
            credits.append(Credit(person_name(rng, language), "translator"))
        if audience == "children" and rng.random() < 0.5:
            credits.append(Credit(person_name(rng, language), "illustrator"))
        if audio:
            credits.append(Credit(person_name(rng, language), "narrator"))
        if fiction:
            title = fiction_title(rng, language)
            subtitle = fiction_subtitle(rng, language) if rng.random() < 0.3 else None
            topics = tuple(rng.sample(FICTION_TOPICS, rng.randint(2, 4)))
            ykl = FINNISH_FICTION_CLASS if language == "fin" else FICTION_CLASS
            genres = _book_genres(rng, original, audience)
            thema: str | None = THEMA_CHILDREN if audience == "children" else rng.choice(THEMA_FICTION)
        else:
            topics = tuple(rng.sample(NONFICTION_TOPICS, rng.randint(1, 3)))
            title, subtitle = _nonfiction_title(rng, language, topics[0])
            biography = topics[0].fin in ("elämäkerrat", "muistelmat")
            ykl = BIOGRAPHY_CLASS if biography else rng.choice(NONFICTION_CLASSES)
            genres = ()
            thema = THEMA_BIOGRAPHY if biography else None
        return self._work(
            kind,
            language,
            title,
            subtitle,
            tuple(credits),
            topics=topics,
            genres=genres,
            ykl=ykl,
            thema=thema,
            audience=audience,
            vendor=rng.choice(AUDIOBOOK_VENDORS if audio else EBOOK_VENDORS),
            pages=None if audio else rng.randint(90, 620),
            minutes=rng.randint(180, 960) if audio else None,
            original_language=original,
            original_title=fiction_title(rng, original) if original else None,
            shelf_genre=rng.choice(SHELF_GENRES) if fiction and rng.random() < 0.5 else None,
            series=Series(fiction_title(rng, language), rng.randint(1, 8)) if rng.random() < 0.2 else None,
            places=tuple(rng.sample(PLACES, rng.choice((0, 0, 1, 2)))),
        )

    def _audiobook(self, language: Language | None = None) -> Work:
        return self._book(language, audio=True)

    def _magazine(self, language: Language | None = None) -> Work:
        rng = self._rng
        language = language or _pick(rng, _MAGAZINE_LANGUAGES)
        frequencies = phrases.FREQUENCIES.get(language, phrases.FREQUENCIES["fin"])
        return self._work(
            "emagazine",
            language,
            rng.choice(phrases.MAGAZINE_TITLES[language]),
            None,
            (),
            topics=tuple(rng.sample(MAGAZINE_TOPICS, rng.randint(1, 2))),
            ykl=rng.choice(MAGAZINE_CLASSES),
            vendor=rng.choice(MAGAZINE_VENDORS),
            frequency=rng.choice(frequencies),
            first_year=1990,
            last_year=2020,
        )

    def _recording(self, language: Language | None = None) -> Work:
        rng = self._rng
        classical = language is None and rng.random() < 0.35
        if classical:
            credits = (
                Credit(rng.choice(COMPOSERS), "composer"),
                Credit(person_name(rng, "fin"), "performer"),
                Credit(person_name(rng, "fin"), "conductor"),
            )
            sung_in, ensemble, genres, topics = INSTRUMENTAL, None, (ART_MUSIC,), ART_MUSIC_TOPICS
        else:
            song_language = language or _pick(rng, _SONG_LANGUAGES)
            band = song_language in ENSEMBLES and rng.random() < 0.5
            ensemble = rng.choice(ENSEMBLES[song_language]) if band else None
            singer = () if band else (Credit(person_name(rng, song_language), "performer"),)
            credits = (*singer, Credit(person_name(rng, song_language), "lyricist"))
            sung_in, genres, topics = song_language, (rng.choice(MUSIC_GENRES),), POPULAR_MUSIC_TOPICS
        return self._work(
            "recording",
            sung_in,
            rng.choice(phrases.RECORDING_TITLES[sung_in]),
            None,
            credits,
            ensemble=ensemble,
            topics=tuple(rng.sample(topics, rng.randint(1, 2))),
            genres=genres,
            ykl=MUSIC_CLASS if classical else POP_ROCK_CLASS,
            vendor=rng.choice(MUSIC_VENDORS),
            minutes=rng.randint(35, 75),
        )

    def _score(self, _language: Language | None = None) -> Work:
        rng = self._rng
        return self._work(
            "score",
            INSTRUMENTAL,
            rng.choice(phrases.SCORE_TITLES),
            None,
            (Credit(rng.choice(COMPOSERS), "composer"),),
            topics=(SCORE_TOPIC, rng.choice(ART_MUSIC_TOPICS)),
            genres=(ART_MUSIC,),
            ykl=MUSIC_CLASS,
            vendor=rng.choice(SCORE_VENDORS),
            pages=rng.randint(16, 120),
        )

    def _course(self, language: Language | None = None) -> Work:
        rng = self._rng
        language = language or _pick(rng, _COURSE_LANGUAGES)
        course = rng.choice(phrases.COURSES[language])
        subject = Topic(course.subject_fin, course.subject_swe)
        return self._work(
            "course",
            language,
            course.title,
            rng.choice(phrases.COURSE_LEVELS[language]),
            (Credit(person_name(rng, language), "instructor"),),
            topics=(subject, *rng.sample(COURSE_TOPICS, rng.randint(1, 2))),
            ykl=None,
            vendor=rng.choice(COURSE_VENDORS),
            minutes=rng.randint(45, 360),
            first_year=2018,
        )

    def _work(
        self,
        kind: Kind,
        language: str,
        title: str,
        subtitle: str | None,
        credits: tuple[Credit, ...],
        *,
        topics: tuple[Topic, ...],
        ykl: str | None,
        vendor: Vendor,
        genres: tuple[Genre, ...] = (),
        thema: str | None = None,
        ensemble: str | None = None,
        audience: Audience = "adult",
        pages: int | None = None,
        minutes: int | None = None,
        frequency: tuple[str, str] | None = None,
        original_language: str | None = None,
        original_title: str | None = None,
        shelf_genre: str | None = None,
        series: Series | None = None,
        places: tuple[Topic, ...] = (),
        first_year: int = _FIRST_YEAR,
        last_year: int = _LAST_YEAR,
    ) -> Work:
        rng = self._rng
        self._serial += 1
        return Work(
            serial=self._serial,
            kind=kind,
            language=language,
            title=title,
            subtitle=subtitle,
            credits=credits,
            ensemble=ensemble,
            year=rng.randint(first_year, last_year),
            publisher=rng.choice(PUBLISHERS.get(language, PUBLISHERS["fin"])),
            topics=topics,
            places=places,
            genres=genres,
            shelf_genre=shelf_genre,
            ykl=ykl,
            thema=thema,
            series=series,
            description="",
            number=self._number(kind),
            pages=pages,
            minutes=minutes,
            frequency=frequency,
            audience=audience,
            vendor=vendor,
            original_language=original_language,
            original_title=original_title,
        )

    def _number(self, kind: Kind) -> StandardNumber | None:
        if self._rng.random() < _UNNUMBERED_SHARE[kind]:
            return None
        return self._next_number(kind)

    def _next_number(self, kind: Kind) -> StandardNumber:
        number_kind = _NUMBER_KIND[kind]
        serial = self._numbers[number_kind]
        self._numbers[number_kind] = serial + 1
        return standard_number(number_kind, serial)

    def _described(self, work: Work) -> Work:
        return replace(work, description=_description(self._rng, work))


_MAKERS = {
    "ebook": WorkFactory._book,
    "eaudiobook": WorkFactory._audiobook,
    "emagazine": WorkFactory._magazine,
    "recording": WorkFactory._recording,
    "score": WorkFactory._score,
    "course": WorkFactory._course,
}


def holdings(
    rng: random.Random, work: Work, holders: Sequence[Municipality], *, deleted: bool = False
) -> list[Holding]:
    """The records that ``holders`` make of ``work``: the first holder catalogues it in full, the others
    now and then drop the subtitle, add a subject of their own, leave out ISBD punctuation, or license
    it from another vendor."""
    made = []
    for index, municipality in enumerate(holders):
        varies = index > 0
        vendor = work.vendor
        if varies and rng.random() < 0.25:
            vendor = rng.choice(_VENDORS_OF_KIND[work.kind])
        swedish = work.language == "swe" and rng.random() < 0.6
        made.append(
            Holding(
                work=work,
                municipality=municipality,
                record_id=MUNICIPALITY_RECORD_PREFIX[municipality] + f"{work.serial:07d}",
                subtitle=None if varies and rng.random() < 0.3 else work.subtitle,
                extra_topic=rng.choice(_TOPICS_OF_KIND[work.kind]) if varies and rng.random() < 0.3 else None,
                vendor=vendor,
                url=_url(vendor, work, municipality),
                hyphenated_number=rng.random() < 0.5,
                isbd_punctuation=not varies or rng.random() < 0.85,
                catalogued_in_swedish=swedish,
                updated=_UPDATED_FROM + timedelta(seconds=rng.randrange(_UPDATED_SPAN_SECONDS)),
                deleted=deleted,
            )
        )
    return made


def holder_count(rng: random.Random, shared_share: float, available: int) -> int:
    """How many municipalities hold a work: one, or with probability ``shared_share`` two to four (as
    many as are ``available``)."""
    if available <= 1 or rng.random() >= shared_share:
        return 1
    return min(available, rng.choices((2, 3, 4), (0.5, 0.3, 0.2))[0])


_VENDORS_OF_KIND: dict[Kind, tuple[Vendor, ...]] = {
    "ebook": EBOOK_VENDORS,
    "eaudiobook": AUDIOBOOK_VENDORS,
    "emagazine": MAGAZINE_VENDORS,
    "recording": MUSIC_VENDORS,
    "score": SCORE_VENDORS,
    "course": COURSE_VENDORS,
}
_TOPICS_OF_KIND: dict[Kind, tuple[Topic, ...]] = {
    "ebook": FICTION_TOPICS,
    "eaudiobook": FICTION_TOPICS,
    "emagazine": MAGAZINE_TOPICS,
    "recording": POPULAR_MUSIC_TOPICS,
    "score": ART_MUSIC_TOPICS,
    "course": COURSE_TOPICS,
}


def _pick(rng: random.Random, weights: dict[Language, float]) -> Language:
    return rng.choices(list(weights), list(weights.values()))[0]


def _audience(rng: random.Random) -> Audience:
    roll = rng.random()
    return "children" if roll < 0.15 else "youth" if roll < 0.23 else "adult"


def _original_language(rng: random.Random, language: str) -> Language | None:
    sources = _TRANSLATED_FROM.get(language)
    return rng.choice(sources) if sources and rng.random() < 0.2 else None


def _book_genres(rng: random.Random, original: str | None, audience: Audience) -> tuple[Genre, ...]:
    genres = [FICTION, NOVELS if rng.random() < 0.6 else rng.choice(FICTION_GENRES)]
    if original is not None:
        genres.append(TRANSLATIONS)
    if audience == "children":
        genres.append(CHILDRENS_BOOKS)
    return tuple(dict.fromkeys(genres))


def _nonfiction_title(rng: random.Random, language: Language, topic: Topic) -> tuple[str, str | None]:
    if language == "eng":
        return rng.choice(phrases.EN_NONFICTION_TITLES), None
    subject = topic.swe if language == "swe" else topic.fin
    if topic.fin in ("elämäkerrat", "muistelmat"):
        return natural_order(person_name(rng, language)), phrases.BIOGRAPHY_SUBTITLES[language]
    return capitalised(subject), rng.choice(phrases.NONFICTION_SUBTITLES[language])


def _description(rng: random.Random, work: Work) -> str:
    """The 520 text: a blurb in the work's language, its topics (Finnish and Swedish records), and for an
    audiobook who reads it."""
    language = work.language
    if work.kind == "emagazine":
        return phrases.MAGAZINE_BLURBS[language]
    if work.kind == "recording":
        return phrases.MUSIC_BLURBS[language]
    if work.kind == "score":
        return phrases.SCORE_BLURB
    if work.kind == "course":
        return phrases.COURSE_BLURBS[language]
    blurbs = phrases.FICTION_BLURBS if work.genres else phrases.NONFICTION_BLURBS
    sentences = [rng.choice(blurbs[language])]
    if language in phrases.TOPICS_SENTENCE:
        template, conjunction = phrases.TOPICS_SENTENCE[language]
        labels = [topic.swe if language == "swe" else topic.fin for topic in work.topics]
        listed = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} {conjunction} {labels[-1]}"
        sentences.append(template.format(listed))
    narrators = [credit.name for credit in work.credits if credit.role == "narrator"]
    if narrators:
        sentences.append(phrases.NARRATOR_SENTENCE[language].format(natural_order(narrators[0])))
    return " ".join(sentences)


def _url(vendor: Vendor, work: Work, municipality: Municipality) -> str:
    number = work.number.value if work.number is not None else f"{work.serial:08d}"
    return vendor.url.format(library=municipality, number=number, slug=f"{_slug(work.title)}-{work.serial}")


def _slug(text: str) -> str:
    """An ASCII slug of ``text`` for URL paths ('Kesäyön unelma' → 'kesayon-unelma'); empty for scripts
    without Latin letters, whose URLs then carry only the serial."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join("".join(char if char.isalnum() else " " for char in folded).split()) or "item"
