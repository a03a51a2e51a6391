"""What the mock's tests share: spec checks of every answer, a callback receiver, ids."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from oneprovider_mock import World

from tests import openapi_support
from tests.openapi_support import component, response_errors

API_PATH = "/api/v3/oneprovider"
SCHEDULE = "/automation/execution/workflows"
DETAILS = "/automation/execution/workflows/{wid}"
DUMP = "/automation/execution/stores/{store_id}/dump"
SCHEDULE_URL = API_PATH + SCHEDULE

DEFAULT_WORLD = World.default()


def user_id(name: str, world: World = DEFAULT_WORLD) -> str:
    """The id of the user called ``name`` in ``world``."""
    return next(user.id for user in world.users.values() if user.name == name)


def token(name: str, world: World = DEFAULT_WORLD) -> str:
    """The token of the user called ``name`` in ``world``."""
    return world.users[user_id(name, world)].tokens[0]


def schema_id(name: str, world: World = DEFAULT_WORLD) -> str:
    """The id of the workflow schema called ``name`` in ``world``."""
    return next(s.id for s in world.workflow_schemas.values() if s.name == name)


def space_id(name: str, world: World = DEFAULT_WORLD) -> str:
    """The id of the space called ``name`` in ``world``."""
    return next(s.id for s in world.spaces.values() if s.name == name)


def details_path(scheduled: httpx.Response) -> str:
    """The details path of the execution a 201 names, built from its id.

    Not from ``Location``: a provider's names no resource (``LOCATION_PATH``).
    """
    return f"{SCHEDULE_URL}/{scheduled.json()['atmWorkflowExecutionId']}"


def spec_operation(method: str, path: str) -> str | None:
    """The spec's path template of a request path, or None for the test controls.

    A trailing slash routes like none; methods a path does not serve (405) are
    no operation of the spec, and neither checked here.
    """
    if path.startswith("/_mock/"):
        return None
    assert path.startswith(API_PATH), f"{path} is outside the API"
    relative = path[len(API_PATH) :]
    if relative.endswith("/"):
        relative = relative[:-1]
    segments = relative.split("/")
    for template, operations in openapi_support.spec()["paths"].items():
        parts = template.split("/")
        if (
            len(parts) == len(segments)
            and method.lower() in operations
            and all(
                (p.startswith("{") and s != "") or p == s
                for p, s in zip(parts, segments, strict=True)
            )
        ):
            return str(template)
    raise AssertionError(f"{method} {path} is not an operation of the spec")


def _int_or_zero(text: str) -> int:
    return int(text) if len(text) <= 4000 else 0


def check_against_spec(response: httpx.Response) -> None:
    """Fail unless an API answer is what the spec declares (status, body, headers)."""
    request = response.request
    if response.status_code == 405:
        assert response.headers.get("allow"), "405 without an allow header"
        return
    template = spec_operation(request.method, request.url.path)
    if template is None:
        return
    response.read()
    # A number too long for Python's int stands for itself: no schema of ours bounds one.
    body = json.loads(response.content, parse_int=_int_or_zero) if response.content else None
    if template == DUMP and response.status_code == 200:
        # The route produces application/octet-stream; the answer is sent as JSON.
        assert response.headers["content-type"] == "application/json"
    problems = response_errors(
        request.method, template, response.status_code, response.headers, body
    )
    assert not problems, (
        f"{request.method} {request.url.path} answered {response.status_code}, "
        f"which the spec does not allow: {problems}\n{response.text[:1000]}"
    )


def checked_client(base_url: str, **options: Any) -> httpx.Client:
    """An httpx client whose every API answer is checked against the spec."""
    return httpx.Client(
        base_url=base_url,
        timeout=30.0,
        event_hooks={"response": [check_against_spec]},
        **options,
    )


@dataclass
class Receiver:
    """A callback receiver on loopback answering with scripted status codes."""

    url: str
    #: Bodies of the POSTs received, in order.
    received: list[dict[str, Any]] = field(default_factory=list)
    #: What was wrong with them, per the spec's callback (``workflowExecutionStopped``).
    problems: list[str] = field(default_factory=list)
    _arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        """Wait until ``count`` POSTs arrived; returns them."""
        with self._arrived:
            assert self._arrived.wait_for(lambda: len(self.received) >= count, timeout), (
                f"{len(self.received)} of {count} callbacks arrived"
            )
            return list(self.received)


@contextmanager
def receiver(statuses: Sequence[int] = (204,), *, host: str = "127.0.0.1") -> Iterator[Receiver]:
    """Serve a receiver on ``host`` (loopback); the n-th POST gets ``statuses[n]``
    (the last repeats)."""
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            target = box[0]
            problems = [
                e.message for e in component("AtmWorkflowExecutionCallback").iter_errors(body)
            ]
            if self.headers.get("Content-Type") != "application/json":
                problems.append(f"Content-Type {self.headers.get('Content-Type')!r}")
            with target._arrived:
                target.problems.extend(problems)
                index = len(target.received)
                target.received.append(body)
                target._arrived.notify_all()
            self.send_response(statuses[min(index, len(statuses) - 1)])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
    server = server_class((host, 0), Handler)
    port = server.server_address[1]
    shown = f"[{host}]" if ":" in host else host
    box.append(Receiver(url=f"http://{shown}:{port}/execution-callback"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert not box[0].problems, f"callbacks the spec does not allow: {box[0].problems}"


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class InProcessTransport(httpx.BaseTransport):
    """Calls an ASGI app from a synchronous ``httpx.Client``, on an event loop thread."""

    def __init__(self, app: Any) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    async def _call(self, request: httpx.Request) -> httpx.Response:
        response = await self._asgi.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        future = asyncio.run_coroutine_threadsafe(self._call(request), self._loop)
        return future.result(timeout=30)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
