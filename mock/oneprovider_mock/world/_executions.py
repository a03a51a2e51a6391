"""Workflow executions and how they move through their statuses over time.

An execution's status is a function of the clock, so that reading it needs no
background work: it is ``scheduled`` for one phase after scheduling, ``active``
for the next (its lanes run one after another, each for an equal share of the
phase), then it stops in its revision's outcome (``finished``, or ``failed``
and the like for schemas set up to fail), at ``stop_time``. A phase lasts
``phase_seconds``, fixed when the execution is scheduled; ``0`` stops it at
once. The callback, if any, is due at ``stop_time`` (see ``_callbacks``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEDULED = "scheduled"
ACTIVE = "active"
FINISHED = "finished"
INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class ParallelBoxRun:
    """A parallel box of a lane run: its schema and its tasks' execution ids."""

    schema_id: str
    task_registry: dict[str, str]


@dataclass(frozen=True)
class LaneRun:
    """The one run of a lane the mock performs, with the ids it gets when it starts."""

    schema_id: str
    iterated_store_id: str | None
    exception_store_id: str
    parallel_boxes: tuple[ParallelBoxRun, ...]


@dataclass
class WorkflowExecution:
    """A scheduled workflow execution; ``details(now)`` is what GET answers."""

    id: str
    atm_workflow_schema_id: str
    revision_number: int
    schema_snapshot_id: str
    name: str
    atm_inventory_id: str
    space_id: str
    user_id: str
    log_level: str
    callback: str | None
    #: POSIX seconds (float) when it was scheduled.
    schedule_time: float
    phase_seconds: float
    #: The status it stops in.
    outcome: str
    lambda_snapshot_registry: dict[str, str]
    store_registry: dict[str, str]
    system_audit_log_store_id: str
    lanes: list[LaneRun]
    #: The initial content each store was created with (store schema id -> content).
    store_initial_content: dict[str, Any] = field(default_factory=dict)

    @property
    def start_time(self) -> float:
        """When it becomes ``active``."""
        return self.schedule_time + self.phase_seconds

    @property
    def stop_time(self) -> float:
        """When it stops in its outcome (and its callback is due)."""
        return self.schedule_time + 2 * self.phase_seconds

    def status(self, now: float) -> str:
        """The status at ``now`` (POSIX seconds)."""
        if now >= self.stop_time:
            return self.outcome
        if now >= self.start_time:
            return ACTIVE
        return SCHEDULED

    def details(self, now: float) -> dict[str, Any]:
        """The execution's details at ``now``, shaped as ``AtmWorkflowExecutionDetails``."""
        status = self.status(now)
        stopped = status not in (SCHEDULED, ACTIVE)
        stop = int(self.stop_time) if stopped else 0
        return {
            "atmWorkflowExecutionId": self.id,
            "atmWorkflowSchemaSnapshotId": self.schema_snapshot_id,
            "name": self.name,
            "atmInventoryId": self.atm_inventory_id,
            "spaceId": self.space_id,
            "userId": self.user_id,
            "status": status,
            "scheduleTime": int(self.schedule_time),
            "startTime": int(self.start_time) if status != SCHEDULED else 0,
            # An interrupted execution is suspended (it could be resumed), not finished.
            "suspendTime": stop if status == INTERRUPTED else 0,
            "finishTime": stop if status != INTERRUPTED else 0,
            "lambdaSnapshotRegistry": dict(self.lambda_snapshot_registry),
            "storeRegistry": dict(self.store_registry),
            "systemAuditLogStoreId": self.system_audit_log_store_id,
            "lanes": self._lanes(now, status),
        }

    def _current_lane(self, now: float) -> int:
        if self.phase_seconds <= 0:
            return len(self.lanes) - 1
        share = self.phase_seconds / len(self.lanes)
        return min(len(self.lanes) - 1, int((now - self.start_time) / share))

    def _lanes(self, now: float, status: str) -> list[dict[str, Any]]:
        if status == SCHEDULED:
            # The first lane's run is prepared while the execution waits to start.
            runs_by_lane = {0: _prepared_run()}
        elif status == ACTIVE:
            current = self._current_lane(now)
            runs_by_lane = {i: _run(lane, FINISHED) for i, lane in enumerate(self.lanes[:current])}
            runs_by_lane[current] = _run(self.lanes[current], ACTIVE)
        else:
            last = len(self.lanes) - 1
            runs_by_lane = {
                i: _run(lane, FINISHED if i < last else status, stopped=True)
                for i, lane in enumerate(self.lanes)
            }
        return [
            {"schemaId": lane.schema_id, "runs": [runs_by_lane[i]] if i in runs_by_lane else []}
            for i, lane in enumerate(self.lanes)
        ]


def _prepared_run() -> dict[str, Any]:
    return {
        "runNumber": 1,
        "originRunNumber": None,
        "runType": "regular",
        "status": SCHEDULED,
        "iteratedStoreId": None,
        "exceptionStoreId": None,
        "parallelBoxes": [],
        "isRetriable": False,
        "isRerunable": False,
    }


def _run(lane: LaneRun, status: str, *, stopped: bool = False) -> dict[str, Any]:
    return {
        "runNumber": 1,
        "originRunNumber": None,
        "runType": "regular",
        "status": status,
        "iteratedStoreId": lane.iterated_store_id,
        "exceptionStoreId": lane.exception_store_id,
        "parallelBoxes": [
            {"schemaId": box.schema_id, "taskRegistry": dict(box.task_registry)}
            for box in lane.parallel_boxes
        ],
        # Once the execution has stopped, a lane run that did not finish may be retried
        # (its failed items again) and any may be rerun (all its items again).
        "isRetriable": stopped and status != FINISHED,
        "isRerunable": stopped,
    }
