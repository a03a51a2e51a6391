"""Delivering execution callbacks in the background, to loopback only by default.

When an execution stops, a provider POSTs ``{"atmWorkflowExecutionId", "status"}``
to its ``callback`` and retries a non-2xx answer or an unreachable receiver
with a doubling backoff, a bounded number of times. The mock does the same on
its own threads, so delivery never holds up or breaks an API request.

A mock must not reach out of the machine from a test run. Before anything is
sent, and before any name lookup, the URL is read as a provider reads it
(``_callback_url``) and its host checked as written: only ``localhost``, an
IPv4 address in 127.0.0.0/8 and ``::1`` (``[::1]`` in the URL), or a host the
user allowed explicitly, are contacted. Any other callback is recorded as refused,
with the reason, and never contacted. Redirects are not followed and proxy
settings from the environment are ignored, for the same reason.

Each decision (refused, a failed try, delivered, given up) is logged at INFO,
the URL's credentials masked (``_callback_log``).
"""

from __future__ import annotations

import dataclasses
import heapq
import ipaddress
import itertools
import random
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from . import _callback_log
from ._callback_log import logger
from .world import _callback_url

#: Outcomes of a delivery.
WAITING = "waiting"  # the execution has not stopped yet
SENDING = "sending"  # tried at least once, more tries to come
DELIVERED = "delivered"
GAVE_UP = "gaveUp"  # every try failed
REFUSED = "refused"  # not a loopback (or allowed) host: never contacted
SETTLED = frozenset({DELIVERED, GAVE_UP, REFUSED})

_WORKERS = 4
#: A queue entry that wakes the backend instead of sending.
_WAKE = None
_random = random.Random()  # noqa: S311 - backoff jitter, not a secret


#: A provider's policy (op-worker ``atm_workflow_execution_handler``): 1 + 30 tries,
#: the first wait a random 1..2000 ms, doubling, capped at two hours.
PROVIDER_TRIES = 31
PROVIDER_FIRST_WAIT = (0.001, 2.0)
PROVIDER_MAX_BACKOFF = 7200.0


@dataclass(frozen=True)
class CallbackPolicy:
    """How callbacks are delivered: tries, backoff, timeout, and the hosts allowed.

    The defaults are a provider's; tests shorten them (``tries``, ``first_backoff``).
    """

    #: Tries in all, the first included.
    tries: int = PROVIDER_TRIES
    #: Wait before the second try, in seconds; it doubles for each next one.
    #: ``None``: drawn at random from ``PROVIDER_FIRST_WAIT`` for each callback.
    first_backoff: float | None = None
    max_backoff: float = PROVIDER_MAX_BACKOFF
    #: Timeout of one try, in seconds.
    timeout: float = 5.0
    #: Hosts (exactly as written in the URL) allowed besides the loopback ones.
    allowed_hosts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.tries < 1:
            raise ValueError(f"callback tries must be at least 1, got {self.tries!r}")
        first = self.first_backoff
        if (first is not None and first < 0) or self.max_backoff < 0 or self.timeout <= 0:
            raise ValueError("callback backoff must be >= 0 and the timeout > 0")

    def first_wait(self) -> float:
        """The wait before the second try of a new callback."""
        if self.first_backoff is not None:
            return self.first_backoff
        return _random.uniform(*PROVIDER_FIRST_WAIT)

    def backoff(self, tries_done: int, first_wait: float) -> float:
        """The wait after ``tries_done`` failed tries, for a callback whose first is given."""
        return float(min(self.max_backoff, first_wait * 2 ** (tries_done - 1)))


@dataclass(frozen=True)
class CallbackAttempt:
    """One try: when, and the receiver's status code or the transport error."""

    at: float
    status_code: int | None
    error: str | None

    def to_json(self) -> dict[str, Any]:
        """JSON for ``/_mock/callbacks``."""
        return {"at": self.at, "statusCode": self.status_code, "error": self.error}


@dataclass
class CallbackDelivery:
    """A callback of one execution, and what became of it."""

    atm_workflow_execution_id: str
    url: str
    #: The status sent (the one the execution stopped in).
    status: str
    #: When the execution stops and the first try is due (POSIX seconds).
    due_at: float
    #: The wait before the second try (it doubles for each next one).
    first_wait: float = 0.0
    outcome: str = WAITING
    #: Why it was refused or given up on.
    reason: str | None = None
    attempts: list[CallbackAttempt] = field(default_factory=list)
    #: Whether the stop happened and the delivery is on its way (its status is final).
    queued: bool = False

    @property
    def body(self) -> dict[str, str]:
        """The JSON body POSTed to the receiver."""
        return {"atmWorkflowExecutionId": self.atm_workflow_execution_id, "status": self.status}

    @property
    def settled(self) -> bool:
        """Whether nothing more will happen to it."""
        return self.outcome in SETTLED

    def to_json(self) -> dict[str, Any]:
        """JSON for ``/_mock/callbacks``."""
        return {
            "atmWorkflowExecutionId": self.atm_workflow_execution_id,
            "url": self.url,
            "status": self.status,
            "dueAt": self.due_at,
            "outcome": self.outcome,
            "reason": self.reason,
            "attempts": [attempt.to_json() for attempt in self.attempts],
        }


def refusal_reason(url: str, allowed_hosts: Iterable[str] = ()) -> str | None:
    """Why the mock will not contact ``url``, or ``None`` if it may.

    The URL is read as a provider reads it (``_callback_url``: ``localhost:8080/cb``
    is plain http), and the host decided from its text alone: no name is looked up.
    """
    try:
        target = _callback_url.parse(url)
    except ValueError as err:
        return f"the callback URL is not one a provider accepts ({err})"
    if target.scheme == "http+unix":
        return "the mock does not call back over a unix socket (http+unix)"
    if not 0 < target.port <= 65535:
        return f"port {target.port} cannot be connected to"
    if target.host in allowed_hosts or _is_loopback(target.host):
        return None
    return (
        f"host {target.host!r} is not a loopback address; the mock only calls back to "
        "localhost, 127.0.0.0/8 and ::1 unless the host is allowed "
        "(--allow-callback-host, allow_callback_hosts=)"
    )


def sender_url(url: str) -> str:
    """The URL a sender POSTs to for ``url`` (a callback ``refusal_reason`` let through)."""
    target = _callback_url.parse(url)
    host = f"[{target.host}]" if ":" in target.host else target.host
    query = "" if target.query is None else "?" + target.query
    return f"{target.scheme}://{host}:{target.port}{target.path or '/'}{query}"


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


class CallbackDispatcher:
    """Delivers callbacks when due, on a timer thread and a few sender threads.

    Threads start with the first callback and stop with ``close()``.
    """

    def __init__(self, policy: CallbackPolicy) -> None:
        self.policy = policy
        self._changed = threading.Condition()
        self._queue: list[tuple[float, int, int, CallbackDelivery | None]] = []
        self._order = itertools.count()
        self._deliveries: list[CallbackDelivery] = []
        self._by_episode: dict[tuple[str, int], CallbackDelivery] = {}
        #: Called on a sender thread when an expected stop is due (the backend advances).
        self.on_wake: Callable[[], None] = lambda: None
        # Deliveries of an earlier generation were cleared by a reset: drop them.
        self._generation = 0
        self._closed = False
        self._timer: threading.Thread | None = None
        self._senders: ThreadPoolExecutor | None = None
        self._client: httpx.Client | None = None

    def expect(self, execution_id: str, episode: int, url: str, status: str, due_at: float) -> None:
        """Expect a stop of ``execution_id`` in ``status`` at ``due_at`` (a waiting delivery).

        Called again when an action changes what the stop will be; at ``due_at`` the
        dispatcher wakes the backend (``on_wake``), which reports the stop it made.
        """
        with self._changed:
            if self._closed:
                return
            delivery = self._episode(execution_id, episode, url, status, due_at)
            if delivery.outcome == WAITING and not delivery.queued:
                delivery.status, delivery.due_at = status, due_at
            heapq.heappush(self._queue, (due_at, next(self._order), self._generation, _WAKE))
            self._changed.notify_all()
            self._start()

    def stopped(self, execution_id: str, episode: int, url: str, status: str, at: float) -> None:
        """The execution stopped in ``status`` at ``at``: send that status; returns at once."""
        with self._changed:
            if self._closed:
                return
            delivery = self._episode(execution_id, episode, url, status, at)
            if delivery.queued:
                return
            delivery.status, delivery.due_at, delivery.queued = status, at, True
            self._push(delivery, at)
            self._start()

    def _episode(
        self, execution_id: str, episode: int, url: str, status: str, due_at: float
    ) -> CallbackDelivery:
        key = (execution_id, episode)
        delivery = self._by_episode.get(key)
        if delivery is None:
            delivery = CallbackDelivery(
                execution_id, url, status, due_at, first_wait=self.policy.first_wait()
            )
            self._by_episode[key] = delivery
            self._deliveries.append(delivery)
        return delivery

    def deliveries(self) -> list[CallbackDelivery]:
        """Copies of every delivery so far, oldest first."""
        with self._changed:
            return [_copy(delivery) for delivery in self._deliveries]

    def wait_until_settled(
        self, execution_id: str | None = None, *, count: int = 1, timeout: float = 10.0
    ) -> list[CallbackDelivery]:
        """Wait until ``count`` deliveries (of ``execution_id``, if given) are settled.

        Returns copies of the settled ones; raises ``TimeoutError`` after ``timeout`` s.
        """

        def settled() -> list[CallbackDelivery]:
            return [
                d
                for d in self._deliveries
                if d.settled and execution_id in (None, d.atm_workflow_execution_id)
            ]

        with self._changed:
            if not self._changed.wait_for(lambda: len(settled()) >= count, timeout=timeout):
                raise TimeoutError(
                    f"{len(settled())} of {count} callback deliveries settled in {timeout} s"
                )
            return [_copy(delivery) for delivery in settled()]

    def clear(self) -> None:
        """Forget every delivery; pending ones are dropped."""
        with self._changed:
            self._generation += 1
            self._queue.clear()
            self._deliveries.clear()
            self._by_episode.clear()
            self._changed.notify_all()

    def close(self) -> None:
        """Stop the threads; pending deliveries are dropped."""
        with self._changed:
            self._closed = True
            self._queue.clear()
            self._changed.notify_all()
            timer, senders, client = self._timer, self._senders, self._client
        if timer is not None:
            timer.join(timeout=5.0)
        if senders is not None:
            senders.shutdown(wait=True, cancel_futures=True)
        if client is not None:
            client.close()

    # --- threads -------------------------------------------------------------------------

    def _push(self, delivery: CallbackDelivery, due_at: float) -> None:
        heapq.heappush(self._queue, (due_at, next(self._order), self._generation, delivery))
        self._changed.notify_all()

    def _start(self) -> None:
        if self._timer is not None:
            return
        self._client = httpx.Client(
            timeout=self.policy.timeout, trust_env=False, follow_redirects=False
        )
        self._senders = ThreadPoolExecutor(_WORKERS, thread_name_prefix="oneprovider-mock-callback")
        self._timer = threading.Thread(
            target=self._run_timer, name="oneprovider-mock-callback-timer", daemon=True
        )
        self._timer.start()

    def _run_timer(self) -> None:
        with self._changed:
            while not self._closed:
                if not self._queue:
                    self._changed.wait()
                    continue
                due_at, _, generation, delivery = self._queue[0]
                delay = due_at - time.time()
                if delay > 0:
                    self._changed.wait(delay)
                    continue
                heapq.heappop(self._queue)
                if generation != self._generation:
                    continue
                assert self._senders is not None
                if delivery is None:
                    self._senders.submit(self._wake)
                    continue
                reason = refusal_reason(delivery.url, self.policy.allowed_hosts)
                if reason is not None:
                    delivery.outcome, delivery.reason = REFUSED, reason
                    _callback_log.log_refused(delivery, reason)
                    self._changed.notify_all()
                    continue
                self._senders.submit(self._send, delivery, generation)

    def _wake(self) -> None:
        try:
            self.on_wake()
        except Exception:  # a wake-up must never kill a sender thread
            logger.exception("advancing executions for their callbacks failed")

    def _send(self, delivery: CallbackDelivery, generation: int) -> None:
        assert self._client is not None
        status_code: int | None = None
        error: str | None = None
        try:
            response = self._client.post(sender_url(delivery.url), json=delivery.body)
            status_code = response.status_code
        except Exception as err:  # any failure to deliver is a failed try, never a crash
            error = f"{type(err).__name__}: {err}"
        with self._changed:
            delivery.attempts.append(CallbackAttempt(time.time(), status_code, error))
            tries = self.policy.tries
            if status_code is not None and 200 <= status_code < 300:
                delivery.outcome = DELIVERED
                _callback_log.log_delivered(delivery, tries=tries)
            elif len(delivery.attempts) >= tries:
                delivery.outcome = GAVE_UP
                delivery.reason = f"no 2xx answer in {tries} tries"
                _callback_log.log_failed(delivery, tries=tries, next_wait=None, gave_up=True)
            else:
                delivery.outcome = SENDING
                next_wait: float | None = None
                if generation == self._generation and not self._closed:
                    next_wait = self.policy.backoff(len(delivery.attempts), delivery.first_wait)
                    self._push(delivery, time.time() + next_wait)
                _callback_log.log_failed(delivery, tries=tries, next_wait=next_wait, gave_up=False)
            self._changed.notify_all()


def _copy(delivery: CallbackDelivery) -> CallbackDelivery:
    return dataclasses.replace(delivery, attempts=list(delivery.attempts))
