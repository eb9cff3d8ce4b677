"""Titles and personal names that read as real ones in each language, drawn from :mod:`synthetic.phrases`.

Each language has its own small grammar, because a title that is merely a random pick of words gives the
text analysis nothing realistic to do: Finnish titles need genitives and agreeing plurals ("Hiljaiset
varjot"), Swedish ones definite forms ("Böckerna i mitt liv"), Russian ones gender agreement ("Тихая
река"). All functions draw only from the ``random.Random`` they are given.
"""

from __future__ import annotations

import random
import re

from synthetic import phrases
from synthetic.vocabulary import (
    FAMILY_NAMES,
    GIVEN_NAMES,
    RUSSIAN_FAMILY_NAMES,
    RUSSIAN_GIVEN_NAMES,
    Language,
)


def fiction_title(rng: random.Random, language: Language) -> str:
    """A title for a novel or story collection in ``language``."""
    return _FICTION_TITLES[language](rng)


def fiction_subtitle(rng: random.Random, language: Language) -> str:
    """A genre subtitle ("romaani", "en kriminalroman", "A Novel") as cataloguers transcribe it."""
    return rng.choice(_SUBTITLES[language])


def person_name(rng: random.Random, language: Language) -> str:
    """An invented person's name, inverted as catalogues write it: 'Virtanen, Aino', 'Иванова, Анна'."""
    if language == "rus":
        gender = rng.choice(("female", "male"))
        male, female = rng.choice(RUSSIAN_FAMILY_NAMES)
        return f"{female if gender == 'female' else male}, {rng.choice(RUSSIAN_GIVEN_NAMES[gender])}"
    return f"{rng.choice(FAMILY_NAMES[language])}, {rng.choice(GIVEN_NAMES[language])}"


def romanised(text: str) -> str:
    """Cyrillic in the Finnish romanisation (SFS 4900) that Finnish catalogues use for the authors of
    translations: 'Достоевский, Фёдор' → 'Dostojevski, Fjodor'."""
    text = _WORD_FINAL_II.sub(lambda match: "и" if match.group()[0] == "и" else "ы", text)
    text = _IOTATED_E.sub(lambda match: "Je" if match.group() == "Е" else "je", text)
    return "".join(_ROMANISATION.get(char, char) for char in text)


def natural_order(inverted: str) -> str:
    """'Virtanen, Aino' → 'Aino Virtanen', for statements of responsibility and ONIX PersonName."""
    family, _, given = inverted.partition(", ")
    return f"{given} {family}" if given else family


def capitalised(text: str) -> str:
    """``text`` with its first letter in upper case and the rest as it was (str.capitalize lowers it)."""
    return text[:1].upper() + text[1:]


def _finnish(rng: random.Random) -> str:
    pattern = rng.randrange(6)
    if pattern == 0:
        return rng.choice(phrases.FI_TITLES)
    if pattern == 1:
        return f"{rng.choice(phrases.FI_GENITIVES)} {rng.choice(phrases.FI_HEADS_SINGULAR)}"
    if pattern == 2:
        return f"{rng.choice(phrases.FI_GENITIVES)} {rng.choice(phrases.FI_HEADS_PLURAL)}"
    if pattern == 3:
        return f"{rng.choice(phrases.FI_NAME_GENITIVES)[1]} {rng.choice(phrases.FI_HEADS_SINGULAR)}"
    singular, plural = rng.choice(phrases.FI_ADJECTIVES)
    if pattern == 4:
        return capitalised(f"{singular} {rng.choice(phrases.FI_HEADS_SINGULAR)}")
    return capitalised(f"{plural} {rng.choice(phrases.FI_HEADS_PLURAL)}")


def _swedish(rng: random.Random) -> str:
    pattern = rng.randrange(4)
    if pattern == 0:
        return rng.choice(phrases.SV_TITLES)
    noun = rng.choice(phrases.SV_NOUNS)
    if pattern == 1:
        return capitalised(f"{noun.article} {rng.choice(phrases.SV_WEAK_ADJECTIVES)} {noun.definite}")
    return capitalised(f"{noun.definite} {rng.choice(phrases.SV_PLACES)}")


def _english(rng: random.Random) -> str:
    pattern = rng.randrange(4)
    if pattern == 0:
        return f"The {rng.choice(phrases.EN_OCCUPATIONS)}'s {rng.choice(phrases.EN_RELATIONS)}"
    if pattern == 1:
        return f"The {rng.choice(phrases.EN_NOUNS)} of {rng.choice(phrases.EN_PLACES)}"
    if pattern == 2:
        return f"{rng.choice(phrases.EN_ADJECTIVES)} {rng.choice(phrases.EN_NOUNS)}"
    return f"A {rng.choice(phrases.EN_SEASONS)} in {rng.choice(phrases.EN_PLACES)}"


def _russian(rng: random.Random) -> str:
    pattern = rng.randrange(3)
    if pattern == 0:
        return rng.choice(phrases.RU_TITLES)
    if pattern == 1:
        first = rng.choice([noun for nouns in phrases.RU_NOUNS.values() for noun in nouns])
        second = rng.choice([noun for nouns in phrases.RU_NOUNS.values() for noun in nouns if noun != first])
        return capitalised(f"{first} и {second}")
    gender = rng.choice(("masculine", "feminine", "neuter"))
    adjective = rng.choice(phrases.RU_ADJECTIVES)[("masculine", "feminine", "neuter").index(gender)]
    return capitalised(f"{adjective} {rng.choice(phrases.RU_NOUNS[gender])}")


def _estonian(rng: random.Random) -> str:
    return f"{rng.choice(phrases.ET_GENITIVES)} {rng.choice(phrases.ET_HEADS)}"


def _arabic(rng: random.Random) -> str:
    return f"{rng.choice(phrases.AR_HEADS)} {rng.choice(phrases.AR_GENITIVES)}"


def _somali(rng: random.Random) -> str:
    if rng.randrange(3) == 0:
        return rng.choice(phrases.SO_TITLES)
    first, second = rng.sample(phrases.SO_NOUNS, 2)
    return f"{first} iyo {second.lower()}"


_FICTION_TITLES = {
    "fin": _finnish,
    "swe": _swedish,
    "eng": _english,
    "rus": _russian,
    "est": _estonian,
    "ara": _arabic,
    "som": _somali,
}
_SUBTITLES: dict[Language, tuple[str, ...]] = {
    "fin": phrases.FI_SUBTITLES,
    "swe": phrases.SV_SUBTITLES,
    "eng": phrases.EN_SUBTITLES,
    "rus": phrases.RU_SUBTITLES,
    "est": phrases.ET_SUBTITLES,
    "ara": phrases.AR_SUBTITLES,
    "som": phrases.SO_SUBTITLES,
}

_ROMANISATION = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "jo",
    "ж": "ž",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "tš",
    "ш": "š",
    "щ": "štš",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "ju",
    "я": "ja",
}
_ROMANISATION |= {cyrillic.upper(): latin.capitalize() for cyrillic, latin in _ROMANISATION.items()}
# -ий and -ый end a word as plain -i and -y; е is je at the start of a word and after a vowel or a sign.
_WORD_FINAL_II = re.compile(r"[иы]й\b")
_IOTATED_E = re.compile(r"\b[Ее]|(?<=[аеёиоуыэюяъьАЕЁИОУЫЭЮЯ])е")
