"""``client.workflow_executions`` of :class:`Oneprovider` (the async twin: its own module).

The class only sends and reads: requests are built and answers parsed in
``oneprovider_automation._request`` and, here, ``_listing``, ``_actions`` and
``_audit_log``; what a retry may do is decided in ``oneprovider_automation._retries``;
waiting's rhythm and ``wait_all``'s steps live in ``_waiting``; what both twins share,
in ``_resource``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from .._constants import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT
from .._exceptions import ApiStatusError, NotFoundError, OneproviderError
from .._models import ExecutionPhase, LogLevel, ScheduledExecution, WorkflowExecution
from .._request import (
    get_call,
    parse_execution,
    parse_no_content,
    parse_scheduled,
    require_id,
)
from .._retries import Settlement, answer_lost, settle_refusal, state_confirms
from ..workflow_schema import WorkflowSchema
from ._actions import (
    action_call,
    context,
    outcome_unknown,
    repeat_applied,
    repeat_call,
)
from ._audit_log import (
    AuditLogEntry,
    DumpFile,
    EntryStream,
    SavedAuditLog,
    body_chunks,
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
    drive,
    finished_waiting,
    log_poll,
    wait_timeout,
)

if TYPE_CHECKING:
    import httpx

    from .._client import Oneprovider


class WorkflowExecutions(_Resource):
    """Workflow executions of a :class:`~oneprovider_automation.Oneprovider`."""

    def __init__(self, client: Oneprovider) -> None:
        super().__init__(client)
        self._client = client

    # --- schedule and read ------------------------------------------------------

    def schedule(
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
        """Schedule an execution of revision ``revision`` of a workflow schema in a space.

        ``store_initial_content`` maps store schema ids to any JSON (see
        ``file_reference`` and ``integer_range``); ``callback`` is a URL the
        provider POSTs to whenever the execution stops. The request is
        retried only if it never left, unless ``unsafe_retries`` (default:
        the client's) allows scheduling twice.

        With ``workflow_schema`` (a :class:`WorkflowSchema` read from the
        dump Onezone exports, ``WorkflowSchema.from_file``), the keys of
        ``store_initial_content`` may be store names (or ids): they become
        store ids, and the content is checked with a provider's store rules
        (required stores, item data types, a file id's space against
        ``space_id``, audit-log entries below ``log_level`` dropped) before
        anything is sent. ``workflow_schema_id`` and ``revision`` may then be
        left out (they are the dump's; given, they must be the dump's).
        Content the provider would refuse raises :class:`StoreContentError`
        (a :class:`ValueError`, with the provider's error in ``problem``), an
        unknown store name a :class:`ValueError` naming the close ones; no
        request is sent. Without ``workflow_schema`` both ids are required
        (:class:`TypeError`) and the content goes as given.

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
            workflow_schema,
        )
        return parse_scheduled(
            self._client._send(call), self._settings.secret, self._settings.base_url
        )

    def get(self, execution_id: str) -> WorkflowExecution:
        """The execution's details; :class:`NotFoundError` if there is no such execution."""
        response = self._client._send(get_call(self._settings.base_url, execution_id))
        return parse_execution(response, self._settings.secret, execution_id)

    def list(
        self,
        space_id: str,
        *,
        phase: ExecutionPhase | str = ExecutionPhase.ONGOING,
        limit: int | None = None,
        page_size: int = MAX_PAGE_SIZE,
    ) -> Iterator[str]:
        """The ids of the space's executions in ``phase``, newest first, page after page.

        A page of ``page_size`` ids is fetched only when the previous one is
        used up; ``limit`` caps how many ids are given (``None``: all).
        Arguments are checked at once (:class:`ValueError` naming the one);
        the provider's errors come with the first page.
        """
        return self._walk(self._pager(space_id, phase, limit, page_size))

    def _walk(self, pager: Pager) -> Iterator[str]:
        while (call := pager.next_call()) is not None:
            response = self._client._send(call)
            page = parse_page(response, self._settings.secret, pager.phase)
            yield from pager.take(page, response, self._settings.secret)

    def list_page(
        self,
        space_id: str,
        *,
        phase: ExecutionPhase | str = ExecutionPhase.ONGOING,
        limit: int = MAX_PAGE_SIZE,
        token: str | None = None,
        offset: int = 0,
        index: str | None = None,
    ) -> ExecutionPage:
        """One page of the space's execution ids in ``phase``, as the API gives it.

        ``token`` is a previous page's ``next_page_token``; ``offset`` skips
        (or, negative, goes back from the token or ``index``).
        """
        chosen = parse_phase(phase)
        call = self._page_call(space_id, chosen, limit, token, offset, index)
        return parse_page(self._client._send(call), self._settings.secret, chosen)

    # --- actions ----------------------------------------------------------------

    def cancel(self, execution_id: str) -> None:
        """Cancel the execution (also a paused or interrupted one): it ends ``cancelled``.

        Raises :class:`ExecutionEndedError` if it has ended,
        :class:`InvalidStatusTransitionError` if it is finishing already.
        """
        self._act("cancel", execution_id)

    def pause(self, execution_id: str) -> None:
        """Pause the execution: it stops at the end of its running tasks, ``paused``.

        Raises :class:`ExecutionEndedError` if it has ended,
        :class:`InvalidStatusTransitionError` if it is suspended or finishing.
        """
        self._act("pause", execution_id)

    def resume(self, execution_id: str) -> None:
        """Resume a paused or interrupted execution; else :class:`ExecutionNotResumableError`."""
        self._act("resume", execution_id)

    def force_continue(self, execution_id: str) -> None:
        """Go on with the lane after the failed one of a ``failed`` execution.

        Raises :class:`ExecutionNotResumableError` unless the execution failed
        in a lane that is not its last.
        """
        self._act("force_continue", execution_id)

    def delete(self, execution_id: str) -> None:
        """Delete a suspended or ended execution; else :class:`ExecutionNotStoppedError`."""
        self._act("delete", execution_id)

    def rerun(self, execution_id: str, *, lane_index: int, lane_run_number: int) -> None:
        """Run lane ``lane_index`` again from its run ``lane_run_number``, all its items.

        The execution must have ended (else :class:`ExecutionNotEndedError`)
        and the run be finished, failed or cancelled (else
        :class:`LaneRunNotRepeatableError`). The execution is got first, to
        tell after a lost answer whether the new run was made; if that cannot
        be told, :class:`OutcomeUnknownError`.
        """
        self._repeat("rerun", execution_id, lane_index, lane_run_number)

    def retry(self, execution_id: str, *, lane_index: int, lane_run_number: int) -> None:
        """Run lane ``lane_index`` again for the items that failed in run ``lane_run_number``.

        As :meth:`rerun`; only a run that processed every item, some failing
        (``is_retriable``), can be retried.
        """
        self._repeat("retry", execution_id, lane_index, lane_run_number)

    def _act(self, operation: str, execution_id: str) -> None:
        exchange = self._client._exchange(
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
                operation, self.get(execution_id)
            ):
                raise
            self._settled(operation, execution_id)

    def _repeat(
        self, operation: str, execution_id: str, lane_index: int, lane_run_number: int
    ) -> None:
        call = repeat_call(
            self._settings.base_url,
            operation,
            execution_id,
            lane_index=lane_index,
            lane_run_number=lane_run_number,
        )
        before = self.get(execution_id)
        ctx = context(
            operation, execution_id, lane_index=lane_index, lane_run_number=lane_run_number
        )
        try:
            parse_no_content(self._client._send(call), self._settings.secret, ctx)
        except OneproviderError as err:
            if not answer_lost(err):
                raise
            try:
                after = self.get(execution_id)
            except OneproviderError as check:
                raise outcome_unknown(ctx, err, check, self._settings.secret) from err
            if not repeat_applied(
                operation, before, after, lane_index=lane_index, lane_run_number=lane_run_number
            ):
                raise outcome_unknown(ctx, err, None, self._settings.secret) from err
            self._repeat_seen(operation, execution_id)

    # --- audit logs -------------------------------------------------------------

    def audit_log(
        self, execution_id: str, *, store_id: str | None = None
    ) -> Iterator[AuditLogEntry]:
        """The entries of the execution's audit log, oldest first, read as they arrive.

        ``store_id`` picks one of its audit-log stores (default: the
        execution's own log, ``system_audit_log_store_id``, which is looked
        up first; :class:`ValueError` if it has none). The body is decoded
        chunk by chunk, never held whole.
        """
        require_id(execution_id, "execution_id")
        if store_id is not None:
            require_id(store_id, "store_id")
        return self._entries(execution_id, store_id)

    def _entries(self, execution_id: str, store_id: str | None) -> Iterator[AuditLogEntry]:
        response, _ = self._open_dump(execution_id, store_id)
        secret = self._settings.secret
        stream = EntryStream()
        try:
            for chunk in body_chunks(response, secret, lambda: stream.count):
                yield from entries_of(response, secret, stream, chunk)
            yield from entries_of(response, secret, stream, None)
        finally:
            response.close()

    def save_audit_log(
        self,
        execution_id: str,
        path: str | os.PathLike[str],
        *,
        store_id: str | None = None,
    ) -> SavedAuditLog:
        """Write the execution's audit log (as the provider sends it, a JSON array) to ``path``.

        ``path`` may be a directory: the file then takes the provider's name.
        The bytes go to a temporary file beside it, renamed once the whole
        array has arrived, so nothing half-written is ever left under the
        name. ``store_id`` as for :meth:`audit_log`.
        """
        require_id(execution_id, "execution_id")
        if store_id is not None:
            require_id(store_id, "store_id")
        response, store = self._open_dump(execution_id, store_id)
        secret = self._settings.secret
        try:
            name = provider_filename(response)
            file = DumpFile(path, store, name)
            try:
                for chunk in body_chunks(response, secret, lambda: file.entries.count):
                    write_chunk(file, response, secret, chunk)
                write_chunk(file, response, secret, None)
            except BaseException:
                file.abort()
                raise
            return saved(file, name)
        finally:
            response.close()

    def _open_dump(self, execution_id: str, store_id: str | None) -> tuple[httpx.Response, str]:
        store = store_id or system_store_id(self.get(execution_id))
        call = dump_call(self._settings.base_url, store)
        response = self._client._exchange(call, stream=True).response
        try:
            check_dump(response, self._settings.secret, store)
        except BaseException:
            response.close()
            raise
        return response, store

    # --- waiting ----------------------------------------------------------------

    def wait(
        self,
        execution_id: str,
        *,
        until: Until = "stopped",
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> WorkflowExecution:
        """Poll until the execution stops, or ends, and return it.

        ``until="stopped"`` returns at the first suspended (paused,
        interrupted) or ended status: see ``is_suspended`` and ``is_ended``.
        ``until="ended"`` raises :class:`ExecutionSuspendedError` if it is
        suspended, as it would never end by itself. Polls start
        ``poll_interval`` apart and grow slowly; :class:`WaitTimeoutError`
        (with the last state seen) after ``timeout`` seconds, ``None``
        waiting as long as it takes.
        """
        goal = check_until(until)
        polling = Polling(timeout=timeout, poll_interval=poll_interval, clock=self._client._clock)
        while True:
            execution = self.get(execution_id)
            if finished_waiting(execution, goal, self._settings.secret):
                return execution
            delay = polling.next_delay()
            if delay is None:
                raise wait_timeout(execution, polling, goal, self._settings.secret)
            log_poll(self._settings.secret, execution, delay)
            self._client._sleep(delay)

    def wait_all(
        self,
        space_id: str,
        execution_ids: Iterable[str],
        *,
        until: Until = "stopped",
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> dict[str, WorkflowExecution]:
        """Wait for many executions of one space; each, by id, as it was when it stopped.

        Each poll reads the space's phase lists (ids only, 1,000 a page)
        instead of getting every execution, and gets an execution once, when
        it is first seen stopped. ``until`` as for :meth:`wait`. An execution
        in no list for two polls in a row is looked up: if it does not exist
        or belongs to another space, :class:`UnlistedExecutionsError`. After
        ``timeout`` seconds, :class:`WaitAllTimeoutError`.
        """
        goal = check_until(until)
        polling = Polling(timeout=timeout, poll_interval=poll_interval, clock=self._client._clock)
        waiter = self._wait_all(space_id, execution_ids, goal, polling)
        return drive(waiter.run(), self._perform)

    def _perform(self, step: Step) -> Answer:
        if isinstance(step, ListStep):
            response = self._client._send(step.call)
            return parse_page(response, self._settings.secret, step.phase)
        if isinstance(step, GetStep):
            try:
                return self.get(step.execution_id)
            except NotFoundError as err:
                return err
        self._client._sleep(step.seconds)
        return None
