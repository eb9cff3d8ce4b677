"""The sources configuration: which municipality's feed is read from where, in which format.

``sources.toml`` holds one ``[[source]]`` table per feed. It is validated strictly (unknown keys,
municipalities and formats are errors naming the source and the key) because a typo in a harvest
configuration otherwise shows up weeks later as records silently missing from search.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from indexer.read.locations import is_http_url
from indexer.record import Municipality, RecordFormat

FormatChoice = Literal["auto", RecordFormat]
FORMAT_CHOICES: tuple[FormatChoice, ...] = ("auto", "marc21", "marcxml", "sierra_json", "onix3", "onix21")

OAI_SCHEME_PREFIX = "oai+"


class SourcesConfigError(Exception):
    """``sources.toml`` is missing, not TOML, or describes a source that cannot work."""


class Source(BaseModel):
    """One municipality's feed."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(min_length=1, description="Unique name, used in --source and in the harvest state.")
    municipality: Municipality
    format: FormatChoice = "auto"
    location: str = Field(
        min_length=1, description="File, directory, glob, http(s) URL, or oai+http(s):// for OAI-PMH."
    )
    metadata_prefix: str | None = Field(default=None, description="OAI-PMH only; default marc21.")
    set_spec: str | None = Field(default=None, alias="set", description="OAI-PMH only: harvest one set.")
    export: Literal["whole", "changes"] = Field(
        default="changes",
        description=(
            "What the location holds: 'whole', the whole catalogue each time (a record missing from it is "
            "gone), or 'changes', what changed (a record is gone only when marked deleted). OAI-PMH: changes."
        ),
    )

    @model_validator(mode="after")
    def _oai_settings_fit_location(self) -> Source:
        if self.location.startswith(OAI_SCHEME_PREFIX) and self.oai_endpoint is None:
            raise ValueError("an OAI-PMH location must be oai+http://… or oai+https://…")
        if self.oai_endpoint is None:
            if self.metadata_prefix is not None or self.set_spec is not None:
                raise ValueError("metadata_prefix and set apply only to oai+http(s):// locations")
        elif self.format not in ("auto", "marcxml"):
            raise ValueError("an OAI-PMH source delivers MARCXML: format must be auto or marcxml")
        elif self.export == "whole":
            raise ValueError("an OAI-PMH source delivers changes: export must be 'changes'")
        return self

    @property
    def oai_endpoint(self) -> str | None:
        """The OAI-PMH base URL when the location is ``oai+http(s)://…``, else ``None``."""
        if not self.location.startswith(OAI_SCHEME_PREFIX):
            return None
        endpoint = self.location.removeprefix(OAI_SCHEME_PREFIX)
        return endpoint if is_http_url(endpoint) else None

    @property
    def oai_metadata_prefix(self) -> str:
        return self.metadata_prefix or "marc21"


def load_sources(config_file: Path) -> list[Source]:
    """Every source in ``config_file``, with relative paths resolved against the file's folder.

    Resolving against the config file rather than the working directory lets the indexer run from
    cron, a container or the test suite with the same configuration.
    """
    try:
        document = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except OSError as error:
        raise SourcesConfigError(f"{config_file}: cannot read: {error.strerror or error}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SourcesConfigError(f"{config_file}: not valid TOML: {error}") from error
    return parse_sources(document, base_dir=config_file.parent, origin=str(config_file))


def parse_sources(document: dict[str, Any], *, base_dir: Path, origin: str) -> list[Source]:
    """Validated sources from an already parsed TOML document; ``origin`` names it in errors."""
    unknown = sorted(set(document) - {"source"})
    if unknown:
        raise SourcesConfigError(
            f"{origin}: unknown top-level key(s) {', '.join(unknown)}; expected [[source]]"
        )
    tables = document.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise SourcesConfigError(f"{origin}: no [[source]] tables")
    sources = [
        _parse_one(table, number, base_dir=base_dir, origin=origin) for number, table in enumerate(tables, 1)
    ]
    seen: set[str] = set()
    for source in sources:
        if source.id in seen:
            raise SourcesConfigError(f"{origin}: source id {source.id!r} is used more than once")
        seen.add(source.id)
    return sources


def find_source(sources: list[Source], source_id: str) -> Source:
    for source in sources:
        if source.id == source_id:
            return source
    known = ", ".join(source.id for source in sources)
    raise SourcesConfigError(f"no source {source_id!r}; configured: {known}")


def _parse_one(table: Any, number: int, *, base_dir: Path, origin: str) -> Source:
    if not isinstance(table, dict):
        raise SourcesConfigError(f"{origin}: [[source]] #{number} is not a table")
    name = f"[[source]] #{number}" + (f" ({table['id']!r})" if isinstance(table.get("id"), str) else "")
    source = build_source(table, name=f"{origin}: {name}")
    return source.model_copy(update={"location": _resolve(source.location, base_dir)})


def build_source(fields: dict[str, Any], *, name: str) -> Source:
    """A validated :class:`Source`; the error message starts with ``name`` and names each bad key."""
    try:
        return Source.model_validate(fields)
    except ValidationError as error:
        raise SourcesConfigError(f"{name}: {_describe(error)}") from error


def _describe(error: ValidationError) -> str:
    problems = []
    for problem in error.errors():
        key = ".".join(str(part) for part in problem["loc"])
        if problem["type"] == "extra_forbidden":
            problems.append(f"unknown key {key!r}")
        elif problem["type"] == "missing":
            problems.append(f"missing key {key!r}")
        elif key:
            problems.append(f"key {key!r}: {problem['msg']} (got {problem['input']!r})")
        else:
            problems.append(problem["msg"].removeprefix("Value error, "))
    return "; ".join(problems)


def _resolve(location: str, base_dir: Path) -> str:
    if location.startswith(OAI_SCHEME_PREFIX) or is_http_url(location):
        return location
    path = Path(location).expanduser()
    return str(path if path.is_absolute() else base_dir / path)
