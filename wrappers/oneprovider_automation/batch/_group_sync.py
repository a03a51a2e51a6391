"""Group commit: one ``fsync`` makes durable every record written before it started.

A batch writes two records a line (``sending`` before the request, its
outcome after), and each must be on disk before the run goes on: before the
request is sent, before the line is counted done. One ``fsync`` a record
costs milliseconds on a disk and would hold the event loop while it runs.
Here each task writes its record to the file and waits for the next
``fsync`` to finish; that ``fsync`` runs on a thread and covers every record
written before it started, so the tasks in flight share it while the loop
goes on serving answers. No task goes on before a sync that started after
its own write has finished: the guarantee of one ``fsync`` a record, at a
fraction of its cost.
"""

from __future__ import annotations

import asyncio
import os


class GroupSync:
    """Shared ``fsync`` rounds of one file descriptor, for the tasks of one event loop."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        #: Resolved by the next round, which starts after every write made so far.
        self._next: asyncio.Future[None] | None = None
        self._rounds: asyncio.Task[None] | None = None

    async def synced(self) -> None:
        """Return once every write made to the file before this call is on disk.

        Raises the ``OSError`` of a failed ``fsync``. Cancelled, the round
        goes on for the other tasks waiting for it.
        """
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        waiting = self._next
        if self._rounds is None:
            self._rounds = asyncio.create_task(self._run_rounds())
        await asyncio.shield(waiting)

    async def _run_rounds(self) -> None:
        this: asyncio.Future[None] | None = None
        try:
            while self._next is not None:
                # The round takes the waiters so far; a write made while it
                # runs waits for the next round, which starts after it.
                this, self._next = self._next, None
                try:
                    await asyncio.to_thread(os.fsync, self._fd)
                except OSError as err:
                    this.set_exception(err)
                    this.exception()  # retrieved, even if every waiter was cancelled
                else:
                    this.set_result(None)
        except asyncio.CancelledError:
            # The loop is going away (its run was cancelled): so are the waiters.
            for future in (this, self._next):
                if future is not None:
                    future.cancel()
            self._next = None
            raise
        finally:
            self._rounds = None
