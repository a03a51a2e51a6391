"""The batch's requests file and its journal: what was sent, and what came of it.

The journal is read whole before anything is sent, and every record must be
one this module wrote: a record that cannot be read would make a run forget
a line it sent, and send it again. Only the last record may be cut short (a
run killed while writing it: no newline after it); it is ignored with a
warning. Anything else unreadable is :class:`BadInput` naming the record.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import attrs

from .._secrets import Secret
from ..cli._input import BadInput, ScheduleRequest, parse_json, read_text, request_from_body
from ..cli._schema_check import checked_body
from ..workflow_schema import WorkflowSchema
from ._group_sync import GroupSync

State = Literal["sending", "scheduled", "failed", "unknown"]
STATES: tuple[State, ...] = ("sending", "scheduled", "failed", "unknown")

#: How every record starts (``json.dumps`` keeps the order ``append`` gives):
#: what tells a record cut short from a line of something else.
_RECORD_START = b'{"line": '


@attrs.frozen
class BatchLine:
    """A request of the batch file: its line number, a digest of its JSON, the request."""

    number: int
    digest: str
    request: ScheduleRequest


def read_batch(path: Path, schema: WorkflowSchema | None = None) -> list[BatchLine]:
    """Every non-blank line of ``path`` as a request; :class:`BadInput` names the first bad one.

    The whole file is checked before anything is sent. With ``schema`` (the
    dump of ``--workflow-schema``) a line may name its stores and leave out
    the schema id and revision, and its store content is checked with the
    schema's rules; the digest is of the request as it is sent (ids filled
    in, stores by id).
    """
    lines = []
    for number, text in enumerate(read_text(path, "--batch").splitlines(), start=1):
        if not text.strip():
            continue
        where = f"{path}:{number}"
        body = parse_json(text, where)
        if schema is not None:
            body = checked_body(schema, body, where)
        request = request_from_body(body, where)
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest = hashlib.sha256(canonical.encode()).hexdigest()[:16]
        lines.append(BatchLine(number, digest, request))
    if not lines:
        raise BadInput(f"--batch: {path} holds no requests")
    return lines


class Journal:
    """The output file: the last record of each line, and durable appends."""

    def __init__(
        self, path: Path, lines: Sequence[BatchLine], *, secret: Secret | None = None
    ) -> None:
        """``secret``, the token, is masked in every record (what a provider echoes too).

        Raises :class:`BadInput` for a journal that cannot be read or is of another batch.
        """
        self.path = path
        self._secret = secret
        self.last: dict[int, dict[str, object]] = {}
        #: When each line was last sent (its last ``sending`` record).
        self.sent_at: dict[int, str] = {}
        self.warnings: list[str] = []
        self._fd: int | None = None
        self._group: GroupSync | None = None
        self._needs_newline = False
        self._load({line.number: line for line in lines})

    def _load(self, lines: dict[int, BatchLine]) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as err:
            raise BadInput(f"--output: cannot read {self.path}: {err.strerror}") from None
        self._needs_newline = bool(data) and not data.endswith(b"\n")
        pieces = _pieces(data)
        for number, piece in enumerate(pieces, start=1):
            record = _read(piece)
            if record is None:
                continue
            if isinstance(record, str):
                raw = piece.encode() if isinstance(piece, str) else piece
                cut_short = number == len(pieces) and raw.startswith(_RECORD_START)
                if cut_short:
                    self.warnings.append(f"{self.path}:{number}: unreadable record ignored")
                    continue
                raise self._damaged(number, record)
            if not _well_formed(record):
                raise self._damaged(number, _problem(record, self._redact) or "unreadable")
            line, digest, state = record["line"], record["request"], record["state"]
            batch_line = lines.get(line)
            if batch_line is None or batch_line.digest != digest:
                raise BadInput(
                    f"--output: {self.path}:{number} records line {line} of another batch "
                    "(the requests file changed?); use a new --output file"
                )
            self.last[line] = record
            if state == "sending":
                self.sent_at[line] = record["at"]

    def _damaged(self, number: int, problem: str) -> BadInput:
        return BadInput(f"--output: {self.path}:{number}: {problem}; {_DAMAGED}")

    def _redact(self, text: str) -> str:
        return self._secret.redact(text) if self._secret else text

    def state(self, number: int) -> State | None:
        record = self.last.get(number)
        return None if record is None else record["state"]  # type: ignore[return-value]

    def append(self, line: BatchLine, state: State, **fields: object) -> dict[str, object]:
        """Write one record and sync it to disk before returning it."""
        record = self._write(line, state, fields)
        os.fsync(self._open())
        return record

    async def group_append(
        self, line: BatchLine, state: State, **fields: object
    ) -> dict[str, object]:
        """:meth:`append` for tasks writing at once: returns once the record is on disk.

        The tasks share ``fsync`` calls (:class:`GroupSync`), run on a thread.
        """
        record = self._write(line, state, fields)
        if self._group is None:
            self._group = GroupSync(self._open())
        await self._group.synced()
        return record

    def _write(self, line: BatchLine, state: State, fields: dict[str, object]) -> dict[str, object]:
        record: dict[str, object] = {
            "line": line.number,
            "request": line.digest,
            "state": state,
            "at": now(),
            **fields,
        }
        text = json.dumps(record, ensure_ascii=False)
        if self._secret and self._secret.occurs_in_json(text):
            record = _masked(record, self._secret)
            text = json.dumps(record, ensure_ascii=False)
        _write_all(self._open(), text.encode() + b"\n")
        self.last[line.number] = record
        if state == "sending":
            self.sent_at[line.number] = str(record["at"])
        return record

    def _open(self) -> int:
        if self._fd is None:
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC
            self._fd = os.open(self.path, flags, 0o666)
            if self._needs_newline:
                _write_all(self._fd, b"\n")
        return self._fd

    def close(self) -> None:
        """Sync what a cancelled :meth:`group_append` left unsynced, and close the file."""
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None
            self._group = None


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` (a write to a file may take fewer than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


_DAMAGED = (
    "the journal is damaged, so which lines were sent cannot be told and nothing was sent: "
    "restore it, or check the provider and use a new --output file"
)


#: What ``bytes.strip()`` strips: a record of only these is a blank line.
_BLANK = " \t\n\r\x0b\x0c"


def _pieces(data: bytes) -> Sequence[str | bytes]:
    """The journal's lines: decoded at once when the whole file is UTF-8, else as bytes.

    A file with a NUL or a byte-order mark (UTF-16?) keeps its lines as
    bytes, for :func:`_parse` to name the fault of each.
    """
    if data[:2] not in (b"\xff\xfe", b"\xfe\xff") and b"\x00" not in data:
        try:
            return data.decode("utf-8").split("\n")  # a line for each of data.split(b"\n")
        except UnicodeDecodeError:
            pass
    return data.split(b"\n")


def _read(piece: str | bytes) -> dict[str, Any] | str | None:
    """The record on one line, what is wrong with it, or ``None`` for a blank line."""
    if isinstance(piece, bytes):
        return _parse(piece) if piece.strip() else None
    if not piece.strip(_BLANK):
        return None
    try:
        record = json.loads(piece)
    except ValueError:
        record = None
    # The bytes again (the same, since they decoded): what is wrong, as _parse says it.
    return record if type(record) is dict else _parse(piece.encode())


def _well_formed(record: Mapping[str, Any]) -> bool:
    """What :func:`_problem` finds no fault in, tested at once (the records of a rerun)."""
    line, state = record.get("line"), record.get("state")
    return (
        type(line) is int
        and line >= 1
        and state in STATES
        and type(record.get("request")) is str
        and type(record.get("at")) is str
        and (state != "scheduled" or type(record.get("atmWorkflowExecutionId")) is str)
    )


def _parse(raw: bytes) -> dict[str, Any] | str:
    """The record on one line of the journal, or what is wrong with it."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw:
        return "not UTF-8 JSON lines (a UTF-16 file?)"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 JSON lines"
    try:
        record = json.loads(text)
    except ValueError as err:
        return f"not JSON ({err})"
    if not isinstance(record, dict):
        kind = "an array" if isinstance(record, list) else f"a {type(record).__name__} value"
        return f"not a JSON object but {kind}"
    return record


def _problem(record: Mapping[str, Any], redact: Callable[[str], str]) -> str | None:
    """What makes ``record`` not one :meth:`Journal.append` wrote, if anything.

    A value quoted from the file could be the token: ``redact`` masks it before any cut.
    """
    required = ["line", "request", "state", "at"]
    if record.get("state") == "scheduled":
        required.append("atmWorkflowExecutionId")
    for key in required:
        if key not in record:
            return f'missing "{key}"'
    line = record["line"]
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        return f'"line" must be a line number of the batch, got {_json(line, redact)}'
    if record["state"] not in STATES:
        return f"unknown state {_json(record['state'], redact)}"
    for key in required:
        if key not in ("line", "state") and not isinstance(record[key], str):
            return f'"{key}" must be a string, got {_json(record[key], redact)}'
    return None


def _json(value: object, redact: Callable[[str], str]) -> str:
    text = redact(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 60 else text[:57] + "..."


def _masked(value: Any, secret: Secret) -> Any:
    """``value`` with the token masked in every string of it, keys included."""
    if isinstance(value, str):
        return secret.redact(value)
    if isinstance(value, Mapping):
        return {secret.redact(str(k)): _masked(v, secret) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item, secret) for item in value]
    return value


def now() -> str:
    """The time a record is written, as the journal holds it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")
