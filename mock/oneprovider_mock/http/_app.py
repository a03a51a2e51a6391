"""The ASGI app: routes, cowboy's checks before a handler, and turning results into answers.

It only parses and serializes; every rule of the API lives in the backend. The
API is served under ``/api/v3/oneprovider``, the test controls under ``/_mock/``
(``_controls``). Before a handler runs, a request goes through what cowboy_rest
and op-worker's ``rest_handler`` do, in their order (cowboy 2.9
``cowboy_rest.erl``):

1. the route (404 ``notFound``); a trailing slash routes like none;
2. the method (405 with ``allow``, no body), before any token is looked at;
3. a token that is sent must be valid (401, ``is_authorized``);
4. ``Accept`` must allow ``application/json`` (406, no body; 400 if unparsable);
5. a request with a body must be exactly ``application/json`` (415, no body),
   except on routes that ignore their body (cancel, pause, resume, force_continue);
6. the body, read up to ``MAX_BODY_BYTES`` (``cowboy_req:read_body/1``'s default).

Any unexpected exception inside a request is answered as a provider does, 500
``internalServerError`` with a reference that the log line carries too, and
never escapes the app. A client that goes away before its body has arrived is
logged in one line.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .._backend import Backend, InjectedCrash
from ..world import _errors
from ..world._operations import ACTIONS
from ..world._world import World
from ._controls import control_routes
from ._dump import audit_log_response
from ._http import CORS_HEADERS, access_token, error_response, json_response, read_body
from ._negotiation import (
    JSON_TYPE,
    NOT_ACCEPTABLE,
    OCTET_STREAM_TYPE,
    UNPARSABLE,
    accept_verdict,
    has_body,
    is_exactly_json,
)

logger = logging.getLogger("oneprovider_mock")

API_PATH = "/api/v3/oneprovider"
#: Where a provider's ``Location`` puts an execution: ``oneprovider:build_rest_url/1``
#: joins ``/api/v3/oneprovider`` and the path without the slash between them.
LOCATION_PATH = "/api/v3/oneproviderautomation/execution/workflows"
#: ``cowboy_req:read_body/1`` reads at most 8,000,000 bytes by default; op-worker
#: reads once, so a longer body is not read whole (and crashes the handler).
MAX_BODY_BYTES = 8_000_000
#: Bodies larger than this are parsed and checked on a worker thread, so that no
#: request holds the event loop (and every other client) for long.
OFFLOAD_BODY_BYTES = 64 * 1024

_API_SEGMENTS = tuple(API_PATH.strip("/").split("/"))
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

Handler = Callable[[Request, bytes, dict[str, str]], Awaitable[Response]]


@dataclass(frozen=True)
class _Route:
    """A path of the API (segments after ``/api/v3/oneprovider``; ``:x`` binds one).

    ``produces`` is the media type ``Accept`` must allow; ``reads_body`` is false for
    routes that ignore their body (``parse_body = ignore``), whatever its type.
    """

    segments: tuple[str, ...]
    methods: dict[str, Handler]
    produces: tuple[str, str] = JSON_TYPE
    reads_body: bool = True

    def bind(self, segments: list[str]) -> dict[str, str] | None:
        if len(segments) != len(self.segments):
            return None
        bound: dict[str, str] = {}
        for pattern, segment in zip(self.segments, segments, strict=True):
            if pattern.startswith(":"):
                if segment == "":
                    return None
                bound[pattern[1:]] = segment
            elif pattern != segment:
                return None
        return bound

    @property
    def allow(self) -> str:
        # op-worker lists a path's methods as the keys of a map of atoms: sorted.
        return ", ".join(sorted(self.methods))


class MockApp(Starlette):
    """The mock provider as an ASGI app; ``backend`` holds its state."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        workflows = ("automation", "execution", "workflows")
        self._routes = [
            _Route(workflows, {"POST": self._schedule}),
            _Route((*workflows, ":wid"), {"GET": self._details, "DELETE": self._delete}),
            *(
                _Route(
                    (*workflows, ":wid", action),
                    {"POST": self._action(action)},
                    reads_body=action in ("rerun", "retry"),
                )
                for action in ACTIONS
            ),
            _Route(("spaces", ":sid", *workflows), {"GET": self._list}),
            _Route(
                ("automation", "execution", "stores", ":store_id", "dump"),
                {"GET": self._dump},
                produces=OCTET_STREAM_TYPE,
            ),
        ]
        super().__init__(
            routes=control_routes(backend),
            exception_handlers={HTTPException: self._http_exception},
        )
        self.router.redirect_slashes = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            segments = _segments(scope)
            if segments[: len(_API_SEGMENTS)] == list(_API_SEGMENTS):
                response = await self._api(Request(scope, receive), segments[len(_API_SEGMENTS) :])
                if response is not None:
                    await response(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    # --- before the handler -------------------------------------------------------------

    async def _api(self, request: Request, segments: list[str]) -> Response | None:
        try:
            return await self._serve(request, segments)
        except ClientDisconnect:
            logger.info(
                "client went away before its request body arrived: %s %s",
                request.method,
                request.url.path,
            )
            return None
        except Exception as err:
            return self._failure(err)

    async def _serve(self, request: Request, segments: list[str]) -> Response:
        # cowboy_router drops the empty segment a trailing slash leaves.
        if len(segments) > 1 and segments[-1] == "":
            segments = segments[:-1]
        for route in self._routes:
            bound = route.bind(segments)
            if bound is not None:
                break
        else:
            return self._not_found()
        handler = route.methods.get(request.method)
        if handler is None:
            return Response(status_code=405, headers={**CORS_HEADERS, "allow": route.allow})
        token = access_token(request.headers)
        if token is not None:
            self.backend.authenticate(token)
        verdict = accept_verdict(request.headers.get("accept"), route.produces)
        if verdict == NOT_ACCEPTABLE:
            return Response(status_code=406, headers=CORS_HEADERS)
        if verdict == UNPARSABLE:
            return Response(status_code=400, headers=CORS_HEADERS)
        body = b""
        if route.reads_body and request.method in _BODY_METHODS and has_body(request.headers):
            if not is_exactly_json(request.headers.get("content-type")):
                return Response(status_code=415, headers=CORS_HEADERS)
            body = await read_body(request, MAX_BODY_BYTES)
        return await handler(request, body, bound)

    # --- the handlers ------------------------------------------------------------------------

    async def _schedule(self, request: Request, body: bytes, bound: dict[str, str]) -> Response:
        query_string = request.scope["query_string"].decode("latin-1")
        execution = await self._run(
            len(body),
            lambda: self.backend.schedule(
                token=access_token(request.headers), body=body, query_string=query_string
            ),
        )
        provider = self.backend.world.provider
        location = f"https://{provider.domain}:{provider.https_port}{LOCATION_PATH}/{execution.id}"
        return json_response(
            {"atmWorkflowExecutionId": execution.id}, 201, headers={"Location": location}
        )

    async def _details(self, request: Request, body: bytes, bound: dict[str, str]) -> Response:
        details = self.backend.execution_details(bound["wid"], token=access_token(request.headers))
        return json_response(details)

    async def _delete(self, request: Request, body: bytes, bound: dict[str, str]) -> Response:
        self.backend.delete(bound["wid"], token=access_token(request.headers))
        return Response(status_code=204, headers=CORS_HEADERS)

    def _action(self, action: str) -> Handler:
        async def handle(request: Request, body: bytes, bound: dict[str, str]) -> Response:
            query_string = request.scope["query_string"].decode("latin-1")
            await self._run(
                len(body),
                lambda: self.backend.act(
                    action,
                    bound["wid"],
                    token=access_token(request.headers),
                    body=body,
                    query_string=query_string,
                ),
            )
            return Response(status_code=204, headers=CORS_HEADERS)

        return handle

    async def _list(self, request: Request, body: bytes, bound: dict[str, str]) -> Response:
        page = self.backend.list_executions(
            bound["sid"],
            token=access_token(request.headers),
            query_string=request.scope["query_string"].decode("latin-1"),
        )
        return json_response(page)

    async def _dump(self, request: Request, body: bytes, bound: dict[str, str]) -> Response:
        dump = self.backend.audit_log_dump(bound["store_id"], token=access_token(request.headers))
        return audit_log_response(dump, time.gmtime())

    async def _run(self, size: int, work: Callable[[], Any]) -> Any:
        if size > OFFLOAD_BODY_BYTES:
            return await anyio.to_thread.run_sync(work)
        return work()

    # --- answers --------------------------------------------------------------------------

    def _not_found(self) -> Response:
        return error_response(
            _errors.not_found(module="rest_handler", line=118), self.backend.service
        )

    def _failure(self, err: Exception) -> Response:
        if isinstance(err, _errors.OnedataError):
            return error_response(err, self.backend.service)
        reference = os.urandom(4).hex()
        if isinstance(err, InjectedCrash):
            logger.warning("request crashed on purpose (reference %s)", reference)
        else:
            logger.exception("request crashed (reference %s)", reference)
        return error_response(_errors.internal_server_error(reference), self.backend.service)

    async def _http_exception(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            return self._not_found()
        return Response(status_code=exc.status_code, headers=exc.headers)


def _segments(scope: Scope) -> list[str]:
    # Split the path as sent, then decode each segment: "%2F" stays inside its segment.
    raw = scope.get("raw_path")
    path = raw.decode("latin-1").split("?", 1)[0] if raw else scope["path"]
    return [unquote(segment) for segment in path.split("/")[1:]]


def create_app(
    world: World | None = None,
    *,
    phase_seconds: float | None = None,
    callback_tries: int | None = None,
    callback_backoff: float | None = None,
    allow_callback_hosts: Iterable[str] = (),
) -> MockApp:
    """The mock provider as an ASGI app, serving a copy of ``world`` (default world if None).

    For ``httpx.ASGITransport(app=...)`` and schemathesis. ``phase_seconds``
    overrides the world's execution speed. Callbacks are delivered as a provider
    delivers them (``CallbackPolicy()``: 31 tries, a random first wait of up to 2 s,
    doubling) unless ``callback_tries`` or ``callback_backoff`` (the first wait, then
    doubling) say otherwise; they go to loopback hosts only, plus
    ``allow_callback_hosts``. ``app.backend.close()`` stops the callback threads.
    """
    return MockApp(
        Backend(
            world,
            phase_seconds=phase_seconds,
            callback_tries=callback_tries,
            callback_backoff=callback_backoff,
            allow_callback_hosts=allow_callback_hosts,
        )
    )
