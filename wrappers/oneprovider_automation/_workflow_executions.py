"""``client.workflow_executions``: schedule, get and wait, sync and async.

Both classes only send: the requests are built and the answers parsed in
``_request``, and the waiting rhythm lives in :class:`Polling`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ._constants import (
    DEFAULT_POLL_INTERVAL,
    DEFAULT_WAIT_TIMEOUT,
    MAX_POLL_INTERVAL,
    POLL_BACKOFF,
)
from ._exceptions import WaitTimeoutError
from ._logging import log
from ._models import LogLevel, ScheduledExecution, WorkflowExecution
from ._request import Call, get_call, parse_execution, parse_scheduled, schedule_call

if TYPE_CHECKING:
    from ._client import AsyncOneprovider, Oneprovider, _BaseClient


class Polling:
    """When ``wait()`` polls next: intervals growing by ``POLL_BACKOFF`` up to a cap.

    The last poll falls on the deadline, so an execution that stops just in
    time is still seen.
    """

    def __init__(
        self,
        execution_id: str,
        *,
        timeout: float | None,
        poll_interval: float,
        clock: Callable[[], float],
    ) -> None:
        if timeout is not None and (isinstance(timeout, bool) or timeout < 0):
            raise ValueError(f"timeout must be a number of seconds >= 0 or None, got {timeout!r}")
        if isinstance(poll_interval, bool) or poll_interval <= 0:
            raise ValueError(f"poll_interval must be a positive number, got {poll_interval!r}")
        self._execution_id = execution_id
        self._timeout = timeout
        self._clock = clock
        self._started = clock()
        self._interval = float(poll_interval)
        self._cap = max(MAX_POLL_INTERVAL, float(poll_interval))

    def next_delay(self, execution: WorkflowExecution) -> float:
        """Seconds until the next poll; raises :class:`WaitTimeoutError` when time is up."""
        elapsed = self._clock() - self._started
        delay = self._interval
        if self._timeout is not None:
            remaining = self._timeout - elapsed
            if remaining <= 0:
                raise WaitTimeoutError(
                    f"workflow execution {self._execution_id} is still "
                    f"{execution.status.value} after {elapsed:.1f} s "
                    f"(timeout {self._timeout:g} s); wait longer with a larger timeout",
                    execution=execution,
                    timeout=self._timeout,
                )
            delay = min(delay, remaining)
        self._interval = min(self._interval * POLL_BACKOFF, self._cap)
        return delay


class _Resource:
    def __init__(self, client: _BaseClient) -> None:
        self._settings = client._settings

    def _schedule_call(
        self,
        space_id: str,
        workflow_schema_id: str,
        revision: int,
        store_initial_content: Mapping[str, object] | None,
        log_level: LogLevel | str | None,
        callback: str | None,
        unsafe_retries: bool | None,
    ) -> Call:
        repeatable = self._settings.unsafe_retries if unsafe_retries is None else unsafe_retries
        return schedule_call(
            self._settings.base_url,
            space_id=space_id,
            workflow_schema_id=workflow_schema_id,
            revision=revision,
            store_initial_content=store_initial_content,
            log_level=log_level,
            callback=callback,
            repeatable=repeatable,
        )

    def _log_poll(self, execution: WorkflowExecution, delay: float) -> None:
        log(
            logging.INFO,
            self._settings.secret,
            "workflow execution %s is %s; next poll in %.1f s",
            execution.id,
            execution.status.value,
            delay,
        )


class WorkflowExecutions(_Resource):
    """Workflow executions of a :class:`~oneprovider_automation.Oneprovider`."""

    def __init__(self, client: Oneprovider) -> None:
        super().__init__(client)
        self._client = client

    def schedule(
        self,
        space_id: str,
        workflow_schema_id: str,
        revision: int,
        *,
        store_initial_content: Mapping[str, object] | None = None,
        log_level: LogLevel | str | None = None,
        callback: str | None = None,
        unsafe_retries: bool | None = None,
    ) -> ScheduledExecution:
        """Schedule an execution of revision ``revision`` of a workflow schema in a space.

        ``store_initial_content`` maps store schema ids to any JSON (see
        ``file_reference`` and ``integer_range``); ``callback`` is a URL the
        provider POSTs to whenever the execution stops. The request is
        retried only if it never left, unless ``unsafe_retries`` (default:
        the client's) allows scheduling twice.

        Raises :class:`ApiStatusError` subclasses for the provider's refusals,
        :class:`ApiConnectionError` when no answer came (check
        ``request_sent``), :class:`UnexpectedResponseError` otherwise.
        """
        call = self._schedule_call(
            space_id,
            workflow_schema_id,
            revision,
            store_initial_content,
            log_level,
            callback,
            unsafe_retries,
        )
        return parse_scheduled(
            self._client._send(call), self._settings.secret, self._settings.base_url
        )

    def get(self, execution_id: str) -> WorkflowExecution:
        """The execution's details; :class:`NotFoundError` if there is no such execution."""
        response = self._client._send(get_call(self._settings.base_url, execution_id))
        return parse_execution(response, self._settings.secret)

    def wait(
        self,
        execution_id: str,
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> WorkflowExecution:
        """Poll until the execution stops (see ``ExecutionStatus.is_stopped``) and return it.

        Polls start ``poll_interval`` apart and grow slowly. Raises
        :class:`WaitTimeoutError` (with the last state seen) after
        ``timeout`` seconds; ``None`` waits as long as it takes.
        """
        polling = Polling(
            execution_id, timeout=timeout, poll_interval=poll_interval, clock=self._client._clock
        )
        while True:
            execution = self.get(execution_id)
            if execution.is_stopped:
                return execution
            delay = polling.next_delay(execution)
            self._log_poll(execution, delay)
            self._client._sleep(delay)


class AsyncWorkflowExecutions(_Resource):
    """Workflow executions of an :class:`~oneprovider_automation.AsyncOneprovider`."""

    def __init__(self, client: AsyncOneprovider) -> None:
        super().__init__(client)
        self._client = client

    async def schedule(
        self,
        space_id: str,
        workflow_schema_id: str,
        revision: int,
        *,
        store_initial_content: Mapping[str, object] | None = None,
        log_level: LogLevel | str | None = None,
        callback: str | None = None,
        unsafe_retries: bool | None = None,
    ) -> ScheduledExecution:
        """See :meth:`WorkflowExecutions.schedule`."""
        call = self._schedule_call(
            space_id,
            workflow_schema_id,
            revision,
            store_initial_content,
            log_level,
            callback,
            unsafe_retries,
        )
        return parse_scheduled(
            await self._client._send(call), self._settings.secret, self._settings.base_url
        )

    async def get(self, execution_id: str) -> WorkflowExecution:
        """See :meth:`WorkflowExecutions.get`."""
        response = await self._client._send(get_call(self._settings.base_url, execution_id))
        return parse_execution(response, self._settings.secret)

    async def wait(
        self,
        execution_id: str,
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> WorkflowExecution:
        """See :meth:`WorkflowExecutions.wait`."""
        polling = Polling(
            execution_id, timeout=timeout, poll_interval=poll_interval, clock=self._client._clock
        )
        while True:
            execution = await self.get(execution_id)
            if execution.is_stopped:
                return execution
            delay = polling.next_delay(execution)
            self._log_poll(execution, delay)
            await self._client._sleep(delay)
