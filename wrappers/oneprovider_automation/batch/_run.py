"""``schedule --batch``: one request body per line, each scheduled at most once.

The output file is an append-only journal of JSON lines. Before a request
is sent a ``sending`` record is written and synced to disk; its outcome
follows, synced too, before the line counts as done (the lines in flight
share each ``fsync``: ``_group_sync``):

* ``scheduled``: the execution id and location. Never sent again.
* ``failed``: the provider refused the request, or it never left; nothing
  was scheduled, so a rerun sends the line again.
* ``unknown``: the request was sent but no usable answer came (a timeout, a
  dropped connection, a 5xx, a run stopped while waiting for it, or a run
  killed in flight: a ``sending`` record with nothing after it, which the
  next run records ``unknown``). The provider may have scheduled it, so a rerun
  does not send it again unless told to: ``--retry-unknown LINE`` once a
  person found no execution for it on the provider, ``--mark-scheduled
  LINE=ID`` once they found it (the id is checked with the provider).

So a batch interrupted at any moment and run again schedules no line twice
and drops none silently: every line ends up scheduled, failed (and retried
by the next run) or reported as unknown for a person to check.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

import attrs

from .._client import AsyncOneprovider
from .._exceptions import (
    ApiConnectionError,
    ApiStatusError,
    OneproviderError,
    UnexpectedResponseError,
)
from .._request import get_call
from ..cli._input import BadInput
from ._journal import STATES, BatchLine, Journal, State, now, read_batch

__all__ = [
    "STATES",
    "BatchLine",
    "Journal",
    "Plan",
    "State",
    "check_unknown",
    "mark_scheduled",
    "outcome",
    "plan",
    "read_batch",
    "run",
]


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
    stopping: Callable[[], bool] = lambda: False,
) -> None:
    """Schedule each line of ``todo``, at most ``concurrency`` at a time, journaling each.

    ``concurrency`` workers take the lines in order. Once ``stopping()`` is
    true no new line is sent; those in flight finish. Cancelled, the lines in
    flight are recorded ``unknown`` (their request may have arrived), a line
    whose ``sending`` record was not yet synced is recorded ``failed`` (it was
    not sent), and lines not begun keep no record.
    """

    async def one(line: BatchLine) -> None:
        # The attempt's start and end go into its outcome: what settling a
        # lost one (--settle-unknown) compares the provider's times with.
        try:
            started = (await journal.group_append(line, "sending"))["at"]
        except asyncio.CancelledError:
            # Its record may reach the disk, but the request was never sent.
            journal.append(
                line,
                "failed",
                reason="interrupted before it was sent: nothing was scheduled",
            )
            raise
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
        except asyncio.CancelledError:
            journal.append(
                line,
                "unknown",
                reason="interrupted while in flight: the request may have been sent, "
                "no answer was recorded",
                **_attempt(started),
            )
            on_done(line, "unknown")
            raise
        except (OneproviderError, ValueError, TypeError) as err:
            state, error = outcome(err)
            fields: dict[str, object] = {"error": error}
        else:
            state = "scheduled"
            fields = {"atmWorkflowExecutionId": scheduled.id, "location": scheduled.url}
        try:
            await journal.group_append(line, state, **fields, **_attempt(started))
        except asyncio.CancelledError:
            on_done(line, state)  # written: the journal syncs it when it closes
            raise
        on_done(line, state)

    queue = iter(todo)

    async def worker() -> None:
        for line in queue:
            if stopping():
                return
            await one(line)

    async with asyncio.TaskGroup() as group:
        for _ in range(concurrency):
            group.create_task(worker())


def _attempt(started: object) -> dict[str, object]:
    return {"attemptStarted": started, "attemptEnded": now()}
