"""The sources configuration: the project's own sources.toml, path resolution, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.settings import PROJECT_ROOT
from indexer.read.sources import Source, SourcesConfigError, find_source, load_sources
from indexer.record import MUNICIPALITIES


def write_config(directory: Path, text: str) -> Path:
    path = directory / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_config_has_one_sample_folder_per_municipality() -> None:
    sources = load_sources(PROJECT_ROOT / "sources.toml")
    assert sorted(source.municipality for source in sources) == sorted(MUNICIPALITIES)
    for source in sources:
        assert source.format == "auto"
        assert source.export == "whole", "the samples are whole exports"
        assert Path(source.location) == PROJECT_ROOT / "data" / "samples" / source.municipality
        assert Path(source.location).is_dir()


def test_relative_paths_are_resolved_against_the_config_folder(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        """
        [[source]]
        id = "relative"
        municipality = "espoo"
        location = "feeds/espoo/*.mrc"

        [[source]]
        id = "absolute"
        municipality = "vantaa"
        location = "/srv/feeds/vantaa.json"

        [[source]]
        id = "web"
        municipality = "helsinki"
        format = "onix3"
        location = "https://example.org/onix.xml"
        """,
    )
    locations = {source.id: source.location for source in load_sources(config)}
    assert locations == {
        "relative": str(tmp_path / "feeds/espoo/*.mrc"),
        "absolute": "/srv/feeds/vantaa.json",
        "web": "https://example.org/onix.xml",
    }


def test_an_oai_pmh_source_names_its_endpoint_prefix_and_set(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        """
        [[source]]
        id = "helsinki-oai"
        municipality = "helsinki"
        location = "oai+https://example.org/oai"
        set = "ebooks"
        """,
    )
    (source,) = load_sources(config)
    assert source.oai_endpoint == "https://example.org/oai"
    assert source.oai_metadata_prefix == "marc21"
    assert source.set_spec == "ebooks"
    assert Source(id="x", municipality="espoo", location="data/samples/espoo").oai_endpoint is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'id = "e"\nmunicipality = "espoo"\nlocation = "x"\nformt = "marc21"',
            "[[source]] #1 ('e'): unknown key 'formt'",
        ),
        (
            'id = "t"\nmunicipality = "turku"\nlocation = "x"',
            "[[source]] #1 ('t'): key 'municipality': Input should be 'espoo', 'helsinki', 'vantaa' or "
            "'kauniainen' (got 'turku')",
        ),
        (
            'id = "e"\nmunicipality = "espoo"\nlocation = "x"\nformat = "marc"',
            "key 'format': Input should be 'auto'",
        ),
        ('id = "e"\nmunicipality = "espoo"', "[[source]] #1 ('e'): missing key 'location'"),
        (
            'id = "e"\nmunicipality = "espoo"\nlocation = "x.mrc"\nmetadata_prefix = "marc21"',
            "metadata_prefix and set apply only to oai+http(s):// locations",
        ),
        (
            'id = "e"\nmunicipality = "espoo"\nlocation = "oai+https://x/oai"\nformat = "onix3"',
            "an OAI-PMH source delivers MARCXML: format must be auto or marcxml",
        ),
        (
            'id = "e"\nmunicipality = "espoo"\nlocation = "oai+ftp://x/oai"',
            "an OAI-PMH location must be oai+http://… or oai+https://…",
        ),
    ],
)
def test_a_bad_source_is_an_error_naming_the_source_and_the_key(
    tmp_path: Path, table: str, message: str
) -> None:
    config = write_config(tmp_path, f"[[source]]\n{table}\n")
    with pytest.raises(SourcesConfigError) as error:
        load_sources(config)
    assert str(error.value).startswith(f"{config}: [[source]] #1")
    assert message in str(error.value)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    one = '[[source]]\nid = "espoo"\nmunicipality = "espoo"\nlocation = "a"\n'
    with pytest.raises(SourcesConfigError, match="source id 'espoo' is used more than once"):
        load_sources(write_config(tmp_path, one + one))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no [[source]] tables"),
        ("[[sources]]\nid = 'x'\n", "unknown top-level key(s) sources; expected [[source]]"),
        ("[[source]\n", "not valid TOML"),
    ],
)
def test_a_config_that_is_not_a_list_of_sources_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourcesConfigError) as error:
        load_sources(write_config(tmp_path, text))
    assert message in str(error.value)


def test_a_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourcesConfigError, match="cannot read: No such file or directory"):
        load_sources(tmp_path / "nowhere.toml")


def test_a_source_is_found_by_id_or_the_known_ids_are_listed() -> None:
    sources = load_sources(PROJECT_ROOT / "sources.toml")
    assert find_source(sources, "vantaa").municipality == "vantaa"
    with pytest.raises(
        SourcesConfigError, match="no source 'turku'; configured: espoo, helsinki, vantaa, kauniainen"
    ):
        find_source(sources, "turku")
