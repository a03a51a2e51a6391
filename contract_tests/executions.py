"""The executions the suite acts on, and the cleanup after a live run.

Operations on one execution (get, cancel, pause, ... delete) and the audit-log dump only
reach past 404 with ids that exist, so fuzzed cases are given, most of the time, the id of
an execution (or of a store) from an :class:`ExecutionPool`:

- the embedded mock serves a world that starts with executions in every status
  (:data:`contract_tests.target.EMBEDDED_WORLD`), each holding its status until an action
  moves it, and after a case changed one the world is put back as it started
  (:meth:`ExecutionPool.restore`), so that every operation meets every status, not just
  what earlier cases left;
- against a live provider the suite schedules a few executions of its own at the start
  (pausing and cancelling some, to spread them over the phases), adds every execution a
  case creates, and at the end cancels and deletes them all (:func:`clean_up`), reporting
  what it could not delete; a read-only run takes existing ids from list pages instead and
  creates nothing.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from contract_tests.operations import PHASE_OF_STATUS, PHASES
from contract_tests.target import TOKEN_HEADER, Target

#: Executions a live run schedules for itself before any case.
LIVE_SEEDS = 6
#: A live cleanup stops trying after this long (seconds), and reports what is left.
CLEANUP_TIMEOUT = 120.0
_PATH = "/automation/execution/workflows"


@dataclass
class ExecutionPool:
    """Ids the suite may use in paths: executions and the stores they have."""

    execution_ids: list[str] = field(default_factory=list)
    #: Audit-log stores (each execution's own, and audit-log stores of its schema).
    audit_log_store_ids: list[str] = field(default_factory=list)
    #: Stores of other types (the dump answers 400 ``notSupported``).
    other_store_ids: list[str] = field(default_factory=list)
    #: Store id -> the execution it belongs to.
    store_owners: dict[str, str] = field(default_factory=dict)
    #: Executions this run created on a live provider, to clean up at the end.
    created: list[str] = field(default_factory=list)
    #: Puts an in-process world back as it started (``None`` for a live target).
    restore: Callable[[], None] | None = None
    #: Whether a case changed an execution since the last :attr:`restore`.
    dirty: bool = False
    #: The status of an execution now, or ``None`` when it is not known or gone.
    status_of: Callable[[str], str | None] = lambda _wid: None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _created_ids: set[str] = field(default_factory=set, repr=False)

    def phase_of(self, execution_id: str) -> str:
        """The phase of an execution now: waiting, ongoing, suspended, ended or ``none``."""
        status = self.status_of(execution_id)
        return PHASE_OF_STATUS.get(status, "unknown") if status is not None else "none"

    def has_created(self, execution_id: str) -> bool:
        """Whether a case of this run created the execution."""
        with self._lock:
            return execution_id in self._created_ids

    def add_created(self, execution_id: str) -> None:
        """Remember an execution a case created (it is cleaned up at the end of a live run)."""
        with self._lock:
            self.created.append(execution_id)
            self._created_ids.add(execution_id)

    def take_stores(self, details: Mapping[str, Any], audit_log_stores: Iterable[str]) -> None:
        """Add the stores named in an execution's details, sorted by kind."""
        audit = set(audit_log_stores)
        system = details.get("systemAuditLogStoreId")
        if isinstance(system, str):
            audit.add(system)
        registry = details.get("storeRegistry")
        stores = set(registry.values()) if isinstance(registry, Mapping) else set()
        self.audit_log_store_ids.extend(sorted(audit))
        self.other_store_ids.extend(sorted(s for s in stores - audit if isinstance(s, str)))
        owner = details.get("atmWorkflowExecutionId")
        if isinstance(owner, str):
            self.store_owners.update(dict.fromkeys(audit | stores, owner))


def embedded_pool(app: Any) -> ExecutionPool:
    """The executions the embedded mock's world starts with.

    An in-process app that is not the mock (``CONTRACT_TEST_APP``) gives an empty pool.
    """
    backend = getattr(app, "backend", None)
    if backend is None:
        return ExecutionPool()
    world = backend.world
    token = world.default_token
    pool = ExecutionPool(restore=backend.reset)
    for execution in world.executions.values():
        pool.execution_ids.append(execution.id)
        details = backend.execution_details(execution.id, token=token)
        pool.take_stores(details, _audit_log_stores(world, execution))

    def status_of(execution_id: str) -> str | None:
        execution = backend.world.executions.get(execution_id)
        if execution is None or getattr(execution, "deleted", False):
            return None
        return str(backend.execution_details(execution_id, token=token)["status"])

    pool.status_of = status_of
    return pool


def _audit_log_stores(world: Any, execution: Any) -> list[str]:
    """Ids of the execution's stores whose schema is of type audit log."""
    revision = world.workflow_schemas[execution.atm_workflow_schema_id].revisions[
        execution.revision_number
    ]
    audit_schemas = {store.id for store in revision.stores if store.type == "auditLog"}
    return [
        store_id
        for schema_id, store_id in execution.store_registry.items()
        if schema_id in audit_schemas
    ]


class LiveClient:
    """A few plain requests to a live target, outside the cases (seeding, probing, cleanup)."""

    def __init__(self, target: Target, *, timeout: float = 30.0) -> None:
        self._client = httpx.Client(
            base_url=target.api_url, headers={TOKEN_HEADER: target.token}, timeout=timeout
        )
        self._target = target

    def close(self) -> None:
        self._client.close()

    def schedule(self) -> str | None:
        body = {
            "spaceId": self._target.space_id,
            "atmWorkflowSchemaId": self._target.workflow_schema_id,
            "atmWorkflowSchemaRevisionNumber": self._target.revision,
        }
        if self._target.store_initial_content:
            body["storeInitialContentOverlay"] = dict(self._target.store_initial_content)
        response = self._client.post(_PATH, json=body)
        if response.status_code != 201:
            return None
        execution_id = response.json().get("atmWorkflowExecutionId")
        return execution_id if isinstance(execution_id, str) else None

    def details(self, execution_id: str) -> dict[str, Any] | None:
        response = self._client.get(f"{_PATH}/{execution_id}")
        if response.status_code != 200:
            return None
        body = response.json()
        return body if isinstance(body, dict) else None

    def status(self, execution_id: str) -> str | None:
        details = self.details(execution_id)
        return str(details["status"]) if details else None

    def act(self, execution_id: str, action: str) -> int:
        return self._client.post(f"{_PATH}/{execution_id}/{action}").status_code

    def delete(self, execution_id: str) -> int:
        return self._client.delete(f"{_PATH}/{execution_id}").status_code

    def listed(self, phase: str, limit: int = 50) -> list[str]:
        response = self._client.get(
            f"/spaces/{self._target.space_id}/automation/execution/workflows",
            params={"phase": phase, "limit": limit},
        )
        if response.status_code != 200:
            return []
        ids = response.json().get("atmWorkflowExecutions", [])
        return [i for i in ids if isinstance(i, str)]


def live_pool(target: Target) -> ExecutionPool:
    """Executions on a live target: a few of the suite's own, or (read-only) listed ones."""
    client = LiveClient(target)
    pool = ExecutionPool(status_of=client.status)
    if target.read_only:
        for phase in PHASES:
            pool.execution_ids.extend(client.listed(phase))
    else:
        for number in range(LIVE_SEEDS):
            execution_id = client.schedule()
            if execution_id is None:
                continue
            pool.execution_ids.append(execution_id)
            pool.add_created(execution_id)
            # Spread them: some paused (suspended), some cancelled (ended), some left to run.
            if number % 3 == 1:
                client.act(execution_id, "pause")
            elif number % 3 == 2:
                client.act(execution_id, "cancel")
    for execution_id in pool.execution_ids:
        details = client.details(execution_id)
        if details is not None:
            pool.take_stores(details, ())
    return pool


@dataclass(frozen=True)
class CleanupReport:
    """What a live cleanup did with the executions the run created."""

    created: int
    deleted: int
    #: Already gone (a case deleted them).
    gone: int
    #: Execution id -> why it is still there.
    left: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "deleted": self.deleted,
            "gone": self.gone,
            "left": self.left,
        }


def clean_up(
    target: Target,
    execution_ids: Iterable[str],
    *,
    timeout: float = CLEANUP_TIMEOUT,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> CleanupReport:
    """Cancel and delete every execution in ``execution_ids`` on a live target.

    Each is cancelled (a suspended one is cancelled at once, a running one stops), then
    deleted once it has stopped; those still there at ``timeout`` are reported with the
    reason.
    """
    ids = list(dict.fromkeys(execution_ids))
    client = LiveClient(target)
    deleted = gone = 0
    done: set[str] = set()
    reasons: dict[str, str] = {}
    pending: list[str] = []
    try:
        for execution_id in ids:
            status = client.status(execution_id)
            if status is None:
                gone += 1
                done.add(execution_id)
                continue
            if PHASE_OF_STATUS.get(status) != "ended":
                client.act(execution_id, "cancel")
            pending.append(execution_id)
        deadline = clock() + timeout
        delay = 0.05
        while pending:
            still = []
            for execution_id in pending:
                answer = client.delete(execution_id)
                if answer in (204, 404):
                    deleted += answer == 204
                    gone += answer == 404
                    done.add(execution_id)
                else:
                    still.append(execution_id)
                    reasons[execution_id] = f"delete answered {answer}"
            pending = still
            if not pending or clock() >= deadline:
                break
            sleep(delay)
            delay = min(delay * 2, 2.0)
    except httpx.HTTPError as err:
        for execution_id in ids:
            reasons.setdefault(execution_id, f"cleanup stopped: {type(err).__name__}")
    finally:
        client.close()
    left = {i: reasons.get(i, "still running at the timeout") for i in ids if i not in done}
    return CleanupReport(created=len(ids), deleted=deleted, gone=gone, left=left)


def cleanup_line(report: Mapping[str, Any]) -> str:
    """The summary's line about a live cleanup."""
    left = report.get("left", {})
    line = (
        f"created {report.get('created', 0)}, deleted {report.get('deleted', 0)}, "
        f"already gone {report.get('gone', 0)}, could not delete {len(left)}"
    )
    if left:
        shown = dict(list(left.items())[:10])
        line += f": {json.dumps(shown)}"
    return line
