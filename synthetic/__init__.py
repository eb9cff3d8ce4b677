"""Seeded generators of realistic synthetic catalogues: the demo samples and benchmark corpora.

Real catalogue exports cannot be redistributed, and hand-made records never show the variety that search
and merging have to cope with. Everything here is invented from the word lists in
:mod:`synthetic.vocabulary` by a seeded random generator, so that the same command always writes the
same bytes: a benchmark run can be repeated and the committed samples can be regenerated and checked.
"""
