"""SIGINT and SIGTERM during a batch: stop cleanly, keep the journal whole, say where it got.

While lines are being sent, the first signal stops new sends and lets the
lines in flight get their answers (their outcome is then known); a second
one stops waiting: those lines are recorded ``unknown``. In the other steps
(marking, settling, waiting) the first signal stops the step. Either way
the batch then prints its summary and exits 128 + the signal's number.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TypeVar

from ._options import say

T = TypeVar("T")

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupt:
    """The signals a batch got, and the step they stop."""

    def __init__(self) -> None:
        self.signal: signal.Signals | None = None
        self._count = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._graceful = False

    @property
    def stopping(self) -> bool:
        return self.signal is not None

    @property
    def exit_code(self) -> int:
        return 128 + int(self.signal or 0)

    @contextmanager
    def installed(self) -> Iterator[Interrupt]:
        """Handle both signals for the block (only the main thread can)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {number: signal.getsignal(number) for number in _SIGNALS}
        for number in _SIGNALS:
            signal.signal(number, self._handle)
        try:
            yield self
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def _handle(self, number: int, frame: FrameType | None) -> None:
        # Only bookkeeping here; the step reacts in its event loop.
        self._count += 1
        if self.signal is None:
            self.signal = signal.Signals(number)
        loop = self._loop
        if loop is not None:
            loop.call_soon_threadsafe(self._react, self._count)

    def _react(self, count: int) -> None:
        name = self.signal.name if self.signal else "a signal"
        if self._graceful and count == 1:
            say(
                f"interrupted ({name}): sending no more lines; waiting for the answers of "
                "those in flight (interrupt again to stop waiting: they are then recorded "
                "unknown)"
            )
            return
        if count == 1 or self._graceful:
            say(f"interrupted ({name}): stopping")
        if self._task is not None:
            self._task.cancel()

    def run(self, step: Coroutine[Any, Any, T], *, graceful: bool = False) -> T | None:
        """Run ``step`` in an event loop; ``None`` if a signal stopped it.

        ``graceful``: the step watches :attr:`stopping` itself; only a second
        signal cancels it.
        """

        async def guarded() -> T | None:
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.current_task()
            self._graceful = graceful
            try:
                return await step
            except asyncio.CancelledError:
                if self.stopping:
                    return None
                raise
            finally:
                self._loop = self._task = None

        if self.stopping:
            step.close()
            return None
        return asyncio.run(guarded())
