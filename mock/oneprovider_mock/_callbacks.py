"""Delivering execution callbacks in the background, to loopback only by default.

When an execution stops, a provider POSTs ``{"atmWorkflowExecutionId", "status"}``
to its ``callback`` and retries a non-2xx answer or an unreachable receiver
with a doubling backoff, a bounded number of times. The mock does the same on
its own threads, so delivery never holds up or breaks an API request.

A mock must not reach out of the machine from a test run. Before anything is
sent, and before any name lookup, the URL's host is checked as written: only
``localhost``, an IPv4 address in 127.0.0.0/8 and ``::1`` (or a host the user
allowed explicitly) are contacted. Any other callback is recorded as refused,
with the reason, and never contacted. Redirects are not followed and proxy
settings from the environment are ignored, for the same reason.
"""

from __future__ import annotations

import dataclasses
import heapq
import ipaddress
import itertools
import logging
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

logger = logging.getLogger("oneprovider_mock.callbacks")

#: Outcomes of a delivery.
WAITING = "waiting"  # the execution has not stopped yet
SENDING = "sending"  # tried at least once, more tries to come
DELIVERED = "delivered"
GAVE_UP = "gaveUp"  # every try failed
REFUSED = "refused"  # not a loopback (or allowed) host: never contacted
SETTLED = frozenset({DELIVERED, GAVE_UP, REFUSED})

_WORKERS = 4


@dataclass(frozen=True)
class CallbackPolicy:
    """How callbacks are delivered: tries, backoff, timeout, and the hosts allowed."""

    #: Tries in all, the first included.
    tries: int = 5
    #: Wait before the second try, in seconds; it doubles for each next one.
    first_backoff: float = 0.5
    max_backoff: float = 30.0
    #: Timeout of one try, in seconds.
    timeout: float = 5.0
    #: Hosts (exactly as written in the URL) allowed besides the loopback ones.
    allowed_hosts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.tries < 1:
            raise ValueError(f"callback tries must be at least 1, got {self.tries!r}")
        if self.first_backoff < 0 or self.max_backoff < 0 or self.timeout <= 0:
            raise ValueError("callback backoff must be >= 0 and the timeout > 0")

    def backoff(self, tries_done: int) -> float:
        """The wait after ``tries_done`` failed tries."""
        return float(min(self.max_backoff, self.first_backoff * 2 ** (tries_done - 1)))


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
    outcome: str = WAITING
    #: Why it was refused or given up on.
    reason: str | None = None
    attempts: list[CallbackAttempt] = field(default_factory=list)

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

    Decided from the URL's text alone: no name is looked up.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as err:
        return f"the callback URL cannot be parsed ({err})"
    if parts.scheme.lower() not in ("http", "https") or not host:
        return "the callback URL is not an http(s) URL with a host"
    try:
        sender_host = httpx.URL(url).host
    except (httpx.InvalidURL, ValueError) as err:
        return f"the callback URL cannot be parsed ({err})"
    if sender_host != host:
        # The sender must contact exactly the host that was checked.
        return f"the callback URL's host is ambiguous ({host!r} or {sender_host!r})"
    if host in allowed_hosts or _is_loopback(host):
        return None
    return (
        f"host {host!r} is not a loopback address; the mock only calls back to "
        "localhost, 127.0.0.0/8 and ::1 unless the host is allowed "
        "(--allow-callback-host, allow_callback_hosts=)"
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
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
        self._queue: list[tuple[float, int, int, CallbackDelivery]] = []
        self._order = itertools.count()
        self._deliveries: list[CallbackDelivery] = []
        # Deliveries of an earlier generation were cleared by a reset: drop them.
        self._generation = 0
        self._closed = False
        self._timer: threading.Thread | None = None
        self._senders: ThreadPoolExecutor | None = None
        self._client: httpx.Client | None = None

    def schedule(self, execution_id: str, url: str, status: str, due_at: float) -> None:
        """Send ``status`` of ``execution_id`` to ``url`` at ``due_at``; returns at once."""
        delivery = CallbackDelivery(execution_id, url, status, due_at)
        with self._changed:
            if self._closed:
                return
            self._deliveries.append(delivery)
            self._push(delivery, due_at)
            self._start()

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
                reason = refusal_reason(delivery.url, self.policy.allowed_hosts)
                if reason is not None:
                    delivery.outcome, delivery.reason = REFUSED, reason
                    logger.info(
                        "callback of %s refused: %s", delivery.atm_workflow_execution_id, reason
                    )
                    self._changed.notify_all()
                    continue
                assert self._senders is not None
                self._senders.submit(self._send, delivery, generation)

    def _send(self, delivery: CallbackDelivery, generation: int) -> None:
        assert self._client is not None
        status_code: int | None = None
        error: str | None = None
        try:
            response = self._client.post(delivery.url, json=delivery.body)
            status_code = response.status_code
        except Exception as err:  # any failure to deliver is a failed try, never a crash
            error = f"{type(err).__name__}: {err}"
        with self._changed:
            delivery.attempts.append(CallbackAttempt(time.time(), status_code, error))
            if status_code is not None and 200 <= status_code < 300:
                delivery.outcome = DELIVERED
            elif len(delivery.attempts) >= self.policy.tries:
                delivery.outcome = GAVE_UP
                delivery.reason = f"no 2xx answer in {self.policy.tries} tries"
            else:
                delivery.outcome = SENDING
                if generation == self._generation and not self._closed:
                    retry_at = time.time() + self.policy.backoff(len(delivery.attempts))
                    self._push(delivery, retry_at)
            logger.debug(
                "callback of %s, try %d: %s",
                delivery.atm_workflow_execution_id,
                len(delivery.attempts),
                status_code if error is None else error,
            )
            self._changed.notify_all()


def _copy(delivery: CallbackDelivery) -> CallbackDelivery:
    return dataclasses.replace(delivery, attempts=list(delivery.attempts))
