"""Serving the mock with uvicorn: in a thread for tests, or in the foreground for the CLI."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable
from types import TracebackType

import uvicorn

from .._backend import Backend
from .._callbacks import CallbackDelivery
from ..world._world import World
from ._app import MockApp, create_app

_START_TIMEOUT = 30.0


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket on ``host``:``port`` (``0``: a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # The protocol given explicitly: asyncio turns Nagle's algorithm off only on sockets
    # whose proto is IPPROTO_TCP, and answers would otherwise wait for delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def url_of(sock: socket.socket) -> str:
    """``http://host:port`` a client on this machine reaches ``sock`` at."""
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", ""):  # noqa: S104 - naming the wildcard, not binding to it
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class ReadyServer(uvicorn.Server):
    """A uvicorn server that calls ``on_ready`` once it accepts connections
    and ``on_shutdown`` when it stops (signals included)."""

    def __init__(
        self,
        config: uvicorn.Config,
        *,
        on_ready: Callable[[], None],
        on_shutdown: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(config)
        self._on_ready = on_ready
        self._on_shutdown = on_shutdown

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self._on_ready()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().shutdown(sockets=sockets)
        finally:
            self._on_shutdown()


#: How long an idle keep-alive connection stays open: a provider's 5 minutes (op-worker
#: ``src/http/listeners/https_listener.erl``, ``https_request_timeout``), not uvicorn's 5 s,
#: after which a client reusing a pooled connection races the server's close.
KEEP_ALIVE_SECONDS = 300


def server_config(
    app: MockApp, *, access_log: bool = False, configure_logging: bool = True
) -> uvicorn.Config:
    """uvicorn settings for the mock: no lifespan, quiet unless asked.

    Without ``configure_logging`` the host program's logging setup is left alone.
    """
    if configure_logging:
        return uvicorn.Config(
            app,
            lifespan="off",
            access_log=access_log,
            log_level="info" if access_log else "warning",
            timeout_graceful_shutdown=2,
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            server_header=False,
        )
    return uvicorn.Config(
        app,
        lifespan="off",
        access_log=access_log,
        log_config=None,
        timeout_graceful_shutdown=2,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        server_header=False,
    )


class MockProvider:
    """The mock provider served by uvicorn on 127.0.0.1, in a background thread.

    Use it as a context manager (or ``start()``/``stop()``)::

        with MockProvider() as provider:
            httpx.post(provider.api_url + "/automation/execution/workflows",
                       headers={"X-Auth-Token": provider.token}, json=...)
    """

    def __init__(
        self,
        world: World | None = None,
        *,
        phase_seconds: float | None = None,
        callback_tries: int | None = None,
        callback_backoff: float | None = None,
        allow_callback_hosts: Iterable[str] = (),
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """Serve a copy of ``world`` (default: ``World.default()``) on ``host``:``port``.

        The other arguments are those of ``create_app``.
        """
        self.app = create_app(
            world,
            phase_seconds=phase_seconds,
            callback_tries=callback_tries,
            callback_backoff=callback_backoff,
            allow_callback_hosts=allow_callback_hosts,
        )
        self._host = host
        self._port = port
        self._server: ReadyServer | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None
        self._stopped = False

    def __repr__(self) -> str:
        return f"<MockProvider {self._url or 'not started'} world={self.world.name!r}>"

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> MockProvider:
        """Start serving; returns once the server accepts connections.

        Raises ``RuntimeError`` if it does not start within 30 seconds, or if it was
        stopped before (a stopped provider cannot be restarted; make a new one).
        """
        if self._server is not None:
            return self
        if self._stopped:
            raise RuntimeError("this mock provider was stopped; create a new MockProvider")
        sock = bind(self._host, self._port)
        self._url = url_of(sock)
        ready = threading.Event()
        server = ReadyServer(server_config(self.app, configure_logging=False), on_ready=ready.set)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="oneprovider-mock", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        if not ready.wait(_START_TIMEOUT) or not server.started:
            self.stop()
            raise RuntimeError(f"the mock provider did not start on {self._url}")
        return self

    def stop(self) -> None:
        """Stop serving and stop the callback threads."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        self._stopped = True
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(timeout=_START_TIMEOUT)
        self.app.backend.close()

    def __enter__(self) -> MockProvider:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- what tests use --------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``; raises ``RuntimeError`` before ``start()``."""
        if self._url is None:
            raise RuntimeError("the mock provider is not started")
        return self._url

    @property
    def api_url(self) -> str:
        """``url`` + ``/api/v3/oneprovider``: the base URL for API clients."""
        return self.url + "/api/v3/oneprovider"

    @property
    def backend(self) -> Backend:
        """The state and rules served (the same object as ``app.backend``)."""
        return self.app.backend

    @property
    def world(self) -> World:
        """The live world served (executions included)."""
        return self.app.backend.world

    @property
    def token(self) -> str:
        """An access token of the world's default user."""
        return self.world.default_token

    def reset(self, world: World | None = None) -> None:
        """Start over from the initial world, or from ``world``; forget executions and callbacks."""
        self.app.backend.reset(world)

    def set_phase_seconds(self, seconds: float | None) -> None:
        """Execution speed from now on; ``None`` goes back to the world's."""
        self.app.backend.set_phase_seconds(seconds)

    def fail_next_requests(self, count: int = 1) -> None:
        """Make the next ``count`` API requests answer 500 ``internalServerError``."""
        self.app.backend.fail_next_requests(count)

    def callbacks(self) -> list[CallbackDelivery]:
        """Every callback so far (delivered, refused, given up on or pending)."""
        return self.app.backend.callback_deliveries()

    def wait_for_callback(self, execution_id: str, *, timeout: float = 10.0) -> CallbackDelivery:
        """Wait until the callback of ``execution_id`` is delivered, refused or given up on.

        Raises ``TimeoutError`` after ``timeout`` seconds.
        """
        return self.app.backend.wait_for_callback(execution_id, timeout=timeout)
