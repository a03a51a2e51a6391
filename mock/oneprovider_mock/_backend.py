"""One provider's state: its world, the clock, the callbacks, behind one lock.

Every door (the in-process ASGI app, the threaded server, the CLI) works on a
``Backend``; a ``Backend`` belongs to one provider instance, never shared
through globals. Its methods take what the HTTP layer parsed (token, raw body,
query string) and return plain values or raise ``OnedataError``.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterable
from typing import Any

from ._callbacks import CallbackDelivery, CallbackDispatcher, CallbackPolicy
from .world import _errors, _rules
from .world._executions import WorkflowExecution
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
        self._pristine = (world if world is not None else World.default()).copy()
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
            phase_seconds=self.phase_seconds,
        )
        with self._lock:
            if world is not self._world:
                # A reset came in between: the request was checked against another world.
                raise _errors.not_found(module="atm_workflow_schema_logic", line=37)
            world.add_execution(execution)
            if execution.callback is not None:
                self.callbacks.schedule(
                    execution.id, execution.callback, execution.outcome, execution.stop_time
                )
            return execution

    def execution_details(self, execution_id: str, *, token: str | None) -> dict[str, Any]:
        """The details of an execution; raises ``OnedataError`` as a provider answers."""
        with self._lock:
            self._maybe_crash()
            return _rules.execution_details(
                self._world, token=token, execution_id=execution_id, now=time.time()
            )

    # --- test controls -----------------------------------------------------------------

    def reset(self, world: World | None = None) -> None:
        """Start over from the initial world (or from a copy of ``world``, kept for later resets).

        Executions and callbacks are forgotten; callbacks not yet sent are dropped.
        """
        with self._lock:
            if world is not None:
                self._pristine = world.copy()
            self._world = self._pristine.copy()
            self._crashes_pending = 0
            self.callbacks.clear()

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
