"""The API's only door to Elasticsearch: runs requests built by the query module, maps failures to 503."""

from __future__ import annotations

from typing import Any

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, AsyncElasticsearch, NotFoundError

from search_api.errors import SearchUnavailable, unavailable_message
from search_api.models import Health

_UNAVAILABLE = (TransportConnectionError, ConnectionTimeout)


class CatalogueStore:
    def __init__(self, es: AsyncElasticsearch, alias: str) -> None:
        self.es = es
        self.alias = alias

    async def search(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            answer = await self.es.search(index=self.alias, body=body)
        except _UNAVAILABLE as error:
            raise SearchUnavailable(unavailable_message(error)) from error
        except NotFoundError as error:
            raise SearchUnavailable(unavailable_message(error)) from error
        return dict(answer.body)

    async def health(self) -> Health:
        try:
            cluster = await self.es.cluster.health(timeout="2s")
        except (*_UNAVAILABLE, ApiError) as error:
            return Health(
                status="unavailable",
                elasticsearch="unreachable",
                alias=self.alias,
                message=unavailable_message(error),
            )
        try:
            aliases = await self.es.indices.get_alias(name=self.alias)
            count = await self.es.count(index=self.alias)
        except NotFoundError:
            return Health(
                status="unavailable",
                elasticsearch=str(cluster["status"]),
                alias=self.alias,
                message=f"The index alias '{self.alias}' does not exist: the catalogue is not indexed yet.",
            )
        except (*_UNAVAILABLE, ApiError) as error:
            return Health(
                status="unavailable",
                elasticsearch="unreachable",
                alias=self.alias,
                message=unavailable_message(error),
            )
        status = "ok" if cluster["status"] in ("green", "yellow") else "unavailable"
        return Health(
            status=status,
            elasticsearch=str(cluster["status"]),
            alias=self.alias,
            index=next(iter(aliases.body), None),
            documents=int(count["count"]),
        )
