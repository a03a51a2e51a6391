"""Test controls under ``/_mock/``: outside the API and the published spec.

========================  =====================================================
``GET /_mock/world``      the world's name, description, connection info
                          as in the ready file (``host``, ``apiUrl``,
                          ``token``, ids, the example's store content, the
                          revision's ``stores``, the space's ``files``), an
                          example request body, the shipped worlds
``POST /_mock/world``     replace the world with the JSON world document sent
                          (``{"extends": "no-privilege"}`` loads a shipped one)
``POST /_mock/reset``     back to the world loaded last; executions and
                          callbacks forgotten
``GET /_mock/callbacks``  every callback so far: URL, status sent, outcome
                          (waiting, sending, delivered, gaveUp, refused), tries
``PUT /_mock/timing``     ``{"phaseSeconds": 0.1}`` speed of executions
                          scheduled from now on (``null``: the world's)
``POST /_mock/fail-next`` ``{"count": 1}``: the next API requests crash (500)
``GET /_mock/executions`` every execution: id, space, user, status, phase,
                          deleted, ``systemAuditLogStoreId``
``POST .../{wid}/crash``  (under ``/_mock/executions``) crash a waiting or
                          ongoing execution at once (``crashed``)
``POST .../{wid}/interrupt``  interrupt it (``stopping``, then ``interrupted``)
``PUT .../{wid}/timing``  ``{"phaseSeconds": 0}``: how long each next automatic
                          step of that execution takes
========================  =====================================================

The execution controls answer 404 ``{"problem"}`` for an unknown execution and
400 for one that is not running.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._backend import Backend
from ..world import _json
from ..world._onedata_error import OnedataError
from ..world._world import World, WorldError
from ._http import base_url, dumps, read_body

CONTROLS_PATH = "/_mock"


def _answer(value: Any, status_code: int = 200) -> Response:
    return Response(dumps(value), status_code=status_code, media_type="application/json")


def _problem(message: str) -> Response:
    return _answer({"problem": message}, 400)


#: Controls take small documents; a world file is well under this.
MAX_CONTROL_BODY_BYTES = 8_000_000


async def _json_body(request: Request) -> Any:
    # The same bounded reading and parsing as the API: a hostile body is a 400, not a 500.
    try:
        body = await read_body(request, MAX_CONTROL_BODY_BYTES)
    except OnedataError as err:
        raise ValueError(f"the body is larger than {MAX_CONTROL_BODY_BYTES} bytes") from err
    return _json.loads(body) if body.strip() else {}


def control_routes(backend: Backend) -> list[Route]:
    """Routes of the test controls of ``backend``."""

    def world_summary(request: Request) -> dict[str, Any]:
        world = backend.world
        return {
            "name": world.name,
            "description": world.description,
            "phaseSeconds": backend.phase_seconds,
            "shippedWorlds": World.names(),
            "exampleRequest": world.example_request(),
            **world.connection_info(base_url(request)),
        }

    async def get_world(request: Request) -> Response:
        return _answer(world_summary(request))

    async def load_world(request: Request) -> Response:
        try:
            world = World.from_dict(await _json_body(request), read_files=False)
        except (ValueError, WorldError) as err:
            return _problem(f"not a world document: {err}")
        backend.reset(world)
        return _answer(world_summary(request))

    async def reset(request: Request) -> Response:
        backend.reset()
        return _answer(world_summary(request))

    async def callbacks(request: Request) -> Response:
        return _answer([delivery.to_json() for delivery in backend.callback_deliveries()])

    async def timing(request: Request) -> Response:
        try:
            data = await _json_body(request)
            backend.set_phase_seconds(data["phaseSeconds"])
        except (ValueError, TypeError, KeyError) as err:
            return _problem(f'expected {{"phaseSeconds": <seconds >= 0 or null>}}: {err}')
        return _answer({"phaseSeconds": backend.phase_seconds})

    async def fail_next(request: Request) -> Response:
        try:
            data = await _json_body(request)
            count = data.get("count", 1)
            if isinstance(count, bool) or not isinstance(count, int):
                raise TypeError(f"count must be an integer, got {count!r}")
            backend.fail_next_requests(count)
        except (ValueError, TypeError, AttributeError) as err:
            return _problem(f'expected {{"count": <integer >= 0>}}: {err}')
        return _answer({"count": count})

    async def executions(request: Request) -> Response:
        return _answer(backend.executions_summary())

    def execution_control(
        act: Callable[[str, Any], None], *, takes_body: bool = False
    ) -> Callable[[Request], Awaitable[Response]]:
        async def control(request: Request) -> Response:
            execution_id = request.path_params["wid"]
            try:
                data = await _json_body(request) if takes_body else None
                act(execution_id, data)
            except KeyError:
                return _answer({"problem": f"no execution {execution_id!r}"}, 404)
            except (ValueError, TypeError) as err:
                return _problem(str(err))
            return _answer({"atmWorkflowExecutionId": execution_id})

        return control

    def timing_of(execution_id: str, data: Any) -> None:
        if not isinstance(data, dict) or "phaseSeconds" not in data:
            raise ValueError('expected {"phaseSeconds": <seconds >= 0>}')
        if execution_id not in backend.world.executions:
            raise KeyError(execution_id)
        backend.set_execution_phase_seconds(execution_id, data["phaseSeconds"])

    endpoints: list[tuple[str, Callable[[Request], Awaitable[Response]], str]] = [
        ("/executions", executions, "GET"),
        (
            "/executions/{wid}/crash",
            execution_control(lambda wid, _: backend.crash(wid)),
            "POST",
        ),
        (
            "/executions/{wid}/interrupt",
            execution_control(lambda wid, _: backend.interrupt(wid)),
            "POST",
        ),
        ("/executions/{wid}/timing", execution_control(timing_of, takes_body=True), "PUT"),
        ("/world", get_world, "GET"),
        ("/world", load_world, "POST"),
        ("/reset", reset, "POST"),
        ("/callbacks", callbacks, "GET"),
        ("/timing", timing, "PUT"),
        ("/fail-next", fail_next, "POST"),
    ]
    return [
        Route(CONTROLS_PATH + path, endpoint, methods=[method])
        for path, endpoint, method in endpoints
    ]
