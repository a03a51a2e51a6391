"""The provider's checks of the actions on an execution, its deletion and its store dumps.

Actions (``POST .../workflows/{wid}/<action>``, op-worker
``atm_workflow_execution_middleware_plugin.erl``) answer the first failure of:

1. sanitizing (rerun and retry only): ``laneIndex`` then ``laneRunNumber``, each a
   required integer >= 1 (the body as JSON, the query string merged over it);
2. no token: 401 ``unauthorized``;
3. the execution: 404 ``notFound`` if unknown or deleted;
4. the privilege: the execution's creator needs ``space_schedule_atm_workflow_executions``,
   anyone else ``space_manage_atm_workflow_executions`` (a creator holding only
   *manage* is refused): 403 ``forbidden``;
5. the status rules (``_transitions``): 400.

Delete answers 401, then 404, then 403 (the same privilege rule), then 400
``atmWorkflowExecutionNotStopped`` unless the execution is suspended or ended.

A store dump (``atm_store_dump_download_handler.erl``) answers 401 (a guest),
404 (an unknown store, or one of a deleted execution), 403 (unless the user is in
the execution's inventory and holds ``space_view_atm_workflow_executions``), then
400 ``notSupported`` for any store that is not an audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import _errors
from ._executions import WORKFLOW_SYSTEM_AUDIT_LOG, WorkflowExecution
from ._model import SPACE_MANAGE_ATM_WORKFLOW_EXECUTIONS, SPACE_SCHEDULE_ATM_WORKFLOW_EXECUTIONS
from ._rules import authenticate, live_execution, may_view
from ._sanitize import LOG_LEVELS, as_integer, request_data
from ._world import World

#: The actions, as the last segment of their path.
ACTIONS = ("cancel", "pause", "resume", "force_continue", "rerun", "retry")
LANE_INDEX = "laneIndex"
LANE_RUN_NUMBER = "laneRunNumber"


@dataclass(frozen=True)
class LaneRunSelector:
    """The ``{laneIndex, laneRunNumber}`` of a rerun or retry, sanitized."""

    lane_index: int
    run_number: int


def sanitize_repeat(body: bytes, query_string: str) -> LaneRunSelector:
    """The selector of a rerun or retry request; raises the first sanitizing error."""
    data = request_data(body, query_string)
    return LaneRunSelector(_at_least_one(data, LANE_INDEX), _at_least_one(data, LANE_RUN_NUMBER))


def _at_least_one(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if value is None:
        raise _errors.missing_required_value(key)
    number = as_integer(key, value)
    if number < 1:
        raise _errors.bad_value_too_low(key, 1)
    return number


def _authorized_execution(world: World, token: str | None, execution_id: str) -> WorkflowExecution:
    user = authenticate(world, token)
    if user is None:
        raise _errors.unauthorized()
    execution = live_execution(world, execution_id)
    space = world.spaces.get(execution.space_id)
    needed = (
        SPACE_SCHEDULE_ATM_WORKFLOW_EXECUTIONS
        if user.id == execution.user_id
        else SPACE_MANAGE_ATM_WORKFLOW_EXECUTIONS
    )
    if space is None or not space.holds(user.id, needed):
        raise _errors.forbidden(module="atm_workflow_execution_middleware_plugin", line=324)
    return execution


def act(
    world: World,
    action: str,
    *,
    token: str | None,
    execution_id: str,
    selector: LaneRunSelector | None,
    now: float,
) -> WorkflowExecution:
    """Apply ``action`` to an execution brought up to ``now``; raises as a provider answers.

    ``selector`` is the sanitized body of a rerun or retry (``sanitize_repeat``).
    """
    execution = _authorized_execution(world, token, execution_id)
    steps: dict[str, Callable[[], object]] = {
        "cancel": lambda: execution.request_stop("cancel", now),
        "pause": lambda: execution.request_stop("pause", now),
        "resume": lambda: execution.resume(now),
        "force_continue": lambda: execution.force_continue(now),
    }
    if action in ("rerun", "retry"):
        assert selector is not None
        execution.repeat(action, selector.lane_index, selector.run_number, now)
    else:
        steps[action]()
    return execution


def delete(world: World, *, token: str | None, execution_id: str) -> WorkflowExecution:
    """Delete (discard) a suspended or ended execution; raises as a provider answers."""
    execution = _authorized_execution(world, token, execution_id)
    if execution.phase not in ("suspended", "ended"):
        raise _errors.atm_workflow_execution_not_stopped()
    execution.deleted = True
    execution.due = None
    return execution


@dataclass(frozen=True)
class AuditLogDump:
    """What a dump streams: a snapshot of the entries, and the name of the file."""

    entries: list[dict[str, Any]]
    execution_id: str
    store_name: str


def store_dump(world: World, *, token: str | None, store_id: str) -> AuditLogDump:
    """The audit log ``store_id`` names, checked as a provider checks a dump."""
    user = authenticate(world, token)
    if user is None:
        raise _errors.unauthorized()
    found = _find_store(world, store_id)
    if found is None:
        raise _errors.not_found(module="atm_store_api", line=86)
    execution, name, store_type, entries = found
    if not may_view(world, user.id, execution):
        raise _errors.forbidden(module="atm_store_dump_download_handler", line=73)
    if store_type != "auditLog":
        raise _errors.not_supported()
    return AuditLogDump(list(entries), execution.id, name)


def _find_store(
    world: World, store_id: str
) -> tuple[WorkflowExecution, str, str, list[dict[str, Any]]] | None:
    # Store ids are unique: the index names the one execution that may hold it.
    execution = world.index.store_owner(store_id)
    if execution is None or execution.deleted:
        return None
    if store_id == execution.system_audit_log_store_id:
        return execution, WORKFLOW_SYSTEM_AUDIT_LOG, "auditLog", execution.audit_log
    for schema_id, instance_id in execution.store_registry.items():
        if instance_id == store_id:
            name, store_type = execution.store_schemas.get(schema_id, (schema_id, "list"))
            content = execution.store_initial_content.get(schema_id)
            return execution, name, store_type, _user_log(execution, content)
    for lane_runs in execution.runs:
        for run in lane_runs:
            if store_id == run.exception_store_id:
                return execution, store_id[:12], "list", []
    return None


def _user_log(execution: WorkflowExecution, content: Any) -> list[dict[str, Any]]:
    # A user audit log holds its initial content: entries below the log level dropped.
    if not isinstance(content, list):
        return []
    threshold = LOG_LEVELS.index(execution.log_level)
    entries: list[dict[str, Any]] = []
    for item in content:
        if isinstance(item, dict) and "content" in item:
            severity, body = item.get("severity") or "info", item["content"]
        else:
            severity, body = "info", item
        if severity in LOG_LEVELS and LOG_LEVELS.index(severity) < threshold:
            continue
        entries.append(
            {
                "index": str(len(entries)),
                "timestamp": int(execution.schedule_time * 1000),
                "severity": severity,
                "content": body,
            }
        )
    return entries
