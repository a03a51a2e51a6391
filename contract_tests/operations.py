"""The operations of the spec as the suite groups them: which read, which change, which act
on one execution, and the phase an execution is in.
"""

from __future__ import annotations

from typing import Any

from schemathesis import Case

SCHEDULE = "schedule_workflow_execution"
GET = "get_workflow_execution_details"
LIST = "list_workflow_executions"
DUMP = "download_audit_log_dump"
CANCEL = "cancel_workflow_execution"
PAUSE = "pause_workflow_execution"
RESUME = "resume_workflow_execution"
FORCE_CONTINUE = "force_continue_workflow_execution"
RERUN = "rerun_workflow_execution"
RETRY = "retry_workflow_execution"
DELETE = "delete_workflow_execution"

#: Every operation of the spec, in the order the suite's tests are written.
OPERATIONS = (
    SCHEDULE,
    GET,
    LIST,
    DUMP,
    CANCEL,
    PAUSE,
    RESUME,
    FORCE_CONTINUE,
    RERUN,
    RETRY,
    DELETE,
)
#: The operations that change nothing: all a read-only run sends.
READS = frozenset({GET, LIST, DUMP})
#: The operations that change an existing execution (its ``wid`` is in the path).
CHANGES = frozenset({CANCEL, PAUSE, RESUME, FORCE_CONTINUE, RERUN, RETRY, DELETE})
#: The operations on one execution, named by ``wid``.
ON_EXECUTION = CHANGES | {GET}
#: The operations a case of which meets a phase: of the execution it names, of the
#: execution whose store it dumps, or the phase it lists.
WITH_A_PHASE = ON_EXECUTION | {LIST, DUMP}

#: ``atm_workflow_execution_status:status_to_phase/1``.
PHASE_OF_STATUS = {
    "scheduled": "waiting",
    "resuming": "waiting",
    "active": "ongoing",
    "stopping": "ongoing",
    "paused": "suspended",
    "interrupted": "suspended",
    "finished": "ended",
    "failed": "ended",
    "cancelled": "ended",
    "crashed": "ended",
}
PHASES = ("waiting", "ongoing", "suspended", "ended")
#: What a list without ``phase`` lists.
DEFAULT_PHASE = "ongoing"


def operation_id(case: Case[Any]) -> str:
    """The operationId of the operation ``case`` calls."""
    return str(case.operation.definition.raw.get("operationId", case.operation.label))


def execution_id(case: Case[Any]) -> str | None:
    """The ``wid`` a case names in its path, if its operation takes one."""
    value = (case.path_parameters or {}).get("wid")
    return value if isinstance(value, str) and operation_id(case) in ON_EXECUTION else None
