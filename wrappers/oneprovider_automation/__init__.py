"""Schedule and follow automation workflow executions on an Onedata Oneprovider.

``Oneprovider`` (and ``AsyncOneprovider``) with ``client.workflow_executions``
``.schedule()``, ``.get()`` and ``.wait()``; typed models and errors; the
``oneprovider-automation`` command. The README's quickstart is run by the tests.
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
    ForbiddenError,
    InternalServerError,
    NotFoundError,
    OneproviderError,
    UnauthorizedError,
    UnexpectedResponseError,
    WaitTimeoutError,
)
from ._models import (
    CallbackEvent,
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
from ._workflow_executions import AsyncWorkflowExecutions, WorkflowExecutions

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "ApiConnectionError",
    "ApiStatusError",
    "ApiTimeoutError",
    "AsyncOneprovider",
    "AsyncWorkflowExecutions",
    "BadRequestError",
    "CallbackEvent",
    "ExecutionStatus",
    "ForbiddenError",
    "InternalServerError",
    "Lane",
    "LaneRun",
    "LaneRunStatus",
    "LaneRunType",
    "LogLevel",
    "NotFoundError",
    "Oneprovider",
    "OneproviderError",
    "ParallelBox",
    "ScheduledExecution",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "WaitTimeoutError",
    "WorkflowExecution",
    "WorkflowExecutions",
    "__version__",
    "dataset_reference",
    "file_reference",
    "integer_range",
    "parse_callback",
]
