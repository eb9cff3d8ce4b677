"""Harvesting an OAI-PMH endpoint (ListRecords with MARCXML metadata), fully or incrementally.

sickle does the protocol work (requests, resumption tokens, OAI error codes, retrying 5xx/429). What is
added here: records are taken as raw elements rather than sickle's ``Record`` objects, which parse the
metadata eagerly into dicts and fail outright on a record with empty ``<metadata/>``, ending the whole
harvest for one bad record; deleted headers become :class:`DeleteEvent`; every failure becomes one
clear :class:`OaiPmhError`.

The datestamp for the next incremental harvest is the ``responseDate`` of the first page (OAI-PMH's own
advice: records changed while the harvest ran carry a later datestamp and are picked up next time). It
is the generator's return value, so it exists only when the harvest ran to its end.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import requests
from lxml import etree
from sickle import Sickle, oaiexceptions
from sickle.app import DEFAULT_CLASS_MAP
from sickle.models import Header

from indexer.read.formats import MARC21_SLIM_NAMESPACE
from indexer.read.locations import DEFAULT_HTTP_OPTIONS, HttpOptions, LocationError
from indexer.read.readers.marc import raw_record
from indexer.read.readers.marcxml import local_identifier, marc_record_from_element
from indexer.record import DeleteEvent, RawRecord, Rejection

OAI_NAMESPACE = "http://www.openarchives.org/OAI/2.0/"
_OAI = f"{{{OAI_NAMESPACE}}}"
_RETRIED_STATUSES = (429, 500, 502, 503, 504)
# As forgiving as sickle's own parser, so that what sickle can read is never refused here.
_RECOVERING_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
_DAY_GRANULARITY = "YYYY-MM-DD"

OaiItem = RawRecord | Rejection | DeleteEvent

_OAI_ERRORS = (
    oaiexceptions.BadArgument,
    oaiexceptions.BadResumptionToken,
    oaiexceptions.BadVerb,
    oaiexceptions.CannotDisseminateFormat,
    oaiexceptions.IdDoesNotExist,
    oaiexceptions.NoMetadataFormat,
    oaiexceptions.NoSetHierarchy,
    oaiexceptions.OAIError,
)


class OaiPmhError(LocationError):
    """The endpoint refused the harvest or stopped answering; records yielded before it stand."""


class _NotOaiPmh(Exception):
    """An answer that is no OAI-PMH document: an HTML error page, a wrong URL, junk."""


class _CheckingSickle(Sickle):  # type: ignore[misc]  # sickle has no type hints
    """sickle refusing answers that are not OAI-PMH.

    sickle itself fails on junk with an AttributeError deep inside its iterator, and reads an HTML page
    (a wrong base URL, a login page) as an empty list: a harvest that "succeeds" with nothing in it.
    """

    def harvest(self, **arguments: str) -> Any:
        response = super().harvest(**arguments)
        try:
            root = etree.fromstring(response.http_response.content, parser=_RECOVERING_PARSER)
        except etree.XMLSyntaxError:  # only an empty answer is beyond recovery
            root = None
        if root is None or root.tag != f"{_OAI}OAI-PMH":
            found = "text that is not XML" if root is None else f"<{etree.QName(root).localname}>"
            raise _NotOaiPmh(f"the answer is not an OAI-PMH document but {found}")
        return response


def list_records(
    endpoint: str,
    *,
    source: str,
    metadata_prefix: str = "marc21",
    set_spec: str | None = None,
    since: str | None = None,
    http: HttpOptions = DEFAULT_HTTP_OPTIONS,
) -> Generator[OaiItem, None, str | None]:
    """Every record of the endpoint (changed ``since`` a datestamp, when given), one at a time.

    Returns the datestamp to harvest from next time, or ``None`` when the endpoint had nothing to
    list (``noRecordsMatch``: the previous datestamp is still the right one).
    """
    client = _CheckingSickle(
        endpoint,
        max_retries=http.attempts - 1,
        retry_status_codes=_RETRIED_STATUSES,
        default_retry_after=http.backoff,
        class_mapping={**DEFAULT_CLASS_MAP, "ListRecords": _element},
        timeout=(http.connect_timeout, http.read_timeout),
    )
    arguments = {"metadataPrefix": metadata_prefix}
    if set_spec is not None:
        arguments["set"] = set_spec
    position = 0
    try:
        if since is not None:
            arguments["from"] = _at_repository_granularity(client, since)
        pages = client.ListRecords(**arguments)
        checkpoint = _response_date(pages.oai_response.xml)
        for position, element in enumerate(pages, start=1):
            yield _item(element, source=source, endpoint=endpoint, position=position, prefix=metadata_prefix)
    except oaiexceptions.NoRecordsMatch:
        return None
    except (requests.RequestException, _NotOaiPmh, *_OAI_ERRORS) as error:
        raise OaiPmhError(
            endpoint, _explain(error, arguments, read=position, timeout=http.read_timeout)
        ) from error
    return checkpoint


def _element(element: etree._Element) -> etree._Element:
    """sickle's mapping hook: keep the ``<record>`` element as it is (see the module docstring)."""
    return element


def _item(element: etree._Element, *, source: str, endpoint: str, position: int, prefix: str) -> OaiItem:
    header_element = element.find(f"{_OAI}header")
    if header_element is None:
        return Rejection(
            source, endpoint, position, None, "OAI-PMH record without a header", etree.tostring(element)
        )
    header = Header(header_element)
    record_id = local_identifier(header.identifier) if header.identifier else None
    if header.deleted:
        if record_id is None:
            return Rejection(source, endpoint, position, None, "deleted header without an identifier")
        return DeleteEvent(source=source, source_id=record_id, format="marcxml", location=endpoint)
    metadata = element.find(f"{_OAI}metadata")
    marc = (
        next((child for child in metadata if isinstance(child.tag, str)), None)
        if metadata is not None
        else None
    )
    if marc is None:
        return Rejection(
            source, endpoint, position, record_id, "OAI-PMH record without metadata", etree.tostring(element)
        )
    raw = etree.tostring(marc)
    qname = etree.QName(marc)
    if qname.namespace != MARC21_SLIM_NAMESPACE or qname.localname != "record":
        reason = (
            f"the metadata is <{qname.localname}> in {qname.namespace or 'no namespace'}, not a MARCXML "
            f"record; does metadataPrefix {prefix!r} deliver MARC 21 slim?"
        )
        return Rejection(source, endpoint, position, record_id, reason, raw)
    try:
        record = marc_record_from_element(marc)
    except Exception as error:  # a damaged record is rejected alone; the harvest goes on
        return Rejection(source, endpoint, position, record_id, f"unreadable MARCXML record: {error}", raw)
    return raw_record(
        record,
        source=source,
        location=endpoint,
        position=position,
        format="marcxml",
        raw=raw,
        fallback_id=record_id,
    )


def _at_repository_granularity(client: Any, datestamp: str) -> str:
    """``datestamp`` cut to a day when the repository only understands days (else it says badArgument)."""
    granularity = getattr(client.Identify(), "granularity", _DAY_GRANULARITY)
    return datestamp[:10] if granularity == _DAY_GRANULARITY else datestamp


def _response_date(document: etree._Element) -> str | None:
    element = document.find(f"{_OAI}responseDate")
    return element.text.strip() if element is not None and element.text else None


def _explain(error: Exception, arguments: dict[str, str], *, read: int, timeout: float) -> str:
    detail = str(error).strip()
    if isinstance(error, oaiexceptions.CannotDisseminateFormat):
        what = f"the repository does not offer metadataPrefix {arguments['metadataPrefix']!r}"
    elif isinstance(error, oaiexceptions.BadArgument):
        asked = ", ".join(f"{key}={value}" for key, value in arguments.items())
        what = f"the repository refused the request ({asked}) as a bad argument"
    elif isinstance(error, oaiexceptions.BadResumptionToken):
        what = "the repository refused its own resumption token (expired, or the repository changed)"
    elif isinstance(error, oaiexceptions.NoSetHierarchy):
        what = f"the repository has no sets, but set {arguments.get('set')!r} was asked for"
    elif isinstance(error, requests.HTTPError) and error.response is not None:
        what = f"HTTP {error.response.status_code} {error.response.reason}"
        detail = ""
    elif isinstance(error, _NotOaiPmh):
        what = str(error)
        detail = ""
    elif isinstance(error, requests.ConnectionError):
        what = "cannot connect"
    elif isinstance(error, requests.Timeout):
        what = f"the server did not answer within {timeout:g} s"
        detail = ""
    else:
        what = f"OAI-PMH error ({type(error).__name__})"
    message = f"{what}: {detail}" if detail else what
    return f"harvest stopped after {read} records: {message}" if read else message
