"""``client.workflow_executions`` of :class:`AsyncOneprovider`, twin of ``_sync``.

The same methods, awaitable; ``list`` and ``audit_log`` are async iterators
(``async for``). Everything but sending is shared with the sync class.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import TYPE_CHECKING

from .._constants import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT
from .._exceptions import ApiStatusError, NotFoundError, OneproviderError
from .._models import ExecutionPhase, LogLevel, ScheduledExecution, WorkflowExecution
from .._request import get_call, parse_execution, parse_no_content, parse_scheduled, require_id
from .._retries import Settlement, answer_lost, settle_refusal, state_confirms
from ..workflow_schema import WorkflowSchema
from ._actions import action_call, context, outcome_unknown, repeat_applied, repeat_call
from ._audit_log import (
    AuditLogEntry,
    DumpFile,
    EntryStream,
    SavedAuditLog,
    abody_chunks,
    check_dump,
    dump_call,
    entries_of,
    provider_filename,
    saved,
    system_store_id,
    write_chunk,
)
from ._listing import MAX_PAGE_SIZE, ExecutionPage, Pager, parse_page, parse_phase
from ._resource import _Resource
from ._waiting import (
    Answer,
    GetStep,
    ListStep,
    Polling,
    Step,
    Until,
    check_until,
    finished_waiting,
    log_poll,
    wait_timeout,
)

if TYPE_CHECKING:
    import httpx

    from .._client import AsyncOneprovider


class AsyncWorkflowExecutions(_Resource):
    """Workflow executions of an :class:`~oneprovider_automation.AsyncOneprovider`."""

    def __init__(self, client: AsyncOneprovider) -> None:
        super().__init__(client)
        self._client = client

    async def schedule(
        self,
        space_id: str,
        workflow_schema_id: str | None = None,
        revision: int | None = None,
        *,
        workflow_schema: WorkflowSchema | None = None,
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
            workflow_schema,
        )
        return parse_scheduled(
            await self._client._send(call), self._settings.secret, self._settings.base_url
        )

    async def get(self, execution_id: str) -> WorkflowExecution:
        """See :meth:`WorkflowExecutions.get`."""
        response = await self._client._send(get_call(self._settings.base_url, execution_id))
        return parse_execution(response, self._settings.secret, execution_id)

    def list(
        self,
        space_id: str,
        *,
        phase: ExecutionPhase | str = ExecutionPhase.ONGOING,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> AsyncIterator[str]:
        """See :meth:`WorkflowExecutions.list`; ``async for`` over it."""
        return self._walk(self._pager(space_id, phase, limit, page_size))

    async def _walk(self, pager: Pager) -> AsyncIterator[str]:
        while (call := pager.next_call()) is not None:
            response = await self._client._send(call)
            page = parse_page(response, self._settings.secret, pager.phase)
            for execution_id in pager.take(page, response, self._settings.secret):
                yield execution_id

    async def list_page(
        self,
        space_id: str,
        *,
        phase: ExecutionPhase | str = ExecutionPhase.ONGOING,
        limit: int = MAX_PAGE_SIZE,
        token: str | None = None,
        offset: int = 0,
        index: str | None = None,
    ) -> ExecutionPage:
        """See :meth:`WorkflowExecutions.list_page`."""
        chosen = parse_phase(phase)
        call = self._page_call(space_id, chosen, limit, token, offset, index)
        return parse_page(await self._client._send(call), self._settings.secret, chosen)

    async def cancel(self, execution_id: str) -> None:
        """See :meth:`WorkflowExecutions.cancel`."""
        await self._act("cancel", execution_id)

    async def pause(self, execution_id: str) -> None:
        """See :meth:`WorkflowExecutions.pause`."""
        await self._act("pause", execution_id)

    async def resume(self, execution_id: str) -> None:
        """See :meth:`WorkflowExecutions.resume`."""
        await self._act("resume", execution_id)

    async def force_continue(self, execution_id: str) -> None:
        """See :meth:`WorkflowExecutions.force_continue`."""
        await self._act("force_continue", execution_id)

    async def delete(self, execution_id: str) -> None:
        """See :meth:`WorkflowExecutions.delete`."""
        await self._act("delete", execution_id)

    async def rerun(self, execution_id: str, *, lane_index: int, lane_run_number: int) -> None:
        """See :meth:`WorkflowExecutions.rerun`."""
        await self._repeat("rerun", execution_id, lane_index, lane_run_number)

    async def retry(self, execution_id: str, *, lane_index: int, lane_run_number: int) -> None:
        """See :meth:`WorkflowExecutions.retry`."""
        await self._repeat("retry", execution_id, lane_index, lane_run_number)

    async def _act(self, operation: str, execution_id: str) -> None:
        exchange = await self._client._exchange(
            action_call(self._settings.base_url, operation, execution_id)
        )
        if exchange.response.status_code == 204:
            return  # the error context is built only for an error
        try:
            parse_no_content(
                exchange.response, self._settings.secret, context(operation, execution_id)
            )
        except ApiStatusError as err:
            settlement = settle_refusal(
                operation, err, earlier_attempt_unknown=exchange.earlier_attempt_unknown
            )
            if settlement is Settlement.RAISE:
                raise
            if settlement is Settlement.CHECK_STATE and not state_confirms(
                operation, await self.get(execution_id)
            ):
                raise
            self._settled(operation, execution_id)

    async def _repeat(
        self, operation: str, execution_id: str, lane_index: int, lane_run_number: int
    ) -> None:
        call = repeat_call(
            self._settings.base_url,
            operation,
            execution_id,
            lane_index=lane_index,
            lane_run_number=lane_run_number,
        )
        before = await self.get(execution_id)
        ctx = context(
            operation, execution_id, lane_index=lane_index, lane_run_number=lane_run_number
        )
        try:
            parse_no_content(await self._client._send(call), self._settings.secret, ctx)
        except OneproviderError as err:
            if not answer_lost(err):
                raise
            try:
                after = await self.get(execution_id)
            except OneproviderError as check:
                raise outcome_unknown(ctx, err, check, self._settings.secret) from err
            if not repeat_applied(
                operation, before, after, lane_index=lane_index, lane_run_number=lane_run_number
            ):
                raise outcome_unknown(ctx, err, None, self._settings.secret) from err
            self._repeat_seen(operation, execution_id)

    def audit_log(
        self, execution_id: str, *, store_id: str | None = None
    ) -> AsyncIterator[AuditLogEntry]:
        """See :meth:`WorkflowExecutions.audit_log`; ``async for`` over it."""
        require_id(execution_id, "execution_id")
        if store_id is not None:
            require_id(store_id, "store_id")
        return self._entries(execution_id, store_id)

    async def _entries(
        self, execution_id: str, store_id: str | None
    ) -> AsyncIterator[AuditLogEntry]:
        response, _ = await self._open_dump(execution_id, store_id)
        secret = self._settings.secret
        stream = EntryStream()
        try:
            async for chunk in abody_chunks(response, secret, lambda: stream.count):
                for entry in entries_of(response, secret, stream, chunk):
                    yield entry
            for entry in entries_of(response, secret, stream, None):
                yield entry
        finally:
            await response.aclose()

    async def save_audit_log(
        self,
        execution_id: str,
        path: str | os.PathLike[str],
        *,
        store_id: str | None = None,
    ) -> SavedAuditLog:
        """See :meth:`WorkflowExecutions.save_audit_log` (the file is written synchronously)."""
        require_id(execution_id, "execution_id")
        if store_id is not None:
            require_id(store_id, "store_id")
        response, store = await self._open_dump(execution_id, store_id)
        secret = self._settings.secret
        try:
            name = provider_filename(response)
            file = DumpFile(path, store, name)
            try:
                async for chunk in abody_chunks(response, secret, lambda: file.entries.count):
                    write_chunk(file, response, secret, chunk)
                write_chunk(file, response, secret, None)
            except BaseException:
                file.abort()
                raise
            return saved(file, name)
        finally:
            await response.aclose()

    async def _open_dump(
        self, execution_id: str, store_id: str | None
    ) -> tuple[httpx.Response, str]:
        store = store_id or system_store_id(await self.get(execution_id))
        call = dump_call(self._settings.base_url, store)
        response = (await self._client._exchange(call, stream=True)).response
        try:
            check_dump(response, self._settings.secret, store)
        except BaseException:
            await response.aclose()
            raise
        return response, store

    async def wait(
        self,
        execution_id: str,
        *,
        until: Until = "stopped",
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> WorkflowExecution:
        """See :meth:`WorkflowExecutions.wait`."""
        goal = check_until(until)
        polling = Polling(timeout=timeout, poll_interval=poll_interval, clock=self._client._clock)
        while True:
            execution = await self.get(execution_id)
            if finished_waiting(execution, goal, self._settings.secret):
                return execution
            delay = polling.next_delay()
            if delay is None:
                raise wait_timeout(execution, polling, goal, self._settings.secret)
            log_poll(self._settings.secret, execution, delay)
            await self._client._sleep(delay)

    async def wait_all(
        self,
        space_id: str,
        execution_ids: Iterable[str],
        *,
        until: Until = "stopped",
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> dict[str, WorkflowExecution]:
        """See :meth:`WorkflowExecutions.wait_all`."""
        goal = check_until(until)
        polling = Polling(timeout=timeout, poll_interval=poll_interval, clock=self._client._clock)
        flow = self._wait_all(space_id, execution_ids, goal, polling).run()
        answer: Answer = None
        while True:
            try:
                step = flow.send(answer)
            except StopIteration as stop:
                result: dict[str, WorkflowExecution] = stop.value
                return result
            answer = await self._perform(step)

    async def _perform(self, step: Step) -> Answer:
        if isinstance(step, ListStep):
            response = await self._client._send(step.call)
            return parse_page(response, self._settings.secret, step.phase)
        if isinstance(step, GetStep):
            try:
                return await self.get(step.execution_id)
            except NotFoundError as err:
                return err
        await self._client._sleep(step.seconds)
        return None
