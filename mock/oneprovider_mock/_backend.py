"""One provider's state: its world, the clock, the callbacks, behind one lock.

Every door (the in-process ASGI app, the threaded server, the CLI) works on a
``Backend``; a ``Backend`` belongs to one provider instance, never shared
through globals. Its methods take what the HTTP layer parsed (token, raw body,
query string) and return plain values or raise ``OnedataError``.
"""

from __future__ import annotations

import dataclasses
import pickle
import threading
import time
from collections.abc import Iterable
from typing import Any

from ._callbacks import CallbackDelivery, CallbackDispatcher, CallbackPolicy
from .world import _errors, _listing, _operations, _rules
from .world._executions import Stop, WorkflowExecution
from .world._model import MAX_PHASE_SECONDS
from .world._onedata_error import ServiceContext
from .world._world import World


class InjectedCrash(RuntimeError):
    """Raised inside a request the test asked to crash (``fail_next_requests``)."""


class Backend:
    """The state and rules of one fake provider."""

    def __init__(
        self,
        world: World | None = None,
        *,
        phase_seconds: float | None = None,
        callback_tries: int | None = None,
        callback_backoff: float | None = None,
        allow_callback_hosts: Iterable[str] = (),
    ) -> None:
        """Serve a copy of ``world`` (default: ``World.default()``).

        ``phase_seconds`` overrides the world's speed: how long an execution stays
        scheduled, then active. Callbacks follow a provider's policy
        (``CallbackPolicy()``) but for ``callback_tries`` (tries in all) and
        ``callback_backoff`` (a fixed first wait, then doubling), and go to loopback
        hosts and ``allow_callback_hosts`` only.
        """
        self._pristine = _Pristine(world if world is not None else World.default())
        self._world = self._pristine.copy()
        self._phase_seconds = _checked_seconds(phase_seconds)
        self._lock = threading.Lock()
        self._crashes_pending = 0
        policy = CallbackPolicy(allowed_hosts=frozenset(allow_callback_hosts))
        if callback_tries is not None:
            policy = dataclasses.replace(policy, tries=callback_tries)
        if callback_backoff is not None:
            policy = dataclasses.replace(policy, first_backoff=callback_backoff)
        self.callbacks = CallbackDispatcher(policy)
        self.callbacks.on_wake = self.advance
        self._adopt_world_executions()

    @property
    def world(self) -> World:
        """The live world (executions included); change it only between requests."""
        return self._world

    @property
    def service(self) -> ServiceContext:
        """What errors' ``ctx`` says about this provider."""
        provider = self._world.provider
        return ServiceContext(service_id=provider.id, service_domain=provider.domain)

    @property
    def phase_seconds(self) -> float:
        """How long new executions stay scheduled, then active."""
        if self._phase_seconds is not None:
            return self._phase_seconds
        return self._world.phase_seconds

    def set_phase_seconds(self, seconds: float | None) -> None:
        """Speed for executions scheduled from now on; ``None`` goes back to the world's."""
        self._phase_seconds = _checked_seconds(seconds)

    # --- the API ---------------------------------------------------------------------

    def authenticate(self, token: str) -> None:
        """Raise ``unauthorized`` unless ``token`` is valid (as cowboy's ``is_authorized``)."""
        _rules.authenticate(self._world, token)

    def schedule(
        self, *, token: str | None, body: bytes, query_string: str = ""
    ) -> WorkflowExecution:
        """Schedule a workflow execution; raises ``OnedataError`` as a provider answers.

        The request is parsed and checked outside the lock (it only reads the world),
        so a large body holds up no other client; only adding the execution is locked.
        """
        with self._lock:
            self._maybe_crash()
            world = self._world
        execution = _rules.schedule_workflow_execution(
            world,
            token=token,
            body=body,
            query_string=query_string,
            now=time.time(),
            phase_seconds=self._phase_seconds,
        )
        with self._lock:
            if world is not self._world:
                # A reset came in between: the request was checked against another world.
                raise _errors.not_found(module="atm_workflow_schema_logic", line=37)
            world.add_execution(execution)
            self._moved(execution, time.time())
            return execution

    def execution_details(self, execution_id: str, *, token: str | None) -> dict[str, Any]:
        """The details of an execution; raises ``OnedataError`` as a provider answers."""
        with self._lock:
            self._maybe_crash()
            self._advance(time.time())
            return _rules.execution_details(self._world, token=token, execution_id=execution_id)

    def act(
        self,
        action: str,
        execution_id: str,
        *,
        token: str | None,
        body: bytes = b"",
        query_string: str = "",
    ) -> None:
        """``cancel``, ``pause``, ``resume``, ``force_continue``, ``rerun`` or ``retry``.

        The body and query string matter to ``rerun`` and ``retry`` only
        (``{"laneIndex", "laneRunNumber"}``); raises ``OnedataError`` as a provider answers.
        """
        if action not in _operations.ACTIONS:
            raise ValueError(f"unknown action {action!r}; expected one of {_operations.ACTIONS}")
        selector = None
        if action in ("rerun", "retry"):
            selector = _operations.sanitize_repeat(body, query_string)
        with self._lock:
            self._maybe_crash()
            now = time.time()
            self._advance(now)
            execution = _operations.act(
                self._world,
                action,
                token=token,
                execution_id=execution_id,
                selector=selector,
                now=now,
            )
            self._moved(execution, now)

    def delete(self, execution_id: str, *, token: str | None) -> None:
        """Delete a suspended or ended execution; raises ``OnedataError`` as a provider answers."""
        with self._lock:
            self._maybe_crash()
            self._advance(time.time())
            execution = _operations.delete(self._world, token=token, execution_id=execution_id)
            self._world.index.track(execution)

    def list_executions(
        self, space_id: str, *, token: str | None, query_string: str = ""
    ) -> dict[str, Any]:
        """A page of a space's executions of one phase (``phase``, ``index``, ``token``,
        ``offset``, ``limit`` in ``query_string``); raises ``OnedataError``."""
        query = _listing.sanitize_list_query(query_string)
        with self._lock:
            self._maybe_crash()
            self._advance(time.time())
            return _listing.list_executions(
                self._world, token=token, space_id=space_id, query=query
            )

    def audit_log_dump(self, store_id: str, *, token: str | None) -> _operations.AuditLogDump:
        """A snapshot of an audit-log store's entries, oldest first; raises ``OnedataError``."""
        with self._lock:
            self._maybe_crash()
            self._advance(time.time())
            return _operations.store_dump(self._world, token=token, store_id=store_id)

    def advance(self) -> None:
        """Bring every execution up to now (reads and actions do it themselves)."""
        with self._lock:
            self._advance(time.time())

    def _advance(self, now: float) -> None:
        index = self._world.index
        for execution in index.due(now):
            self._report(execution, execution.advance(now))
            index.track(execution)

    def _moved(self, execution: WorkflowExecution, now: float) -> None:
        # After a change: steps due at once (phase 0) happen, and the next stop is expected.
        self._report(execution, execution.advance(now))
        self._world.index.track(execution)
        projected = execution.projected_stop() if execution.callback is not None else None
        if projected is not None:
            assert execution.callback is not None
            self.callbacks.expect(
                execution.id, projected.episode, execution.callback, projected.status, projected.at
            )

    def _report(self, execution: WorkflowExecution, stops: list[Stop]) -> None:
        if execution.callback is None:
            return
        for stop in stops:
            self.callbacks.stopped(
                execution.id, stop.episode, execution.callback, stop.status, stop.at
            )

    def _adopt_world_executions(self) -> None:
        for execution in self._world.executions.values():
            execution.phase_seconds = self.phase_seconds

    # --- test controls -----------------------------------------------------------------

    def crash(self, execution_id: str) -> None:
        """Crash a waiting or ongoing execution at once (``crashed``, with its callback).

        Raises ``KeyError`` for an unknown execution, ``ValueError`` for a stopped one.
        """
        with self._lock:
            now = time.time()
            self._advance(now)
            execution = self._running(execution_id)
            self._report(execution, [s for s in [execution.crash(now)] if s is not None])
            self._world.index.track(execution)

    def interrupt(self, execution_id: str) -> None:
        """Interrupt a waiting or ongoing execution (``stopping``, then ``interrupted``).

        Raises ``KeyError`` for an unknown execution, ``ValueError`` for a stopped one.
        """
        with self._lock:
            now = time.time()
            self._advance(now)
            execution = self._running(execution_id)
            try:
                execution.request_stop("interrupt", now)
            except _errors.OnedataError as err:
                raise ValueError(
                    f"execution {execution_id!r} cannot be interrupted: {err}"
                ) from err
            self._moved(execution, now)

    def set_execution_phase_seconds(self, execution_id: str, seconds: float) -> None:
        """How long each next automatic step of one execution takes (its due step too)."""
        checked = _checked_seconds(seconds)
        assert checked is not None
        with self._lock:
            now = time.time()
            self._advance(now)
            execution = self._world.executions[execution_id]
            execution.phase_seconds = checked
            if execution.due is not None:
                execution.due = execution.clock + checked
            self._moved(execution, now)

    def executions_summary(self) -> list[dict[str, Any]]:
        """Every execution with its status and phase, oldest first (deleted ones marked)."""
        with self._lock:
            self._advance(time.time())
            return [
                {
                    "atmWorkflowExecutionId": e.id,
                    "spaceId": e.space_id,
                    "userId": e.user_id,
                    "status": e.status,
                    "phase": e.phase,
                    "deleted": e.deleted,
                    "systemAuditLogStoreId": e.system_audit_log_store_id,
                }
                for e in self._world.executions.values()
            ]

    def _running(self, execution_id: str) -> WorkflowExecution:
        execution = self._world.executions[execution_id]
        if execution.deleted or execution.phase not in ("waiting", "ongoing"):
            raise ValueError(f"execution {execution_id!r} is {execution.status}, not running")
        return execution

    def reset(self, world: World | None = None) -> None:
        """Start over from the initial world (or from a copy of ``world``, kept for later resets).

        Executions and callbacks are forgotten; callbacks not yet sent are dropped.
        """
        with self._lock:
            if world is not None:
                self._pristine = _Pristine(world)
            self._world = self._pristine.copy()
            self._crashes_pending = 0
            self.callbacks.clear()
            self._adopt_world_executions()

    def fail_next_requests(self, count: int = 1) -> None:
        """Make the next ``count`` API requests crash (answered 500 ``internalServerError``)."""
        if count < 0:
            raise ValueError(f"count must be >= 0, got {count!r}")
        with self._lock:
            self._crashes_pending = count

    def callback_deliveries(self) -> list[CallbackDelivery]:
        """Every callback so far, oldest first, with its outcome and tries."""
        return self.callbacks.deliveries()

    def wait_for_callback(self, execution_id: str, *, timeout: float = 10.0) -> CallbackDelivery:
        """Wait until the callback of ``execution_id`` is delivered, refused or given up on.

        Raises ``TimeoutError`` after ``timeout`` seconds.
        """
        return self.callbacks.wait_until_settled(execution_id, timeout=timeout)[0]

    def close(self) -> None:
        """Stop the callback threads."""
        self.callbacks.close()

    def _maybe_crash(self) -> None:
        if self._crashes_pending > 0:
            self._crashes_pending -= 1
            raise InjectedCrash("crash requested by a test (fail_next_requests)")


def _checked_seconds(seconds: float | None) -> float | None:
    if seconds is None:
        return None
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not 0 <= seconds <= MAX_PHASE_SECONDS
    ):
        raise ValueError(
            f"phase seconds must be a number from 0 to {MAX_PHASE_SECONDS:,.0f}, got {seconds!r}"
        )
    return float(seconds)


class _Pristine:
    """The world a reset starts from, kept pickled: a copy is one ``pickle.loads``.

    The contract tests reset after every case that changed an execution (hundreds of
    times a run); unpickling is several times cheaper than ``copy.deepcopy`` of the
    same world, and makes the same independent copy.
    """

    def __init__(self, world: World) -> None:
        self._pickled = pickle.dumps(world, protocol=pickle.HIGHEST_PROTOCOL)

    def copy(self) -> World:
        world = pickle.loads(self._pickled)  # noqa: S301 (bytes this object pickled itself)
        assert isinstance(world, World)
        return world
