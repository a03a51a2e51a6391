"""Request building and response parsing, shared by the sync and async clients.

Requests are built by the generated client's operation modules (paths,
escaping, body serialization by ``AtmWorkflowExecutionScheduleRequest``);
the token goes in Onedata's own ``X-Auth-Token`` header. The generated
package is imported where it is used, on the first request: importing it
costs about as much as importing httpx, and ``import oneprovider_automation``
should not. The generated
``sync_detailed`` functions are not used to *send*: they keep no
``httpx.Response`` (needed for errors and the ``Location`` header) and
crash on a status outside Python's ``HTTPStatus`` (a gateway's 520).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NoReturn
from urllib.parse import quote

import attrs
import httpx

from ._constants import API_BASE_PATH, TOKEN_HEADER, USER_AGENT
from ._exceptions import ErrorContext, UnexpectedResponseError, make_status_error
from ._models import LogLevel, ScheduledExecution, WorkflowExecution, execution_from_json
from ._secrets import Secret, token_problem

#: Longest excerpt of an unexpected body kept on the error.
BODY_EXCERPT_LIMIT = 200


def base_url_for(host: str) -> str:
    """The API base URL for ``host``: a bare host (https assumed) or a URL.

    ``provider.example.com`` and ``https://provider.example.com/`` both give
    ``https://provider.example.com/api/v3/oneprovider``; a URL that already
    ends with the API path is kept. Raises :class:`ValueError` otherwise.
    """
    if not isinstance(host, str) or not host.strip():
        raise ValueError(f"host must be a provider's host name or URL, got {host!r}")
    text = host.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as err:
        raise ValueError(f"host {host!r} is not a valid host name or URL: {err}") from err
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"host must be an http(s) URL or a host name, got {host!r}")
    if url.userinfo:
        raise ValueError("host must not carry credentials; pass the token as token=")
    if url.query or url.fragment:
        raise ValueError(f"host must not have a query or fragment, got {host!r}")
    path = url.path.rstrip("/")
    if not path.endswith(API_BASE_PATH):
        path += API_BASE_PATH
    return str(url.copy_with(path=path))


@attrs.frozen
class Settings:
    """What a client was configured with; the token only as a :class:`Secret`."""

    base_url: str
    secret: Secret
    timeout: httpx.Timeout
    max_retries: int
    unsafe_retries: bool

    @classmethod
    def create(
        cls,
        host: str,
        token: str,
        *,
        timeout: float | httpx.Timeout,
        max_retries: int,
        unsafe_retries: bool,
    ) -> Settings:
        """Check the client's arguments; raises :class:`ValueError` or :class:`TypeError`."""
        if not isinstance(token, str):
            raise TypeError(f"token must be a string, got {type(token).__name__}")
        problem = token_problem(token)
        if problem is not None:
            raise ValueError(problem)
        if timeout is None:
            raise ValueError("timeout=None would wait forever; pass a number of seconds")
        if not isinstance(timeout, httpx.Timeout):
            if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
                raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
            timeout = httpx.Timeout(float(timeout))
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError(f"max_retries must be an integer >= 0, got {max_retries!r}")
        return cls(base_url_for(host), Secret(token), timeout, max_retries, bool(unsafe_retries))


@attrs.frozen
class Call:
    """One API call before it is sent: what to send and whether it may be repeated.

    The token is added only in :meth:`build`, so a ``Call`` can be shown. The
    body is serialized once, when the call is made, which also proves it is JSON.
    """

    method: str
    url: str
    headers: Mapping[str, str]
    content: bytes | None
    repeatable: bool
    #: ``url`` parsed, when it was built here: httpx then takes it as it is
    #: instead of parsing the text again (URL parsing is most of httpx's own
    #: cost of building a request).
    parsed_url: httpx.URL | None = attrs.field(default=None, eq=False, repr=False)

    def build(self, http: httpx.Client | httpx.AsyncClient, settings: Settings) -> httpx.Request:
        """The request to send with ``http`` (its own default headers merged in)."""
        headers = {**self.headers, TOKEN_HEADER: settings.secret.reveal()}
        return http.build_request(
            self.method,
            self.url if self.parsed_url is None else self.parsed_url,
            headers=headers,
            content=self.content,
            timeout=settings.timeout,
        )

    def build_standalone(self, token_shown_as: str) -> httpx.Request:
        """The request with ``token_shown_as`` in place of the token (for a dry run)."""
        headers = {**self.headers, TOKEN_HEADER: token_shown_as}
        return httpx.Request(self.method, self.url, headers=headers, content=self.content)


def api_call(
    base_url: str,
    kwargs: dict[str, Any],
    *,
    repeatable: bool,
    accept: str = "application/json",
) -> Call:
    """A :class:`Call` from a generated operation's ``_get_kwargs`` (query ``params`` included)."""
    headers = {
        "Accept": accept,
        "User-Agent": USER_AGENT,
        **kwargs.get("headers", {}),
    }
    content = None
    if "json" in kwargs:
        content = _json_bytes(kwargs["json"])
        headers["Content-Type"] = "application/json"
    # One parse, the query included (``params`` given to the constructor
    # makes the same query string as merging them afterwards).
    params = kwargs.get("params")
    url = httpx.URL(base_url + str(kwargs["url"]), params=params or None)
    return Call(
        method=str(kwargs["method"]).upper(),
        url=str(url),
        headers=headers,
        content=content,
        repeatable=repeatable,
        parsed_url=url,
    )


def _json_bytes(body: object) -> bytes:
    """``body`` as httpx would send it; :class:`ValueError` when it is not JSON."""
    try:
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as err:
        raise ValueError(f"store_initial_content must be JSON: {err}") from err
    return text.encode("utf-8")


def schedule_call(
    base_url: str,
    *,
    space_id: str,
    workflow_schema_id: str,
    revision: int,
    store_initial_content: Mapping[str, object] | None,
    log_level: LogLevel | str | None,
    callback: str | None,
    repeatable: bool,
) -> Call:
    """The schedule request; raises :class:`ValueError`/:class:`TypeError` for bad arguments."""
    from oneprovider_client.api.workflow_execution import schedule_workflow_execution
    from oneprovider_client.models import (
        AtmWorkflowExecutionScheduleRequest,
        StoreInitialContentOverlay,
    )
    from oneprovider_client.models import LogLevel as GeneratedLogLevel

    require_id(space_id, "space_id")
    require_id(workflow_schema_id, "workflow_schema_id")
    if isinstance(revision, bool) or not isinstance(revision, int):
        raise TypeError(f"revision must be an integer, got {revision!r}")
    if revision < 1:
        raise ValueError(f"revision must be >= 1, got {revision}")
    body = AtmWorkflowExecutionScheduleRequest(
        space_id=space_id,
        atm_workflow_schema_id=workflow_schema_id,
        atm_workflow_schema_revision_number=revision,
    )
    if store_initial_content is not None:
        body.store_initial_content_overlay = StoreInitialContentOverlay.from_dict(
            _json_object(store_initial_content)
        )
    if log_level is not None:
        body.log_level = GeneratedLogLevel(parse_log_level(log_level).value)
    if callback is not None:
        if not isinstance(callback, str) or not callback:
            raise ValueError(f"callback must be a URL, got {callback!r}")
        body.callback = callback
    kwargs = schedule_workflow_execution._get_kwargs(body=body)
    return api_call(base_url, kwargs, repeatable=repeatable)


def get_call(base_url: str, execution_id: str) -> Call:
    """The request for an execution's details (a GET: always repeatable)."""
    from oneprovider_client.api.workflow_execution import get_workflow_execution_details

    require_id(execution_id, "execution_id")
    kwargs = get_workflow_execution_details._get_kwargs(wid=execution_id)
    return api_call(base_url, kwargs, repeatable=True)


def parse_log_level(value: LogLevel | str) -> LogLevel:
    """``value`` as a :class:`LogLevel` (any case); :class:`ValueError` names the allowed ones."""
    if isinstance(value, LogLevel):
        return value
    try:
        return LogLevel(str(value).lower())
    except ValueError:
        allowed = ", ".join(level.value for level in LogLevel)
        raise ValueError(f"unknown log level {value!r} (expected one of: {allowed})") from None


def parse_scheduled(response: httpx.Response, secret: Secret, base_url: str) -> ScheduledExecution:
    """The scheduled execution from a 201; raises our error for anything else."""
    from oneprovider_client.models import AtmWorkflowExecutionScheduleResponse

    if response.status_code != 201:
        if response.is_success:
            _unexpected(
                response,
                secret,
                f"expected 201 Created, got {response.status_code}; "
                "the execution may have been scheduled",
            )
        raise_error(response, secret)
    try:
        parsed = AtmWorkflowExecutionScheduleResponse.from_dict(response.json())
        execution_id = parsed.atm_workflow_execution_id
    except (ValueError, KeyError, TypeError, AttributeError):
        execution_id = None
    if not isinstance(execution_id, str) or not execution_id:
        _unexpected(
            response,
            secret,
            "201 Created without an atmWorkflowExecutionId: the execution was "
            "probably scheduled but its id is unknown",
        )
    return ScheduledExecution(
        id=execution_id,
        url=execution_url(base_url, execution_id),
        location=response.headers.get("location"),
    )


def execution_url(base_url: str, execution_id: str) -> str:
    """The details URI of an execution (as ``get_call`` builds it, without the request)."""
    return f"{base_url}/automation/execution/workflows/{quote(execution_id, safe='')}"


def parse_execution(
    response: httpx.Response, secret: Secret, execution_id: str | None = None
) -> WorkflowExecution:
    """The execution from a 200; raises our error (naming ``execution_id``) for anything else."""
    if response.status_code != 200:
        if response.is_success:
            _unexpected(response, secret, f"expected 200 OK, got {response.status_code}")
        context = None if execution_id is None else ErrorContext("get", execution_id=execution_id)
        raise_error(response, secret, context)
    try:
        return execution_from_json(response.json())
    except ValueError as err:  # json.JSONDecodeError is a ValueError too
        _unexpected(response, secret, f"not a workflow execution's details: {err}")


def parse_no_content(response: httpx.Response, secret: Secret, context: ErrorContext) -> None:
    """Check a 204 (the answer of every action); raises our error for anything else."""
    if response.status_code == 204:
        return
    if response.is_success:
        _unexpected(
            response,
            secret,
            f"expected 204 No Content, got {response.status_code}; the {context.operation} "
            "may have been done",
        )
    raise_error(response, secret, context)


def raise_error(
    response: httpx.Response, secret: Secret, context: ErrorContext | None = None
) -> NoReturn:
    """Raise the error for a non-success ``response``; ``context`` says what it was about."""
    from oneprovider_client.models import ErrorJson
    from oneprovider_client.types import Unset

    if response.status_code >= 400:
        try:
            error = ErrorJson.from_dict(response.json()).error
            details = {} if isinstance(error.details, Unset) else error.details.to_dict()
            ctx = None if error.ctx is None or isinstance(error.ctx, Unset) else error.ctx.to_dict()
        except (ValueError, KeyError, TypeError, AttributeError):
            error = None
        if error is not None and _is_id(error.id) and isinstance(error.description, str):
            raise make_status_error(
                response,
                id=error.id,
                description=error.description,
                details=details,
                ctx=ctx,
                secret=secret,
                context=context,
            )
        _unexpected(response, secret, "not a Onedata error body")
    if response.is_redirect:
        _unexpected(
            response,
            secret,
            f"a redirect to {response.headers.get('location', '?')}; is the host right "
            "(http or https, the port)?",
        )
    _unexpected(response, secret, "not an answer this API gives")


def unexpected(response: httpx.Response, secret: Secret, problem: str) -> NoReturn:
    """Raise :class:`UnexpectedResponseError` for ``response``, saying what is wrong with it."""
    _unexpected(response, secret, problem)


def _unexpected(response: httpx.Response, secret: Secret, problem: str) -> NoReturn:
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError):
        text = response.content.decode("utf-8", "replace")
    # Masked before it is cut: a token across the cut would otherwise show in part.
    excerpt = secret.redact(text)[:BODY_EXCERPT_LIMIT]
    request = response.request
    content_type = response.headers.get("content-type", "no content type")
    message = (
        f"unexpected answer to {request.method} {request.url}: "
        f"{response.status_code} {response.reason_phrase} ({content_type}): {problem}"
    )
    if excerpt:
        message += f"; body starts {excerpt!r}"
    raise UnexpectedResponseError(secret.redact(message), response=response, body_excerpt=excerpt)


def _is_id(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def require_id(value: object, name: str) -> None:
    """Raise :class:`TypeError`/:class:`ValueError` naming ``name`` unless ``value`` is an id."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {value!r}")
    if not value:
        raise ValueError(f"{name} must not be empty")


def _json_object(content: Mapping[str, object]) -> dict[str, object]:
    if not isinstance(content, Mapping):
        raise TypeError(
            f"store_initial_content must map store schema ids to JSON, got {type(content).__name__}"
        )
    for key in content:
        if not isinstance(key, str):
            raise TypeError(f"store_initial_content keys must be store schema ids, got {key!r}")
    # Whether the values are JSON is found when the call serializes its body.
    return dict(content)
