"""The actions on an execution: cancel, pause, resume, force_continue, rerun, retry, delete.

Requests are built here (through the generated operation modules) and the
answers, 204 with no body, checked; which of them may be sent again, and
what a retry's refusal means, is decided in ``_retries``. A rerun or retry
is never sent twice: :func:`repeat_applied` reads from the execution's lane
runs whether a lost attempt was applied.
"""

from __future__ import annotations

from .._exceptions import ErrorContext, OneproviderError, OutcomeUnknownError
from .._models import LaneRunType, WorkflowExecution
from .._request import Call, api_call, require_id
from .._retries import OPERATIONS
from .._secrets import Secret

#: The actions that take only the execution id.
SIMPLE_ACTIONS = ("cancel", "pause", "resume", "force_continue", "delete")
#: The actions that repeat a lane run.
REPEATS = ("rerun", "retry")


def action_call(base_url: str, operation: str, execution_id: str) -> Call:
    """The request of a simple action (see :data:`SIMPLE_ACTIONS`) on ``execution_id``."""
    from oneprovider_client.api.workflow_execution import (
        cancel_workflow_execution,
        delete_workflow_execution,
        force_continue_workflow_execution,
        pause_workflow_execution,
        resume_workflow_execution,
    )

    require_id(execution_id, "execution_id")
    module = {
        "cancel": cancel_workflow_execution,
        "pause": pause_workflow_execution,
        "resume": resume_workflow_execution,
        "force_continue": force_continue_workflow_execution,
        "delete": delete_workflow_execution,
    }[operation]
    kwargs = module._get_kwargs(wid=execution_id)
    return api_call(base_url, kwargs, repeatable=OPERATIONS[operation].repeatable)


def check_lane_run(lane_index: object, lane_run_number: object) -> None:
    """Raise :class:`TypeError`/:class:`ValueError` naming the one that is not an int >= 1."""
    for value, name in ((lane_index, "lane_index"), (lane_run_number, "lane_run_number")):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an integer, got {value!r}")
        if value < 1:
            raise ValueError(f"{name} must be >= 1 (they count from 1), got {value}")


def repeat_call(
    base_url: str, operation: str, execution_id: str, *, lane_index: int, lane_run_number: int
) -> Call:
    """The request of a rerun or retry of lane ``lane_index``'s run ``lane_run_number``."""
    from oneprovider_client.api.workflow_execution import (
        rerun_workflow_execution,
        retry_workflow_execution,
    )
    from oneprovider_client.models import AtmLaneRunSelector

    require_id(execution_id, "execution_id")
    check_lane_run(lane_index, lane_run_number)
    module = {"rerun": rerun_workflow_execution, "retry": retry_workflow_execution}[operation]
    body = AtmLaneRunSelector(lane_index=lane_index, lane_run_number=lane_run_number)
    kwargs = module._get_kwargs(wid=execution_id, body=body)
    return api_call(base_url, kwargs, repeatable=OPERATIONS[operation].repeatable)


def context(
    operation: str,
    execution_id: str,
    *,
    lane_index: int | None = None,
    lane_run_number: int | None = None,
) -> ErrorContext:
    return ErrorContext(
        operation,
        execution_id=execution_id,
        lane_index=lane_index,
        lane_run_number=lane_run_number,
    )


def latest_run_number(execution: WorkflowExecution) -> int:
    """The highest run number of any lane (one counter for the whole execution), or 0."""
    numbers = [
        run.run_number
        for lane in execution.lanes
        for run in lane.runs
        if run.run_number is not None
    ]
    return max(numbers, default=0)


def repeat_applied(
    operation: str,
    before: WorkflowExecution,
    after: WorkflowExecution,
    *,
    lane_index: int,
    lane_run_number: int,
) -> bool:
    """Whether ``after`` holds the run a ``rerun``/``retry`` sent after ``before`` would create.

    A provider gives the new run of lane ``lane_index`` the next number of the
    execution's one run counter, ``originRunNumber`` the run repeated, and the
    run type of the operation. A run so made by someone else at the same
    time cannot be told from ours: either way the run asked for is there.
    """
    if lane_index > len(after.lanes):
        return False
    newest_before = latest_run_number(before)
    kind = LaneRunType.RERUN if operation == "rerun" else LaneRunType.RETRY
    return any(
        run.run_number is not None
        and run.run_number > newest_before
        and run.origin_run_number == lane_run_number
        and run.run_type is kind
        for run in after.lanes[lane_index - 1].runs
    )


def outcome_unknown(
    context: ErrorContext,
    lost: OneproviderError,
    check: OneproviderError | None,
    secret: Secret,
) -> OutcomeUnknownError:
    """The error for a rerun or retry whose answer was ``lost`` and whose effect is not seen.

    ``check`` is the error of looking, when the execution could not be got.
    """
    what = (
        f"{context.operation} of lane {context.lane_index} run {context.lane_run_number} "
        f"of workflow execution {context.execution_id}"
    )
    if check is None:
        seen = "no new run of that lane is seen yet"
    else:
        seen = f"looking at the execution failed too ({type(check).__name__}: {check})"
    message = (
        f"{what}: the outcome is unknown: no answer ({type(lost).__name__}: {lost}), and "
        f"{seen}; the provider may still make the new run: get the execution and look at "
        "its lanes before sending it again"
    )
    return OutcomeUnknownError(
        secret.redact(message),
        execution_id=context.execution_id or "",
        operation=context.operation,
    )
