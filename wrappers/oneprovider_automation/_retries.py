"""When to try a request again, and how long to wait first.

One decision function, :func:`_should_retry`, holds every rule; the README's
retry table is checked against it. Scheduling twice is the one mistake this
client must not make, so a request that is not *repeatable* (``schedule``,
unless the caller opts in with ``unsafe_retries=True``) is retried only
when it provably never left this machine.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime

import attrs
import httpx

from ._constants import (
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    RETRY_JITTER,
    TOKEN_HEADER,
)
from ._exceptions import ApiConnectionError, ApiTimeoutError
from ._logging import log, logger
from ._secrets import MASK, Secret

#: Transport errors raised before a single byte of the request was written:
#: no connection was made (refused, DNS, TLS handshake, connect timeout) or
#: none was free in the pool.
NEVER_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)

#: Statuses worth another try: the request timed out at a proxy, was rate
#: limited, or the provider (or a gateway before it) failed.
RETRYABLE_STATUSES = frozenset({408, 429})
RETRYABLE_STATUS_FLOOR = 500

_NO_SECRET = Secret("")


@attrs.frozen
class RetryDecision:
    """Whether to try again, and why (the reason is logged)."""

    retry: bool
    reason: str


def request_never_sent(error: httpx.RequestError) -> bool:
    """``True`` when ``error`` proves that the provider never saw the request."""
    return isinstance(error, NEVER_SENT_ERRORS)


def is_retryable_status(status: int) -> bool:
    return status in RETRYABLE_STATUSES or status >= RETRYABLE_STATUS_FLOOR


def _should_retry(
    *,
    repeatable: bool,
    retries_done: int,
    max_retries: int,
    response: httpx.Response | None = None,
    error: httpx.RequestError | None = None,
    secret: Secret | None = None,
) -> RetryDecision:
    """Decide on one failed attempt: an ``error`` (no answer) or an error ``response``.

    ``repeatable`` is true for a request that may safely reach the provider
    twice (a GET, or a schedule with ``unsafe_retries=True``). ``secret`` is
    masked in the debug log of the decision.
    """
    if retries_done >= max_retries:
        decision = RetryDecision(False, f"no retries left ({retries_done} of {max_retries} done)")
    elif error is not None and request_never_sent(error):
        decision = RetryDecision(True, f"{type(error).__name__}: the request never left")
    elif error is not None:
        decision = RetryDecision(
            repeatable,
            f"{type(error).__name__} after the request may have been sent"
            + ("" if repeatable else "; not repeatable, so not retried"),
        )
    elif response is None or not is_retryable_status(response.status_code):
        status = "no response" if response is None else f"status {response.status_code}"
        decision = RetryDecision(False, f"{status} is final")
    elif not repeatable:
        decision = RetryDecision(
            False, f"status {response.status_code}: the provider saw the request; not repeatable"
        )
    elif (wait := retry_after(response)) is not None and wait > MAX_RETRY_AFTER:
        decision = RetryDecision(
            False, f"status {response.status_code} with Retry-After {wait:.0f} s: too long to wait"
        )
    else:
        decision = RetryDecision(True, f"status {response.status_code}")
    verdict = "retry" if decision.retry else "stop"
    log(logging.DEBUG, secret or _NO_SECRET, "retry decision: %s: %s", verdict, decision.reason)
    return decision


def retry_after(response: httpx.Response, *, now: datetime | None = None) -> float | None:
    """Seconds asked for by ``Retry-After`` (a number or an HTTP date), or ``None``."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def retry_delay(
    retries_done: int,
    *,
    response: httpx.Response | None = None,
    rand: Callable[[], float] = random.random,
) -> float:
    """Seconds to wait before retry number ``retries_done + 1``.

    ``Retry-After`` is honoured exactly; otherwise the delay doubles from
    ``INITIAL_RETRY_DELAY`` up to ``MAX_RETRY_DELAY``, shortened by jitter.
    """
    if response is not None:
        asked = retry_after(response)
        if asked is not None and asked <= MAX_RETRY_AFTER:
            return asked
    delay = min(INITIAL_RETRY_DELAY * 2.0**retries_done, MAX_RETRY_DELAY)
    return delay * (1.0 - RETRY_JITTER * rand())


class Attempts:
    """The retry bookkeeping of one call, shared by the sync and async clients.

    The client sends, then reports the outcome here: :meth:`after_error`
    returns a delay or raises our error, :meth:`after_response` returns a
    delay or ``None`` when the response is the final one.
    """

    def __init__(
        self,
        request: httpx.Request,
        *,
        repeatable: bool,
        max_retries: int,
        secret: Secret,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.request = request
        self._repeatable = repeatable
        self._max_retries = max_retries
        self._secret = secret
        self._rand = rand
        self._retries_done = 0
        self._started = 0.0

    def before_send(self) -> None:
        self._started = time.monotonic()
        if not logger.isEnabledFor(logging.DEBUG):
            return
        headers = {
            name: (MASK if name.lower() == TOKEN_HEADER.lower() else value)
            for name, value in self.request.headers.items()
        }
        log(
            logging.DEBUG,
            self._secret,
            "request: %s %s (attempt %d of %d) headers=%s",
            self.request.method,
            self.request.url,
            self._retries_done + 1,
            self._max_retries + 1,
            headers,
        )

    def after_error(self, error: httpx.RequestError) -> float:
        """The delay before the next attempt; raises ours when there is none."""
        decision = _should_retry(
            repeatable=self._repeatable,
            retries_done=self._retries_done,
            max_retries=self._max_retries,
            error=error,
            secret=self._secret,
        )
        if not decision.retry:
            raise self._connection_error(error) from error
        return self._next_delay(None, f"{type(error).__name__}")

    def after_response(self, response: httpx.Response) -> float | None:
        """The delay before the next attempt, or ``None``: ``response`` is the answer."""
        elapsed_ms = (time.monotonic() - self._started) * 1000
        log(
            logging.DEBUG,
            self._secret,
            "response: %s %s -> %d %s in %.0f ms",
            self.request.method,
            self.request.url,
            response.status_code,
            response.reason_phrase,
            elapsed_ms,
        )
        if response.status_code < 400 and not is_retryable_status(response.status_code):
            return None
        decision = _should_retry(
            repeatable=self._repeatable,
            retries_done=self._retries_done,
            max_retries=self._max_retries,
            response=response,
            secret=self._secret,
        )
        if not decision.retry:
            return None
        return self._next_delay(response, f"status {response.status_code}")

    def _next_delay(self, response: httpx.Response | None, what: str) -> float:
        delay = retry_delay(self._retries_done, response=response, rand=self._rand)
        self._retries_done += 1
        log(
            logging.INFO,
            self._secret,
            "retrying %s %s in %.2f s after %s (retry %d of %d)",
            self.request.method,
            self.request.url,
            delay,
            what,
            self._retries_done,
            self._max_retries,
        )
        return delay

    def _connection_error(self, error: httpx.RequestError) -> ApiConnectionError:
        attempts = self._retries_done + 1
        tries = f" (after {attempts} attempts)" if attempts > 1 else ""
        target = f"{self.request.method} {self.request.url}"
        sent = not request_never_sent(error)
        detail = str(error) or type(error).__name__
        if isinstance(error, httpx.TimeoutException):
            message = f"no answer to {target} in time ({type(error).__name__}: {detail}){tries}"
            cls: type[ApiConnectionError] = ApiTimeoutError
        else:
            message = (
                f"could not reach the provider for {target} "
                f"({type(error).__name__}: {detail}){tries}"
            )
            cls = ApiConnectionError
        if sent and not self._repeatable:
            message += "; the request may have reached the provider, check before sending it again"
        return cls(self._secret.redact(message), request=self.request, request_sent=sent)
