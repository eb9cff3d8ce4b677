"""All configuration in one place.

Every setting is an environment variable with the prefix ``HELMET_`` (``HELMET_INDEX_PREFIX``, …), so
that the indexer, the API, the tests and the benchmarks read one and the same configuration. The
Elasticsearch URL is the exception that proves the rule: the conventional ``ELASTICSEARCH_URL`` is honoured
too, because users with their own cluster, Elastic Cloud or the docker-compose stack already set it.
When no URL is configured, the indexer, the tests and the demo start the project's own local node (see
:mod:`catalogue.devnode`); the API only connects to it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HELMET_", extra="ignore", populate_by_name=True)

    elasticsearch_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("HELMET_ELASTICSEARCH_URL", "ELASTICSEARCH_URL"),
        description=(
            "Cluster to use: one URL, or several nodes' URLs separated by commas (the clients move to "
            "another node when one fails). Unset: the project's local node (catalogue.devnode), started by "
            "jobs."
        ),
    )
    elasticsearch_request_timeout: float = Field(
        default=10.0,
        description="Seconds before an indexer request to Elasticsearch (a bulk load…) is given up.",
    )
    api_request_timeout: float = Field(
        default=3.0,
        gt=0,
        description="Seconds the API waits for Elasticsearch before answering 503, for one read with its "
        "retries (another node, shards that were away): searches take tens of milliseconds, and a person "
        "waiting should hear within seconds that search is down.",
    )
    elasticsearch_api_key: SecretStr | None = Field(
        default=None,
        description="API key (the encoded form) of every process: the indexer's, and the API's unless "
        "HELMET_API_ELASTICSEARCH_API_KEY is set. Excludes username/password.",
    )
    elasticsearch_username: str | None = Field(
        default=None, description="Basic auth user, with the password."
    )
    elasticsearch_password: SecretStr | None = None
    api_elasticsearch_api_key: SecretStr | None = Field(
        default=None,
        description="The API's own, read-only key: used by the API's searches instead of the credentials "
        "above, which stay those of the indexer jobs the admin API starts.",
    )
    elasticsearch_ca_certs: Path | None = Field(
        default=None, description="PEM file of the CA that signed the cluster's HTTPS certificate."
    )
    elasticsearch_verify_certs: bool = Field(
        default=True, description="Check the cluster's certificate; switch off only for a throw-away cluster."
    )
    index_prefix: str = Field(
        default="catalogue",
        description="Prefix of every index, alias and template name, so catalogues can live side by side.",
    )

    sources_file: Path = Field(default=PROJECT_ROOT / "sources.toml")
    merge_rules_file: Path = Field(
        default=PROJECT_ROOT / "merge_rules.toml",
        description="Cataloguers' rules forcing records apart (split) or together (merge); optional.",
    )
    state_dir: Path = Field(
        default=PROJECT_ROOT / "var",
        description="Where harvest state, rejects files, re-index spill files and API-started job logs go.",
    )

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_workers: int = Field(
        default=1,
        ge=1,
        description="Processes serving the API (uvicorn workers): one per core the API may use. Each keeps "
        "its own rate-limit buckets and metrics.",
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description='Origins allowed to call the API from a browser, as JSON: ["https://www.helmet.fi"].',
    )
    admin_tokens: dict[str, SecretStr] = Field(
        default_factory=dict,
        description=(
            'Admin API tokens as JSON, {"name": "token"}: the name is logged with each admin action. '
            "Empty: the admin API refuses every request. Keep tokens out of the repository."
        ),
    )

    rate_limit: str = Field(
        default="30/second;600/minute",
        description='Requests each client may make: "N/second", "N/minute" or "N/hour", several joined '
        'by ";"; empty: no limit. /health is never limited.',
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description='Addresses or networks of reverse proxies, as JSON: ["10.0.0.0/8"]. Only a request from '
        "one of them is attributed to the client its X-Forwarded-For names.",
    )

    index_shards: int = Field(
        default=1,
        ge=1,
        description="Primary shards of a new works or records index (one suits up to a few million works).",
    )
    index_replicas: str = Field(
        default="0-1",
        pattern=r"^\d+(-(\d+|all))?$",
        description="Replicas of a live index: a number, or a range Elasticsearch fits to the nodes there "
        "are (auto_expand_replicas): '0-1' is none on one node and one copy on each of two or more.",
    )
    index_workers: int = Field(
        default=0,
        ge=0,
        description="Worker processes of a full re-index (reading and building works); 0: one per CPU core.",
    )
    index_share_bytes: int = Field(
        default=4 << 20,
        ge=0,
        description="A full re-index with several workers reads an ISO 2709 file of at least twice this "
        "many bytes in shares of about this size, side by side; 0: every source is read whole.",
    )
    devnode_version: str = Field(default="9.5.4", description="Elasticsearch version the local node runs.")
    devnode_home: Path = Field(
        default=PROJECT_ROOT / ".cache" / "elasticsearch",
        description="Cache folder (git-ignored) holding the downloaded distribution and the node's data.",
    )
    devnode_port: int = Field(
        default=9200,
        description="HTTP port of the local node; of a local cluster's node i, this + i. Transport: + 100.",
    )
    devnode_nodes: int = Field(
        default=1,
        ge=1,
        le=9,
        description="Nodes of the local Elasticsearch: 1 is a single node; more form one cluster on this "
        "machine (every node master-eligible and holding data), to try out or test what losing a node "
        "does. Each node gets HELMET_DEVNODE_HEAP.",
    )
    devnode_heap: str = Field(default="512m", description="JVM heap of the local node (at most 1g).")

    @field_validator(
        "elasticsearch_api_key",
        "elasticsearch_username",
        "elasticsearch_password",
        "api_elasticsearch_api_key",
        "elasticsearch_ca_certs",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """``HELMET_ELASTICSEARCH_API_KEY=`` (as compose files and templates leave it) means no key."""
        return None if value == "" else value

    @model_validator(mode="after")
    def _one_kind_of_credentials(self) -> Settings:
        """Elasticsearch takes one kind of credentials per request; a half-configured pair is a mistake."""
        if self.elasticsearch_api_key is not None and self.elasticsearch_username is not None:
            raise ValueError(
                "HELMET_ELASTICSEARCH_API_KEY and HELMET_ELASTICSEARCH_USERNAME are both set: "
                "use an API key or a username and password, not both"
            )
        if (self.elasticsearch_username is None) != (self.elasticsearch_password is None):
            raise ValueError(
                "HELMET_ELASTICSEARCH_USERNAME and HELMET_ELASTICSEARCH_PASSWORD go together: "
                "set both or neither"
            )
        return self

    @property
    def works_alias(self) -> str:
        """The alias the API reads; a re-index swaps it atomically to a new concrete index."""
        return f"{self.index_prefix}-works"

    @property
    def records_alias(self) -> str:
        """Normalised source records, from which works are recomputed on update or deletion."""
        return f"{self.index_prefix}-records"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
