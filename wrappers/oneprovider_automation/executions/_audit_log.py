"""Audit logs: the dump request, its streamed JSON array read entry by entry, saving it.

A dump can be large, so it is never held whole: :class:`EntryStream` decodes
the array incrementally from the chunks as they come (``raw_decode`` over a
rolling buffer), and :class:`DumpFile` writes the bytes to a temporary file
beside the target, renamed over it only once the whole array has arrived.
"""

from __future__ import annotations

import codecs
import email.message
import json
import os
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

import attrs
import httpx

from .._exceptions import (
    ApiConnectionError,
    ApiTimeoutError,
    ErrorContext,
    UnexpectedResponseError,
)
from .._models import LogLevel, WorkflowExecution
from .._request import Call, api_call, raise_error, require_id, unexpected
from .._secrets import Secret

#: The dump route declares ``application/octet-stream``: a provider answers
#: ``Accept: application/json`` with 406, though it sends JSON.
DUMP_ACCEPT = "application/octet-stream"
#: An incomplete entry up to this size is decoded again with each chunk that
#: may close it; a larger one only once it has doubled (linear time in all).
PROMPT_CHARS = 64 * 1024
#: One entry larger than this is taken for a broken answer, not buffered on.
MAX_ENTRY_CHARS = 64 * 1024 * 1024

_WHITESPACE = " \t\r\n"
_SEVERITIES = {level.value: level for level in LogLevel}
_DECODER = json.JSONDecoder()


@attrs.frozen
class AuditLogEntry:
    """One entry of an audit log.

    ``index`` counts from 0; ``timestamp`` is an aware UTC datetime (the
    provider sends milliseconds); ``source`` is ``None`` for the provider's
    own entries and ``"user"`` for what lambdas wrote; ``content`` is the
    JSON logged.
    """

    index: int
    timestamp: datetime
    severity: LogLevel
    source: str | None
    content: object

    @property
    def description(self) -> str | None:
        """``content["description"]`` when it is a string (a provider's own entries)."""
        value = self.content.get("description") if isinstance(self.content, Mapping) else None
        return value if isinstance(value, str) else None

    @property
    def details(self) -> Mapping[str, object] | None:
        """``content["details"]`` when it is an object."""
        value = self.content.get("details") if isinstance(self.content, Mapping) else None
        return value if isinstance(value, Mapping) else None


@attrs.frozen
class SavedAuditLog:
    """An audit log saved by ``save_audit_log``.

    ``path`` is where it was written, ``bytes_written`` its size, ``entries``
    how many entries it holds, ``provider_filename`` the name the provider
    gave it (``Content-Disposition``), or ``None`` if it gave none.
    """

    path: Path
    bytes_written: int
    entries: int
    provider_filename: str | None


def entry_from_json(data: object) -> AuditLogEntry:
    """An :class:`AuditLogEntry` from the JSON; :class:`ValueError` names what is wrong."""
    # JSON objects decode to dicts: the exact type checks come first, the
    # general (slower) ones only for other mappings.
    if type(data) is not dict and not isinstance(data, Mapping):
        raise ValueError(f"an entry must be a JSON object, got {data!r:.80}")
    index = data.get("index")
    if not isinstance(index, str) or not index.isdigit() or not index.isascii():
        raise ValueError(f"an entry's index must be a decimal string, got {index!r}")
    stamp = data.get("timestamp")
    if type(stamp) is not int or stamp < 0:
        raise ValueError(f"an entry's timestamp must be milliseconds, got {stamp!r}")
    severity = _SEVERITIES.get(data.get("severity"))  # type: ignore[arg-type]
    try:
        if severity is None:
            severity = LogLevel(str(data.get("severity")))
        timestamp = datetime.fromtimestamp(stamp / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError) as err:
        raise ValueError(f"not an audit-log entry: {err}") from err
    source = data.get("source")
    if source is not None and not isinstance(source, str):
        raise ValueError(f"an entry's source must be a string, got {source!r}")
    if "content" not in data:
        raise ValueError("an entry lacks its content")
    return AuditLogEntry(int(index), timestamp, severity, source, data["content"])


class EntryStream:
    """Decodes a JSON array fed in chunks of bytes, giving each element once it is whole.

    Memory holds at most the element being decoded and one chunk. An
    element is given as soon as the chunk that completes it arrives; one
    split over many chunks is decoded again only when a chunk may close it,
    and a large one only once it has doubled, so the cost stays linear.
    """

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")()
        self._buffer = ""
        self._state = "start"  # start, first, value, comma, end
        self._retry_at = 0
        self._closer = ""
        self.count = 0
        self.position = 0

    def feed(self, chunk: bytes) -> list[object]:
        """The elements completed by ``chunk``; :class:`ValueError` if the array is malformed."""
        text = self._text.decode(chunk)
        if self._state == "start" and not self._buffer and text.rstrip(_WHITESPACE).endswith("]"):
            whole = self._whole(text)
            if whole is not None:
                return whole
        self._buffer += text
        if len(self._buffer) < self._retry_at:
            return []
        if self._closer and self._closer not in text:
            return []  # the object or array begun cannot have ended in this chunk
        return self._drain(final=False)

    def _whole(self, text: str) -> list[object] | None:
        """All the elements when ``text`` is the whole array (a small dump's one chunk)."""
        # One decode of the whole array is several times cheaper than one per
        # element; anything else (an array cut short, text after it, not an
        # array) is left to the element-by-element path and its messages.
        try:
            items = json.loads(text)
        except ValueError:
            return None
        if not isinstance(items, list):
            return None
        self._state = "end"
        self.count += len(items)
        self.position += len(text)
        return items

    def close(self) -> list[object]:
        """The last elements; :class:`ValueError` if the array is cut short or malformed."""
        self._buffer += self._text.decode(b"", final=True)
        items = self._drain(final=True)
        if self._state != "end":
            raise ValueError(f"the array is cut short after {self.count} entries")
        return items

    def _drain(self, *, final: bool) -> list[object]:
        items: list[object] = []
        pos, buffer = 0, self._buffer
        complete_at_end = False
        while True:
            while pos < len(buffer) and buffer[pos] in _WHITESPACE:
                pos += 1
            if pos == len(buffer):
                break
            char = buffer[pos]
            if self._state == "start":
                if char != "[":
                    raise ValueError(self._where(pos, f"expected '[', found {char!r}"))
                self._state, pos = "first", pos + 1
            elif self._state == "comma":
                if char not in ",]":
                    raise ValueError(self._where(pos, f"expected ',' or ']', found {char!r}"))
                self._state, pos = ("value" if char == "," else "end"), pos + 1
            elif self._state == "end":
                raise ValueError(self._where(pos, f"text after the array: {char!r}"))
            elif self._state == "first" and char == "]":
                self._state, pos = "end", pos + 1
            else:
                try:
                    item, end = _DECODER.raw_decode(buffer, pos)
                except json.JSONDecodeError as err:
                    if final:
                        problem = f"cut short or malformed after {self.count} entries: {err.msg}"
                        raise ValueError(self._where(err.pos, problem)) from None
                    if len(buffer) - pos > MAX_ENTRY_CHARS:
                        raise ValueError(self._where(pos, "an entry too large")) from None
                    break
                if not final and _may_go_on(item, buffer, end):
                    complete_at_end = True
                    break
                items.append(item)
                self.count += 1
                self._state, pos = "comma", end
        self.position += pos
        self._buffer = rest = buffer[pos:]
        # An element still incomplete is decoded again only once its closing
        # bracket may have come, and, when large, once it has doubled.
        self._closer = {"{": "}", "[": "]"}.get(rest[:1], "") if not complete_at_end else ""
        self._retry_at = 2 * len(rest) if len(rest) > PROMPT_CHARS and not complete_at_end else 0
        return items

    def _where(self, pos: int, problem: str) -> str:
        return f"not a JSON array of entries at character {self.position + pos}: {problem}"


def _may_go_on(item: object, buffer: str, end: int) -> bool:
    """Whether the value decoded up to ``end`` may be the start of a longer one.

    ``1`` may be the start of ``1.5``, ``tru`` is no value yet; a value that
    reaches the end of the buffer may go on in the next chunk.
    """
    if end == len(buffer):
        return buffer[end - 1] not in '}]"'
    is_number = isinstance(item, int | float) and not isinstance(item, bool)
    return is_number and not buffer[end:].strip("0123456789.eE+-")


def dump_call(base_url: str, store_id: str) -> Call:
    """The request for an audit-log store's dump (a GET: repeatable)."""
    from oneprovider_client.api.workflow_execution import download_audit_log_dump

    require_id(store_id, "store_id")
    kwargs = download_audit_log_dump._get_kwargs(store_id=store_id)
    return api_call(base_url, kwargs, repeatable=True, accept=DUMP_ACCEPT)


def system_store_id(execution: WorkflowExecution) -> str:
    """The execution's own audit-log store; :class:`ValueError` when it has none."""
    if execution.system_audit_log_store_id is None:
        raise ValueError(
            f"workflow execution {execution.id} has no system audit log "
            "(its store was not created); pass store_id= for one of its audit-log stores"
        )
    return execution.system_audit_log_store_id


def check_dump(response: httpx.Response, secret: Secret, store_id: str) -> None:
    """Raise our error unless ``response`` is a dump's 200 (read when it is not)."""
    if response.status_code == 200:
        return
    context = ErrorContext("audit_log", store_id=store_id)
    if response.is_success:
        unexpected(response, secret, f"expected 200 OK, got {response.status_code}")
    raise_error(response, secret, context)


def provider_filename(response: httpx.Response) -> str | None:
    """The file name of ``Content-Disposition``, as a bare name (no directory), or ``None``."""
    header = response.headers.get("content-disposition")
    if not header:
        return None
    message = email.message.Message()
    message["content-disposition"] = header
    name = message.get_filename()
    if not name:
        return None
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return None if name in ("", ".", "..") else name


class DumpFile:
    """A dump being written: a temporary file beside ``target``, renamed over it at the end.

    ``path`` may be a directory: the file then takes the provider's name (or
    ``<store id>.json``). Nothing is ever left half-written under the final name.
    """

    def __init__(self, path: str | os.PathLike[str], store_id: str, name: str | None) -> None:
        target = Path(path)
        if target.is_dir():
            target = target / (name or f"{store_id}.json")
        self.target = target
        self.entries = EntryStream()
        self.written = 0
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        self._temporary = Path(temporary)
        self._file = os.fdopen(handle, "wb")

    def write(self, chunk: bytes) -> None:
        self.entries.feed(chunk)
        self._file.write(chunk)
        self.written += len(chunk)

    def commit(self) -> None:
        """Check that the whole array arrived, then move the file to its name."""
        self.entries.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._temporary, self.target)

    def abort(self) -> None:
        self._file.close()
        self._temporary.unlink(missing_ok=True)


def broken_dump(response: httpx.Response, secret: Secret, problem: str) -> UnexpectedResponseError:
    """The error for a dump whose body is not an array of entries (the body is not re-read)."""
    request = response.request
    message = f"unexpected answer to {request.method} {request.url}: the audit log {problem}"
    return UnexpectedResponseError(secret.redact(message), response=response, body_excerpt="")


def cut_off(
    error: httpx.RequestError, response: httpx.Response, secret: Secret, entries: int
) -> ApiConnectionError:
    """The error for a dump whose connection failed midway, after ``entries`` entries."""
    request = response.request
    message = (
        f"the audit log from {request.method} {request.url} was cut off after {entries} "
        f"entries ({type(error).__name__}: {error or type(error).__name__}); ask for it again"
    )
    cls = ApiTimeoutError if isinstance(error, httpx.TimeoutException) else ApiConnectionError
    return cls(secret.redact(message), request=request, request_sent=True)


def entries_of(
    response: httpx.Response, secret: Secret, stream: EntryStream, chunk: bytes | None
) -> list[AuditLogEntry]:
    """The entries ``chunk`` completes (``None``: the body has ended), or our error."""
    try:
        items = stream.close() if chunk is None else stream.feed(chunk)
        return [entry_from_json(item) for item in items]
    except ValueError as err:
        raise broken_dump(response, secret, f"is not a JSON array of entries: {err}") from err


def body_chunks(
    response: httpx.Response, secret: Secret, entries: Callable[[], int]
) -> Iterator[bytes]:
    """The chunks of a streamed body; a failed connection is our error, naming ``entries()``."""
    chunks = response.iter_bytes()
    while True:
        try:
            chunk = next(chunks, None)
        except httpx.RequestError as err:
            raise cut_off(err, response, secret, entries()) from err
        if chunk is None:
            return
        yield chunk


async def abody_chunks(
    response: httpx.Response, secret: Secret, entries: Callable[[], int]
) -> AsyncIterator[bytes]:
    """The async twin of :func:`body_chunks`."""
    chunks = response.aiter_bytes()
    while True:
        try:
            chunk = await anext(chunks, None)
        except httpx.RequestError as err:
            raise cut_off(err, response, secret, entries()) from err
        if chunk is None:
            return
        yield chunk


def write_chunk(
    file: DumpFile, response: httpx.Response, secret: Secret, chunk: bytes | None
) -> None:
    """Write ``chunk`` (``None``: the end, so check and rename), or raise our error."""
    try:
        if chunk is None:
            file.commit()
        else:
            file.write(chunk)
    except ValueError as err:
        raise broken_dump(response, secret, f"is not a JSON array of entries: {err}") from err


def saved(file: DumpFile, name: str | None) -> SavedAuditLog:
    return SavedAuditLog(file.target, file.written, file.entries.count, name)
