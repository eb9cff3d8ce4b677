"""The harvester: one record's path from a catalogue feed to the search index.

The sub-packages are the stages, in the order a record passes through them, and each imports only from
the ones before it (``tests/test_layout.py`` keeps it so): :mod:`indexer.record` (the types every stage
shares) → :mod:`indexer.read` → :mod:`indexer.normalise` → :mod:`indexer.works` → :mod:`indexer.store` →
:mod:`indexer.jobs` → :mod:`indexer.cli`.
"""
