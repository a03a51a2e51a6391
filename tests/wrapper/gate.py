"""An ASGI gate in front of the mock, to kill a batch with requests provably in flight.

The first ``free`` schedule requests pass. The ones after are held: some
reach the mock (an execution is created, its answer kept back), some are
held before it (nothing is created). Once :meth:`Gate.wait_held` sees them
held, the test kills the client, then opens the gate.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_BOUND = 30.0


class Gate:
    def __init__(self, app: ASGIApp, *, free: int, reaches_provider: Callable[[int], bool]) -> None:
        self._app = app
        self._free = free
        self._reaches_provider = reaches_provider
        self._posts = 0
        self._held = 0
        self._changed = threading.Condition()
        self._open = threading.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or self._open.is_set():
            await self._app(scope, receive, send)
            return
        self._posts += 1
        if self._posts <= self._free:
            await self._app(scope, receive, send)
            return
        kept: list[Message] = []

        async def keep(message: Message) -> None:
            kept.append(message)

        if self._reaches_provider(self._posts - self._free - 1):
            await self._app(scope, receive, keep)
        with self._changed:
            self._held += 1
            self._changed.notify_all()
        await asyncio.to_thread(self._open.wait, _BOUND)
        # The client is gone by now; the answer goes nowhere.
        for message in kept or [{"type": "http.response.start", "status": 503, "headers": []}]:
            await send(message)
        if not kept:
            await send({"type": "http.response.body", "body": b""})

    def wait_held(self, count: int) -> bool:
        """Block until ``count`` requests are held (bounded); ``False`` if they never are."""
        with self._changed:
            return self._changed.wait_for(lambda: self._held >= count, timeout=_BOUND)

    def open(self) -> None:
        """Let the held requests finish and every later one through."""
        self._open.set()


@contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port in a thread; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        app, lifespan="off", access_log=False, log_config=None, timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + _BOUND
    while not server.started:  # uvicorn offers no event; poll, bounded
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the gated server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(_BOUND)
        sock.close()
