"""Swedish words to their base forms and compound parts, with the Swedish Hunspell dictionary.

Swedish compounds as freely as Finnish (``kökstrappa`` = ``kök`` + ``trappa``, ``trädgårdsskötsel`` =
``trädgård`` + ``skötsel``) and inflects for number, definiteness and case (``fåglarna`` is ``fågel``,
``systrarna`` ``syster``, ``mormors`` ``mormor``). Snowball's Swedish stemmer only chops suffixes
(``fåglarna`` → ``fågl`` but ``fågel`` → ``fågel``, so the two never meet) and knows nothing of compounds.
The Swedish Hunspell dictionary (Debian's ``hunspell-sv``) knows each word's stem, the affixes that
inflect it and which words may be joined; spylls, a Python reading of Hunspell's algorithm, tells from it
the stem of each reading and the parts of a compound with the linking ``s`` removed (``köks`` → ``kök``).
So this serves Swedish as :mod:`catalogue.analysis.finnish` serves Finnish: base forms to search, and
compound parts that a document indexes so that a part finds the compound.

The dictionary may be missing on a developer's machine; Swedish is then stemmed with Snowball alone, and
:data:`STEMMER` says so in its name (the analysis signature an index records), so that an index and a
service that analyse Swedish differently are told apart. Loading the dictionary takes a second or two, so
it is loaded at the first Swedish word, not at import.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from spylls.hunspell import Dictionary
from spylls.hunspell.algo.capitalization import Type as CapType
from spylls.hunspell.algo.lookup import AffixForm, CompoundForm

from catalogue.analysis.snowball import SnowballStemmer
from catalogue.analysis.token_cache import TOKEN_CACHE_SIZE
from catalogue.analysis.word_forms import Stemmer, WordForms

logger = logging.getLogger(__name__)

# Finland-Swedish first (Helmet's Swedish is Finland's), then Sweden's; both come with hunspell-sv.
DICTIONARIES = (Path("/usr/share/hunspell/sv_FI"), Path("/usr/share/hunspell/sv_SE"))
# Hunspell's compound search grows with the word; nothing longer is a word a person types or a title holds.
MAX_WORD_LENGTH = 40

SNOWBALL_SWEDISH = SnowballStemmer("swe")


def forms_of_readings(
    readings: list[AffixForm | CompoundForm], is_word: Callable[[str], bool]
) -> WordForms | None:
    """Base forms and compound parts from Hunspell's readings of one word; None if it has none.

    A simple reading gives its stem (``fåglarna`` → ``fågel``). A compound's base form is the compound with
    its last part in base form (``barnboken`` → ``barnbok``), and its parts are the parts' base forms.
    Unlike Voikko's, a Hunspell dictionary lists many compounds whole (``kökstrappa``), so the parts are
    kept even when a whole-word reading exists; of several splits, those with the fewest parts count.
    """
    simple = [reading.stem for reading in readings if isinstance(reading, AffixForm)]
    splits = [reading.parts for reading in readings if isinstance(reading, CompoundForm)]
    joined = ["".join(part.text for part in parts[:-1]) + parts[-1].stem for parts in splits]
    base_forms = _distinct_casefolded(simple or joined)
    if not base_forms:
        return None
    fewest = min((len(parts) for parts in splits), default=0)
    compound_parts = (
        _leading_part(part, is_word) if index < fewest - 1 else part.stem
        for parts in splits
        if len(parts) == fewest
        for index, part in enumerate(parts)
    )
    return WordForms(base_forms=base_forms, compound_parts=_distinct_casefolded(compound_parts))


def _leading_part(part: AffixForm, is_word: Callable[[str], bool]) -> str:
    """A part before the last one without its linking ``s`` when that leaves a word: Hunspell may read
    ``krigs`` in ``krigshistoria`` as an inflection of ``kriga`` (to wage war) rather than ``krig`` + s."""
    text: str = part.text
    if text.endswith("s") and is_word(text[:-1]):
        return text[:-1]
    stem: str = part.stem
    return stem


def _distinct_casefolded(forms: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(form.casefold() for form in forms))


@dataclass(eq=False)
class HunspellSwedishStemmer:
    """Hunspell stems and compound parts; Snowball for words the dictionary does not know (names, typos).

    Calls into the dictionary are serialised by a lock (spylls keeps no promise about threads); the
    per-token cache in front of it answers repeated words without taking the lock.
    """

    path: Path
    name: str = "Hunspell (sv)"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self._cached_word_forms = lru_cache(maxsize=TOKEN_CACHE_SIZE)(self._analyse)

    @cached_property
    def _dictionary(self) -> Dictionary:
        logger.info("Swedish is analysed with the Hunspell dictionary %s", self.path)
        return Dictionary.from_files(str(self.path))

    def word_forms(self, token: str) -> WordForms:
        return self._cached_word_forms(token)

    def _analyse(self, token: str) -> WordForms:
        if len(token) > MAX_WORD_LENGTH or not token.isalpha():
            return SNOWBALL_SWEDISH.word_forms(token)
        with self._lock:
            lookup = self._dictionary.lookuper
            # Tokens are case-folded, and a lower-case word is not looked up as a name: ``ålandsfärjan``
            # is found as ``Ålandsfärjan``.
            readings = list(lookup.good_forms(token)) or list(lookup.good_forms(token.capitalize()))
            forms = forms_of_readings(readings, self._is_word)
        return forms or SNOWBALL_SWEDISH.word_forms(token)

    def _is_word(self, text: str) -> bool:
        return any(self._dictionary.lookuper.affix_forms(text, captype=CapType.NO))


def load_swedish_stemmer(dictionaries: tuple[Path, ...] = DICTIONARIES) -> Stemmer:
    """Hunspell with the first Swedish dictionary installed, otherwise Snowball; logs which."""
    for path in dictionaries:
        if path.with_suffix(".dic").is_file() and path.with_suffix(".aff").is_file():
            return HunspellSwedishStemmer(path)
    logger.warning("no Swedish Hunspell dictionary (hunspell-sv): Swedish is stemmed with Snowball only")
    return SNOWBALL_SWEDISH


STEMMER: Stemmer = load_swedish_stemmer()
