"""The ASGI app: routes, and turning backend results and errors into HTTP answers.

It only parses and serializes; every rule lives in the backend. The API is
served under ``/api/v3/oneprovider``, the test controls under ``/_mock/``
(``_controls``). Any unexpected exception inside a request is answered as a
provider does, 500 ``internalServerError`` with a reference that the log line
carries too, and never escapes the app.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import _errors
from ._backend import Backend, InjectedCrash
from ._controls import control_routes
from ._http import access_token, base_url, error_response, json_response
from ._world import World

logger = logging.getLogger("oneprovider_mock")

API_PATH = "/api/v3/oneprovider"
WORKFLOW_EXECUTIONS_PATH = API_PATH + "/automation/execution/workflows"


class MockApp(Starlette):
    """The mock provider as an ASGI app; ``backend`` holds its state."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        super().__init__(
            routes=[
                Route(WORKFLOW_EXECUTIONS_PATH, self._schedule, methods=["POST"]),
                Route(WORKFLOW_EXECUTIONS_PATH + "/{wid}", self._details, methods=["GET"]),
                *control_routes(backend),
            ],
            exception_handlers={HTTPException: self._http_exception},
        )
        # A provider does not redirect ".../workflows/" to ".../workflows": it is not found.
        self.router.redirect_slashes = False

    async def _schedule(self, request: Request) -> Response:
        body = await request.body()
        try:
            execution = self.backend.schedule(
                token=access_token(request.headers),
                body=body,
                query_string=request.scope["query_string"].decode("latin-1"),
            )
        except Exception as err:
            return self._failure(err)
        location = f"{base_url(request)}{WORKFLOW_EXECUTIONS_PATH}/{execution.id}"
        return json_response(
            {"atmWorkflowExecutionId": execution.id}, 201, headers={"Location": location}
        )

    async def _details(self, request: Request) -> Response:
        try:
            details = self.backend.execution_details(
                request.path_params["wid"], token=access_token(request.headers)
            )
        except Exception as err:
            return self._failure(err)
        return json_response(details)

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
            not_found = _errors.not_found(module="rest_handler", line=118)
            return error_response(not_found, self.backend.service)
        return Response(status_code=exc.status_code, headers=exc.headers)


def create_app(
    world: World | None = None,
    *,
    phase_seconds: float | None = None,
    callback_tries: int = 5,
    callback_backoff: float = 0.5,
    allow_callback_hosts: Iterable[str] = (),
) -> MockApp:
    """The mock provider as an ASGI app, serving a copy of ``world`` (default world if None).

    For ``httpx.ASGITransport(app=...)`` and schemathesis. ``phase_seconds``
    overrides the world's execution speed; callbacks get ``callback_tries`` tries
    with a doubling backoff from ``callback_backoff`` seconds, and go to loopback
    hosts only, plus ``allow_callback_hosts``. ``app.backend.close()`` stops the
    callback threads (they are daemon threads, started by the first callback).
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
