"""How many tokens each per-token cache of the analysis keeps.

Analysing a token (transliterating, stemming, asking Voikko) costs microseconds to milliseconds, while
text repeats the same words endlessly: a catalogue has a few hundred thousand distinct tokens, and the
most frequent few tens of thousands make up nearly all of its text. A bounded LRU cache keeps the hot
part without growing with the catalogue. Measured: about 700 bytes per cached token over all the caches,
so at most some 70 MB per process.
"""

TOKEN_CACHE_SIZE = 100_000

# Whole field values (see field_variants.analyse): an entry holds four short strings, ~1 KB, so ~20 MB.
VALUE_CACHE_SIZE = 20_000
