"""Errors raised by the client, all under :class:`OneproviderError`::

    OneproviderError
     ├── ApiConnectionError          no answer: DNS, refused, TLS, connection dropped
     │    └── ApiTimeoutError        no answer in time
     ├── ApiStatusError              an error status with a Onedata error body
     │    ├── BadRequestError        400: a field, the space or the initial content
     │    │    └── ExecutionStateError              the execution's state forbids the action
     │    │         ├── ExecutionEndedError          cancel or pause of an ended execution
     │    │         ├── ExecutionNotEndedError       rerun or retry of one not ended
     │    │         ├── ExecutionNotResumableError   resume or force_continue, wrong state
     │    │         ├── ExecutionNotStoppedError     delete of one still waiting or ongoing
     │    │         ├── InvalidStatusTransitionError e.g. pause of a paused execution
     │    │         └── LaneRunNotRepeatableError    rerun or retry of a run that cannot be
     │    ├── UnauthorizedError      401: no token, or a bad one
     │    ├── ForbiddenError         403: a missing privilege, or an unknown space
     │    ├── NotFoundError          404: no such schema, revision or execution
     │    └── InternalServerError    500 (and any other 5xx)
     ├── UnexpectedResponseError     an answer the spec does not allow
     ├── OutcomeUnknownError         rerun or retry got no answer, and its effect is not seen
     ├── ExecutionSuspendedError     wait(until="ended"): the execution suspended
     ├── UnlistedExecutionsError     wait_all(): executions in no list of the space
     ├── WaitTimeoutError            wait() ran out of time
     └── WaitAllTimeoutError         wait_all() ran out of time

Wrong arguments (an empty host, ``revision=0``) raise :class:`ValueError` or
:class:`TypeError` before anything is sent: those are mistakes in the calling
code, not events of talking to a provider.

Every message is redacted with the client's token.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs
import httpx

from ._secrets import Secret

if TYPE_CHECKING:
    from ._models import WorkflowExecution

#: Longest rendering of an error's ``details`` in a message.
_DETAILS_LIMIT = 300


class OneproviderError(Exception):
    """Base class of every error the client raises while talking to a provider."""


class ApiConnectionError(OneproviderError):
    """Raised when no answer came: the provider could not be reached or dropped the connection.

    ``request_sent`` is ``False`` only when the request provably never left
    this machine (a refused connection, a failed DNS lookup or TLS handshake,
    a connect or pool timeout); otherwise the provider may have acted on it.
    The message ends with what to try when the cause is plain (an https URL
    whose server answered in plain HTTP: the http URL).
    """

    def __init__(self, message: str, *, request: httpx.Request, request_sent: bool) -> None:
        super().__init__(message)
        self.request = request
        self.request_sent = request_sent


class ApiTimeoutError(ApiConnectionError):
    """Raised when the provider did not answer within the timeout."""


class ApiStatusError(OneproviderError):
    """Raised when the provider answers with an error status and a Onedata error body.

    ``id``, ``description``, ``details`` and ``ctx`` are the provider's
    ``{"error": {...}}`` fields as sent (``details`` is ``{}`` and ``ctx`` is
    ``None`` when absent); ``response`` is the :class:`httpx.Response`.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        id: str,
        description: str,
        details: Mapping[str, object],
        ctx: Mapping[str, object] | None,
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.id = id
        self.description = description
        self.details = details
        self.ctx = ctx


class BadRequestError(ApiStatusError):
    """Raised on 400: a field failed sanitizing, or the space or initial content does not fit."""


class ExecutionStateError(BadRequestError):
    """Raised on 400 when the execution's state forbids the action (``atmWorkflowExecution...``).

    ``execution_id`` names the execution acted on.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        id: str,
        description: str,
        details: Mapping[str, object],
        ctx: Mapping[str, object] | None,
        execution_id: str | None,
    ) -> None:
        super().__init__(
            message, response=response, id=id, description=description, details=details, ctx=ctx
        )
        self.execution_id = execution_id


class ExecutionEndedError(ExecutionStateError):
    """Raised when cancel or pause meets an execution that has ended."""


class ExecutionNotEndedError(ExecutionStateError):
    """Raised when rerun or retry meets an execution that has not ended."""


class ExecutionNotResumableError(ExecutionStateError):
    """Raised when resume (not paused or interrupted) or force_continue (not failed) is refused."""


class ExecutionNotStoppedError(ExecutionStateError):
    """Raised when delete meets an execution that is waiting or ongoing."""


class InvalidStatusTransitionError(ExecutionStateError):
    """Raised when the status cannot change as asked (pause of a paused execution, say).

    ``prev_status`` and ``new_status`` are the provider's ``details``.
    """

    @property
    def prev_status(self) -> str | None:
        value = self.details.get("prevStatus")
        return value if isinstance(value, str) else None

    @property
    def new_status(self) -> str | None:
        value = self.details.get("newStatus")
        return value if isinstance(value, str) else None


class LaneRunNotRepeatableError(ExecutionStateError):
    """Raised when the lane run asked for cannot be rerun or retried (or the execution crashed).

    ``lane_index`` and ``lane_run_number`` are the ones asked for.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        id: str,
        description: str,
        details: Mapping[str, object],
        ctx: Mapping[str, object] | None,
        execution_id: str | None,
        lane_index: int | None = None,
        lane_run_number: int | None = None,
    ) -> None:
        super().__init__(
            message,
            response=response,
            id=id,
            description=description,
            details=details,
            ctx=ctx,
            execution_id=execution_id,
        )
        self.lane_index = lane_index
        self.lane_run_number = lane_run_number


class UnauthorizedError(ApiStatusError):
    """Raised on 401: no token was sent, or the provider could not verify it."""


class ForbiddenError(ApiStatusError):
    """Raised on 403: the user lacks a privilege, or the space is unknown to the provider."""


class NotFoundError(ApiStatusError):
    """Raised on 404: the workflow schema, its revision or the execution does not exist."""


class InternalServerError(ApiStatusError):
    """Raised on 500 (or another 5xx with a Onedata error body): the provider failed."""


class UnexpectedResponseError(OneproviderError):
    """Raised for an answer the spec does not allow: not JSON, a 201 without an id, a 502 page.

    ``body_excerpt`` holds the start of the body (redacted), ``response`` the
    :class:`httpx.Response`.
    """

    def __init__(self, message: str, *, response: httpx.Response, body_excerpt: str) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body_excerpt = body_excerpt


class WaitTimeoutError(OneproviderError):
    """Raised by ``wait()`` when the execution has not stopped within ``timeout`` seconds.

    ``execution`` is the last state seen.
    """

    def __init__(self, message: str, *, execution: WorkflowExecution, timeout: float) -> None:
        super().__init__(message)
        self.execution = execution
        self.timeout = timeout


class OutcomeUnknownError(OneproviderError):
    """Raised when a rerun or retry got no answer and its effect could not be seen.

    The provider may have scheduled the new lane run, or may still do so:
    look at the execution (``get``) before sending it again. ``execution_id``
    and ``operation`` name what was sent; the cause is chained.
    """

    def __init__(self, message: str, *, execution_id: str, operation: str) -> None:
        super().__init__(message)
        self.execution_id = execution_id
        self.operation = operation


class ExecutionSuspendedError(OneproviderError):
    """Raised by ``wait(until="ended")`` when the execution is suspended: it will not end by itself.

    ``execution`` is the suspended execution; ``resume`` continues it.
    """

    def __init__(self, message: str, *, execution: WorkflowExecution) -> None:
        super().__init__(message)
        self.execution = execution


class UnlistedExecutionsError(OneproviderError):
    """Raised by ``wait_all()`` for executions that no phase list of the space holds.

    ``missing`` are ids the provider does not know (never scheduled, or
    deleted); ``elsewhere`` maps ids of executions of another space to that
    space; ``done`` holds the executions that had stopped by then.
    """

    def __init__(
        self,
        message: str,
        *,
        missing: tuple[str, ...],
        elsewhere: Mapping[str, str],
        done: Mapping[str, WorkflowExecution],
    ) -> None:
        super().__init__(message)
        self.missing = missing
        self.elsewhere = elsewhere
        self.done = done


class WaitAllTimeoutError(OneproviderError):
    """Raised by ``wait_all()`` when some executions have not stopped within ``timeout`` seconds.

    ``pending`` are their ids; ``done`` the executions that had stopped.
    """

    def __init__(
        self,
        message: str,
        *,
        pending: tuple[str, ...],
        done: Mapping[str, WorkflowExecution],
        timeout: float,
    ) -> None:
        super().__init__(message)
        self.pending = pending
        self.done = done
        self.timeout = timeout


@attrs.frozen
class ErrorContext:
    """What a request was about, so that an error can say so (and what to do)."""

    operation: str
    execution_id: str | None = None
    lane_index: int | None = None
    lane_run_number: int | None = None
    store_id: str | None = None


_CLASS_BY_STATUS: dict[int, type[ApiStatusError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
}
# For a status outside the table (a gateway's 409, say) the Onedata id still
# says what happened.
_CLASS_BY_ID: dict[str, type[ApiStatusError]] = {
    "unauthorized": UnauthorizedError,
    "forbidden": ForbiddenError,
    "notFound": NotFoundError,
    "internalServerError": InternalServerError,
}


#: The execution state errors of a 400, by Onedata error id. A provider's REST
#: answers never carry ``atmWorkflowExecutionStopping`` or ``...Stopped`` (the
#: engine uses them inside); they map to the base class should one come.
_STATE_CLASS_BY_ID: dict[str, type[ExecutionStateError]] = {
    "atmWorkflowExecutionEnded": ExecutionEndedError,
    "atmWorkflowExecutionNotEnded": ExecutionNotEndedError,
    "atmWorkflowExecutionNotResumable": ExecutionNotResumableError,
    "atmWorkflowExecutionNotStopped": ExecutionNotStoppedError,
    "atmInvalidStatusTransition": InvalidStatusTransitionError,
    "atmLaneExecutionRerunFailed": LaneRunNotRepeatableError,
    "atmLaneExecutionRetryFailed": LaneRunNotRepeatableError,
    "atmWorkflowExecutionStopping": ExecutionStateError,
    "atmWorkflowExecutionStopped": ExecutionStateError,
}


def make_status_error(
    response: httpx.Response,
    *,
    id: str,
    description: str,
    details: Mapping[str, object],
    ctx: Mapping[str, object] | None,
    secret: Secret,
    context: ErrorContext | None = None,
) -> ApiStatusError:
    """The :class:`ApiStatusError` subclass for ``response``'s status and the Onedata ``id``.

    ``context`` (the operation and the execution, lane run or store it was
    about) adds what happened and what to do to the message.
    """
    status = response.status_code
    cls = _CLASS_BY_STATUS.get(status)
    if status == 400 and id in _STATE_CLASS_BY_ID:
        cls = _STATE_CLASS_BY_ID[id]
    if cls is None:
        cls = InternalServerError if status >= 500 else _CLASS_BY_ID.get(id, ApiStatusError)
    message = f"{id} ({status}): {description}"
    if details:
        message += f" [{_render_details(details, secret)}]"
    if context is not None and (hint := _hint(cls, id, details, context)):
        message += f"; {hint}"
    message = secret.redact(message)
    execution_id = context.execution_id if context else None
    if cls is LaneRunNotRepeatableError:
        return LaneRunNotRepeatableError(
            message,
            response=response,
            id=id,
            description=description,
            details=details,
            ctx=ctx,
            execution_id=execution_id,
            lane_index=context.lane_index if context else None,
            lane_run_number=context.lane_run_number if context else None,
        )
    if issubclass(cls, ExecutionStateError):
        return cls(
            message,
            response=response,
            id=id,
            description=description,
            details=details,
            ctx=ctx,
            execution_id=execution_id,
        )
    return cls(message, response=response, id=id, description=description, details=details, ctx=ctx)


def _hint(
    cls: type[ApiStatusError], id: str, details: Mapping[str, object], context: ErrorContext
) -> str:
    """What the error means for the execution acted on, and what to do."""
    execution = f"workflow execution {context.execution_id}"
    op = context.operation
    lane_run = f"lane {context.lane_index} run {context.lane_run_number}"
    if cls is ExecutionEndedError:
        return (
            f"{execution} has already ended, so it cannot be {_past(op)}; "
            "rerun or retry one of its lane runs to run it again"
        )
    if cls is ExecutionNotEndedError:
        return (
            f"{execution} has not ended, so its {lane_run} cannot be {_past(op)}; "
            "wait until it ends (wait(..., until='ended')), or cancel it first"
        )
    if cls is ExecutionNotResumableError:
        if op == "force_continue":
            return (
                f"{execution} cannot be force-continued: only a failed execution "
                "whose failed lane is not the last one can; see its status and lanes"
            )
        return f"{execution} cannot be resumed: only a paused or interrupted execution can"
    if cls is ExecutionNotStoppedError:
        return (
            f"{execution} is still waiting or ongoing, so it cannot be deleted; "
            "cancel or pause it and wait until it stops"
        )
    if cls is InvalidStatusTransitionError:
        prev = details.get("prevStatus")
        new = details.get("newStatus")
        return (
            f"{execution} cannot be {_past(op)} now: its status cannot go from "
            f"{prev} to {new} (a suspended execution can only be cancelled or resumed; "
            "one that is finishing can no longer be stopped)"
        )
    if cls is LaneRunNotRepeatableError:
        if id == "atmLaneExecutionRetryFailed":
            rule = "only a run that processed every item, some of them failing, can be retried"
        else:
            rule = "only a finished, failed or cancelled run can be rerun"
        return (
            f"{lane_run} of {execution} cannot be {_past(op)}: {rule}, and none of a "
            "crashed execution; see is_rerunable and is_retriable on its lane runs"
        )
    if cls is NotFoundError:
        if op in ("rerun", "retry"):
            return (
                f"{execution} or its {lane_run} does not exist "
                "(the provider's answer does not say which)"
            )
        if context.store_id is not None:
            return (
                f"audit-log store {context.store_id} does not exist, "
                "or its workflow execution was deleted"
            )
        if context.execution_id is not None:
            return f"{execution} does not exist, or was deleted"
    return ""


def _past(operation: str) -> str:
    return {
        "cancel": "cancelled",
        "pause": "paused",
        "resume": "resumed",
        "force_continue": "force-continued",
        "rerun": "rerun",
        "retry": "retried",
        "delete": "deleted",
    }.get(operation, operation)


def _render_details(details: Mapping[str, object], secret: Secret) -> str:
    # Masked before it is cut: a token across the cut would otherwise show in part.
    parts = []
    for key, value in details.items():
        try:
            rendered = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            rendered = repr(value)
        parts.append(f"{key}={rendered}")
    text = secret.redact(", ".join(parts))
    if len(text) > _DETAILS_LIMIT:
        text = text[: _DETAILS_LIMIT - 3] + "..."
    return text
