"""``batch --settle-unknown``: deciding a lost schedule from what the provider lists.

A line of unknown outcome was sent between two instants this machine
recorded (its attempt's start and end). The provider cannot be asked "did
you schedule this request?"; what it offers is the space's executions, by
phase, and each one's details: the user, space, workflow name, lanes and
store schema ids of the revision it runs (its ``atmWorkflowSchemaSnapshotId``
is new for every execution, so it names no schema), and its times.

An execution is **ours** if it could have been created in the attempt's
window (clock skew allowed either side), by the same user, from the same
schema and revision. The user and the schema's look come from a line of the
batch known to be scheduled with the same space, schema and revision (its
execution is got for that); without one they cannot be checked. Then:

* exactly one unclaimed execution fits, and user and schema could be
  checked: the line was scheduled as that execution;
* none fits, even with what could not be checked left open: nothing was
  scheduled for the line; it is safe to send it again;
* anything else (two that fit, no known line to compare with, an execution
  that fits the window of another lost line of the same schema too, or one
  re-scheduled since, whose first schedule time is no longer shown): list
  and details cannot decide; the line stays held back, the candidates named.

An execution deleted since is not listed and cannot be seen: settling
takes its line for one never scheduled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from .._exceptions import NotFoundError
from .._models import ExecutionPhase, LaneRunType, WorkflowExecution
from .._request import get_call

if TYPE_CHECKING:
    from .._client import AsyncOneprovider
    from ._run import BatchLine, Journal

#: How far the provider's clock may be from this machine's, by default.
DEFAULT_CLOCK_SKEW = 5.0


@attrs.frozen
class Window:
    """When a lost attempt may have reached the provider, in this machine's clock."""

    start: datetime
    end: datetime

    def widened(self, skew: float) -> Window:
        # The provider keeps whole seconds; a second either side covers the cut.
        margin = timedelta(seconds=skew + 1)
        return Window(self.start - margin, self.end + margin)

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment <= self.end

    def overlaps(self, other: Window) -> bool:
        return self.start <= other.end and other.start <= self.end


@attrs.frozen
class Look:
    """What the details of an execution show of who scheduled it and from what."""

    user_id: str
    name: str
    lanes: tuple[str, ...]
    stores: tuple[str, ...]

    @classmethod
    def of(cls, execution: WorkflowExecution) -> Look:
        return cls(
            execution.user_id,
            execution.name,
            tuple(lane.schema_id for lane in execution.lanes),
            tuple(sorted(execution.store_registry)),
        )


@attrs.frozen
class LostLine:
    """A line of unknown outcome, with its attempt's window and what to compare with."""

    number: int
    key: tuple[str, str, int]  # space, schema, revision
    window: Window
    reference: Look | None
    user_id: str | None  # from a scheduled line of the space, when no reference


@attrs.frozen
class Decision:
    """``scheduled`` (``execution_id`` is set), ``not-scheduled``, or ``undecided``."""

    verdict: str
    reason: str
    execution_id: str | None = None
    candidates: tuple[str, ...] = ()


def phase_time(execution: WorkflowExecution) -> datetime | None:
    """The time a provider sorts its phase list by (newest first)."""
    return {
        ExecutionPhase.WAITING: execution.schedule_time,
        ExecutionPhase.ONGOING: execution.start_time,
        ExecutionPhase.SUSPENDED: execution.suspend_time,
        ExecutionPhase.ENDED: execution.finish_time,
    }[execution.phase]


def created_by(execution: WorkflowExecution) -> datetime | None:
    """The latest time the execution can have been created (each time is after it)."""
    times = [
        t
        for t in (
            execution.schedule_time,
            execution.start_time,
            execution.suspend_time,
            execution.finish_time,
        )
        if t is not None
    ]
    return min(times, default=None)


def rescheduled(execution: WorkflowExecution) -> bool:
    """Whether ``scheduleTime`` may have moved since creation (resume, rerun, retry, ...)."""
    return (
        execution.suspend_time is not None
        or execution.status.value == "resuming"
        or any(
            run.run_type is not LaneRunType.REGULAR or (run.run_number or 1) > 1
            for lane in execution.lanes
            for run in lane.runs
        )
    )


def decide(
    line: LostLine,
    executions: Iterable[WorkflowExecution],
    claimed: Mapping[str, int],
    others: Sequence[LostLine],
) -> Decision:
    """Settle ``line`` from the space's executions; ``claimed`` maps ids to their lines."""
    fits: list[str] = []
    maybe: list[str] = []
    shared: list[str] = []
    user = line.reference.user_id if line.reference else line.user_id
    # One that changed phase while the lists were read is listed twice: it counts once.
    for execution in {execution.id: execution for execution in executions}.values():
        if execution.id in claimed or execution.space_id != line.key[0]:
            continue
        latest = created_by(execution)
        if latest is not None and latest < line.window.start:
            continue  # created before the attempt
        if user is not None and execution.user_id != user:
            continue
        if line.reference is not None and Look.of(execution) != line.reference:
            continue
        moved = rescheduled(execution)
        if latest is None or (not line.window.holds(latest) and moved):
            maybe.append(execution.id)  # its first schedule time is no longer shown
            continue
        if not line.window.holds(latest):
            continue  # created after the attempt
        fits.append(execution.id)
        if any(
            other.number != line.number and other.key == line.key and other.window.holds(latest)
            for other in others
        ):
            shared.append(execution.id)
    candidates = tuple(fits + maybe)
    if not candidates:
        return Decision(
            "not-scheduled",
            "no execution of the space was created in the attempt's window by this user "
            "from this schema; nothing was scheduled for it, so it is safe to send again",
        )
    if line.reference is None:
        return Decision(
            "undecided",
            "no line of this batch with the same schema and revision is known to be "
            "scheduled, so the executions cannot be told to be of this schema "
            f"({_ids(candidates)} were created in the attempt's window)",
            candidates=candidates,
        )
    if maybe:
        return Decision(
            "undecided",
            f"{_ids(maybe)} may have been created in the attempt's window, but were "
            "re-scheduled since (resumed, rerun or retried), so their first schedule "
            "time is no longer shown",
            candidates=candidates,
        )
    if len(fits) > 1:
        return Decision(
            "undecided",
            f"{len(fits)} executions fit (same user, space, schema, created in the "
            f"attempt's window): {_ids(fits)}",
            candidates=candidates,
        )
    if shared:
        return Decision(
            "undecided",
            f"{shared[0]} fits, but also the window of another lost line of the same "
            "schema that was in flight at the same time",
            candidates=candidates,
        )
    return Decision(
        "scheduled",
        "the one execution of this user, space, schema and revision created in the "
        "attempt's window and claimed by no other line",
        execution_id=fits[0],
        candidates=candidates,
    )


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids)


# --- asking the provider --------------------------------------------------------------


async def settle_unknown(
    client: AsyncOneprovider,
    lines: Sequence[BatchLine],
    journal: Journal,
    *,
    skew: float = DEFAULT_CLOCK_SKEW,
    now: datetime | None = None,
) -> list[tuple[BatchLine, Decision]]:
    """Decide every line of unknown outcome and record each decision in ``journal``.

    Lines settled as not scheduled are recorded ``failed`` (so this run sends
    them again); undecided ones stay ``unknown``, their candidates recorded.
    """
    now = now or datetime.now(UTC)
    lost = [line for line in lines if journal.state(line.number) in ("unknown", "sending")]
    if not lost:
        return []
    claimed: dict[str, int] = {}
    for line in lines:
        record = journal.last.get(line.number, {})
        if record.get("state") == "scheduled":
            claimed[str(record["atmWorkflowExecutionId"])] = line.number
    known = {n: line for line in lines if (n := line.number) in claimed.values()}
    seen: dict[str, WorkflowExecution] = {}
    decisions: list[tuple[BatchLine, Decision]] = []
    lost_lines: list[tuple[BatchLine, LostLine]] = []
    attempts: dict[int, dict[str, object]] = {}
    for line in lost:
        found = _window(journal, line.number, now)
        if found is None:
            decision = Decision(
                "undecided", "the journal holds no start time of the attempt (an older journal)"
            )
            decisions.append((line, decision))
            continue
        window, started, ended = found
        attempts[line.number] = {"attemptStarted": started, "attemptEnded": ended}
        request = line.request
        key = (request.space_id, request.workflow_schema_id, request.revision)
        reference = await _reference(client, journal, known, key, seen)
        user = reference.user_id if reference else await _user(client, journal, known, key, seen)
        lost_lines.append((line, LostLine(line.number, key, window.widened(skew), reference, user)))
    spaces = {lost.key[0] for _, lost in lost_lines}
    executions = {
        space: await _executions_since(
            client,
            space,
            min(lost.window.start for _, lost in lost_lines if lost.key[0] == space),
            claimed,
            seen,
        )
        for space in spaces
    }
    others = [lost for _, lost in lost_lines]
    for line, lost_line in lost_lines:
        decision = decide(lost_line, executions[lost_line.key[0]], claimed, others)
        if decision.execution_id is not None:
            claimed[decision.execution_id] = line.number
        decisions.append((line, decision))
    for line, decision in decisions:
        _record(client, journal, line, decision, attempts.get(line.number, {}))
    return sorted(decisions, key=lambda pair: pair[0].number)


def _window(journal: Journal, number: int, now: datetime) -> tuple[Window, str, str] | None:
    record = journal.last[number]
    started: object = record.get("attemptStarted") or journal.sent_at.get(number)
    ended: object = record.get("attemptEnded") or record.get("at")
    if record["state"] == "sending":
        started, ended = record.get("at"), now.isoformat()
    if not isinstance(started, str) or not isinstance(ended, str):
        return None
    try:
        window = Window(datetime.fromisoformat(started), datetime.fromisoformat(ended))
    except ValueError:
        return None
    return window, started, ended


async def _get(
    client: AsyncOneprovider, execution_id: str, seen: dict[str, WorkflowExecution]
) -> WorkflowExecution | None:
    if execution_id not in seen:
        try:
            seen[execution_id] = await client.workflow_executions.get(execution_id)
        except NotFoundError:
            return None  # deleted since
    return seen[execution_id]


async def _reference(
    client: AsyncOneprovider,
    journal: Journal,
    known: Mapping[int, BatchLine],
    key: tuple[str, str, int],
    seen: dict[str, WorkflowExecution],
) -> Look | None:
    for number, line in known.items():
        request = line.request
        if (request.space_id, request.workflow_schema_id, request.revision) != key:
            continue
        execution = await _get(client, str(journal.last[number]["atmWorkflowExecutionId"]), seen)
        if execution is not None:
            return Look.of(execution)
    return None


async def _user(
    client: AsyncOneprovider,
    journal: Journal,
    known: Mapping[int, BatchLine],
    key: tuple[str, str, int],
    seen: dict[str, WorkflowExecution],
) -> str | None:
    for number, line in known.items():
        if line.request.space_id == key[0]:
            execution_id = str(journal.last[number]["atmWorkflowExecutionId"])
            if (execution := await _get(client, execution_id, seen)) is not None:
                return execution.user_id
    return None


async def _executions_since(
    client: AsyncOneprovider,
    space_id: str,
    since: datetime,
    claimed: Mapping[str, int],
    seen: dict[str, WorkflowExecution],
) -> list[WorkflowExecution]:
    """The space's unclaimed executions that may have been created since ``since``.

    Each phase list is newest first by its phase time, which is never before
    creation: the walk of a phase stops at the first one older than ``since``.
    """
    found: dict[str, WorkflowExecution] = {}
    for phase in ExecutionPhase:
        async for execution_id in client.workflow_executions.list(space_id, phase=phase):
            if execution_id in claimed or execution_id in found:
                # Claimed, or met in an earlier phase's list (it moved while they were read).
                continue
            execution = await _get(client, execution_id, seen)
            if execution is None:
                continue
            moment = phase_time(execution)
            if moment is not None and moment < since:
                break
            found[execution_id] = execution
    return list(found.values())


def _record(
    client: AsyncOneprovider,
    journal: Journal,
    line: BatchLine,
    decision: Decision,
    attempt: dict[str, object],
) -> None:
    settled: dict[str, object] = {"verdict": decision.verdict, "reason": decision.reason}
    if decision.candidates:
        settled["candidates"] = list(decision.candidates)
    if decision.verdict == "scheduled":
        assert decision.execution_id is not None
        journal.append(
            line,
            "scheduled",
            atmWorkflowExecutionId=decision.execution_id,
            location=get_call(client.base_url, decision.execution_id).url,
            settled=settled,
            **attempt,
        )
    elif decision.verdict == "not-scheduled":
        journal.append(
            line, "failed", error={"message": decision.reason}, settled=settled, **attempt
        )
    else:
        journal.append(
            line,
            "unknown",
            reason="list and details cannot decide: " + decision.reason,
            settled=settled,
            **attempt,
        )
