"""The spellings with ä and ö that a Finnish word typed without them may stand for.

Accent folding lets ``kayttaja`` find ``käyttäjä``, but only as the same word form: the folded field holds
the document's words as written, so the inflected ``kayttajaa`` (``käyttäjää``, typed on a keyboard or
phone without ä) meets nothing there, and Voikko, which would give its base form ``käyttäjä``, does not
recognise the word without its letters. Putting the letters back one way or another and keeping the
spellings Voikko recognises recovers the base forms
(:meth:`catalogue.analysis.finnish.VoikkoFinnishStemmer.query_base_forms`). Only a dictionary can tell a
restored word from nonsense, so Swedish, whose Snowball stemmer recognises nothing, gets no restoration
(``a`` → ``å`` is left out).

The number of spellings doubles with every a and o, so the restoration is bounded: a word longer than
:data:`MAX_LETTERS` or with more a's and o's than :data:`MAX_CANDIDATES` allows is left as typed.
"""

from __future__ import annotations

from itertools import product

RESTORABLE = {"a": "ä", "o": "ö"}
MAX_LETTERS = 20
MAX_CANDIDATES = 64  # 2 ** 6: at most six a's and o's


def accent_restorations(word: str) -> list[str]:
    """Every spelling of ``word`` with one or more of its a's and o's made ä and ö, ``word`` excluded.

    Only for a word of plain ASCII letters (one typed without diacritics); empty for any other word and
    for words beyond the bounds of the module docstring.
    """
    if not (word.isascii() and word.isalpha()) or len(word) > MAX_LETTERS:
        return []
    positions = [index for index, letter in enumerate(word) if letter in RESTORABLE]
    if not positions or 2 ** len(positions) > MAX_CANDIDATES:
        return []
    spellings = []
    for choice in product((False, True), repeat=len(positions)):
        letters = list(word)
        for position, restore in zip(positions, choice, strict=True):
            if restore:
                letters[position] = RESTORABLE[word[position]]
        spellings.append("".join(letters))
    return spellings[1:]  # the first choice restores nothing
