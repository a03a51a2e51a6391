"""When to try a request again, and how long to wait first.

One decision function, :func:`_should_retry`, holds every rule of sending
again; the README's retry table is checked against it. Scheduling twice is
the one mistake this client must not make, so a request that is not
*repeatable* (``schedule``, unless the caller opts in with
``unsafe_retries=True``; ``rerun`` and ``retry``) is retried only when it
provably never left this machine.

An action sent again after a lost answer may meet the effect of its own
earlier attempt: a second ``cancel`` finds the execution cancelled and is
refused. :data:`OPERATIONS` says, per operation, which refusals of such a
retry are checked and what state proves the earlier attempt did the job;
:func:`settle_refusal` and :func:`state_confirms` decide (the README's table
of actions is checked against them). A first attempt's refusal is never
turned into success.
"""

from __future__ import annotations

import email.utils
import enum
import logging
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime

import attrs
import httpx

from ._connection_hints import plain_http_hint
from ._constants import (
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    RETRY_JITTER,
    TOKEN_HEADER,
)
from ._exceptions import (
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    OneproviderError,
    UnexpectedResponseError,
)
from ._logging import log, logger
from ._models import ExecutionPhase, ExecutionStatus, WorkflowExecution
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


@attrs.frozen
class OperationRule:
    """How an operation is retried, and how a retry's refusal is read.

    ``repeatable``: sent again after a lost answer (a timeout or dropped
    connection after sending, a 5xx). ``checked_refusals``: the (status,
    error id) a retry may get *because* the earlier attempt was applied.
    ``confirming``: the execution states (phases or statuses) that prove
    it was; ``gone_confirms``: the refusal itself proves it (a 404 after a
    delete). ``verified_by_runs``: never sent again; after a lost answer the
    execution's lane runs tell whether it was applied.
    """

    repeatable: bool
    checked_refusals: frozenset[tuple[int, str]] = frozenset()
    confirming: frozenset[ExecutionStatus | ExecutionPhase] = frozenset()
    gone_confirms: bool = False
    verified_by_runs: bool = False


_ENDED = (400, "atmWorkflowExecutionEnded")
_TRANSITION = (400, "atmInvalidStatusTransition")
_NOT_RESUMABLE = (400, "atmWorkflowExecutionNotResumable")

#: Every operation of ``client.workflow_executions``, by name.
OPERATIONS: dict[str, OperationRule] = {
    "get": OperationRule(repeatable=True),
    "list": OperationRule(repeatable=True),
    "audit_log": OperationRule(repeatable=True),
    # Repeatable only with unsafe_retries=True (the rule for schedule).
    "schedule": OperationRule(repeatable=False),
    "cancel": OperationRule(
        repeatable=True,
        checked_refusals=frozenset({_ENDED, _TRANSITION}),
        confirming=frozenset({ExecutionStatus.CANCELLED, ExecutionStatus.STOPPING}),
    ),
    "pause": OperationRule(
        repeatable=True,
        checked_refusals=frozenset({_ENDED, _TRANSITION}),
        confirming=frozenset({ExecutionStatus.PAUSED, ExecutionStatus.STOPPING}),
    ),
    "resume": OperationRule(
        repeatable=True,
        checked_refusals=frozenset({_NOT_RESUMABLE}),
        confirming=frozenset({ExecutionPhase.WAITING, ExecutionPhase.ONGOING}),
    ),
    "force_continue": OperationRule(
        repeatable=True,
        checked_refusals=frozenset({_NOT_RESUMABLE}),
        confirming=frozenset({ExecutionPhase.WAITING, ExecutionPhase.ONGOING}),
    ),
    "rerun": OperationRule(repeatable=False, verified_by_runs=True),
    "retry": OperationRule(repeatable=False, verified_by_runs=True),
    "delete": OperationRule(
        repeatable=True, checked_refusals=frozenset({(404, "notFound")}), gone_confirms=True
    ),
}


class Settlement(enum.Enum):
    """What to make of a refused action."""

    RAISE = "raise"
    SUCCEED = "succeed"
    CHECK_STATE = "check state"


def settle_refusal(
    operation: str, error: ApiStatusError, *, earlier_attempt_unknown: bool
) -> Settlement:
    """What a refusal of ``operation`` means, given whether an earlier attempt may have applied.

    Only a retry after a lost answer can meet its own earlier attempt's
    effect; a refusal of the first attempt is always raised.
    """
    rule = OPERATIONS[operation]
    if not earlier_attempt_unknown:
        settlement, why = Settlement.RAISE, "the first attempt was refused"
    elif (error.status_code, error.id) not in rule.checked_refusals:
        settlement, why = Settlement.RAISE, f"{error.id} is not what an applied attempt causes"
    elif rule.gone_confirms:
        settlement, why = Settlement.SUCCEED, f"{error.id}: the earlier attempt did it"
    else:
        settlement, why = (
            Settlement.CHECK_STATE,
            f"{error.id} after an attempt that may have applied",
        )
    log(logging.DEBUG, _NO_SECRET, "%s refused: %s: %s", operation, settlement.value, why)
    return settlement


def state_confirms(operation: str, execution: WorkflowExecution) -> bool:
    """Whether ``execution``'s state shows that an earlier ``operation`` was applied."""
    confirming = OPERATIONS[operation].confirming
    return execution.status in confirming or execution.phase in confirming


def answer_lost(error: OneproviderError) -> bool:
    """Whether ``error`` leaves a sent request's outcome unknown (no answer, or a 5xx)."""
    if isinstance(error, ApiConnectionError):
        return error.request_sent
    if isinstance(error, ApiStatusError | UnexpectedResponseError):
        return is_retryable_status(error.status_code)
    return False


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
        self.earlier_attempt_unknown = False
        """Whether an attempt before the last may have reached the provider and been applied."""

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
        if not request_never_sent(error):
            self.earlier_attempt_unknown = True
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
        self.earlier_attempt_unknown = True
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
            hint = plain_http_hint(error, self.request.url)
            if hint is not None:
                message += f"; {hint}"
            cls = ApiConnectionError
        if sent and not self._repeatable:
            message += "; the request may have reached the provider, check before sending it again"
        return cls(self._secret.redact(message), request=self.request, request_sent=sent)
