"""Fidelity report: what every real catalogue file under ``tests/data/real`` gives the schema, and which of
issue 17's MARC rules its records put to work.

    python -m bench.marc_fidelity [ROOT]      # ROOT defaults to tests/data/real; prints Markdown

Each file is read and normalised as the harvester does (format told from its bytes). Printed:

1. per schema field, how many normalised records have a value (a non-empty string or list, a number,
   ``true``), over all files;
2. per file, its records (normalised / rejected), the records with a value in the fields these rules
   feed, and each rule the file exercises with the number of records that show the case (MARC 880s,
   245 $n/$p, a non-filing indicator above 0, 020 $z, 024 2_/3_, several 041 languages, 264 _1, a retired
   language code, …; for ONIX, a TitlePrefix).

Rerun it after a change to the normalisers: a field count that drops is a regression to look at. It
reads a few megabytes and takes seconds; nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymarc

from indexer.normalise import normalise
from indexer.normalise.languages import MARC_RETIRED
from indexer.normalise.marc_fields import MarcFields, index_fields, indicator, subfield_values, values
from indexer.normalise.years import parse_year
from indexer.read.harvest import harvest
from indexer.read.locations import LocationError
from indexer.read.sources import build_source
from indexer.record import NormalisedRecord, RawRecord, Rejection

DEFAULT_ROOT = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"
_NOT_CATALOGUE_FILES = frozenset({".md", ".txt", ".mrk"})
_NONFILING = (("245", 2), ("240", 2), ("242", 2), ("130", 1), ("730", 1), ("740", 1))
_UNKNOWN_DATE1 = ("uuuu", "9999", "||||", "    ")
_NAME_TITLE_TAGS = ("700", "710", "711")

# Shown per file: the fields issue 17's rules feed (the first table has every field).
FILE_FIELDS = (
    "title", "sort_title", "part", "contributors", "year", "publisher", "edition", "languages",
    "identifiers.isbn", "identifiers.invalid_isbn", "original_script.title", "contributors.original",
)  # fmt: skip


def _has(values_of: Callable[[MarcFields], Iterable[object]]) -> Callable[[MarcFields], bool]:
    return lambda fields: any(True for _ in values_of(fields))


def _nonfiling(fields: MarcFields) -> bool:
    return any(
        indicator(found, which) in "123456789" for tag, which in _NONFILING for found in fields.get(tag)
    )


def _unknown_date1(fields: MarcFields) -> bool:
    date1 = fields.control("008")[7:11]
    return len(date1) == 4 and parse_year(date1) is None


def _retired_language(fields: MarcFields) -> bool:
    codes = [fields.control("008")[35:38], *values(fields.get("041"), "adh")]
    return any(code.strip().lower() in MARC_RETIRED for code in codes)


def _several_041_languages(fields: MarcFields) -> bool:
    return any(
        len(subfield_values(found, "a")) > 1
        or any(len(code.strip()) > 3 for code in subfield_values(found, "a"))
        for found in fields.get("041")
    )


MARC_RULES: dict[str, Callable[[MarcFields], bool]] = {
    "880": _has(lambda fields: fields.get("880")),
    "880 unlinked (00)": _has(lambda fields: (v for v in values(fields.get("880"), "6") if v[4:6] == "00")),
    "245 $n/$p": _has(lambda fields: values(fields.get("245"), "np")),
    "245 $k without $a": lambda fields: any(
        subfield_values(f, "k") and not subfield_values(f, "a") for f in fields.get("245")
    ),
    "no 245": lambda fields: not fields.get("245"),
    "non-filing > 0": _nonfiling,
    "008/06 r": lambda fields: fields.control("008")[6:7] == "r",
    "008 Date1 unknown": _unknown_date1,
    "264 _1": _has(lambda fields: (f for f in fields.get("264") if indicator(f, 2) == "1")),
    "260 and 264": lambda fields: bool(fields.get("260") and fields.get("264")),
    "020 $z": _has(lambda fields: values(fields.get("020"), "z")),
    "024 2_ (ISMN)": _has(lambda fields: (f for f in fields.get("024") if indicator(f, 1) == "2")),
    "024 3_ (EAN)": _has(lambda fields: (f for f in fields.get("024") if indicator(f, 1) == "3")),
    "022 (ISSN)": _has(lambda fields: fields.get("022")),
    "041 several": _several_041_languages,
    "no 041": lambda fields: not fields.get("041"),
    "retired language code": _retired_language,
    "7XX $t": _has(lambda fields: values(fields.get_all(_NAME_TITLE_TAGS), "t")),
    "111/711": _has(lambda fields: fields.get_all(("111", "711"))),
}
"""Each rule of issue 17 that a MARC record can exercise, by what in the record shows the case."""


@dataclass
class FileFidelity:
    """One file's counts: records read, normalised and rejected, records with a value per field, and
    records that exercise each rule."""

    path: str
    format: str | None = None
    records: int = 0
    normalised: int = 0
    rejected: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)


def file_fidelity(path: Path, name: str) -> FileFidelity:
    """Read and normalise every record of ``path`` (reported as ``name``), counting as it goes."""
    found = FileFidelity(name)
    source = build_source(
        {"id": name, "municipality": "espoo", "format": "auto", "location": str(path)}, name=name
    )
    try:
        for item in harvest(source):
            if isinstance(item, RawRecord):
                found.format = item.format
                found.records += 1
                _count(found, item, normalise(item))
            elif isinstance(item, Rejection) and item.position is not None:
                found.records += 1
                found.rejected += 1
    except LocationError:
        pass  # a file that cannot be read at all counts as no records
    return found


def _count(found: FileFidelity, raw: RawRecord, result: NormalisedRecord | Rejection) -> None:
    if isinstance(result, Rejection):
        found.rejected += 1
    else:
        found.normalised += 1
        found.fields.update(name for name, value in _flat(result.to_dict()) if _filled(value))
        if result.format.startswith("onix") and result.sort_title:
            found.rules["ONIX TitlePrefix"] += 1
    if isinstance(raw.payload, pymarc.Record):
        fields = index_fields(raw.payload)
        found.rules.update(rule for rule, shows in MARC_RULES.items() if shows(fields))


def _flat(document: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every top-level value, the keys of ``identifiers`` and ``original_script`` one by one, and the
    contributors' original-script names as ``contributors.original``."""
    for name, value in document.items():
        if name in ("identifiers", "original_script"):
            yield from ((f"{name}.{key}", inner) for key, inner in value.items())
        else:
            yield name, value
    yield (
        "contributors.original",
        [person["original"] for person in document["contributors"] if person["original"]],
    )


def _filled(value: Any) -> bool:
    return value is not None and value is not False and value != "" and value != []


def report(root: Path) -> list[FileFidelity]:
    """The counts of every file under ``root``, in path order."""
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix not in _NOT_CATALOGUE_FILES)
    return [file_fidelity(path, str(path.relative_to(root))) for path in paths]


def markdown(files: list[FileFidelity]) -> str:
    """The two tables: field coverage over all files, then file by file."""
    read = [found for found in files if found.records]
    normalised_records = sum(found.normalised for found in read)
    totals: Counter[str] = Counter()
    for found in read:
        totals.update(found.fields)
    field_names = list(NormalisedRecord.__dataclass_fields__)
    lines = [
        f"{len(read)} files with records, {sum(f.records for f in read)} records, {normalised_records} "
        f"normalised, {sum(f.rejected for f in read)} rejected.",
        "",
        "| field | records with a value | share |",
        "|---|---:|---:|",
    ]
    for name in sorted(totals, key=lambda key: (_field_order(key, field_names), key)):
        share = totals[name] / normalised_records if normalised_records else 0.0
        lines.append(f"| `{name}` | {totals[name]} | {share:.0%} |")
    lines += [
        "",
        "| file | format | records | normalised | rejected | "
        + " | ".join(FILE_FIELDS)
        + " | rules exercised |",
        "|---|---|---:|---:|---:|" + "---:|" * len(FILE_FIELDS) + "---|",
    ]
    for found in read:
        rules = ", ".join(f"{rule} ×{count}" for rule, count in found.rules.items()) or "–"
        counts = " | ".join(str(found.fields[name]) for name in FILE_FIELDS)
        lines.append(
            f"| {found.path} | {found.format} | {found.records} | {found.normalised} | {found.rejected} | "
            f"{counts} | {rules} |"
        )
    return "\n".join(lines)


def _field_order(name: str, field_names: list[str]) -> int:
    top = name.partition(".")[0]
    return field_names.index(top) if top in field_names else len(field_names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT_ROOT, help="folder of catalogue files")
    args = parser.parse_args(argv)
    print(markdown(report(args.root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
