"""The clients: :class:`Oneprovider` (sync) and :class:`AsyncOneprovider`.

Each only owns an httpx client and the send-and-retry loop; everything else
is shared (``_request`` builds and parses, ``_retries`` decides).
"""

from __future__ import annotations

import os
import ssl
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Self

import attrs
import httpx

from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, HOST_ENV, TOKEN_ENV
from ._logging import setup_logging
from ._request import Call, Settings
from ._retries import Attempts
from .executions._async import AsyncWorkflowExecutions
from .executions._sync import WorkflowExecutions


class _BaseClient:
    def __init__(
        self,
        host: str,
        token: str,
        *,
        timeout: float | httpx.Timeout,
        max_retries: int,
        unsafe_retries: bool,
    ) -> None:
        setup_logging()
        self._settings = Settings.create(
            host, token, timeout=timeout, max_retries=max_retries, unsafe_retries=unsafe_retries
        )
        self._clock: Callable[[], float] = time.monotonic

    @property
    def base_url(self) -> str:
        """The API base URL, ``https://<host>/api/v3/oneprovider``."""
        return self._settings.base_url

    @property
    def max_retries(self) -> int:
        return self._settings.max_retries

    @property
    def timeout(self) -> httpx.Timeout:
        return self._settings.timeout

    def __repr__(self) -> str:
        token = str(self._settings.secret)
        text = (
            f"{type(self).__name__}(base_url={self.base_url!r}, token={token!r}, "
            f"max_retries={self.max_retries})"
        )
        return self._settings.secret.redact(text)


def _env(name: str, what: str) -> str:
    value = os.environ.get(name, "")
    if not value.strip():
        raise ValueError(f"{name} is not set: it should hold {what}")
    return value


class Oneprovider(_BaseClient):
    """A client of a Oneprovider's automation API.

    ``host`` is a bare host (https is assumed) or a URL; ``token`` an access
    token, sent as ``X-Auth-Token``. ``timeout`` applies to each request
    (never unlimited); ``max_retries=0`` turns retries off;
    ``unsafe_retries=True`` lets ``schedule`` be retried like a GET, at the
    risk of scheduling twice. ``http_client`` (e.g. with a
    ``httpx.MockTransport``) replaces the one the client would create; it is
    then yours to close. Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        host: str,
        token: str,
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        verify: bool | ssl.SSLContext = True,
        http_client: httpx.Client | None = None,
        unsafe_retries: bool = False,
    ) -> None:
        super().__init__(
            host, token, timeout=timeout, max_retries=max_retries, unsafe_retries=unsafe_retries
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self._settings.timeout, verify=verify)
        self._sleep: Callable[[float], None] = time.sleep
        self.workflow_executions = WorkflowExecutions(self)

    @classmethod
    def from_env(
        cls,
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        verify: bool | ssl.SSLContext = True,
        http_client: httpx.Client | None = None,
        unsafe_retries: bool = False,
    ) -> Self:
        """A client for ``ONEPROVIDER_HOST`` with the token in ``ONEPROVIDER_API_KEY``.

        Raises :class:`ValueError` naming the variable that is not set.
        """
        return cls(
            _env(HOST_ENV, "the provider's host or URL"),
            _env(TOKEN_ENV, "an access token"),
            timeout=timeout,
            max_retries=max_retries,
            verify=verify,
            http_client=http_client,
            unsafe_retries=unsafe_retries,
        )

    def _send(self, call: Call) -> httpx.Response:
        return self._exchange(call).response

    def _exchange(self, call: Call, *, stream: bool = False) -> Exchange:
        """Send ``call`` with retries: the last answer, and whether an earlier try may have landed.

        With ``stream``, a success response is returned unread: the caller
        reads it and closes it. An error response is always read.
        """
        request = call.build(self._http, self._settings)
        attempts = Attempts(
            request,
            repeatable=call.repeatable,
            max_retries=self._settings.max_retries,
            secret=self._settings.secret,
        )
        while True:
            attempts.before_send()
            try:
                response = self._http.send(request, stream=stream)
            except httpx.RequestError as err:
                delay = attempts.after_error(err)
            else:
                next_delay = attempts.after_response(response)
                if next_delay is None:
                    if stream and not response.is_success:
                        _read_or_close(response)
                    return Exchange(response, attempts.earlier_attempt_unknown)
                response.close()
                delay = next_delay
            self._sleep(delay)

    def close(self) -> None:
        """Close the httpx client, if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncOneprovider(_BaseClient):
    """The asyncio twin of :class:`Oneprovider`: the same arguments, awaitable methods."""

    def __init__(
        self,
        host: str,
        token: str,
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        verify: bool | ssl.SSLContext = True,
        http_client: httpx.AsyncClient | None = None,
        unsafe_retries: bool = False,
    ) -> None:
        super().__init__(
            host, token, timeout=timeout, max_retries=max_retries, unsafe_retries=unsafe_retries
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=self._settings.timeout, verify=verify)
        self._sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep
        self.workflow_executions = AsyncWorkflowExecutions(self)

    @classmethod
    def from_env(
        cls,
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        verify: bool | ssl.SSLContext = True,
        http_client: httpx.AsyncClient | None = None,
        unsafe_retries: bool = False,
    ) -> Self:
        """See :meth:`Oneprovider.from_env`."""
        return cls(
            _env(HOST_ENV, "the provider's host or URL"),
            _env(TOKEN_ENV, "an access token"),
            timeout=timeout,
            max_retries=max_retries,
            verify=verify,
            http_client=http_client,
            unsafe_retries=unsafe_retries,
        )

    async def _send(self, call: Call) -> httpx.Response:
        return (await self._exchange(call)).response

    async def _exchange(self, call: Call, *, stream: bool = False) -> Exchange:
        """See :meth:`Oneprovider._exchange`."""
        request = call.build(self._http, self._settings)
        attempts = Attempts(
            request,
            repeatable=call.repeatable,
            max_retries=self._settings.max_retries,
            secret=self._settings.secret,
        )
        while True:
            attempts.before_send()
            try:
                response = await self._http.send(request, stream=stream)
            except httpx.RequestError as err:
                delay = attempts.after_error(err)
            else:
                next_delay = attempts.after_response(response)
                if next_delay is None:
                    if stream and not response.is_success:
                        await _aread_or_close(response)
                    return Exchange(response, attempts.earlier_attempt_unknown)
                await response.aclose()
                delay = next_delay
            await self._sleep(delay)

    async def close(self) -> None:
        """Close the httpx client, if this client created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


@attrs.frozen
class Exchange:
    """The final response to a call, and whether an earlier attempt may have been applied."""

    response: httpx.Response
    earlier_attempt_unknown: bool


def _read_or_close(response: httpx.Response) -> None:
    # An error answer is small, and its body is what the error is built from;
    # if reading it fails the error is built from what there is.
    try:
        response.read()
    except httpx.HTTPError:
        response.close()


async def _aread_or_close(response: httpx.Response) -> None:
    try:
        await response.aread()
    except httpx.HTTPError:
        await response.aclose()


async def _asyncio_sleep(seconds: float) -> None:
    # asyncio is imported on the first retry of an async client, not with the package.
    import asyncio

    await asyncio.sleep(seconds)
