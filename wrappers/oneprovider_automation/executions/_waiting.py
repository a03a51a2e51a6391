"""Waiting: when to poll next, when an execution is done, and ``wait_all`` over list pages.

No I/O here. :class:`Polling` keeps the rhythm; :func:`finished_waiting`
says whether a state ends a wait; :class:`WaitAll` is the whole of
``wait_all`` as a generator of steps (list a page, get an execution, sleep)
that the sync and async clients perform and answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterable
from typing import Literal

import attrs

from .._constants import MAX_POLL_INTERVAL, POLL_BACKOFF
from .._exceptions import (
    ExecutionSuspendedError,
    NotFoundError,
    UnlistedExecutionsError,
    WaitAllTimeoutError,
    WaitTimeoutError,
)
from .._logging import log
from .._models import ExecutionPhase, WorkflowExecution
from .._request import Call, require_id
from .._secrets import Secret
from ._listing import MAX_PAGE_SIZE, ExecutionPage, list_call

Until = Literal["stopped", "ended"]

#: Polls in a row an execution may be missing from every list before it is looked up.
UNLISTED_POLLS = 2
#: The phases ``wait_all`` reads, in this order: where unfinished executions
#: are first, so that a poll ends early once every execution was found.
PHASE_ORDER = (
    ExecutionPhase.WAITING,
    ExecutionPhase.ONGOING,
    ExecutionPhase.SUSPENDED,
    ExecutionPhase.ENDED,
)
_STOPPED_PHASES = (ExecutionPhase.SUSPENDED, ExecutionPhase.ENDED)


class Polling:
    """When the next poll comes: intervals growing by ``POLL_BACKOFF`` up to a cap.

    The last poll falls on the deadline, so an execution that stops just in
    time is still seen.
    """

    def __init__(
        self, *, timeout: float | None, poll_interval: float, clock: Callable[[], float]
    ) -> None:
        if timeout is not None and (
            isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout < 0
        ):
            raise ValueError(f"timeout must be a number of seconds >= 0 or None, got {timeout!r}")
        if (
            isinstance(poll_interval, bool)
            or not isinstance(poll_interval, int | float)
            or poll_interval <= 0
        ):
            raise ValueError(f"poll_interval must be a positive number, got {poll_interval!r}")
        self.timeout = timeout
        self._clock = clock
        self._started = clock()
        self._interval = float(poll_interval)
        self._cap = max(MAX_POLL_INTERVAL, float(poll_interval))

    @property
    def elapsed(self) -> float:
        return self._clock() - self._started

    def next_delay(self) -> float | None:
        """Seconds until the next poll, or ``None`` when the time is up."""
        delay = self._interval
        if self.timeout is not None:
            remaining = self.timeout - self.elapsed
            if remaining <= 0:
                return None
            delay = min(delay, remaining)
        self._interval = min(self._interval * POLL_BACKOFF, self._cap)
        return delay


def check_until(until: object) -> Until:
    if until == "stopped":
        return "stopped"
    if until == "ended":
        return "ended"
    raise ValueError(f"until must be 'stopped' or 'ended', got {until!r}")


def finished_waiting(execution: WorkflowExecution, until: Until, secret: Secret) -> bool:
    """Whether ``execution`` ends a wait ``until`` it stops or ends; logs which it is.

    Raises :class:`ExecutionSuspendedError` when waiting until it ends and it
    is suspended: it would never end by itself.
    """
    if execution.is_ended:
        log(
            logging.INFO,
            secret,
            "workflow execution %s has ended: %s",
            execution.id,
            execution.status.value,
        )
        return True
    if not execution.is_suspended:
        return False
    if until == "ended":
        raise ExecutionSuspendedError(
            secret.redact(
                f"workflow execution {execution.id} is {execution.status.value} (suspended): "
                "it will not end by itself; resume(...) continues it, cancel(...) ends it"
            ),
            execution=execution,
        )
    log(
        logging.INFO,
        secret,
        "workflow execution %s is suspended: %s (resume continues it)",
        execution.id,
        execution.status.value,
    )
    return True


def wait_timeout(
    execution: WorkflowExecution, polling: Polling, until: Until, secret: Secret
) -> WaitTimeoutError:
    timeout = polling.timeout or 0.0
    goal = "ended" if until == "ended" else "stopped"
    return WaitTimeoutError(
        secret.redact(
            f"workflow execution {execution.id} is still {execution.status.value} after "
            f"{polling.elapsed:.1f} s ({execution.phase.value}, not yet {goal}; timeout "
            f"{timeout:g} s); wait longer with a larger timeout"
        ),
        execution=execution,
        timeout=timeout,
    )


def log_poll(secret: Secret, execution: WorkflowExecution, delay: float) -> None:
    log(
        logging.INFO,
        secret,
        "workflow execution %s is %s (%s); next poll in %.1f s",
        execution.id,
        execution.status.value,
        execution.phase.value,
        delay,
    )


@attrs.frozen
class ListStep:
    """Send ``call`` and answer with its :class:`ExecutionPage` (of ``phase``)."""

    call: Call
    phase: ExecutionPhase


@attrs.frozen
class GetStep:
    """Get the execution's details; answer with them, or with the :class:`NotFoundError`."""

    execution_id: str


@attrs.frozen
class SleepStep:
    """Sleep ``seconds``; answer with ``None``."""

    seconds: float


Step = ListStep | GetStep | SleepStep
Answer = ExecutionPage | WorkflowExecution | NotFoundError | None


class WaitAll:
    """``wait_all``: each poll reads the phase lists of the space, ids only, page by page.

    A poll reads the phases in :data:`PHASE_ORDER` and stops as soon as every
    pending execution was found in one. An execution found stopped is got
    once, for its details. One missing from every list :data:`UNLISTED_POLLS`
    polls in a row is got too, to tell a listing race from an execution that
    is not there (deleted, or of another space), which is an error.
    """

    def __init__(
        self,
        base_url: str,
        space_id: str,
        execution_ids: Iterable[str],
        *,
        until: Until,
        polling: Polling,
        secret: Secret,
    ) -> None:
        require_id(space_id, "space_id")
        if isinstance(execution_ids, str):
            raise TypeError("execution_ids must be a collection of ids, not one string")
        ids = list(dict.fromkeys(execution_ids))
        for execution_id in ids:
            require_id(execution_id, "each of execution_ids")
        self._base_url = base_url
        self._space_id = space_id
        self._order = ids
        self._until = until
        self._polling = polling
        self._secret = secret
        self._unlisted_polls = dict.fromkeys(ids, 0)
        self.done: dict[str, WorkflowExecution] = {}

    @property
    def pending(self) -> list[str]:
        return [i for i in self._order if i not in self.done]

    def run(self) -> Generator[Step, Answer, dict[str, WorkflowExecution]]:
        """The steps of the whole wait; returns every execution by id, in the order given."""
        while True:
            listed, stopped = yield from self._read_lists()
            for execution_id in stopped:
                yield from self._look_up(execution_id)
            missing: list[str] = []
            elsewhere: dict[str, str] = {}
            for execution_id in self.pending:
                if execution_id in listed:
                    self._unlisted_polls[execution_id] = 0
                    continue
                self._unlisted_polls[execution_id] += 1
                if self._unlisted_polls[execution_id] >= UNLISTED_POLLS:
                    found = yield from self._look_up(execution_id)
                    if found is None:
                        missing.append(execution_id)
                    elif found.space_id != self._space_id:
                        elsewhere[execution_id] = found.space_id
            if missing or elsewhere:
                raise self._unlisted(missing, elsewhere)
            pending = self.pending
            if not pending:
                return {i: self.done[i] for i in self._order}
            delay = self._polling.next_delay()
            if delay is None:
                raise self._timeout(pending)
            log(
                logging.INFO,
                self._secret,
                "%d of %d workflow executions not yet %s; next poll in %.1f s",
                len(pending),
                len(self._order),
                self._until,
                delay,
            )
            yield SleepStep(delay)

    def _read_lists(self) -> Generator[Step, Answer, tuple[set[str], list[str]]]:
        pending = set(self.pending)
        listed: set[str] = set()
        stopped: list[str] = []
        for phase in PHASE_ORDER:
            token: str | None = None
            while len(listed) < len(pending):
                call = list_call(
                    self._base_url,
                    self._space_id,
                    phase=phase,
                    limit=MAX_PAGE_SIZE,
                    token=token,
                    offset=0,
                    index=None,
                )
                page = yield ListStep(call, phase)
                assert isinstance(page, ExecutionPage)
                for execution_id in page.ids:
                    if execution_id in pending and execution_id not in listed:
                        listed.add(execution_id)
                        if phase in _STOPPED_PHASES:
                            stopped.append(execution_id)
                if page.is_last or page.next_page_token in (None, token):
                    break
                token = page.next_page_token
        return listed, stopped

    def _look_up(self, execution_id: str) -> Generator[Step, Answer, WorkflowExecution | None]:
        """Get one execution; record it when it ends the wait. ``None``: there is no such one."""
        answer = yield GetStep(execution_id)
        if isinstance(answer, NotFoundError):
            # Deleted: if it was listed a moment ago, the next polls will say so.
            return None
        assert isinstance(answer, WorkflowExecution)
        if answer.space_id == self._space_id and finished_waiting(
            answer, self._until, self._secret
        ):
            self.done[execution_id] = answer
        else:
            self._unlisted_polls[execution_id] = 0
        return answer

    def _unlisted(self, missing: list[str], elsewhere: dict[str, str]) -> UnlistedExecutionsError:
        parts = []
        if missing:
            parts.append(f"{', '.join(missing)} not found (404): never scheduled, or deleted")
        for execution_id, space_id in elsewhere.items():
            parts.append(f"{execution_id} belongs to space {space_id}: wait for it there")
        message = (
            f"waiting for {len(self._order)} workflow executions of space {self._space_id}: "
            + "; ".join(parts)
        )
        return UnlistedExecutionsError(
            self._secret.redact(message),
            missing=tuple(missing),
            elsewhere=elsewhere,
            done=dict(self.done),
        )

    def _timeout(self, pending: list[str]) -> WaitAllTimeoutError:
        timeout = self._polling.timeout or 0.0
        shown = ", ".join(pending[:5]) + (", ..." if len(pending) > 5 else "")
        return WaitAllTimeoutError(
            self._secret.redact(
                f"{len(pending)} of {len(self._order)} workflow executions are not yet "
                f"{self._until} after {self._polling.elapsed:.1f} s (timeout {timeout:g} s): "
                f"{shown}; wait longer with a larger timeout"
            ),
            pending=tuple(pending),
            done=dict(self.done),
            timeout=timeout,
        )


def drive(
    flow: Generator[Step, Answer, dict[str, WorkflowExecution]],
    perform: Callable[[Step], Answer],
) -> dict[str, WorkflowExecution]:
    """Run ``flow`` to its end, answering each step with ``perform`` (the sync client's)."""
    answer: Answer = None
    while True:
        try:
            step = flow.send(answer)
        except StopIteration as stop:
            result: dict[str, WorkflowExecution] = stop.value
            return result
        answer = perform(step)
