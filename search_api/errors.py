"""Every failure becomes an answer a person understands: 4xx for bad requests, 503 when the cluster is away.

Nothing here ever returns a stack trace. Validation problems name the parameter and say what is wrong
with it; an unreachable or missing index says so plainly, because the app shows these messages to people.
"""

from __future__ import annotations

import logging

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)


class SearchUnavailable(Exception):
    """Elasticsearch cannot serve the request now (down, too slow, or no index yet)."""


def describe_validation_error(error: RequestValidationError) -> str:
    parts = []
    for problem in error.errors():
        location = [str(part) for part in problem.get("loc", ()) if part not in ("query", "path", "body")]
        name = ".".join(location) or "request"
        parts.append(f"{name}: {problem.get('msg', 'invalid value')}")
    return "; ".join(parts)


PARTIAL_ANSWER = (
    "Search is temporarily unavailable: part of the catalogue is on a search node that cannot be reached "
    "right now. Please try again in a few seconds."
)
"""Some shards did not answer, even after retries: the rest of the answer would be missing works."""


def unavailable_message(error: Exception) -> str:
    if isinstance(error, ConnectionTimeout | TimeoutError):
        return "Search is temporarily unavailable: Elasticsearch did not answer in time. Please try again."
    if isinstance(error, TransportConnectionError):
        return "Search is temporarily unavailable: Elasticsearch cannot be reached. Please try again later."
    if isinstance(error, ApiError) and error.meta.status == 404:
        return "Search is not available yet: the catalogue has not been indexed."
    if isinstance(error, ApiError) and error.meta.status in (401, 403):
        log.error("Elasticsearch refused the API's credentials or privileges: %s", error)
        return "Search is temporarily unavailable: the search cluster refused the service's credentials."
    if isinstance(error, ApiError) and error.meta.status == 429:
        return "Search is temporarily unavailable: the search cluster is too busy. Please try again."
    if isinstance(error, ApiError) and error.meta.status >= 500:
        return (
            "Search is temporarily unavailable: part of the catalogue is on a search node that cannot be "
            f"reached (Elasticsearch answered {error.meta.status}). Please try again."
        )
    return f"Search is temporarily unavailable: {error}"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": describe_validation_error(error)})

    @app.exception_handler(SearchUnavailable)
    async def _unavailable(_: Request, error: SearchUnavailable) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(error)}, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error serving %s", request.url.path)
        return JSONResponse(status_code=500, content={"detail": "Internal error; it has been logged."})
