"""How many tokens each per-token cache of the analysis keeps.

Analysing a token (transliterating, stemming, asking Voikko) costs microseconds to milliseconds, while
text repeats the same words endlessly: a catalogue has a few hundred thousand distinct tokens, and the
most frequent few tens of thousands make up nearly all of its text. A bounded LRU cache keeps the hot
part without growing with the catalogue. Measured: about 700 bytes per cached token over all the caches,
so at most some 70 MB per process.
"""

TOKEN_CACHE_SIZE = 100_000
