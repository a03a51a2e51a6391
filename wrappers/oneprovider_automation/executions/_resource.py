"""What the sync and async ``client.workflow_executions`` share: settings and building calls."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .._logging import log
from .._models import ExecutionPhase, LogLevel
from .._request import Call, schedule_call
from ..workflow_schema import WorkflowSchema
from ._listing import Pager, list_call
from ._schema_content import resolve
from ._waiting import Polling, Until, WaitAll

if TYPE_CHECKING:
    from .._client import _BaseClient


class _Resource:
    """What the sync and async resources share: settings, and building calls."""

    def __init__(self, client: _BaseClient) -> None:
        self._settings = client._settings

    def _schedule_call(
        self,
        space_id: str,
        workflow_schema_id: str | None,
        revision: int | None,
        store_initial_content: Mapping[str, object] | None,
        log_level: LogLevel | str | None,
        callback: str | None,
        unsafe_retries: bool | None,
        workflow_schema: WorkflowSchema | None = None,
    ) -> Call:
        resolved = resolve(
            workflow_schema,
            space_id=space_id,
            workflow_schema_id=workflow_schema_id,
            revision=revision,
            store_initial_content=store_initial_content,
            log_level=log_level,
        )
        repeatable = self._settings.unsafe_retries if unsafe_retries is None else unsafe_retries
        return schedule_call(
            self._settings.base_url,
            space_id=space_id,
            workflow_schema_id=resolved.workflow_schema_id,
            revision=resolved.revision,
            store_initial_content=resolved.overlay,
            log_level=log_level,
            callback=callback,
            repeatable=repeatable,
        )

    def _pager(
        self, space_id: str, phase: ExecutionPhase | str, limit: int | None, page_size: int
    ) -> Pager:
        return Pager(
            self._settings.base_url, space_id, phase=phase, limit=limit, page_size=page_size
        )

    def _page_call(
        self,
        space_id: str,
        phase: ExecutionPhase | str,
        limit: int,
        token: str | None,
        offset: int,
        index: str | None,
    ) -> Call:
        return list_call(
            self._settings.base_url,
            space_id,
            phase=phase,
            limit=limit,
            token=token,
            offset=offset,
            index=index,
        )

    def _wait_all(
        self, space_id: str, execution_ids: Iterable[str], until: Until, polling: Polling
    ) -> WaitAll:
        return WaitAll(
            self._settings.base_url,
            space_id,
            execution_ids,
            until=until,
            polling=polling,
            secret=self._settings.secret,
        )

    def _settled(self, operation: str, execution_id: str) -> None:
        log(
            logging.INFO,
            self._settings.secret,
            "%s of workflow execution %s: a retry was refused, but the state shows "
            "the earlier attempt was applied",
            operation,
            execution_id,
        )

    def _repeat_seen(self, operation: str, execution_id: str) -> None:
        log(
            logging.INFO,
            self._settings.secret,
            "%s of workflow execution %s: no answer, but the new lane run is there",
            operation,
            execution_id,
        )
