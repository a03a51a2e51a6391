"""What the client returns: typed, immutable views of the provider's JSON.

The field names are the generated models' (``oneprovider_client.models``);
this module adds the types people want (enums, aware datetimes, ``None`` for
"not yet") and checks every value's type. An execution's details, read on
every ``get`` and poll, are taken straight from the JSON in one pass (see
:func:`execution_from_json`); a callback still goes through its model.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum

import attrs


class ExecutionPhase(StrEnum):
    """The group of statuses an execution is in, as a provider lists them.

    waiting: scheduled, resuming; ongoing: active, stopping; suspended:
    paused, interrupted (it will not go on by itself: ``resume`` continues
    it); ended: finished, failed, cancelled, crashed (a rerun or retry of a
    lane run makes it waiting again).
    """

    WAITING = "waiting"
    ONGOING = "ongoing"
    SUSPENDED = "suspended"
    ENDED = "ended"


class ExecutionStatus(StrEnum):
    """Overall status of a workflow execution."""

    SCHEDULED = "scheduled"
    RESUMING = "resuming"
    ACTIVE = "active"
    STOPPING = "stopping"
    PAUSED = "paused"
    INTERRUPTED = "interrupted"
    FINISHED = "finished"
    FAILED = "failed"
    CANCELLED = "cancelled"
    CRASHED = "crashed"

    @property
    def is_stopped(self) -> bool:
        """The execution is not running: suspended (paused, interrupted) or ended.

        These are the statuses for which a provider calls the ``callback``.
        """
        return self.phase in (ExecutionPhase.SUSPENDED, ExecutionPhase.ENDED)

    @property
    def is_suspended(self) -> bool:
        """The execution is paused or interrupted: it waits for ``resume`` (or ``cancel``)."""
        return self.phase is ExecutionPhase.SUSPENDED

    @property
    def is_ended(self) -> bool:
        """The execution has ended: finished, failed, cancelled or crashed.

        Only a rerun or retry of one of its lane runs starts it again.
        """
        return self.phase is ExecutionPhase.ENDED

    @property
    def phase(self) -> ExecutionPhase:
        """The :class:`ExecutionPhase` this status belongs to."""
        return _PHASE_BY_STATUS[self]


# op-worker's atm_workflow_execution_status:status_to_phase/1.
_PHASE_BY_STATUS = {
    ExecutionStatus.SCHEDULED: ExecutionPhase.WAITING,
    ExecutionStatus.RESUMING: ExecutionPhase.WAITING,
    ExecutionStatus.ACTIVE: ExecutionPhase.ONGOING,
    ExecutionStatus.STOPPING: ExecutionPhase.ONGOING,
    ExecutionStatus.PAUSED: ExecutionPhase.SUSPENDED,
    ExecutionStatus.INTERRUPTED: ExecutionPhase.SUSPENDED,
    ExecutionStatus.FINISHED: ExecutionPhase.ENDED,
    ExecutionStatus.FAILED: ExecutionPhase.ENDED,
    ExecutionStatus.CANCELLED: ExecutionPhase.ENDED,
    ExecutionStatus.CRASHED: ExecutionPhase.ENDED,
}


class LaneRunStatus(StrEnum):
    """Status of one run of a lane."""

    RESUMING = "resuming"
    SCHEDULED = "scheduled"
    PREPARING = "preparing"
    ENQUEUED = "enqueued"
    ACTIVE = "active"
    STOPPING = "stopping"
    INTERRUPTED = "interrupted"
    PAUSED = "paused"
    FINISHED = "finished"
    CRASHED = "crashed"
    CANCELLED = "cancelled"
    FAILED = "failed"


class LaneRunType(StrEnum):
    """Whether a lane run is the regular one or repeats an earlier run."""

    REGULAR = "regular"
    RERUN = "rerun"
    RETRY = "retry"


class LogLevel(StrEnum):
    """Lowest severity kept in an execution's audit logs, least severe first."""

    DEBUG = "debug"
    INFO = "info"
    NOTICE = "notice"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"
    ALERT = "alert"
    EMERGENCY = "emergency"


@attrs.frozen
class ScheduledExecution:
    """A workflow execution just scheduled: its id and its URI.

    ``url`` is the execution's details URI, built from the client's base URL and
    the id: use it. ``location`` is the ``Location`` header as the provider sent
    it, kept for reference: a real provider builds it from its own domain and
    without the slash after ``/oneprovider`` (``.../oneproviderautomation/...``),
    so it names no resource. ``None`` if the answer lacked it.
    """

    id: str
    url: str
    location: str | None


@attrs.frozen
class ParallelBox:
    """A parallel box of a lane run: task schema ids mapped to task execution ids."""

    schema_id: str
    task_registry: Mapping[str, str]


@attrs.frozen
class LaneRun:
    """One run of a lane (``run_number`` is ``None`` for a run prepared in advance)."""

    run_number: int | None
    origin_run_number: int | None
    run_type: LaneRunType
    status: LaneRunStatus
    iterated_store_id: str | None
    exception_store_id: str | None
    parallel_boxes: tuple[ParallelBox, ...]
    is_retriable: bool
    is_rerunable: bool


@attrs.frozen
class Lane:
    """A lane of the execution and its runs, newest first."""

    schema_id: str
    runs: tuple[LaneRun, ...]


@attrs.frozen
class WorkflowExecution:
    """The details of a workflow execution.

    Times are aware UTC datetimes, ``None`` while the moment has not come
    (the provider sends ``0``); a time is not reset when the execution
    starts again (a rerun leaves the old ``finish_time``).
    ``system_audit_log_store_id`` is ``None`` for an execution whose log
    store was not created. ``raw`` is the JSON object as received.
    """

    id: str
    schema_snapshot_id: str
    name: str
    inventory_id: str
    space_id: str
    user_id: str
    status: ExecutionStatus
    schedule_time: datetime | None
    start_time: datetime | None
    suspend_time: datetime | None
    finish_time: datetime | None
    lambda_snapshot_registry: Mapping[str, str]
    store_registry: Mapping[str, str]
    system_audit_log_store_id: str | None
    lanes: tuple[Lane, ...]
    raw: Mapping[str, object] = attrs.field(repr=False, eq=False)

    @property
    def is_stopped(self) -> bool:
        """See :attr:`ExecutionStatus.is_stopped`."""
        return self.status.is_stopped

    @property
    def is_suspended(self) -> bool:
        """See :attr:`ExecutionStatus.is_suspended`."""
        return self.status.is_suspended

    @property
    def is_ended(self) -> bool:
        """See :attr:`ExecutionStatus.is_ended`."""
        return self.status.is_ended

    @property
    def phase(self) -> ExecutionPhase:
        """See :attr:`ExecutionStatus.phase`."""
        return self.status.phase


@attrs.frozen
class CallbackEvent:
    """The notification a provider POSTs to ``callback`` when an execution stops."""

    execution_id: str
    status: ExecutionStatus


def from_epoch(seconds: int) -> datetime | None:
    """An aware UTC datetime for POSIX ``seconds``; ``None`` for ``0`` ("not yet")."""
    if seconds == 0:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC)


def parse_callback(body: bytes | str | Mapping[str, object]) -> CallbackEvent:
    """Parse the body of a provider's callback POST into a :class:`CallbackEvent`.

    For applications that receive callbacks. Raises :class:`ValueError`
    naming the problem when the body is not such a notification.
    """
    if isinstance(body, bytes | str):
        try:
            data = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise ValueError(f"callback body is not JSON: {err}") from err
    else:
        data = body
    if not isinstance(data, Mapping):
        raise ValueError(f"callback body must be a JSON object, got {type(data).__name__}")
    try:
        from oneprovider_client.models import AtmWorkflowExecutionCallback

        parsed = AtmWorkflowExecutionCallback.from_dict(data)
    except KeyError as err:
        raise ValueError(f"callback body lacks {err}") from err
    except ValueError as err:
        raise ValueError(f"callback body has an unknown status: {data.get('status')!r}") from err
    return CallbackEvent(
        execution_id=_str(parsed.atm_workflow_execution_id, "atmWorkflowExecutionId"),
        status=ExecutionStatus(parsed.status.value),
    )


def execution_from_json(data: object) -> WorkflowExecution:
    """A :class:`WorkflowExecution` from the provider's JSON.

    Raises :class:`ValueError` (also for a missing field or a wrong type)
    when ``data`` is not an execution's details.

    The JSON is read in one pass, each value checked as it is taken: going
    through ``AtmWorkflowExecutionDetails.from_dict`` first (which takes the
    values on trust, so they had to be checked again) cost more than all the
    rest of a ``get``. The field names are the generated model's; a test holds
    the two together (``tests/wrapper/test_models.py``).
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    try:
        lanes = data["lanes"]
        if not isinstance(lanes, list):
            raise ValueError(f"lanes must be an array, got {lanes!r}")
        return WorkflowExecution(
            id=_str(data["atmWorkflowExecutionId"], "atmWorkflowExecutionId"),
            schema_snapshot_id=_str(
                data["atmWorkflowSchemaSnapshotId"], "atmWorkflowSchemaSnapshotId"
            ),
            name=_str(data["name"], "name"),
            inventory_id=_str(data["atmInventoryId"], "atmInventoryId"),
            space_id=_str(data["spaceId"], "spaceId"),
            user_id=_str(data["userId"], "userId"),
            status=ExecutionStatus(data["status"]),
            schedule_time=_time(data["scheduleTime"], "scheduleTime"),
            start_time=_time(data["startTime"], "startTime"),
            suspend_time=_time(data["suspendTime"], "suspendTime"),
            finish_time=_time(data["finishTime"], "finishTime"),
            lambda_snapshot_registry=_str_map(
                data["lambdaSnapshotRegistry"], "lambdaSnapshotRegistry"
            ),
            store_registry=_str_map(data["storeRegistry"], "storeRegistry"),
            system_audit_log_store_id=_optional_str(
                data["systemAuditLogStoreId"], "systemAuditLogStoreId"
            ),
            lanes=tuple(map(_lane, lanes)),
            raw=dict(data),
        )
    except KeyError as err:
        raise ValueError(f"missing field {err}") from err
    except TypeError as err:  # an unhashable status, say
        raise ValueError(str(err)) from err


def _lane(lane: object) -> Lane:
    if not isinstance(lane, Mapping) or not isinstance(runs := lane.get("runs"), list):
        raise ValueError(f"each lane must be an object with a runs array, got {lane!r}")
    return Lane(schema_id=_str(lane["schemaId"], "lanes[].schemaId"), runs=tuple(map(_run, runs)))


def _run(run: object) -> LaneRun:
    if not isinstance(run, Mapping) or not isinstance(boxes := run.get("parallelBoxes"), list):
        raise ValueError(f"each lane run must have a parallelBoxes array, got {run!r}")
    return LaneRun(
        run_number=_optional_int(run["runNumber"], "runNumber"),
        origin_run_number=_optional_int(run["originRunNumber"], "originRunNumber"),
        run_type=LaneRunType(run["runType"]),
        status=LaneRunStatus(run["status"]),
        iterated_store_id=_optional_str(run["iteratedStoreId"], "iteratedStoreId"),
        exception_store_id=_optional_str(run["exceptionStoreId"], "exceptionStoreId"),
        parallel_boxes=tuple(map(_box, boxes)),
        is_retriable=_bool(run["isRetriable"], "isRetriable"),
        is_rerunable=_bool(run["isRerunable"], "isRerunable"),
    )


def _box(box: object) -> ParallelBox:
    if not isinstance(box, Mapping) or not isinstance(registry := box.get("taskRegistry"), Mapping):
        raise ValueError(f"each parallel box must have a taskRegistry, got {box!r}")
    return ParallelBox(
        schema_id=_str(box["schemaId"], "parallelBoxes[].schemaId"),
        task_registry=_str_map(registry, "taskRegistry"),
    )


# The generated models take field values on trust; these check them.
def _str(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {value!r}")
    return value


def _optional_str(value: object, name: str) -> str | None:
    return None if value is None else _str(value, name)


def _int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return value


def _time(value: object, name: str) -> datetime | None:
    seconds = _int(value, name)
    try:
        return from_epoch(seconds)
    except (OverflowError, OSError, ValueError) as err:
        raise ValueError(f"{name} is not a usable POSIX time: {seconds!r}") from err


def _optional_int(value: object, name: str) -> int | None:
    return None if value is None else _int(value, name)


def _bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be a boolean, got {value!r}")
    return value


def _str_map(value: object, name: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be an object, got {value!r}")
    return {key: _str(item, f"{name}.{key}") for key, item in value.items()}
