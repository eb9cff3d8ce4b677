"""``python -m indexer normalise`` run as a subprocess on real files, as a person would run it."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from catalogue.settings import PROJECT_ROOT
from tests.conftest import REAL_DATA, SAMPLES
from tests.indexer.conftest import FileServer

# The keys of the normalised record as docs/record-schema.md shows them, nested ones included.
ORIGINAL_SCRIPT_KEYS = ["title", "subtitle", "part", "series", "edition", "publisher", "place"]
SCHEMA_KEYS = [
    "source",
    "source_id",
    "format",
    "material_type",
    "title",
    "subtitle",
    "part",
    "sort_title",
    "title_variants",
    "series",
    "edition",
    "original_script",
    "contributors",
    "languages",
    "language_detected",
    "original_language",
    "identifiers",
    "publisher",
    "year",
    "place",
    "subjects",
    "genres",
    "classification",
    "audience",
    "description",
    "links",
    "extent",
    "duration",
    "updated",
    "deleted",
]
IDENTIFIER_KEYS = ["isbn", "invalid_isbn", "issn", "ismn", "ean", "other"]
REJECTION_KEYS = ["source", "file", "position", "record_id", "reason", "offset", "file_damaged"]


@dataclass
class Run:
    exit_code: int
    records: list[dict[str, Any]]
    stderr: list[dict[str, Any]]

    @property
    def summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = self.stderr[-1]["summary"]
        return summary

    @property
    def rejections(self) -> list[dict[str, Any]]:
        return [line for line in self.stderr if "reason" in line]

    @property
    def errors(self) -> list[str]:
        return [line["error"] for line in self.stderr if "error" in line]


def normalise(*arguments: str | Path) -> Run:
    completed = subprocess.run(
        [sys.executable, "-m", "indexer", "normalise", *map(str, arguments)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=False,
        timeout=120,
    )
    stdout = completed.stdout.decode("utf-8")
    stderr = completed.stderr.decode("utf-8")
    return Run(
        completed.returncode,
        [json.loads(line) for line in stdout.splitlines()],
        [json.loads(line) for line in stderr.splitlines()],
    )


def assert_schema_shape(record: dict[str, Any]) -> None:
    assert list(record) == SCHEMA_KEYS
    assert list(record["identifiers"]) == IDENTIFIER_KEYS
    assert list(record["original_script"]) == ORIGINAL_SCRIPT_KEYS
    assert all(list(person) == ["name", "role", "original"] for person in record["contributors"])


@pytest.mark.parametrize(
    ("relative", "records"),
    [
        ("helmet-marcxml/curated/2360958.xml", 1),
        ("pymarc/marc.dat", 20),
        ("onix/im_onix/9782752906700.xml", 4),
        ("natlibfi/helmet-sierra-json/transform/01/input.json", 2),
    ],
)
def test_each_format_prints_one_schema_shaped_record_per_line(relative: str, records: int) -> None:
    run = normalise(REAL_DATA / relative, "--municipality", "espoo")

    assert run.exit_code == 0
    assert len(run.records) + len(run.rejections) == records
    assert run.records
    for record in run.records:
        assert_schema_shape(record)
        assert record["source"] == "espoo"
    assert run.summary["read"] == records
    assert run.summary["normalised"] == len(run.records)


def test_original_script_sort_title_and_edition_are_printed() -> None:
    russian = normalise(REAL_DATA / "vufind/fixtures/marc/altscript.xml", "--municipality", "espoo")
    record = russian.records[0]
    assert record["original_script"]["title"] == "Русская народная поэзия"
    assert record["contributors"][0]["original"] == "Горелов, Ал"
    novel = normalise(REAL_DATA / "marc4j/chabon.mrc", "--municipality", "espoo").records[0]
    assert novel["sort_title"] == "amazing adventures of Kavalier and Clay"
    helmet = normalise(REAL_DATA / "helmet-marcxml/curated/2297829.xml", "--municipality", "espoo").records[0]
    assert helmet["edition"] == "1. taskukirjapainos"


def test_non_ascii_text_is_printed_as_utf8_not_escaped() -> None:
    run = normalise(REAL_DATA / "helmet-marcxml/curated/1769634.xml", "--municipality", "helsinki")
    line = json.dumps(run.records[0], ensure_ascii=False)
    assert any(ord(character) > 127 for character in line)


def test_a_folder_mixing_formats_and_a_stray_file(tmp_path: Path) -> None:
    for name, relative in {
        "a.xml": "helmet-marcxml/curated/2360958.xml",
        "b.mrc": "marc4j/summerland.mrc",
        "c.xml": "onix/elisa/transform/03/input.xml",
        "d.json": "natlibfi/helmet-sierra-json/transform/07/input.json",
        "e.txt": "natlibfi/recordmanager/Base/utils/LineBasedMarcFormatter/alma.txt",
    }.items():
        shutil.copy(REAL_DATA / relative, tmp_path / name)

    run = normalise(tmp_path, "--municipality", "vantaa")

    assert run.exit_code == 0
    files = run.summary["sources"]["vantaa"]["files"]
    assert [(Path(file["file"]).name, file["format"]) for file in files] == [
        ("a.xml", "marcxml"),
        ("b.mrc", "marc21"),
        ("c.xml", "onix3"),
        ("d.json", "sierra_json"),
        ("e.txt", None),
    ]
    (stray,) = [line for line in run.rejections if line["file"].endswith("e.txt")]
    assert stray == {
        "source": "vantaa",
        "file": str(tmp_path / "e.txt"),
        "position": None,
        "record_id": None,
        "reason": "not a MARC21, MARCXML, ONIX or Sierra JSON file",
        "offset": None,
        "file_damaged": True,
    }
    assert {record["format"] for record in run.records} == {"marcxml", "marc21", "onix3", "sierra_json"}


def test_a_file_that_is_no_catalogue_at_all_exits_non_zero() -> None:
    run = normalise(REAL_DATA / "marc4j/brkrtest.mrk", "--municipality", "espoo")
    assert run.exit_code == 1
    assert run.records == []
    assert [line["reason"] for line in run.rejections] == ["not a MARC21, MARCXML, ONIX or Sierra JSON file"]
    assert run.summary["rejected"] == 1


def test_a_missing_path_is_reported_and_exits_non_zero_only_if_nothing_else_was_read() -> None:
    alone = normalise("no/such/export.mrc", "--municipality", "espoo")
    assert alone.exit_code == 1
    assert alone.errors == ["no/such/export.mrc: no such file or directory"]
    assert alone.summary["sources"]["espoo"]["errors"] == alone.errors

    with_good = normalise(
        "no/such/export.mrc", REAL_DATA / "marc4j/summerland.mrc", "--municipality", "espoo"
    )
    assert with_good.exit_code == 0
    assert len(with_good.records) == 1


def test_rejections_go_to_stderr_without_bytes_and_to_the_rejects_file_with_them(tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.jsonl"
    run = normalise(REAL_DATA / "pymarc/bad_records.mrc", "--municipality", "espoo", "--rejects", rejects)

    assert run.rejections
    assert all(list(line) == REJECTION_KEYS for line in run.rejections)
    written = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [{key: line[key] for key in REJECTION_KEYS} for line in written] == run.rejections
    original = (REAL_DATA / "pymarc/bad_records.mrc").read_bytes()
    assert all(base64.b64decode(line["raw_base64"]) in original for line in written)


def test_the_summary_is_the_last_line_on_stderr() -> None:
    run = normalise(REAL_DATA / "pymarc/bad_records.mrc", "--municipality", "espoo")
    summary = run.summary
    assert set(summary) == {"read", "normalised", "rejected", "deleted", "refused", "sources"}
    assert summary["rejected"] == len(run.rejections)
    assert summary["normalised"] == len(run.records)


def test_the_municipality_is_taken_from_the_sample_folder_name() -> None:
    run = normalise("data/samples/helsinki")
    assert run.exit_code == 0
    assert {record["source"] for record in run.records} == {"helsinki"}


def test_without_a_municipality_in_path_or_option_the_command_asks_for_one() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "indexer", "normalise", str(REAL_DATA / "pymarc/marc.dat")],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "add --municipality" in completed.stderr


def test_a_configured_source_is_read_by_its_id() -> None:
    run = normalise("--source", "vantaa")
    assert run.exit_code == 0
    assert {record["source"] for record in run.records} == {"vantaa"}
    assert {record["format"] for record in run.records} == {"marcxml"}


def test_an_unknown_source_is_a_clear_error() -> None:
    run = normalise("--source", "turku")
    assert run.exit_code == 2
    assert run.errors == ["no source 'turku'; configured: espoo, helsinki, vantaa, kauniainen"]


def test_a_url_is_read(file_server: FileServer) -> None:
    run = normalise(file_server.url("files", "pymarc/batch.xml"), "--municipality", "kauniainen")
    assert run.exit_code == 0
    assert len(run.records) + len(run.rejections) == 2


def test_an_oai_pmh_endpoint_is_read(oai_endpoint: str) -> None:
    run = normalise(f"oai+{oai_endpoint}", "--municipality", "helsinki")
    assert run.exit_code == 0
    assert run.summary["read"] == 12
    assert run.summary["deleted"] == 2


def test_a_path_that_cannot_make_a_source_is_a_clear_error() -> None:
    run = normalise("oai+http://127.0.0.1:9/oai", "--municipality", "espoo", "--format", "onix3")
    assert run.exit_code == 2
    assert run.errors == [
        "oai+http://127.0.0.1:9/oai: an OAI-PMH source delivers MARCXML: format must be auto or marcxml"
    ]


def test_a_rejects_file_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "indexer",
            "normalise",
            "data/samples/espoo",
            "--rejects",
            tmp_path / "no/dir/x",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "cannot write the rejects file" in completed.stderr
    assert completed.stdout == ""


def test_library_warnings_are_json_lines_too() -> None:
    # pymarc logs a warning per damaged directory entry of this 214 KB record.
    run = normalise(REAL_DATA / "marc4j/datos-20161010-slice.mrc", "--municipality", "espoo")
    warnings = [line for line in run.stderr if "log" in line]
    assert warnings
    assert {(line["log"], line["logger"]) for line in warnings} == {("warning", "pymarc")}
    assert "summary" in run.stderr[-1]


@pytest.mark.parametrize(
    ("job", "kept"),
    [
        ("reindex", "the live index was not changed"),
        ("update", "the changes applied before the failure stay in the live index"),
    ],
)
def test_a_job_that_cannot_reach_the_cluster_says_what_became_of_the_live_index(
    job: str, kept: str, tmp_path: Path
) -> None:
    """A re-index never writes to the live index before its swap; an update writes batch by batch, so it
    must not claim that nothing changed."""
    completed = subprocess.run(
        [sys.executable, "-m", "indexer", job],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "ELASTICSEARCH_URL": "http://127.0.0.1:9", "HELMET_STATE_DIR": str(tmp_path)},
    )
    assert completed.returncode == 1
    last = completed.stderr.strip().splitlines()[-1]
    assert last.startswith("error: Elasticsearch at http://127.0.0.1:9 cannot be reached")
    assert kept in last


def test_bad_bytes_in_a_marcxml_file_cost_one_record_and_the_file_is_reported_partly_read(
    tmp_path: Path,
) -> None:
    """The issue's trial: garbage inside a record in the middle of a copy of the Helsinki sample."""
    original = SAMPLES / "helsinki/helsinki.xml"
    data = original.read_bytes()
    cut = data.index(b"<datafield", data.index(b"<record>", len(data) // 2))
    damaged = tmp_path / "helsinki.xml"
    damaged.write_bytes(data[:cut] + b"\x00\xff<<<" + data[cut:])
    rejects = tmp_path / "rejects.jsonl"

    whole = normalise(original, "--municipality", "helsinki")
    run = normalise(damaged, "--municipality", "helsinki", "--rejects", rejects)

    assert run.exit_code == 0
    assert len(run.records) == len(whole.records) - 1
    (file,) = run.summary["sources"]["helsinki"]["files"]
    assert file["complete"] is False
    assert file["damage"].startswith("the XML is not well-formed at line")
    assert file["read"] == file["normalised"] + file["rejected"] + file["deleted"]
    entries = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    (damage,) = [entry for entry in entries if entry["reason"] == file["damage"]]
    assert damage["record_id"] is not None
    assert data[damage["offset"] :].startswith(b"<record>")
    assert damage["file_damaged"] is True
