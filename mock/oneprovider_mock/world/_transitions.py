"""The rules of a workflow execution's status, in one place, as op-worker keeps them.

op-worker ``src/modules/automation/workflow/atm_workflow_execution_status.erl`` and
``lane/atm_lane_execution_status.erl``: each operation names the statuses it may
start from, the status it leads to, and the error otherwise. The rest of the mock
only asks these functions; none of them changes anything.

======================  ==============================  ================================
operation               from                            to, or the error otherwise
======================  ==============================  ================================
cancel                  waiting, ongoing, suspended     ``stopping`` (suspended: at once
                                                        ``cancelled``); ended:
                                                        ``atmWorkflowExecutionEnded``
pause                   waiting, ongoing                ``stopping``; suspended:
                                                        ``atmInvalidStatusTransition``;
                                                        ended: ``...Ended``
resume                  paused, interrupted             ``resuming``, else
                                                        ``atmWorkflowExecutionNotResumable``
force_continue          failed, not at the last lane    ``resuming``, else ``...NotResumable``
rerun, retry            ended                           ``scheduled``, else
                                                        ``atmWorkflowExecutionNotEnded``
delete                  suspended, ended                deleted, else
                                                        ``atmWorkflowExecutionNotStopped``
======================  ==============================  ================================

A stop of an execution that is already ``stopping`` is not an error: the reason of
higher priority wins (``STOP_PRIORITY``), and a lower one is ignored; but once its
last lane run has ended (the execution only finishes), a stop is
``atmInvalidStatusTransition`` from that lane run's status to ``stopping``.
"""

from __future__ import annotations

from . import _errors

WAITING, ONGOING, SUSPENDED, ENDED = "waiting", "ongoing", "suspended", "ended"

#: ``atm_workflow_execution_status:status_to_phase/1``.
PHASE_OF = {
    "scheduled": WAITING,
    "resuming": WAITING,
    "active": ONGOING,
    "stopping": ONGOING,
    "paused": SUSPENDED,
    "interrupted": SUSPENDED,
    "finished": ENDED,
    "failed": ENDED,
    "cancelled": ENDED,
    "crashed": ENDED,
}
PHASES = (WAITING, ONGOING, SUSPENDED, ENDED)

#: Why an execution stops, and the status that stopping ends in
#: (``atm_lane_execution_status:end_lane_run``).
STOPPED_BY = {
    "cancel": "cancelled",
    "pause": "paused",
    "interrupt": "interrupted",
    "failure": "failed",
    "crash": "crashed",
    "op_worker_stopping": "paused",
}
#: ``stopping_reason_priority/1``: a stop of higher priority replaces a lower one.
STOP_PRIORITY = {
    "op_worker_stopping": 0,
    "pause": 1,
    "interrupt": 2,
    "failure": 3,
    "cancel": 4,
    "crash": 5,
}


def phase(status: str) -> str:
    """The phase (waiting, ongoing, suspended, ended) of a workflow execution status."""
    return PHASE_OF[status]


def stop(status: str, reason: str, *, current_reason: str | None, last_run_status: str) -> str:
    """The status a stop for ``reason`` leads to; raises the provider's error otherwise.

    ``current_reason`` is why an execution already ``stopping`` stops (``None`` when
    it is only finishing); ``last_run_status`` is the status of its current lane run.
    Returns ``"stopping"``, or the final status when a suspended execution is
    cancelled (it has nothing left to stop). A stop that changes nothing (a lower
    reason than the current one) returns ``"stopping"`` too: the caller keeps the
    stronger reason (``stronger_reason``).
    """
    if reason not in STOPPED_BY:
        raise ValueError(f"unknown stop reason {reason!r}")
    current_phase = phase(status)
    if current_phase == ENDED:
        raise _errors.atm_workflow_execution_ended()
    if current_phase == SUSPENDED:
        if reason != "cancel":
            raise _errors.atm_invalid_status_transition(status, "stopping")
        return STOPPED_BY["cancel"]
    if status == "stopping" and current_reason is None:
        # Only finishing: its last lane run has ended already.
        raise _errors.atm_invalid_status_transition(last_run_status, "stopping")
    return "stopping"


def stronger_reason(current: str | None, requested: str) -> str:
    """The reason an execution stops for after ``requested`` comes in."""
    if current is None or STOP_PRIORITY[requested] > STOP_PRIORITY[current]:
        return requested
    return current


def resume(status: str) -> str:
    """``resuming`` for a paused or interrupted execution; else ``...NotResumable``."""
    if status in ("paused", "interrupted"):
        return "resuming"
    raise _errors.atm_workflow_execution_not_resumable()


def force_continue(status: str, *, current_lane_index: int, lanes: int) -> str:
    """``resuming`` for a failed execution with a lane after the failed one."""
    if status == "failed" and current_lane_index < lanes:
        return "resuming"
    raise _errors.atm_workflow_execution_not_resumable()


def repeat(status: str) -> str:
    """``scheduled`` for an ended execution (rerun or retry); else ``...NotEnded``."""
    if phase(status) == ENDED:
        return "scheduled"
    raise _errors.atm_workflow_execution_not_ended()


def assert_deletable(status: str) -> None:
    """Raise ``...NotStopped`` unless the execution is suspended or ended."""
    if phase(status) not in (SUSPENDED, ENDED):
        raise _errors.atm_workflow_execution_not_stopped()


def rerunnable(run_status: str, *, workflow_status: str) -> bool:
    """``isRerunable``: a finished, failed or cancelled run of an ended, uncrashed execution."""
    return (
        phase(workflow_status) == ENDED
        and workflow_status != "crashed"
        and run_status in ("finished", "failed", "cancelled")
    )


def retriable(run_status: str, *, stopped_by: str | None, workflow_status: str) -> bool:
    """``isRetriable``: a run that failed with no stop (all items done, some failed)."""
    return (
        phase(workflow_status) == ENDED
        and workflow_status != "crashed"
        and run_status == "failed"
        and stopped_by is None
    )
