"""MARCXML records as saved OAI-PMH ``ListRecords`` responses: one file per page, resumption tokens between.

This is what a harvester gets from a library system's OAI-PMH provider, page by page, and what a
municipality may hand over as files instead of an endpoint. Each page is a complete OAI-PMH 2.0 response
(``responseDate``, ``request``, ``ListRecords``); a record is ``<header>`` plus ``<metadata>`` holding one
MARCXML ``<record>``, or a ``<header status="deleted">`` alone. Every page but the last ends with a
resumption token naming the next page; the last one ends with an empty token that gives the list size,
as the protocol prescribes. The writer streams: a page is finished when the next record arrives.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from synthetic.marc import MarcRecord, marcxml
from synthetic.xml_text import escaped

OAI_NAMESPACE = "http://www.openarchives.org/OAI/2.0/"
METADATA_PREFIX = "marc21"
_SCHEMA_LOCATION = f"{OAI_NAMESPACE} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"


def page_name(number: int) -> str:
    """The file name of page ``number`` (from 1): ``oai-page-001.xml``."""
    return f"oai-page-{number:03d}.xml"


def oai_identifier(repository: str, record_id: str) -> str:
    """``oai:<repository>:<local id>``, the OAI identifier scheme, with the record's 001 last."""
    return f"oai:{repository}:{record_id}"


class OaiPagesWriter:
    """Writes ListRecords pages of ``page_size`` records into ``directory``."""

    def __init__(
        self,
        directory: Path,
        *,
        base_url: str,
        repository: str,
        set_spec: str,
        response_date: datetime,
        page_size: int,
    ) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.records = 0
        self.pages = 0
        self._base_url = base_url
        self._repository = repository
        self._set_spec = set_spec
        self._response_date = f"{response_date:%Y-%m-%dT%H:%M:%SZ}"
        self._page_size = page_size
        self._file: BinaryIO | None = None

    def write(self, record_id: str, datestamp: datetime, record: MarcRecord | None) -> None:
        """One record, or with ``record`` None a deleted header for ``record_id``."""
        if self._file is not None and self.records % self._page_size == 0:
            self._finish_page(token=self._token(self.pages + 1))
        if self._file is None:
            self._start_page()
        header = (
            f"        <identifier>{escaped(oai_identifier(self._repository, record_id))}</identifier>\n"
            f"        <datestamp>{datestamp:%Y-%m-%dT%H:%M:%SZ}</datestamp>\n"
            f"        <setSpec>{escaped(self._set_spec)}</setSpec>\n"
        )
        if record is None:
            self._write(
                f'    <record>\n      <header status="deleted">\n{header}      </header>\n    </record>\n'
            )
        else:
            metadata = marcxml(record, indent="        ", declare_namespace=True)
            self._write(
                f"    <record>\n      <header>\n{header}      </header>\n"
                f"      <metadata>\n{metadata}\n      </metadata>\n    </record>\n"
            )
        self.records += 1

    def close(self) -> None:
        if self._file is None:
            self._start_page()
        self._finish_page(token=None)

    def __enter__(self) -> OaiPagesWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _start_page(self) -> None:
        self.pages += 1
        self._file = (self.directory / page_name(self.pages)).open("wb")
        if self.pages == 1:
            arguments = f'metadataPrefix="{METADATA_PREFIX}" set="{escaped(self._set_spec)}"'
        else:
            arguments = f'resumptionToken="{escaped(self._token(self.pages))}"'
        self._write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<OAI-PMH xmlns="{OAI_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            f' xsi:schemaLocation="{_SCHEMA_LOCATION}">\n'
            f"  <responseDate>{self._response_date}</responseDate>\n"
            f'  <request verb="ListRecords" {arguments}>{escaped(self._base_url)}</request>\n'
            "  <ListRecords>\n"
        )

    def _finish_page(self, token: str | None) -> None:
        cursor = (self.pages - 1) * self._page_size
        if token is None:
            ending = f'    <resumptionToken completeListSize="{self.records}" cursor="{cursor}"/>\n'
        else:
            ending = f'    <resumptionToken cursor="{cursor}">{escaped(token)}</resumptionToken>\n'
        self._write(f"{ending}  </ListRecords>\n</OAI-PMH>\n")
        self._page().close()
        self._file = None

    def _token(self, page: int) -> str:
        """The resumption token that asks for ``page``."""
        return f"{self._set_spec}-{METADATA_PREFIX}-{page:03d}"

    def _write(self, text: str) -> None:
        self._page().write(text.encode())

    def _page(self) -> BinaryIO:
        if self._file is None:
            raise RuntimeError("no OAI-PMH page is open")
        return self._file
