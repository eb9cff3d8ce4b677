"""Opening locations: files, directories, globs on real data; HTTP against a real local server."""

from __future__ import annotations

import io
import shutil
import socket
from pathlib import Path
from typing import BinaryIO

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.read.locations import (
    HttpOptions,
    LocationError,
    Unreadable,
    is_http_url,
    local_files,
    open_location,
    open_range,
    peek_head,
)
from tests.conftest import REAL_DATA
from tests.indexer.conftest import SLOW_SECONDS, FileServer

QUICK = HttpOptions(connect_timeout=1, read_timeout=SLOW_SECONDS / 5, attempts=2, backoff=0)
HELMET = REAL_DATA / "helmet-marcxml"


def names_and_bytes(location: str, http: HttpOptions = QUICK) -> list[tuple[str, bytes]]:
    found = []
    for entry in open_location(location, http=http):
        assert not isinstance(entry, Unreadable), entry
        name, stream = entry
        found.append((name, stream.read()))
    return found


def test_a_file_is_one_stream_of_its_bytes() -> None:
    path = REAL_DATA / "pymarc/marc.dat"
    assert names_and_bytes(str(path)) == [(str(path), path.read_bytes())]


@pytest.mark.parametrize(("start", "end"), [(0, 20388), (0, 1), (1000, 70_000), (19_000, 20388), (5, 5)])
def test_a_range_of_a_file_is_a_stream_of_those_bytes(start: int, end: int) -> None:
    path = REAL_DATA / "pymarc/marc.dat"
    with open_range(path, start, end) as stream:
        assert stream.read() == path.read_bytes()[start:end]


def test_the_local_files_of_a_location_are_those_opened() -> None:
    for location in (str(REAL_DATA / "pymarc/marc.dat"), str(HELMET), f"{HELMET}/**/*.xml"):
        assert [str(path) for path in local_files(location)] == [
            name for name, _ in names_and_bytes(location)
        ]
    with pytest.raises(LocationError, match="no such file"):
        local_files("/nonexistent/feed.mrc")


def test_a_directory_is_read_recursively_in_sorted_order() -> None:
    found = names_and_bytes(str(HELMET))
    expected = sorted(HELMET.rglob("*.xml"))
    assert [name for name, _ in found] == [str(path) for path in expected]
    assert [data for _, data in found] == [path.read_bytes() for path in expected]


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    for name in ("b.xml", ".hidden.xml", ".git/config.xml", "sub/a.xml", "sub/.swp"):
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(HELMET / "curated/2360958.xml", target)
    assert [name for name, _ in names_and_bytes(str(tmp_path))] == [
        str(tmp_path / "b.xml"),
        str(tmp_path / "sub/a.xml"),
    ]


def test_a_glob_matches_files_and_expands_matching_folders() -> None:
    assert len(names_and_bytes(str(HELMET / "*/*.xml"))) == 13
    assert len(names_and_bytes(str(HELMET / "*"))) == 13
    recursive = names_and_bytes(str(REAL_DATA / "natlibfi/**/input.json"))
    assert [Path(name).parent.name for name, _ in recursive] == ["01", "02", "05", "07", "20"]


def test_files_are_opened_one_at_a_time() -> None:
    entries = open_location(str(HELMET / "curated"), http=QUICK)
    first = next(entries)
    assert not isinstance(first, Unreadable)
    assert not first[1].closed
    next(entries)
    assert first[1].closed


def test_a_file_that_cannot_be_opened_is_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    shutil.copy(HELMET / "curated/2360958.xml", tmp_path / "a.xml")
    (tmp_path / "b.xml").symlink_to(tmp_path / "gone.xml")
    shutil.copy(HELMET / "curated/2371438.xml", tmp_path / "c.xml")

    entries = list(open_location(str(tmp_path), http=QUICK))

    assert entries[1] == Unreadable(str(tmp_path / "b.xml"), "No such file or directory")
    assert [entry[0] for entry in entries if not isinstance(entry, Unreadable)] == [
        str(tmp_path / "a.xml"),
        str(tmp_path / "c.xml"),
    ]


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("no/such/catalogue.mrc", "no such file or directory"),
        ("no/such/*.mrc", "no file matches this pattern"),
    ],
)
def test_a_missing_location_is_a_clear_error(location: str, reason: str) -> None:
    with pytest.raises(LocationError) as error:
        list(open_location(location, http=QUICK))
    assert str(error.value) == f"{location}: {reason}"


def test_an_empty_directory_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / ".keep").touch()
    with pytest.raises(LocationError, match="the directory holds no files"):
        list(open_location(str(tmp_path), http=QUICK))


def test_a_url_is_streamed(file_server: FileServer) -> None:
    url = file_server.url("files", "pymarc/marc.dat")
    assert names_and_bytes(url) == [(url, (REAL_DATA / "pymarc/marc.dat").read_bytes())]


@pytest.mark.parametrize("behaviour", ["flaky", "busy"])
def test_a_5xx_or_429_answer_is_retried(file_server: FileServer, behaviour: str) -> None:
    url = file_server.url(behaviour, "pymarc/marc.dat")
    assert names_and_bytes(url)[0][1] == (REAL_DATA / "pymarc/marc.dat").read_bytes()
    assert file_server.hits[f"/{behaviour}/pymarc/marc.dat"] == 2


def test_a_server_that_stays_down_is_given_up_after_the_configured_attempts(file_server: FileServer) -> None:
    url = file_server.url("down", "pymarc/marc.dat")
    with pytest.raises(LocationError, match=r"HTTP 503 Service Unavailable \(gave up after 2 attempts\)"):
        names_and_bytes(url)
    assert file_server.hits["/down/pymarc/marc.dat"] == 2


def test_a_404_is_a_clear_error_and_not_retried(file_server: FileServer) -> None:
    url = file_server.url("files", "pymarc/no-such-file.dat")
    with pytest.raises(LocationError) as error:
        names_and_bytes(url)
    assert str(error.value) == f"{url}: HTTP 404 Not Found"
    assert file_server.hits["/files/pymarc/no-such-file.dat"] == 1


def test_a_slow_server_times_out(file_server: FileServer) -> None:
    with pytest.raises(LocationError, match=r"did not answer within 0\.3 s"):
        names_and_bytes(file_server.url("slow", "pymarc/marc.dat"))


def test_an_unreachable_server_is_a_clear_error() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(LocationError, match=r"cannot connect: .* \(gave up after 2 attempts\)"):
        names_and_bytes(f"http://127.0.0.1:{port}/catalogue.mrc")


def test_a_download_that_breaks_off_raises_oserror_from_the_stream(file_server: FileServer) -> None:
    entries = open_location(file_server.url("cut", "pymarc/marc.dat"), http=QUICK)
    entry = next(entries)
    assert not isinstance(entry, Unreadable)
    with pytest.raises(OSError, match="broke off"):
        entry[1].read()


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("https://example.org/a.mrc", True),
        ("http://x", True),
        ("oai+https://x/oai", False),
        ("data/x", False),
    ],
)
def test_http_urls_are_told_from_paths(location: str, expected: bool) -> None:
    assert is_http_url(location) is expected


def test_peeking_a_file_rewinds_it() -> None:
    path = REAL_DATA / "pymarc/marc.dat"
    with path.open("rb") as stream:
        head, same = peek_head(stream, 100)
        assert same is stream
        assert head + same.read()[100:] == path.read_bytes()


class _Unseekable(io.BytesIO):
    def seekable(self) -> bool:
        return False


@given(data=st.binary(max_size=5000), size=st.integers(min_value=0, max_value=6000))
def test_peeking_a_stream_that_cannot_seek_keeps_every_byte(data: bytes, size: int) -> None:
    stream: BinaryIO = _Unseekable(data)
    head, rest = peek_head(stream, size)
    assert head == data[:size]
    assert rest.read() == data
