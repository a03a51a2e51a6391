"""Errors raised by the client, all under :class:`OneproviderError`::

    OneproviderError
     ├── ApiConnectionError          no answer: DNS, refused, TLS, connection dropped
     │    └── ApiTimeoutError        no answer in time
     ├── ApiStatusError              an error status with a Onedata error body
     │    ├── BadRequestError        400: a field, the space or the initial content
     │    ├── UnauthorizedError      401: no token, or a bad one
     │    ├── ForbiddenError         403: a missing privilege, or an unknown space
     │    ├── NotFoundError          404: no such schema, revision or execution
     │    └── InternalServerError    500 (and any other 5xx)
     ├── UnexpectedResponseError     an answer the spec does not allow
     └── WaitTimeoutError            wait() ran out of time

Wrong arguments (an empty host, ``revision=0``) raise :class:`ValueError` or
:class:`TypeError` before anything is sent: those are mistakes in the calling
code, not events of talking to a provider.

Every message is redacted with the client's token.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

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


def make_status_error(
    response: httpx.Response,
    *,
    id: str,
    description: str,
    details: Mapping[str, object],
    ctx: Mapping[str, object] | None,
    secret: Secret,
) -> ApiStatusError:
    """The :class:`ApiStatusError` subclass for ``response``'s status and the Onedata ``id``."""
    status = response.status_code
    cls = _CLASS_BY_STATUS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else _CLASS_BY_ID.get(id, ApiStatusError)
    message = f"{id} ({status}): {description}"
    if details:
        message += f" [{_render_details(details)}]"
    return cls(
        secret.redact(message),
        response=response,
        id=id,
        description=description,
        details=details,
        ctx=ctx,
    )


def _render_details(details: Mapping[str, object]) -> str:
    parts = []
    for key, value in details.items():
        try:
            rendered = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            rendered = repr(value)
        parts.append(f"{key}={rendered}")
    text = ", ".join(parts)
    if len(text) > _DETAILS_LIMIT:
        text = text[: _DETAILS_LIMIT - 3] + "..."
    return text
