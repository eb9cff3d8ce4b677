"""The API's request and response types: the contract the app and the website program against."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_QUERY_LENGTH = 500
MAX_PAGE_SIZE = 100
MAX_RESULT_WINDOW = 10_000  # beyond this, page with the cursor (Elasticsearch's index.max_result_window)

FUZZY_PARAMETER = (
    "Absent: when the words as typed match no work with the filters, retry with fuzzy matching (words a "
    "letter or two off). false: never retry; true: match fuzzily at once (to keep related requests on "
    "the list an answer with 'fuzzy': true came from)."
)
FUZZY_ANSWER = (
    "True when no work matched the words as typed and these are the fuzzy retry's matches (words a "
    "letter or two off); every count of the answer is then of those works."
)

SortOrder = Literal["relevance", "newest", "oldest", "title"]
UiLanguage = Literal["fi", "sv", "en"]


class SearchRequest(BaseModel):
    """Query parameters of ``GET /v1/search``."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field(
        default="",
        max_length=MAX_QUERY_LENGTH,
        description="What to search for (query syntax in the README).",
    )
    filter: list[str] = Field(
        default=[],
        description="Repeatable field:value, e.g. municipality:espoo, language:fin, year:2015..2020.",
    )
    facets: list[str] | None = Field(
        default=None,
        description=(
            "Facets to return (repeatable). Absent: all facets; present but empty (facets=): none, "
            "for results only, which is faster."
        ),
    )
    sort: SortOrder = "relevance"
    lang: UiLanguage = Field(default="fi", description="Language of labels, and of the title collation.")
    page: int = Field(default=1, ge=1, description="1-based page number (up to result 10,000).")
    page_size: int = Field(default=20, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(
        default=None,
        max_length=2000,
        description=(
            "The 'cursor' of the previous answer: the next page, at any depth. Send it with the same q, "
            "filter, sort and lang (else 422 naming the one that differs); page and page_size may change. "
            "410 when the result list has changed since (a re-index): start again from page 1."
        ),
    )
    fuzzy: bool | None = Field(default=None, description=FUZZY_PARAMETER)

    @field_validator("facets")
    @classmethod
    def _no_empty_facet_names(cls, facets: list[str] | None) -> list[str] | None:
        """``facets=`` arrives as one empty name: it asks for no facets, not for a facet called ''."""
        return None if facets is None else [name for name in facets if name]


class Contributor(BaseModel):
    name: str = Field(
        description="The name as shown: in its original script when the record gives it (MARC 880)."
    )
    role: str
    romanised: str | None = Field(
        default=None, description="The romanised name beside an original-script one; null otherwise."
    )


class Holding(BaseModel):
    municipality: str
    municipality_label: str
    source_id: str
    url: str | None = None


class Hit(BaseModel):
    id: str
    title: str = Field(description="The title as shown: in its original script when the record gives it.")
    title_romanised: str | None = Field(
        default=None, description="The romanised title beside an original-script one; null otherwise."
    )
    subtitle: str | None = None
    contributors: list[Contributor] = []
    year: int | None = None
    material_type: str
    material_type_label: str
    languages: list[str] = []
    holdings: list[Holding] = []
    cover: str | None = None
    highlight: dict[str, str] = Field(
        default={},
        description=(
            "Field (title, subtitle, contributors, subjects, series, description) → its text with the "
            "matched words inside <mark>…</mark> (HTML-escaped); only the fields with a match. "
            "Contributors, subjects and series are joined by '; ', the description is cut around its "
            "first match."
        ),
    )


class FacetValueOut(BaseModel):
    value: str
    label: str
    count: int
    selected: bool


class SearchResponse(BaseModel):
    total: int
    page: int = Field(
        description="The page number; with a cursor, the page its first hit is on at this page_size "
        "(results before it ÷ page_size + 1)."
    )
    page_size: int
    fuzzy: bool = Field(default=False, description=FUZZY_ANSWER)
    hits: list[Hit]
    facets: dict[str, list[FacetValueOut]] = {}
    did_you_mean: str | None = Field(
        default=None,
        description="A better spelling, when the query found little and the suggestion finds more works "
        "with the same filters.",
    )
    cursor: str | None = Field(
        default=None, description="Pass as 'cursor' to get the next page; null at the end."
    )
    partial: bool = Field(
        default=False,
        description="The words matched nothing together, even fuzzily: these hits match most of them "
        "(page by page number; no cursor).",
    )
    unmatched: list[str] = Field(
        default=[], description="With partial: the words (or OR groups) that none of these hits matched."
    )


class Suggestion(BaseModel):
    text: str
    kind: Literal["title", "author", "subject"]
    id: str | None = Field(default=None, description="The work a title suggestion leads to.")


class SuggestResponse(BaseModel):
    suggestions: list[Suggestion]


class Health(BaseModel):
    status: str = Field(
        description="'ok' when the cluster answers and the alias exists; 'degraded' (still HTTP 200) when "
        "the index was analysed differently from how this service analyses queries (see message); "
        "else 'unavailable'."
    )
    elasticsearch: str = Field(description="Cluster health colour, or why it could not be reached.")
    alias: str
    index: str | None = None
    documents: int | None = None
    analysis: dict[str, str] | None = Field(
        default=None,
        description="How the live index's text was analysed, as its indexer recorded it (e.g. which Finnish "
        "stemmer); absent for an index built before this was recorded.",
    )
    message: str | None = None


class ErrorResponse(BaseModel):
    detail: str


class JobRequest(BaseModel):
    """Strict: ``"force": "yes"`` or ``"force": 1`` is a 422, not a guess (JSON booleans are true/false)."""

    model_config = ConfigDict(strict=True, extra="forbid")

    sources: list[str] = Field(default=[], description="Source ids from the sources config; empty: all.")
    force: bool = Field(
        default=False,
        description=(
            "Go on although the catalogue, a municipality or a source shrinks by more than 10 % (reindex: "
            "swap anyway; update: delete what a whole export no longer holds)."
        ),
    )


class PhaseProgress(BaseModel):
    done: int = Field(description="Records done in this phase, counted as the job's summary counts them.")
    total: int | None = Field(description="Records expected in this phase; null while unknown.")
    rate_per_s: float = Field(description="Records per second since the phase started.")
    eta_s: int | None = Field(description="Seconds left at that rate; null when the total is unknown.")
    finished: bool
    updated: str = Field(description="When these figures were written (ISO 8601, UTC).")


class JobProgress(BaseModel):
    phase: str = Field(description="The phase running now (or last, once the job has ended).")
    phases: dict[str, PhaseProgress] = Field(description="Every phase so far, by name.")


class JobStatus(BaseModel):
    id: str
    kind: str
    status: str = Field(description="running, succeeded or failed")
    started_by: str
    sources: list[str]
    force: bool = False
    started: str
    finished: str | None = None
    summary: dict[str, Any] | None = None
    message: str | None = None
    progress: JobProgress | None = Field(
        default=None, description="Where a job stands, updated every few seconds while it runs."
    )

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> JobStatus:
        return cls.model_validate(record)


class MergeInfo(BaseModel):
    key: str = Field(description="The work key the records share (ISBN, ISSN, … or title+author+year+type).")
    reason: str = Field(description="Which kind of key matched, 'single record', or a cataloguer's rule.")
    records: int


class WorkDetail(BaseModel):
    """Everything known about a work: its best description, every municipality's holding, and the source
    records it was merged from (in the normalised schema of docs/record-schema.md)."""

    id: str
    title: str
    title_romanised: str | None = None
    subtitle: str | None = None
    subtitle_romanised: str | None = None
    part: str | None = None
    part_romanised: str | None = None
    title_variants: list[str] = []
    series: list[str] = []
    series_romanised: list[str] = []
    edition: str | None = None
    edition_romanised: str | None = None
    contributors: list[Contributor] = []
    year: int | None = None
    material_type: str
    material_type_label: str
    languages: list[str] = []
    language_labels: list[str] = []
    original_language: str | None = None
    identifiers: dict[str, list[str]] = {}
    publisher: str | None = None
    publisher_romanised: str | None = None
    place: str | None = None
    subjects: list[dict[str, str | None]] = []
    genres: list[str] = []
    classification: list[dict[str, str]] = []
    audience: str | None = None
    description: str | None = None
    extent: str | None = None
    duration: str | None = None
    links: list[dict[str, str | None]] = []
    cover: str | None = None
    holdings: list[Holding] = []
    merge: MergeInfo
    source_records: list[dict[str, Any]] = []


class SimilarResponse(BaseModel):
    id: str
    similar: list[Hit]


class FacetListing(BaseModel):
    facet: str
    total: int = Field(description="How many distinct values the facet has for this query and filters.")
    page: int
    page_size: int
    fuzzy: bool = Field(default=False, description=FUZZY_ANSWER)
    values: list[FacetValueOut]
