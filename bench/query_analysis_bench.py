"""Cost of restoring ä and ö in query words (catalogue.analysis.accents) over plain Voikko base forms.

    python -m bench.query_analysis_bench

The words are every word of the sample catalogues and the real test records, accent-folded as someone
without ä and ö on the keyboard types them: the worst case, as only such words are restored. Each word's
Finnish query base forms are made with an empty cache, once with the restoration and once without (the
plain Voikko base forms, Snowball for unknown words), then once more from the cache. Printed: median, p90
and p99 µs per word of each, cold, and the mean warm. Needs Voikko.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from catalogue.analysis import finnish, tokens
from catalogue.analysis.finnish import VoikkoFinnishStemmer
from catalogue.analysis.folding import folded

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "data" / "samples", ROOT / "tests" / "data" / "real"]
_MARKUP = re.compile(r"<[^>]+>|[{}\[\]\":,]")
QUERY_WORDS = 9_000  # within the query cache, so that the warm pass is all hits


def typed_words() -> list[str]:
    """The distinct words of the sample and real records, folded, letters only."""
    words: set[str] = set()
    for folder in SOURCES:
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in (".xml", ".json", ".mrc", ".txt"):
                text = _MARKUP.sub(" ", path.read_text(encoding="utf-8", errors="ignore"))
                words.update(form for word in tokens(text) for form in folded(word) if form.isalpha())
    return sorted(words)[:QUERY_WORDS]


def timings_us(words: list[str], base_forms: Callable[[str], object]) -> list[float]:
    costs = []
    for word in words:
        start = time.perf_counter()
        base_forms(word)
        costs.append((time.perf_counter() - start) * 1e6)
    return costs


def main() -> None:
    if not isinstance(finnish.STEMMER, VoikkoFinnishStemmer):
        raise SystemExit("needs Voikko (libvoikko1 and voikko-fi)")
    voikko = finnish.STEMMER.voikko
    words = typed_words()
    print(f"{len(words):,} distinct words typed without accents")
    restoring, plain = VoikkoFinnishStemmer(voikko), VoikkoFinnishStemmer(voikko)
    for label, base_forms in (
        ("with restoration", restoring.query_base_forms),
        ("without restoration", lambda word: plain.word_forms(word).base_forms),
    ):
        cold = sorted(timings_us(words, base_forms))
        warm = statistics.mean(timings_us(words, base_forms))
        p90, p99 = cold[len(cold) * 9 // 10], cold[len(cold) * 99 // 100]
        print(
            f"{label}: cold median {statistics.median(cold):.0f} µs, p90 {p90:.0f} µs, p99 {p99:.0f} µs; "
            f"warm mean {warm:.1f} µs per word"
        )


if __name__ == "__main__":
    main()
