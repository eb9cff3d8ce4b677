"""Stage 4, store: everything that writes to Elasticsearch or to local disk — the index definitions
(mappings), bulk loading and the alias swap (index), the stored source records (record_store), a
re-index's spill files (spill)."""
