"""Stage 4, store: the search indices and what feeds them — the index definitions (mappings), bulk
loading with its producer thread and the alias swap (index, prefetch), the stored source records
(record_store), a re-index's spill files (spill)."""
