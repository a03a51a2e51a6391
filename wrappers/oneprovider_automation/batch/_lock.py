"""One run at a time on a journal: an OS lock on ``<journal>.lock``, held for the whole run.

Two runs on one journal would each read it before the other wrote, and
send the same lines. The lock is ``flock`` on a file beside the journal;
the holder writes who it is (pid, host, since when) into it, for the run it
refuses to name. The OS drops the lock when its holder's process ends, even
killed, so a lock file left behind blocks nothing: the next run takes the
lock and writes over the old text. The file itself stays: removing it would
let a run lock a new file while another still holds the removed one.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ..cli._input import BadInput


def lock_path(journal: Path) -> Path:
    return journal.with_name(journal.name + ".lock")


@contextmanager
def journal_lock(journal: Path) -> Iterator[None]:
    """Hold the journal's lock; :class:`BadInput` naming the holder if another run has it."""
    path = lock_path(journal)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as err:
        raise BadInput(f"--output: cannot create the lock file {path}: {err.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BadInput(
                f"--output: {journal} is in use by another run ({_holder(fd)}); "
                "wait for it to end, or stop it, then run this command again"
            ) from None
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode() + b"\n", 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _holder(fd: int) -> str:
    """Who holds the lock, as the holder wrote it."""
    try:
        text = os.pread(fd, 4096, 0).decode("utf-8", "replace")
        holder = json.loads(text)
        return f"pid {holder['pid']} on host {holder['host']}, since {holder['since']}"
    except (OSError, ValueError, TypeError, KeyError):
        # Just taken, and not written yet (or written by something else).
        return "its holder has not written who it is"
