"""The provider's checks of schedule and get, in the server's order, on a world.

Scheduling (``POST /automation/execution/workflows``) answers the first failure of:

1. a token that cannot be verified: 401 ``unauthorized`` with ``details.authError``
   (cowboy's ``is_authorized`` runs before the body is read; ``_app`` asks first);
2. the body: empty or a JSON object, else 400 ``malformedData``;
3. field sanitizing, field by field (see ``_sanitize``): 400 with ``details.key``;
4. no token at all: 401 ``unauthorized`` with ``authError: null`` (a guest reaches
   the middleware's authorization, which comes after sanitizing);
5. the space privilege ``space_schedule_atm_workflow_executions``: 403 ``forbidden``
   (also for a space that does not exist; an owner holds every privilege);
6. the space must be supported by this provider: 400 ``spaceNotSupportedBy``;
7. the workflow schema, fetched as the user: 404 ``notFound`` if it does not exist,
   403 ``forbidden`` if the user is not in its inventory; 400 ``notSupported`` if
   Onezone marks it incompatible with this provider;
8. the revision: 404 ``notFound`` if the schema has no such revision;
9. the revision must be executable: 400 ``atmWorkflowEmpty`` (no lanes),
   ``atmLaneEmpty`` (a lane without parallel boxes), ``atmParallelBoxEmpty``
   (a parallel box without tasks), in lane order;
10. its lambdas (``assert_runnable_lambdas``): 404, 403, 400 ``notSupported``,
    400 ``atmOpenfaasNotConfigured``;
11. the stores, in schema order: 400 ``atmStoreCreationFailed`` (see ``_stores``).

The inventory check sits at step 7, not with the privilege check: op-worker's
authorization looks at the space privilege only and leaves the schema's access
check to the schema fetch, which happens after the support check.

Getting details (``GET .../workflows/{wid}``) answers the first failure of:
the token (401: a bad token with ``authError``, no token without details); the
execution (404 ``notFound``); the user's access (403 ``forbidden`` unless they
belong to the execution's inventory and hold ``space_view_atm_workflow_executions``).
"""

from __future__ import annotations

from typing import Any

from . import _errors
from ._executions import Outcome, WorkflowExecution, new_lanes
from ._ids import record_id
from ._model import (
    SPACE_SCHEDULE_ATM_WORKFLOW_EXECUTIONS,
    SPACE_VIEW_ATM_WORKFLOW_EXECUTIONS,
    SchemaRevision,
    User,
    WorkflowSchema,
)
from ._sanitize import ScheduleRequest, request_data, sanitize_schedule_request
from ._stores import create_stores
from ._world import World


def authenticate(world: World, token: str | None) -> User | None:
    """The user ``token`` names, or ``None`` without a token (a guest).

    Raises ``unauthorized`` with ``badToken`` inside for a token no user holds, and
    with ``userNotSupported`` for a user none of whose spaces this provider supports
    (op-worker ``auth_manager``: ``provider_logic:has_eff_user/1``).
    """
    if token is None:
        return None
    user = world.user_by_token(token)
    if user is None:
        raise _errors.unauthorized(_errors.bad_token())
    if not world.is_supported_user(user.id):
        raise _errors.unauthorized(_errors.user_not_supported())
    return user


def schedule_workflow_execution(
    world: World,
    *,
    token: str | None,
    body: bytes,
    query_string: str,
    now: float,
    phase_seconds: float | None = None,
) -> WorkflowExecution:
    """Check a schedule request and, if it passes, build its execution (not yet added).

    ``phase_seconds``, when given, sets the length of every step of the execution (its
    stops too); otherwise the revision's ``phase_seconds``, else the world's, and the
    world's ``stop_seconds`` for a stop.

    Raises the ``OnedataError`` of the first check that fails, in the module's order.
    Only reads ``world``, so it may run outside the backend's lock; the caller adds
    the execution to ``world.executions``.
    """
    user = authenticate(world, token)
    request = sanitize_schedule_request(request_data(body, query_string))
    if user is None:
        raise _errors.unauthorized()
    space = world.spaces.get(request.space_id)
    if space is None or not space.holds(user.id, SPACE_SCHEDULE_ATM_WORKFLOW_EXECUTIONS):
        raise _errors.forbidden()
    if world.provider.id not in space.supported_by:
        raise _errors.space_not_supported_by(space.id, world.provider.id)
    schema = _workflow_schema(world, user, request)
    if not schema.compatible:
        raise _errors.not_supported()
    revision = schema.revisions.get(request.revision_number)
    if revision is None:
        raise _errors.not_found(module="atm_workflow_schema_logic", line=52)
    assert_executable(revision)
    assert_runnable_lambdas(world, user, revision)
    contents = create_stores(
        revision,
        request.store_initial_content_overlay,
        space=space,
        spaces=world.spaces,
        log_level=request.log_level,
    )
    execution = _new_execution(
        world,
        user,
        schema,
        revision,
        request,
        contents,
        now,
        _first(phase_seconds, revision.phase_seconds, world.phase_seconds),
    )
    if phase_seconds is None:
        execution.stop_seconds = world.stop_seconds
    return execution


def _first(*seconds: float | None) -> float:
    """The first of ``seconds`` that is set (the last is always set)."""
    return next(s for s in seconds if s is not None)


def _workflow_schema(world: World, user: User, request: ScheduleRequest) -> WorkflowSchema:
    schema = world.workflow_schemas.get(request.atm_workflow_schema_id)
    if schema is None:
        raise _errors.not_found(module="atm_workflow_schema_logic", line=37)
    inventory = world.inventories.get(schema.inventory_id)
    if inventory is None or user.id not in inventory.members:
        raise _errors.forbidden(module="atm_workflow_schema_logic", line=37)
    return schema


def assert_executable(revision: SchemaRevision) -> None:
    """Raise the error a provider gives for a revision with nothing to run."""
    if not revision.lanes:
        raise _errors.atm_workflow_empty()
    for lane in revision.lanes:
        if not lane.parallel_boxes:
            raise _errors.atm_lane_empty(lane.id)
        for box in lane.parallel_boxes:
            if not box.tasks:
                raise _errors.atm_parallel_box_empty(box.id)


def referenced_lambdas(revision: SchemaRevision) -> dict[str, set[int]]:
    """The lambdas the tasks of ``revision`` run, with the revision numbers of each."""
    referenced: dict[str, set[int]] = {}
    for lane in revision.lanes:
        for box in lane.parallel_boxes:
            for task in box.tasks:
                referenced.setdefault(task.lambda_id, set()).add(task.lambda_revision_number)
    return referenced


def assert_runnable_lambdas(world: World, user: User, revision: SchemaRevision) -> None:
    """Raise what a provider answers for a lambda it cannot fetch or run.

    In the order of the lambda ids (``maps:to_list/1``): a missing lambda is 404, one in
    no inventory of the user's 403, one Onezone marks incompatible ``notSupported``; then
    each referenced revision must exist (404) and OpenFaaS be configured
    (``atmOpenfaasNotConfigured``).
    """
    referenced = referenced_lambdas(revision)
    for lambda_id in sorted(referenced):
        found = world.lambdas.get(lambda_id)
        if found is None:
            raise _errors.not_found(module="atm_lambda_logic", line=61)
        if not any(
            user.id in world.inventories[inventory_id].members
            for inventory_id in found.inventory_ids
            if inventory_id in world.inventories
        ):
            raise _errors.forbidden(module="atm_lambda_logic", line=61)
        if not found.compatible:
            raise _errors.not_supported()
        for number in sorted(referenced[lambda_id]):
            if number not in found.revisions:
                raise _errors.not_found(module="atm_lambda_logic", line=148)
            if not world.provider.openfaas:
                raise _errors.atm_openfaas_not_configured()


def _new_execution(
    world: World,
    user: User,
    schema: WorkflowSchema,
    revision: SchemaRevision,
    request: ScheduleRequest,
    contents: dict[str, Any],
    now: float,
    phase_seconds: float,
) -> WorkflowExecution:
    execution_id = record_id()
    while execution_id in world.executions:
        execution_id = record_id()
    store_registry = {store.id: record_id() for store in revision.stores}
    lanes = new_lanes(revision, store_registry)
    return WorkflowExecution(
        id=execution_id,
        atm_workflow_schema_id=schema.id,
        revision_number=revision.number,
        schema_snapshot_id=record_id(),
        name=schema.name,
        atm_inventory_id=schema.inventory_id,
        space_id=request.space_id,
        user_id=user.id,
        log_level=request.log_level,
        callback=request.callback,
        schedule_time=now,
        phase_seconds=phase_seconds,
        outcome=Outcome(revision.outcome, revision.outcome_lane, revision.outcome_stop_reason),
        lambda_snapshot_registry={
            lambda_id: record_id() for lambda_id in sorted(referenced_lambdas(revision))
        },
        store_registry=store_registry,
        system_audit_log_store_id=record_id(),
        lanes=lanes,
        store_initial_content=contents,
        store_schemas={store.id: (store.name, store.type) for store in revision.stores},
    )


def execution_details(world: World, *, token: str | None, execution_id: str) -> dict[str, Any]:
    """The details GET answers; raises the first failing check's ``OnedataError``."""
    user = authenticate(world, token)
    if user is None:
        raise _errors.unauthorized()
    execution = live_execution(world, execution_id)
    if not may_view(world, user.id, execution):
        raise _errors.forbidden(module="atm_workflow_execution_middleware_plugin", line=371)
    return execution.details()


def live_execution(world: World, execution_id: str) -> WorkflowExecution:
    """The execution, unless it is unknown or deleted (404 ``notFound``)."""
    execution = world.executions.get(execution_id)
    if execution is None or execution.deleted:
        raise _errors.not_found(module="atm_workflow_execution_api", line=212)
    return execution


def may_view(world: World, user_id: str, execution: WorkflowExecution) -> bool:
    """``has_access_to_workflow_execution_details``: in its inventory, with the view privilege."""
    space = world.spaces.get(execution.space_id)
    inventory = world.inventories.get(execution.atm_inventory_id)
    return (
        inventory is not None
        and user_id in inventory.members
        and space is not None
        and space.holds(user_id, SPACE_VIEW_ATM_WORKFLOW_EXECUTIONS)
    )
