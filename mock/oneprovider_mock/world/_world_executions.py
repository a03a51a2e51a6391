"""Executions a world starts with: the ``executions`` key of a world file.

Each entry puts an execution of a revision in any status::

    {"id": "<execution id>", "atmWorkflowSchemaId": ..., "atmWorkflowSchemaRevisionNumber": 1,
     "spaceId": ..., "userId": ..., "status": "paused",
     "laneIndex"?: 1, "stopReason"?: null, "callback"?: null, "logLevel"?: "info",
     "scheduleTime"?: 1700000000, "startTime"?, "suspendTime"?, "finishTime"?}

``laneIndex`` (1-based) is the lane it is at: the lanes before it finished their
first run, and its first run is in the status that goes with the execution's
(``scheduled`` not yet prepared, ``resuming``, ``active``, ``stopping``,
``paused``...; default: the last lane for ``finished``, else 1). ``stopReason``
is why a ``stopping`` one stops (``null``: it only finishes) and, for a
``failed`` one, ``null`` (its items failed: retriable) or ``"failure"``. Times
default to ``scheduleTime`` + 1 for ``startTime`` once it has started and + 2
for ``suspendTime`` / ``finishTime`` once it has been suspended or ended.
Such an execution holds its status until an action moves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import _transitions as t
from ._executions import Outcome, Run, WorkflowExecution, new_lanes
from ._ids import record_id
from ._model import Space, User, WorkflowSchema
from ._sanitize import LOG_LEVELS

if TYPE_CHECKING:
    from ._world_files import _Reader

DEFAULT_SCHEDULE_TIME = 1_700_000_000
_RUN_STATUS = {"scheduled": "scheduled", "resuming": "resuming"}


def parse_executions(
    items: list[_Reader],
    *,
    users: Mapping[str, User],
    spaces: Mapping[str, Space],
    schemas: Mapping[str, WorkflowSchema],
    phase_seconds: float,
) -> dict[str, WorkflowExecution]:
    """The executions of a world file; raises ``WorldError`` naming the bad field."""
    from ._world_files import WorldError

    executions: dict[str, WorkflowExecution] = {}
    for item in items:
        execution = _execution(item, users, spaces, schemas, phase_seconds)
        if execution.id in executions:
            raise WorldError(f"two executions have the id {execution.id!r}")
        executions[execution.id] = execution
    return executions


def _execution(
    item: _Reader,
    users: Mapping[str, User],
    spaces: Mapping[str, Space],
    schemas: Mapping[str, WorkflowSchema],
    phase_seconds: float,
) -> WorkflowExecution:
    from ._world_files import WorldError

    where = item.where

    def known(key: str, table: Mapping[str, Any], what: str) -> str:
        value = item.string(key)
        if value not in table:
            raise WorldError(f"{where}.{key}: no {what} with id {value!r}")
        return value

    schema = schemas[known("atmWorkflowSchemaId", schemas, "workflow schema")]
    number = item.integer("atmWorkflowSchemaRevisionNumber")
    revision = schema.revisions.get(number)
    if revision is None or not revision.lanes:
        raise WorldError(
            f"{where}.atmWorkflowSchemaRevisionNumber: schema {schema.id!r} has no revision "
            f"{number} with lanes"
        )
    space_id = known("spaceId", spaces, "space")
    user_id = known("userId", users, "user")
    status = item.string("status")
    if status not in t.PHASE_OF:
        raise WorldError(f"{where}.status: expected one of {sorted(t.PHASE_OF)}, got {status!r}")
    lanes_count = len(revision.lanes)
    lane = item.integer("laneIndex", lanes_count if status == "finished" else 1)
    if lane > lanes_count:
        raise WorldError(f"{where}.laneIndex: the revision has {lanes_count} lanes, got {lane}")
    reason = item.raw("stopReason")
    allowed = {
        "stopping": (None, *t.STOPPED_BY),
        "failed": (None, "failure"),
    }.get(status, (None,))
    if reason not in allowed:
        raise WorldError(f"{where}.stopReason: expected one of {list(allowed)}, got {reason!r}")
    log_level = item.string("logLevel", "info")
    if log_level not in LOG_LEVELS:
        raise WorldError(f"{where}.logLevel: expected one of {LOG_LEVELS}, got {log_level!r}")
    callback = item.raw("callback")
    if callback is not None and not isinstance(callback, str):
        raise WorldError(f"{where}.callback: expected a URL or null, got {callback!r}")
    scheduled_at = _time(item, "scheduleTime", DEFAULT_SCHEDULE_TIME)
    store_registry = {store.id: record_id() for store in revision.stores}
    execution = WorkflowExecution(
        id=item.string("id"),
        atm_workflow_schema_id=schema.id,
        revision_number=number,
        schema_snapshot_id=record_id(),
        name=schema.name,
        atm_inventory_id=schema.inventory_id,
        space_id=space_id,
        user_id=user_id,
        log_level=log_level,
        callback=callback,
        schedule_time=scheduled_at,
        phase_seconds=phase_seconds,
        outcome=Outcome(revision.outcome, revision.outcome_lane, revision.outcome_stop_reason),
        lambda_snapshot_registry={},
        store_registry=store_registry,
        system_audit_log_store_id=record_id(),
        lanes=new_lanes(revision, store_registry),
        store_schemas={store.id: (store.name, store.type) for store in revision.stores},
    )
    _put_in_status(execution, status, lane, reason)
    phase = t.phase(status)
    started = phase != t.WAITING or status == "resuming"
    execution.start_time = _time(item, "startTime", scheduled_at + 1 if started else 0)
    suspended = phase == t.SUSPENDED or status == "resuming"
    execution.suspend_time = _time(item, "suspendTime", scheduled_at + 2 if suspended else 0)
    execution.finish_time = _time(item, "finishTime", scheduled_at + 2 if phase == t.ENDED else 0)
    return execution


def _time(item: _Reader, key: str, default: float) -> float:
    from ._world_files import WorldError

    value = item.raw(key)
    if value is None:
        return float(default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise WorldError(f"{item.where}.{key}: expected POSIX seconds (an integer >= 0)")
    return float(value)


def _put_in_status(execution: WorkflowExecution, status: str, lane: int, reason: Any) -> None:
    execution.due = None
    execution.status = status
    execution.current_lane = lane
    runs: list[list[Run]] = [[] for _ in execution.lanes]
    for index in range(1, lane + 1):
        run = Run(1, "finished" if index < lane else _run_status(status, reason))
        if run.status != "scheduled":
            execution.current_lane = index
            _prepare(execution, run)
        runs[index - 1].append(run)
    execution.runs = runs
    execution.current_lane = lane
    current = execution.current_run
    if status == "stopping":
        execution.stop_reason = reason
        current.stopping_reason = reason
    elif status in ("paused", "cancelled", "interrupted"):
        current.stopping_reason = {"paused": "pause", "cancelled": "cancel"}.get(
            status, "interrupt"
        )
    elif status == "failed":
        current.stopping_reason = reason


def _run_status(status: str, reason: Any) -> str:
    if status == "stopping":
        return "finished" if reason is None else "stopping"
    return _RUN_STATUS.get(status, status)


def _prepare(execution: WorkflowExecution, run: Run) -> None:
    lane = execution.lanes[execution.current_lane - 1]
    run.prepared = True
    run.iterated_store_id = lane.iterated_store_id
    run.exception_store_id = lane.exception_store_id
    run.parallel_boxes = lane.parallel_boxes
