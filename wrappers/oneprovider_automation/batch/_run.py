"""``schedule --batch``: one request body per line, each scheduled at most once.

The output file is an append-only journal of JSON lines. Before a request
is sent a ``sending`` record is written and synced to disk; its outcome
follows, synced too:

* ``scheduled``: the execution id and location. Never sent again.
* ``failed``: the provider refused the request, or it never left; nothing
  was scheduled, so a rerun sends the line again.
* ``unknown``: the request was sent but no usable answer came (a timeout, a
  dropped connection, a 5xx, or a run killed in flight: a ``sending`` record
  with nothing after it). The provider may have scheduled it, so a rerun
  does not send it again unless told to: ``--retry-unknown LINE`` once a
  person found no execution for it on the provider, ``--mark-scheduled
  LINE=ID`` once they found it (the id is checked with the provider).

So a batch interrupted at any moment and run again schedules no line twice
and drops none silently: every line ends up scheduled, failed (and retried
by the next run) or reported as unknown for a person to check.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from .._client import AsyncOneprovider
from .._exceptions import (
    ApiConnectionError,
    ApiStatusError,
    OneproviderError,
    UnexpectedResponseError,
)
from .._request import get_call
from .._secrets import Secret
from ..cli._input import BadInput, ScheduleRequest, parse_json, read_text, request_from_body

State = Literal["sending", "scheduled", "failed", "unknown"]
STATES: tuple[State, ...] = ("sending", "scheduled", "failed", "unknown")


@attrs.frozen
class BatchLine:
    """A request of the batch file: its line number, a digest of its JSON, the request."""

    number: int
    digest: str
    request: ScheduleRequest


def read_batch(path: Path) -> list[BatchLine]:
    """Every non-blank line of ``path`` as a request; :class:`BadInput` names the first bad one.

    The whole file is checked before anything is sent.
    """
    lines = []
    for number, text in enumerate(read_text(path, "--batch").splitlines(), start=1):
        if not text.strip():
            continue
        where = f"{path}:{number}"
        body = parse_json(text, where)
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
        """``secret``, the token, is masked in every record (what a provider echoes too)."""
        self.path = path
        self._secret = secret
        self.last: dict[int, dict[str, object]] = {}
        #: When each line was last sent (its last ``sending`` record).
        self.sent_at: dict[int, str] = {}
        self.warnings: list[str] = []
        self._file: IO[bytes] | None = None
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
        for number, raw in enumerate(data.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                line, digest, state = record["line"], record["request"], record["state"]
            except (ValueError, TypeError, KeyError):
                # A record cut short when a run was killed while writing it.
                self.warnings.append(f"{self.path}:{number}: unreadable record ignored")
                continue
            if state not in STATES or line not in lines or lines[line].digest != digest:
                raise BadInput(
                    f"--output: {self.path}:{number} records line {line} of another batch "
                    "(the requests file changed?); use a new --output file"
                )
            self.last[line] = record
            if state == "sending":
                self.sent_at[line] = record["at"]

    def state(self, number: int) -> State | None:
        record = self.last.get(number)
        return None if record is None else record["state"]  # type: ignore[return-value]

    def append(self, line: BatchLine, state: State, **fields: object) -> dict[str, object]:
        """Write one record and sync it to disk before returning it."""
        record: dict[str, object] = {
            "line": line.number,
            "request": line.digest,
            "state": state,
            "at": _now(),
            **fields,
        }
        if self._file is None:
            self._file = self.path.open("ab")
            if self._needs_newline:
                self._file.write(b"\n")
        if self._secret:
            record = _masked(record, self._secret)
        self._file.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        self.last[line.number] = record
        if state == "sending":
            self.sent_at[line.number] = str(record["at"])
        return record

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def check_unknown(
    lines: Sequence[BatchLine], journal: Journal, numbers: Iterable[int], option: str
) -> None:
    """:class:`BadInput` unless every line in ``numbers`` has an unknown outcome."""
    known = {line.number for line in lines}
    for number in sorted(numbers):
        state = journal.state(number) if number in known else None
        if state not in ("unknown", "sending"):
            what = "no such line" if number not in known else f"its state is {state or 'new'}"
            raise BadInput(f"{option}: line {number}: {what}, not unknown")


async def mark_scheduled(
    client: AsyncOneprovider, journal: Journal, line: BatchLine, execution_id: str
) -> None:
    """Record that ``line`` was scheduled as ``execution_id``, after checking with the provider.

    Raises the client's errors (``NotFoundError`` for a wrong id) and
    :class:`BadInput` when the execution belongs to another space or schema.
    """
    execution = await client.workflow_executions.get(execution_id)
    request = line.request
    if execution.space_id != request.space_id:
        raise BadInput(
            f"--mark-scheduled: execution {execution_id} is in space {execution.space_id}, "
            f"line {line.number} asked for space {request.space_id}"
        )
    location = get_call(client.base_url, execution_id).url
    journal.append(
        line,
        "scheduled",
        atmWorkflowExecutionId=execution_id,
        location=location,
        note="marked scheduled by hand (--mark-scheduled), checked with the provider",
    )


@attrs.frozen
class Plan:
    """Which lines a run sends, which were done before, which wait for a person."""

    todo: list[BatchLine]
    done_before: list[int]
    unknown: list[int]


def plan(
    lines: Sequence[BatchLine], journal: Journal, retry_unknown: set[int] | Literal["all"]
) -> Plan:
    """Decide each line from its last record; marks lines killed in flight as unknown.

    :class:`BadInput` if ``retry_unknown`` names a line whose outcome is not unknown.
    """
    if retry_unknown != "all":
        check_unknown(lines, journal, retry_unknown, "--retry-unknown")
    todo, done_before, unknown = [], [], []
    for line in lines:
        state = journal.state(line.number)
        if state == "sending":
            journal.append(
                line,
                "unknown",
                reason="interrupted: the request may have been sent, no answer was recorded",
                attemptStarted=journal.sent_at.get(line.number),
            )
            state = "unknown"
        if state == "scheduled":
            done_before.append(line.number)
        elif state == "unknown" and not (retry_unknown == "all" or line.number in retry_unknown):
            unknown.append(line.number)
        else:
            todo.append(line)
    return Plan(todo, done_before, unknown)


def _masked(value: Any, secret: Secret) -> Any:
    """``value`` with the token masked in every string of it, keys included."""
    if isinstance(value, str):
        return secret.redact(value)
    if isinstance(value, Mapping):
        return {secret.redact(str(k)): _masked(v, secret) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item, secret) for item in value]
    return value


def outcome(error: Exception) -> tuple[State, dict[str, object]]:
    """Whether a failed schedule may have scheduled something, and what to record of it."""
    if isinstance(error, ApiStatusError):
        state: State = "failed" if error.status_code < 500 else "unknown"
        return state, {
            "status": error.status_code,
            "id": error.id,
            "description": error.description,
            "details": dict(error.details),
        }
    if isinstance(error, UnexpectedResponseError):
        state = "failed" if 400 <= error.status_code < 500 else "unknown"
        return state, {"status": error.status_code, "message": str(error)}
    if isinstance(error, ApiConnectionError):
        return ("unknown" if error.request_sent else "failed"), {"message": str(error)}
    if isinstance(error, ValueError | TypeError):
        return "failed", {"message": str(error)}  # refused before sending
    return "unknown", {"message": f"{type(error).__name__}: {error}"}


async def run(
    client: AsyncOneprovider,
    todo: Iterable[BatchLine],
    journal: Journal,
    *,
    concurrency: int,
    on_done: Callable[[BatchLine, State], None],
) -> None:
    """Schedule each line of ``todo``, at most ``concurrency`` at a time, journaling each."""
    slots = asyncio.Semaphore(concurrency)

    async def one(line: BatchLine) -> None:
        async with slots:
            # The attempt's start and end go into its outcome: what settling a
            # lost one (--settle-unknown) compares the provider's times with.
            started = journal.append(line, "sending")["at"]
            request = line.request
            try:
                scheduled = await client.workflow_executions.schedule(
                    request.space_id,
                    request.workflow_schema_id,
                    request.revision,
                    store_initial_content=request.store_initial_content,
                    log_level=request.log_level,
                    callback=request.callback,
                )
            except (OneproviderError, ValueError, TypeError) as err:
                state, fields = outcome(err)
                journal.append(line, state, error=fields, **_attempt(started))
            else:
                state = "scheduled"
                journal.append(
                    line,
                    state,
                    atmWorkflowExecutionId=scheduled.id,
                    location=scheduled.url,
                    **_attempt(started),
                )
            on_done(line, state)

    async with asyncio.TaskGroup() as group:
        for line in todo:
            group.create_task(one(line))


def _attempt(started: object) -> dict[str, object]:
    return {"attemptStarted": started, "attemptEnded": _now()}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
