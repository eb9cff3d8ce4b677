"""Stage 3, works: normalised records grouped into works (merge: the same work held by several
municipalities becomes one, with a holding per municipality), then each work analysed into the search
document Elasticsearch indexes (analyse: word forms, folded and transliterated variants, sort keys)."""
