"""Workflow executions as a provider runs them: statuses, lane runs, times, audit log.

Reading an execution needs no background work. Each execution holds its state
and ``due``, the time of its next automatic step; every read or action first
calls ``advance(now)``, which applies each step that fell due at the time it was
due, so times and log entries are exact. A step takes ``phase_seconds`` (``0``:
every automatic step at once). The steps, driven by ``_transitions``:

- ``scheduled`` or ``resuming`` -> ``active`` (the current lane run starts);
- ``active``: the current lane run ends as the revision's ``Outcome`` says
  (finished, failed, or stopped for a reason); after a finished run the next
  lane runs, after the last one (or a failed one) the execution is ``stopping``
  while it finishes;
- ``stopping`` -> the status its stop reason leads to (``STOPPED_BY``), or the
  current lane run's status when it only finishes.

An execution without ``due`` holds its status until an action moves it (the
executions a world file starts with do).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from . import _errors
from . import _transitions as t
from ._ids import record_id
from ._model import SchemaRevision
from ._sanitize import LOG_LEVELS

#: Name of the workflow's own audit log in dump file names.
WORKFLOW_SYSTEM_AUDIT_LOG = "WORKFLOW_SYSTEM_AUDIT_LOG"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the executions of a revision end if nobody stops them.

    ``status``: ``finished``; ``failed`` (the run of lane ``lane`` fails: with no
    ``stop_reason`` its items were all processed and some failed, so it may be
    retried; with ``"failure"`` it was stopped); ``crashed`` (an abrupt crash in
    lane ``lane``); ``cancelled`` or ``interrupted`` (stopped in lane ``lane``).
    ``lane`` is 1-based, ``None`` for the last. Only a lane's first run fails;
    its repeats finish.
    """

    status: str = "finished"
    lane: int | None = None
    stop_reason: str | None = None


@dataclass(frozen=True, slots=True)
class ParallelBoxRun:
    """A parallel box of a lane run: its schema and its tasks' execution ids."""

    schema_id: str
    task_registry: dict[str, str]


@dataclass(frozen=True, slots=True)
class LaneRun:
    """A lane of an execution: what each of its runs iterates and runs."""

    schema_id: str
    iterated_store_id: str | None
    exception_store_id: str
    parallel_boxes: tuple[ParallelBoxRun, ...]


@dataclass(slots=True)
class Run:
    """One run of a lane; ``stopping_reason`` is kept though REST never shows it."""

    number: int
    status: str
    origin: int | None = None
    iterated_store_id: str | None = None
    exception_store_id: str | None = None
    parallel_boxes: tuple[ParallelBoxRun, ...] = ()
    stopping_reason: str | None = None
    prepared: bool = False


@dataclass(frozen=True, slots=True)
class Stop:
    """An execution stopped (suspended or ended) in ``status`` at ``at``: a callback."""

    status: str
    at: float
    episode: int


@dataclass(slots=True)
class WorkflowExecution:
    """A workflow execution; ``details()`` is what GET answers."""

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
    #: POSIX seconds (float) when it was scheduled first.
    schedule_time: float
    phase_seconds: float
    outcome: Outcome
    lambda_snapshot_registry: dict[str, str]
    store_registry: dict[str, str]
    system_audit_log_store_id: str
    lanes: list[LaneRun]
    #: The initial content each store was created with (store schema id -> content).
    store_initial_content: dict[str, Any] = field(default_factory=dict)
    #: Store schema id -> (name, type), for dumps.
    store_schemas: dict[str, tuple[str, str]] = field(default_factory=dict)
    status: str = "scheduled"
    stop_reason: str | None = None
    #: 1-based, as op-worker counts them.
    current_lane: int = 1
    #: The workflow-wide run counter (``current_run_num``).
    run_counter: int = 1
    start_time: float = 0.0
    suspend_time: float = 0.0
    finish_time: float = 0.0
    due: float | None = None
    #: How long a stop takes (``stopping`` to its end); ``None``: ``phase_seconds``.
    stop_seconds: float | None = None
    #: Stops so far: each resume, rerun, retry or force_continue starts a new episode.
    episode: int = 1
    deleted: bool = False
    #: Runs of each lane, newest first.
    runs: list[list[Run]] = field(default_factory=list)
    audit_log: list[dict[str, Any]] = field(default_factory=list)
    #: The time the state was last brought to (log entries are stamped with it).
    clock: float = 0.0

    def __post_init__(self) -> None:
        if not self.runs:
            self.clock = self.schedule_time
            self.runs = [[] for _ in self.lanes]
            self.runs[0].append(Run(1, "scheduled"))
            self.log("notice", "Scheduled execution.", {"scheduledLaneRunSelector": _sel(1, 1)})
            self.due = self.schedule_time + self.phase_seconds

    # --- reading --------------------------------------------------------------------

    @property
    def phase(self) -> str:
        """waiting, ongoing, suspended or ended."""
        return t.phase(self.status)

    def run(self, lane: int, number: int) -> Run | None:
        """The run ``number`` of lane ``lane`` (1-based), if it exists."""
        if not 1 <= lane <= len(self.runs):
            return None
        return next((r for r in self.runs[lane - 1] if r.number == number), None)

    @property
    def current_run(self) -> Run:
        """The run of the current lane the execution is at."""
        found = self.run(self.current_lane, self.run_counter)
        assert found is not None
        return found

    def phase_time(self) -> float:
        """The time its phase list orders it by."""
        return {
            t.WAITING: self.schedule_time,
            t.ONGOING: self.start_time,
            t.SUSPENDED: self.suspend_time,
            t.ENDED: self.finish_time,
        }[self.phase]

    def details(self) -> dict[str, Any]:
        """Shaped as ``AtmWorkflowExecutionDetails`` (call ``advance`` first)."""
        return {
            "atmWorkflowExecutionId": self.id,
            "atmWorkflowSchemaSnapshotId": self.schema_snapshot_id,
            "name": self.name,
            "atmInventoryId": self.atm_inventory_id,
            "spaceId": self.space_id,
            "userId": self.user_id,
            "status": self.status,
            "scheduleTime": int(self.schedule_time),
            "startTime": int(self.start_time),
            "suspendTime": int(self.suspend_time),
            "finishTime": int(self.finish_time),
            "lambdaSnapshotRegistry": dict(self.lambda_snapshot_registry),
            "storeRegistry": dict(self.store_registry),
            "systemAuditLogStoreId": self.system_audit_log_store_id,
            "lanes": [
                {"schemaId": lane.schema_id, "runs": [self._run_json(r, runs) for r in runs]}
                for lane, runs in zip(self.lanes, self.runs, strict=True)
            ],
        }

    def _run_json(self, run: Run, lane_runs: list[Run]) -> dict[str, Any]:
        # atm_lane_execution:infer_run_type/1: a retry iterates its origin's exceptions.
        if run.origin is None:
            run_type = "regular"
        else:
            origin = next(r for r in lane_runs if r.number == run.origin)
            retry = run.iterated_store_id == origin.exception_store_id
            run_type = "retry" if retry else "rerun"
        return {
            "runNumber": run.number,
            "originRunNumber": run.origin,
            "runType": run_type,
            "status": run.status,
            "iteratedStoreId": run.iterated_store_id if run.prepared else None,
            "exceptionStoreId": run.exception_store_id if run.prepared else None,
            "parallelBoxes": [
                {"schemaId": box.schema_id, "taskRegistry": dict(box.task_registry)}
                for box in run.parallel_boxes
            ]
            if run.prepared
            else [],
            "isRetriable": t.retriable(
                run.status, stopped_by=run.stopping_reason, workflow_status=self.status
            ),
            "isRerunable": t.rerunnable(run.status, workflow_status=self.status),
        }

    # --- the audit log -----------------------------------------------------------------

    def log(self, severity: str, description: str, details: dict[str, Any] | None = None) -> None:
        """Write an entry unless its severity is below the execution's log level."""
        if LOG_LEVELS.index(severity) < LOG_LEVELS.index(self.log_level):
            return
        content: dict[str, Any] = {"description": description}
        if details is not None:
            content["details"] = details
        self.audit_log.append(
            {
                "index": str(len(self.audit_log)),
                "timestamp": int(self.clock * 1000),
                "severity": severity,
                "content": content,
            }
        )

    def _prefix(self, run: Run | None = None) -> str:
        number = self.run_counter if run is None else run.number
        return f"[Lane: {self.current_lane}, Run: {number}] "

    # --- automatic steps ------------------------------------------------------------------

    def advance(self, now: float) -> list[Stop]:
        """Apply every automatic step due by ``now``; returns the stops they made."""
        stops: list[Stop] = []
        while self.due is not None and self.due <= now and not self.deleted:
            at = self.due
            self.due = None
            self.clock = at
            stop = self._step(at)
            if stop is not None:
                stops.append(stop)
        return stops

    def _after_step(self, at: float) -> None:
        self.due = at + self.phase_seconds

    def _step(self, at: float) -> Stop | None:
        run = self.current_run
        if self.status in ("scheduled", "resuming"):
            self._set_status("active", at)
            run.status = "active"
            if not run.prepared:
                self._prepare(run)
                self.log("info", self._prefix() + "Prepared.")
            else:
                self.log("info", self._prefix() + "Resumed.")
            self._after_step(at)
            return None
        if self.status == "active":
            return self._end_lane_run(run, at)
        if self.status == "stopping":
            return self._stopped(run, at)
        return None

    def _prepare(self, run: Run) -> None:
        lane = self.lanes[self.current_lane - 1]
        run.prepared = True
        if run.iterated_store_id is None and run.origin is None:
            run.iterated_store_id = lane.iterated_store_id
        run.exception_store_id = record_id() if run.number > 1 else lane.exception_store_id
        run.parallel_boxes = tuple(
            ParallelBoxRun(box.schema_id, {task: record_id() for task in box.task_registry})
            if run.number > 1
            else box
            for box in lane.parallel_boxes
        )

    def _planned(self) -> str:
        """What the current lane run does when it ends: finished, failed, or a stop reason."""
        planned_lane = self.outcome.lane or len(self.lanes)
        if self.current_lane != planned_lane or self.run_counter != 1:
            return "finished"
        status = self.outcome.status
        if status == "failed":
            return "failed" if self.outcome.stop_reason is None else "failure"
        return {"crashed": "crash", "cancelled": "cancel", "interrupted": "interrupt"}.get(
            status, "finished"
        )

    def _end_lane_run(self, run: Run, at: float) -> Stop | None:
        planned = self._planned()
        if planned == "crash":
            return self.crash(at)
        if planned in t.STOPPED_BY:
            self.request_stop(planned, at)
            return None
        run.status = planned
        self.log("info", self._prefix() + "Stopped.")
        if planned == "finished" and self.current_lane < len(self.lanes):
            self.current_lane += 1
            self._add_run(self.current_lane, Run(self.run_counter, "active"))
            self._prepare(self.current_run)
            self.log("info", self._prefix() + "Prepared.")
        else:
            # The last lane run ended: the execution finishes.
            self.status, self.stop_reason = "stopping", None
        self._after_step(at)
        return None

    def _stopped(self, run: Run, at: float) -> Stop:
        if self.stop_reason is not None:
            final = t.STOPPED_BY[self.stop_reason]
            run.status = final
            self.log("info", self._prefix() + "Stopped.")
        else:
            final = run.status
        self._set_status(final, at)
        self.log("notice", "Stopped execution.", {"status": final})
        return Stop(final, at, self.episode)

    def _set_status(self, status: str, at: float) -> None:
        before, after = self.phase, t.phase(status)
        self.status = status
        if before == after:
            return
        if after == t.ONGOING:
            self.start_time = max(self.start_time, at)
        elif after == t.SUSPENDED:
            self.suspend_time = max(self.suspend_time, at)
        elif after == t.ENDED:
            self.finish_time = max(self.finish_time, at)

    def _add_run(self, lane: int, run: Run) -> None:
        self.runs[lane - 1].insert(0, run)

    # --- what actions do (the rules decide in ``_transitions`` first) --------------------

    def request_stop(self, reason: str, at: float) -> Stop | None:
        """Stop for ``reason`` (cancel, pause, interrupt, failure); raises a state error."""
        self.clock = at
        run = self.current_run
        new = t.stop(
            self.status, reason, current_reason=self.stop_reason, last_run_status=run.status
        )
        if self.status == "stopping":
            self.stop_reason = t.stronger_reason(self.stop_reason, reason)
            run.stopping_reason = self.stop_reason
            if self.due is None:
                # One a world file left stopping goes on once it is asked to stop.
                self.due = at + self._stop_step()
            return None
        self.log("notice", "Stopping execution...", {"reason": reason})
        self.log("info", self._prefix() + "Initiating stop...", {"reason": reason})
        if new != "stopping":
            # A suspended execution has nothing left to stop: it ends at once.
            self._set_status("stopping", at)
            run.status, run.stopping_reason = new, reason
            self.log("info", self._prefix() + "Stopped previously suspended.")
            self._set_status(new, at)
            self.log("notice", "Stopped execution.", {"status": new})
            self.due = None
            return Stop(new, at, self.episode)
        self._set_status("stopping", at)
        self.stop_reason = reason
        run.status, run.stopping_reason = "stopping", reason
        self.due = at + self._stop_step()
        return None

    def _stop_step(self) -> float:
        return self.phase_seconds if self.stop_seconds is None else self.stop_seconds

    def crash(self, at: float) -> Stop | None:
        """An abrupt crash: ``crashed`` at once, with no "Stopped execution." entry."""
        if self.phase == t.ENDED:
            return None
        self.current_run.status = "crashed"
        self._set_status("crashed", at)
        self.due = None
        return Stop("crashed", at, self.episode)

    def resume(self, at: float) -> None:
        """Resume a paused or interrupted execution (``resuming``)."""
        self.clock = at
        self.status = t.resume(self.status)
        self._restart(at)
        run = self.current_run
        run.status, run.stopping_reason = "resuming", None
        selector = _sel(self.current_lane, run.number)
        self.log("notice", "Resuming execution...", {"scheduledLaneRunSelector": selector})

    def force_continue(self, at: float) -> None:
        """Go on with the lane after the failed one, with the same run number."""
        self.clock = at
        self.status = t.force_continue(
            self.status, current_lane_index=self.current_lane, lanes=len(self.lanes)
        )
        self._restart(at)
        self.current_lane += 1
        self._add_run(self.current_lane, Run(self.run_counter, "scheduled"))
        selector = _sel(self.current_lane, self.run_counter)
        self.log("notice", "Scheduled forced continuation.", {"scheduledLaneRunSelector": selector})

    def repeat(self, repeat_type: str, lane: int, number: int, at: float) -> None:
        """A manual rerun or retry of run ``number`` of lane ``lane``.

        Raises ``atmWorkflowExecutionNotEnded``, then ``notFound``, then
        ``atmLaneExecutionRerunFailed`` / ``...RetryFailed``, in the server's order.
        """
        t.repeat(self.status)
        origin = self.run(lane, number)
        if origin is None:
            raise _errors.not_found(module="atm_lane_execution", line=281)
        allowed = (
            t.retriable(
                origin.status, stopped_by=origin.stopping_reason, workflow_status=self.status
            )
            if repeat_type == "retry"
            else t.rerunnable(origin.status, workflow_status=self.status)
        )
        if not allowed:
            raise (
                _errors.atm_lane_execution_retry_failed()
                if repeat_type == "retry"
                else _errors.atm_lane_execution_rerun_failed()
            )
        self.clock = at
        self.status = "scheduled"
        self._restart(at)
        self.run_counter += 1
        self.current_lane = lane
        iterated = origin.exception_store_id if repeat_type == "retry" else origin.iterated_store_id
        self._add_run(
            lane, Run(self.run_counter, "scheduled", origin=number, iterated_store_id=iterated)
        )
        self.log(
            "notice",
            f"[Lane: {lane}, Run: {number}] Scheduled manual {repeat_type}.",
            {"repeatType": repeat_type, "scheduledLaneRunSelector": _sel(lane, self.run_counter)},
        )

    def _restart(self, at: float) -> None:
        self.schedule_time = at
        self.stop_reason = None
        self.episode += 1
        self.due = at + self.phase_seconds

    def projected_stop(self) -> Stop | None:
        """The next stop if nothing intervenes (what a waiting callback will carry)."""
        probe = _probe(self)
        if probe.due is None:
            return None
        stops = probe.advance(float("inf"))
        return stops[0] if stops else None


def new_lanes(revision: SchemaRevision, store_registry: dict[str, str]) -> list[LaneRun]:
    """The lanes of a new execution of ``revision`` (store schema id -> store id given)."""
    return [
        LaneRun(
            schema_id=lane.id,
            iterated_store_id=(
                store_registry[lane.iterated_store_schema_id]
                if lane.iterated_store_schema_id is not None
                else None
            ),
            exception_store_id=record_id(),
            parallel_boxes=tuple(
                ParallelBoxRun(box.id, {task.id: record_id() for task in box.tasks})
                for box in lane.parallel_boxes
            ),
        )
        for lane in revision.lanes
    ]


def _sel(lane: int, run: int) -> dict[str, int]:
    # atm_lane_execution:lane_run_selector_to_json/1 writes "RunNumber" with a capital R.
    return {"laneIndex": lane, "RunNumber": run}


def _probe(execution: WorkflowExecution) -> WorkflowExecution:
    # A copy to run ahead on, without the (possibly long) audit log.
    log, execution.audit_log = execution.audit_log, []
    try:
        probe = copy.deepcopy(execution)
    finally:
        execution.audit_log = log
    probe.log_level = "emergency"
    return probe
