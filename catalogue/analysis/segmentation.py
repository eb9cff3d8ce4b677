"""Text into word tokens: the one tokenisation that every search field variant starts from.

Elasticsearch only splits our pre-analysed fields at whitespace, so the words it indexes are exactly
the tokens made here. ICU's word BreakIterator (Unicode UAX #29 plus dictionaries for Thai, Chinese,
Japanese…) finds the words, which keeps ``don't``, ``3.5`` and ``c'est`` whole while splitting
``kirjasto-opas`` at the hyphen, in any script. NFKC case folding runs first so that ligatures, full-width
forms, superscripts and capitals all meet their plain lower-case letters, and invisible characters that
cataloguing tools leave in titles (soft hyphens, zero-width spaces, byte order marks) disappear instead
of splitting or gluing words.
"""

from __future__ import annotations

import re

import icu

from catalogue.analysis.per_thread import PerThread

# NFKC_Casefold is immutable and shared safely; BreakIterators carry their position and are not.
_NFKC_CASEFOLD = icu.Normalizer2.getNFKCCasefoldInstance()
_WORD_BREAKS = PerThread(lambda: icu.BreakIterator.createWordInstance(icu.Locale.getRoot()))

# Rule statuses of the word BreakIterator: below 100 are spaces, punctuation and symbols (emoji); 100 and
# up are numbers, letters, kana and ideographs — the tokens a person can search for.
_FIRST_WORD_STATUS = 100

# A lone surrogate is no character at all (it comes from broken UTF-16 decoding upstream); the stemmers
# and Voikko would refuse it, so it becomes U+FFFD, which is no word either.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_OUTSIDE_BMP = re.compile("[\U00010000-\U0010ffff]")


def tokens(text: str) -> list[str]:
    """The words of ``text``, NFKC case-folded, in order; punctuation, spaces and symbols dropped.

    Case folding (not lower-casing) makes ``STRASSE``, ``Straße`` and ``strasse`` one token, and keeps
    å, ä and ö as the distinct letters they are in Finnish and Swedish.
    """
    folded = _NFKC_CASEFOLD.normalize(_LONE_SURROGATE.sub("\ufffd", text))
    # Boundaries are UTF-16 offsets. They index the Python string as long as it has no character outside
    # the Basic Multilingual Plane (nearly always, and slicing it is faster); otherwise slice ICU's string.
    units = icu.UnicodeString(folded) if _OUTSIDE_BMP.search(folded) else folded
    breaks = _WORD_BREAKS.get()
    breaks.setText(units)
    words: list[str] = []
    start = 0
    for end in breaks:
        if breaks.getRuleStatus() >= _FIRST_WORD_STATUS:
            words.append(str(units[start:end]))
        start = end
    return words
