"""What happens around each case: the world put back, the phase noted, created ids kept.

``before_call``: against the embedded mock, after a case changed an execution, the next
case (outside the stateful scenarios, which build their own executions through the links)
starts from the world as it was loaded, so each meets the status its id was drawn for;
the phase of the execution a case names is noted for the summary. ``after_call``: the
case is counted, and an execution a case created is kept for the live cleanup.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from schemathesis import Case, HookContext, Response
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.schemas import OpenApiSchema

from contract_tests.executions import ExecutionPool
from contract_tests.operations import (
    CHANGES,
    DEFAULT_PHASE,
    DUMP,
    LIST,
    PHASES,
    SCHEDULE,
    execution_id,
    operation_id,
)
from contract_tests.summary import COUNTER


def register(schema: OpenApiSchema, pool: ExecutionPool) -> None:
    """Register the suite's ``before_call`` and ``after_call`` hooks on ``schema``."""
    known = set(pool.execution_ids)

    def before_call(context: HookContext, case: Case[Any], **kwargs: Any) -> None:
        meta = case.meta
        stateful = meta is not None and meta.phase.name == TestPhase.STATEFUL
        if pool.restore is not None and pool.dirty and not stateful:
            pool.restore()
            pool.dirty = False
        phase = _phase_met(case, pool, known)
        if phase is not None:
            COUNTER.note_phase(case, phase)

    def after_call(context: HookContext, case: Case[Any], response: Response) -> None:
        COUNTER.after_call(context, case, response)
        if operation_id(case) in CHANGES and 200 <= response.status_code < 300:
            # Only a change that succeeded moves an execution (an error leaves it as it was).
            pool.dirty = True
        if operation_id(case) == SCHEDULE and response.status_code == 201:
            created = _created_id(response)
            if created is not None:
                pool.add_created(created)

    # before_call exists only in the global scope: the suite loads one schema per process.
    schemathesis.hook("before_call")(before_call)
    schema.hooks.register_hook_with_name(after_call, "after_call")


def _phase_met(case: Case[Any], pool: ExecutionPool, known: set[str]) -> str | None:
    """The phase a case meets (see ``operations.WITH_A_PHASE``), if its operation has one."""
    operation = operation_id(case)
    if operation == LIST:
        phase = (case.query or {}).get("phase", DEFAULT_PHASE)
        return phase if phase in PHASES else "no phase"
    if operation == DUMP:
        store_id = (case.path_parameters or {}).get("store_id")
        wid = pool.store_owners.get(store_id) if isinstance(store_id, str) else None
    else:
        wid = execution_id(case)
    if wid is None:
        return "none" if operation == DUMP else None
    # In-process every id is looked up; over the network only the suite's own.
    looked_up = pool.restore is not None or wid in known or pool.has_created(wid)
    return pool.phase_of(wid) if looked_up else "not looked up"


def _created_id(response: Response) -> str | None:
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError):
        return None
    value = body.get("atmWorkflowExecutionId") if isinstance(body, dict) else None
    return value if isinstance(value, str) else None
