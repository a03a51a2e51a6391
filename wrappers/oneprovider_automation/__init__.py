"""Schedule and follow automation workflow executions on an Onedata Oneprovider.

``Oneprovider`` (and ``AsyncOneprovider``) with ``client.workflow_executions``:
``schedule``, ``get``, ``list``/``list_page``, ``cancel``, ``pause``,
``resume``, ``force_continue``, ``rerun``, ``retry``, ``delete``,
``audit_log``/``save_audit_log``, ``wait`` and ``wait_all``; typed models and
errors; ``WorkflowSchema`` (a dump from Onezone) to name stores and check
their content before sending; the ``oneprovider-automation`` command. The
README's quickstart is run by the tests.
"""

from __future__ import annotations

from ._client import AsyncOneprovider, Oneprovider
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._content import dataset_reference, file_reference, integer_range
from ._exceptions import (
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    BadRequestError,
    ExecutionEndedError,
    ExecutionNotEndedError,
    ExecutionNotResumableError,
    ExecutionNotStoppedError,
    ExecutionStateError,
    ExecutionSuspendedError,
    ForbiddenError,
    InternalServerError,
    InvalidStatusTransitionError,
    LaneRunNotRepeatableError,
    NotFoundError,
    OneproviderError,
    OutcomeUnknownError,
    UnauthorizedError,
    UnexpectedResponseError,
    UnlistedExecutionsError,
    WaitAllTimeoutError,
    WaitTimeoutError,
)
from ._models import (
    CallbackEvent,
    ExecutionPhase,
    ExecutionStatus,
    Lane,
    LaneRun,
    LaneRunStatus,
    LaneRunType,
    LogLevel,
    ParallelBox,
    ScheduledExecution,
    WorkflowExecution,
    parse_callback,
)
from ._version import __version__
from .executions._async import AsyncWorkflowExecutions
from .executions._audit_log import AuditLogEntry, SavedAuditLog
from .executions._listing import ExecutionPage
from .executions._sync import WorkflowExecutions
from .workflow_schema import StoreContentError, WorkflowSchema, WorkflowSchemaError

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "ApiConnectionError",
    "ApiStatusError",
    "ApiTimeoutError",
    "AsyncOneprovider",
    "AsyncWorkflowExecutions",
    "AuditLogEntry",
    "BadRequestError",
    "CallbackEvent",
    "ExecutionEndedError",
    "ExecutionNotEndedError",
    "ExecutionNotResumableError",
    "ExecutionNotStoppedError",
    "ExecutionPage",
    "ExecutionPhase",
    "ExecutionStateError",
    "ExecutionStatus",
    "ExecutionSuspendedError",
    "ForbiddenError",
    "InternalServerError",
    "InvalidStatusTransitionError",
    "Lane",
    "LaneRun",
    "LaneRunNotRepeatableError",
    "LaneRunStatus",
    "LaneRunType",
    "LogLevel",
    "NotFoundError",
    "Oneprovider",
    "OneproviderError",
    "OutcomeUnknownError",
    "ParallelBox",
    "SavedAuditLog",
    "ScheduledExecution",
    "StoreContentError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "UnlistedExecutionsError",
    "WaitAllTimeoutError",
    "WaitTimeoutError",
    "WorkflowExecution",
    "WorkflowExecutions",
    "WorkflowSchema",
    "WorkflowSchemaError",
    "__version__",
    "dataset_reference",
    "file_reference",
    "integer_range",
    "parse_callback",
]
