"""The API's request and response types: the contract the app and the website program against."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

MAX_QUERY_LENGTH = 500
MAX_PAGE_SIZE = 100


class SearchRequest(BaseModel):
    q: str = Field(default="", max_length=MAX_QUERY_LENGTH, description="Words to search for.")
    page: int = Field(default=1, ge=1, description="1-based page number.")
    page_size: int = Field(default=20, ge=1, le=MAX_PAGE_SIZE)


class Contributor(BaseModel):
    name: str
    role: str


class Holding(BaseModel):
    municipality: str
    source_id: str
    url: str | None = None


class Hit(BaseModel):
    id: str
    title: str
    subtitle: str | None = None
    contributors: list[Contributor] = []
    year: int | None = None
    material_type: str
    languages: list[str] = []
    holdings: list[Holding] = []


class SearchResponse(BaseModel):
    total: int
    page: int
    page_size: int
    hits: list[Hit]


class Health(BaseModel):
    status: str = Field(description="'ok' when the cluster answers and the alias exists, else 'unavailable'.")
    elasticsearch: str = Field(description="Cluster health colour, or why it could not be reached.")
    alias: str
    index: str | None = None
    documents: int | None = None
    message: str | None = None


class ErrorResponse(BaseModel):
    detail: str


class JobRequest(BaseModel):
    sources: list[str] = Field(default=[], description="Source ids from the sources config; empty: all.")
    force: bool = Field(default=False, description="Swap even if the new index is over 10 % smaller.")


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

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> JobStatus:
        return cls.model_validate(record)
