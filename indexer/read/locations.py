"""Where catalogue files come from: a file, a directory, a glob or an HTTP(S) URL, opened one at a time.

Every kind of location comes out as the same ``(name, binary stream)`` pairs so that format detection
and the readers never need to know whether bytes came from disk or from the network. Files are opened
one at a time and closed before the next one, so a directory of thousands of exports never holds more
than one file handle, and a download is streamed rather than held in memory.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

_CHUNK_SIZE = 64 * 1024
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class HttpOptions:
    """How patient to be with a web server.

    Connect errors and 5xx/429 answers are usually a server restarting or shedding load, so they are
    retried with exponential backoff (or the server's ``Retry-After``, capped). A read timeout is not:
    a server that is too slow now will most likely be too slow on the next try as well.
    """

    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    attempts: int = 4
    backoff: float = 1.0
    backoff_max: float = 30.0


DEFAULT_HTTP_OPTIONS = HttpOptions()


class LocationError(Exception):
    """A location that cannot be read at all: missing, empty, refused or unreachable."""

    def __init__(self, location: str, reason: str) -> None:
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason

    def __reduce__(self) -> tuple[type[LocationError], tuple[str, str]]:
        return type(self), (self.location, self.reason)  # raised in a worker process, re-raised in the job


@dataclass(frozen=True, slots=True)
class Unreadable:
    """One file of a directory or glob that could not be opened; the other files are still read."""

    name: str
    reason: str


def is_http_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def open_location(
    location: str, *, http: HttpOptions = DEFAULT_HTTP_OPTIONS
) -> Iterator[tuple[str, BinaryIO] | Unreadable]:
    """The files of ``location`` as ``(name, stream)`` pairs, each open only until the next is asked for.

    Raises :class:`LocationError` when the location as a whole cannot be read (before anything is
    yielded, except for a download that breaks off, which surfaces as an ``OSError`` from the stream).
    """
    if is_http_url(location):
        yield from _open_url(location, http)
    elif Path(location).is_file():
        yield from _open_single_file(Path(location))
    else:
        yield from _open_each(_expand(location))


def local_files(location: str) -> list[Path]:
    """The files a local location (file, directory or glob) stands for, in the order they are read; raises
    :class:`LocationError` as :func:`open_location` would."""
    path = Path(location)
    return [path] if path.is_file() else _expand(location)


@contextlib.contextmanager
def open_range(path: Path, start: int, end: int) -> Iterator[BinaryIO]:
    """Bytes ``start`` to ``end`` (exclusive) of a local file, as a stream of their own: one share of a
    file that several workers read side by side (:mod:`indexer.read.shares`)."""
    with path.open("rb") as file:
        file.seek(start)
        yield _chunk_reader(_range_chunks(file, end - start))


def _range_chunks(file: BinaryIO, size: int) -> Iterator[bytes]:
    while size > 0 and (chunk := file.read(min(size, _CHUNK_SIZE))):
        size -= len(chunk)
        yield chunk


def _expand(location: str) -> list[Path]:
    """The files a directory or a glob stands for.

    Directories are walked recursively in sorted order, skipping hidden files and folders (``.git``,
    editor swap files, macOS ``._`` forks), so two runs over the same tree read it in the same order.
    """
    path = Path(location)
    if path.is_dir():
        files = _files_under(path)
        if not files:
            raise LocationError(location, "the directory holds no files")
        return files
    if _GLOB_CHARACTERS & set(location):
        matches = _glob_files(location)
        if not matches:
            raise LocationError(location, "no file matches this pattern")
        return matches
    if path.exists():
        raise LocationError(location, "not a regular file or directory")
    raise LocationError(location, "no such file or directory")


def peek_head(stream: BinaryIO, size: int) -> tuple[bytes, BinaryIO]:
    """The first ``size`` bytes of ``stream`` and a stream that still yields them.

    Format detection needs the head before the reader starts; a local file is simply rewound, a
    download is wrapped so that the head is served again from memory.
    """
    if stream.seekable():
        start = stream.tell()
        head = stream.read(size)
        stream.seek(start)
        return head, stream
    head = stream.read(size)
    rest = iter(functools.partial(stream.read, _CHUNK_SIZE), b"")
    return head, _chunk_reader(itertools.chain([head], rest))


def _open_single_file(path: Path) -> Iterator[tuple[str, BinaryIO]]:
    try:
        stream = path.open("rb")
    except OSError as error:
        raise LocationError(str(path), error.strerror or str(error)) from error
    with stream:
        yield str(path), stream


def _open_each(files: list[Path]) -> Iterator[tuple[str, BinaryIO] | Unreadable]:
    for path in files:
        try:
            stream = path.open("rb")
        except OSError as error:
            yield Unreadable(str(path), error.strerror or str(error))
            continue
        with stream:
            yield str(path), stream


def _files_under(directory: Path) -> list[Path]:
    found: list[Path] = []
    for folder, subfolders, names in os.walk(directory):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(Path(folder, name) for name in names if not name.startswith("."))
    return sorted(found)


def _glob_files(pattern: str) -> list[Path]:
    """Files matching ``pattern`` (``**`` included); a matching directory contributes all its files.

    Wildcards skip hidden names, as in the shell; a hidden folder written out in the pattern is used.
    """
    files: set[Path] = set()
    # glob.glob, not Path.glob: Path.glob refuses absolute patterns such as "/data/feeds/*.mrc".
    for match in map(Path, glob.glob(pattern, recursive=True)):  # noqa: PTH207
        if match.is_dir():
            files.update(_files_under(match))
        elif match.is_file():
            files.add(match)
    return sorted(files)


def _open_url(url: str, options: HttpOptions) -> Iterator[tuple[str, BinaryIO]]:
    timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        response = _get(client, url, options)
        try:
            yield url, _chunk_reader(_body_chunks(response))
        finally:
            response.close()


class _RetryableStatus(Exception):
    """A 5xx or 429 answer, raised so that tenacity retries it like a connect error."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code} {response.reason_phrase}")
        self.retry_after = _retry_after_seconds(response)


_RETRIED = (httpx.ConnectError, httpx.ConnectTimeout, _RetryableStatus)


def _get(client: httpx.Client, url: str, options: HttpOptions) -> httpx.Response:
    """A streaming GET that has answered 2xx, after retries; anything else is a :class:`LocationError`."""
    retrying = Retrying(
        stop=stop_after_attempt(options.attempts),
        wait=_wait_before_retry(options),
        retry=retry_if_exception(lambda error: isinstance(error, _RETRIED)),
        reraise=True,
    )
    try:
        return retrying(_send, client, url)
    except _RetryableStatus as error:
        raise LocationError(url, f"{error} (gave up after {options.attempts} attempts)") from error
    except httpx.ConnectTimeout as error:
        raise LocationError(
            url,
            f"no connection within {options.connect_timeout:g} s (gave up after {options.attempts} attempts)",
        ) from error
    except httpx.ConnectError as error:
        raise LocationError(
            url, f"cannot connect: {error} (gave up after {options.attempts} attempts)"
        ) from error
    except httpx.TimeoutException as error:
        raise LocationError(url, f"the server did not answer within {options.read_timeout:g} s") from error
    except httpx.HTTPError as error:
        raise LocationError(url, f"download failed: {error}") from error


def _send(client: httpx.Client, url: str) -> httpx.Response:
    response = client.send(client.build_request("GET", url), stream=True)
    if response.status_code == 429 or response.status_code >= 500:
        response.close()
        raise _RetryableStatus(response)
    if response.is_error:
        response.close()
        raise LocationError(url, f"HTTP {response.status_code} {response.reason_phrase}")
    return response


def _wait_before_retry(options: HttpOptions) -> Callable[[RetryCallState], float]:
    exponential = wait_exponential(multiplier=options.backoff, max=options.backoff_max)

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _RetryableStatus) and error.retry_after is not None:
            return min(error.retry_after, options.backoff_max)
        return exponential(state)

    return wait


def _retry_after_seconds(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds; the HTTP-date form is rare enough to fall back to our own backoff."""
    value = response.headers.get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


def _body_chunks(response: httpx.Response) -> Iterator[bytes]:
    """The body as it arrives; a broken connection becomes the ``OSError`` a file reader expects."""
    try:
        yield from response.iter_bytes(_CHUNK_SIZE)
    except httpx.HTTPError as error:
        raise OSError(f"download of {response.url} broke off: {error}") from error


class _ChunkStream(io.RawIOBase):
    """A read-only raw stream over an iterator of byte chunks."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = chunk
        target = memoryview(buffer).cast("B")
        size = min(len(target), len(self._pending))
        target[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _chunk_reader(chunks: Iterable[bytes]) -> BinaryIO:
    return io.BufferedReader(_ChunkStream(chunks), buffer_size=_CHUNK_SIZE)
