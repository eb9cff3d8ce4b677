"""Language analysis shared by the indexer (documents) and the search API (queries).

All linguistic processing runs here in Python, because the Elasticsearch we target has no language
analysis (no stemmers, no folding, no ICU); running one implementation on both sides means the index and
the queries can never drift apart. See :mod:`catalogue.analysis.field_variants` for why each field
variant exists.
"""

from catalogue.analysis.collation import SORT_LOCALES, SortLocale, sort_key
from catalogue.analysis.field_variants import AnalysedText, QueryForms, analyse, analyse_query
from catalogue.analysis.segmentation import tokens
from catalogue.analysis.stemming import analysis_signature

__all__ = [
    "SORT_LOCALES",
    "AnalysedText",
    "QueryForms",
    "SortLocale",
    "analyse",
    "analyse_query",
    "analysis_signature",
    "sort_key",
    "tokens",
]
