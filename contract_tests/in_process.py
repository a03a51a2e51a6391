"""Cases sent to the embedded mock in the calling thread, on that thread's own event loop.

schemathesis 4.32 reaches an ASGI app through a fresh ``requests`` session per request,
whose adapter hands the app's coroutine to one event loop thread (an anyio blocking portal)
and waits for it. This module gives it the same adapter without the thread: each thread
that sends keeps one session, and the app runs on that thread's loop until it has answered.
The request the app sees is built by the same code as before (the schemathesis
``requests`` transport, the scope of schemathesis's ASGI adapter), and so is the response
the checks see; what goes is the thread hop, the per-request session and ``requests``
reading the proxy variables of the environment for an app with no network. Not kept:
cutting an endless event stream short (the mock sends none).

:func:`install` makes every request of the process to an ASGI app take this path: the
cases, the checks' probes (``ignored_auth`` re-sends a case without its token) and the
stateful scenarios alike, since schemathesis picks its ASGI transport by name for each.
It relies on schemathesis's private adapter and lifespan helpers, hence the pinned version.
"""

from __future__ import annotations

import asyncio
import atexit
import io
import threading
import types
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import anyio
import requests
import urllib3
from schemathesis.python import asgi
from schemathesis.transport import asgi as asgi_transport
from schemathesis.transport.prepare import normalize_base_url
from schemathesis.transport.requests import REQUESTS_TRANSPORT, RequestsTransport
from urllib3.exceptions import ReadTimeoutError

if TYPE_CHECKING:
    from schemathesis import Case, Response

Message = dict[str, Any]


class _Loop(threading.local):
    """One event loop per thread, kept for the thread's life."""

    loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> asyncio.AbstractEventLoop:
        if self.loop is None:
            self.loop = asyncio.new_event_loop()
            if threading.current_thread() is threading.main_thread():
                atexit.register(self.loop.close)
        return self.loop


_LOOP = _Loop()


def _latin1(text: str | bytes) -> bytes:
    """A header's octets as they travel over the wire."""
    return text.encode("latin-1") if isinstance(text, str) else text


class ThreadLoopAdapter(asgi._ASGIAdapter):
    """schemathesis's ASGI adapter, running the app on the calling thread's event loop."""

    def send(
        self, request: requests.PreparedRequest, *args: Any, timeout: Any = None, **kwargs: Any
    ) -> requests.Response:
        if id(self.app) not in asgi._LIFESPANS:
            # As schemathesis's client does on entering: the app's lifespan, started once.
            asgi._start_lifespan(self.app)
        parts = urlsplit(str(request.url))
        scheme, path, query = parts.scheme, parts.path, parts.query
        default_port = {"http": 80, "https": 443}[scheme]
        host = parts.hostname or ""
        port = parts.port or default_port
        header_host = f"[{host}]" if ":" in host else host
        if "host" in request.headers:
            headers: list[tuple[bytes, bytes]] = []
        elif port == default_port:
            headers = [(b"host", header_host.encode())]
        else:
            headers = [(b"host", f"{header_host}:{port}".encode())]
        headers += [
            (_latin1(key.lower()), _latin1(value)) for key, value in request.headers.items()
        ]
        scope: dict[str, Any] = {
            "type": "http",
            "http_version": "1.1",
            "method": request.method,
            "path": unquote(path),
            "raw_path": path.encode(),
            "root_path": "",
            "scheme": scheme,
            "query_string": query.encode(),
            "headers": headers,
            "client": ["testclient", 50000],
            "server": [host, port],
            "state": asgi._lifespan_state(self.app),
        }
        raw_kwargs: dict[str, Any] = {"body": io.BytesIO(), "request_method": request.method}
        read_timeout = timeout[1] if isinstance(timeout, tuple) else timeout
        try:
            _LOOP.get().run_until_complete(self._call(request, scope, raw_kwargs, read_timeout))
        except TimeoutError:
            error = ReadTimeoutError(
                f"{scheme}://{host}:{port}",  # type: ignore[arg-type]
                request.url,
                f"Read timed out. (read timeout={read_timeout})",
            )
            raise requests.exceptions.ReadTimeout(error, request=request) from None
        assert "status" in raw_kwargs, "The application did not return a response."
        return self.build_response(request, urllib3.HTTPResponse(**raw_kwargs))

    async def _call(
        self,
        request: requests.PreparedRequest,
        scope: dict[str, Any],
        raw_kwargs: dict[str, Any],
        read_timeout: float | None,
    ) -> None:
        """The app's answer to ``request`` into ``raw_kwargs`` (an urllib3 response's)."""
        request_complete = False
        response_complete = anyio.Event()

        async def receive() -> Message:
            nonlocal request_complete
            if request_complete:
                if not response_complete.is_set():
                    await response_complete.wait()
                return {"type": "http.disconnect"}
            body: Any = request.body
            if isinstance(body, str):
                body_bytes: bytes = body.encode("utf-8")
            elif body is None:
                body_bytes = b""
            elif isinstance(body, types.GeneratorType):
                try:
                    chunk = body.send(None)
                    if isinstance(chunk, str):
                        chunk = chunk.encode("utf-8")
                    return {"type": "http.request", "body": chunk, "more_body": True}
                except StopIteration:
                    request_complete = True
                    return {"type": "http.request", "body": b""}
            else:
                body_bytes = body
            request_complete = True
            return {"type": "http.request", "body": body_bytes}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                assert "status" not in raw_kwargs, 'Received multiple "http.response.start".'
                raw_kwargs["version"] = 11
                raw_kwargs["status"] = message["status"]
                raw_kwargs["reason"] = asgi._reason_phrase(message["status"])
                raw_kwargs["headers"] = [
                    (key.decode("latin-1"), value.decode("latin-1"))
                    for key, value in message.get("headers", [])
                ]
                raw_kwargs["preload_content"] = False
                raw_kwargs["original_response"] = asgi._OriginalResponse(raw_kwargs["headers"])
            elif message["type"] == "http.response.body":
                assert "status" in raw_kwargs, '"http.response.body" before its start.'
                assert not response_complete.is_set(), '"http.response.body" after the end.'
                body = message.get("body", b"") if request.method != "HEAD" else b""
                raw_kwargs["body"].write(body)
                if not message.get("more_body", False):
                    raw_kwargs["body"].seek(0)
                    response_complete.set()

        with anyio.fail_after(read_timeout):
            await self.app(scope, receive, send)


class ThreadLoopClient(asgi.ASGIClient):
    """A session to one ASGI app through :class:`ThreadLoopAdapter`; one per thread."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.adapter = ThreadLoopAdapter(app, self.adapter.max_stream_events)
        self.mount("http://", self.adapter)
        self.mount("https://", self.adapter)
        # No proxy, netrc or CA bundle from the environment applies to an in-process app.
        self.trust_env = False


class _Clients(threading.local):
    """This thread's client of each app (by identity)."""

    def __init__(self) -> None:
        self.by_app: dict[int, ThreadLoopClient] = {}

    def get(self, app: Any) -> ThreadLoopClient:
        client = self.by_app.get(id(app))
        if client is None or client.app is not app:
            client = self.by_app[id(app)] = ThreadLoopClient(app)
        return client


_CLIENTS = _Clients()


class ThreadLoopTransport(asgi_transport.ASGITransport):
    """The ASGI transport, sending through this thread's :class:`ThreadLoopClient`."""

    def send(
        self, case: Case[Any], *, session: requests.Session | None = None, **kwargs: Any
    ) -> Response:
        if session is not None:
            # A session the caller configured: schemathesis's own path, unchanged.
            return super().send(case, session=session, **kwargs)
        if kwargs.get("base_url") is None:
            kwargs["base_url"] = normalize_base_url(case.operation.base_url, host=asgi.HOST)
        client = _CLIENTS.get(kwargs.pop("app", case.operation.app))
        try:
            return RequestsTransport.send(self, case, session=client, **kwargs)
        finally:
            # Each request as from a new client: no cookie carries over.
            client.cookies.clear()


#: schemathesis's own ASGI transport, which :func:`install` replaces.
SCHEMATHESIS_TRANSPORT = asgi_transport.ASGI_TRANSPORT
TRANSPORT = ThreadLoopTransport()
TRANSPORT._copy_serializers_from(REQUESTS_TRANSPORT)


def install() -> None:
    """Send every request to an ASGI app of this process through :data:`TRANSPORT`."""
    asgi_transport.ASGI_TRANSPORT = TRANSPORT
