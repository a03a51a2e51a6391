"""Servers the tests start as subprocesses (Prism, ``oneprovider-mock``): start, wait, stop.

Each runs in its own process group, so stopping it also stops whatever it started; waiting
for it is polling with a deadline, never a bare sleep; it is always stopped on the way out.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

#: How long a stopped server may take to exit before it is killed.
STOP_TIMEOUT = 10.0
_POLL_INTERVAL = 0.05

T = TypeVar("T")


class ServerError(RuntimeError):
    """Raised when a server does not start in time or exits before it is ready."""


def tail(log: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of a log file, for an error message."""
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop ``process`` and its group: SIGTERM, then SIGKILL after :data:`STOP_TIMEOUT`."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


@contextlib.contextmanager
def running(args: Sequence[str], log: Path, *, cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``args`` with its output in ``log``; stop it (and its group) on the way out."""
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(args),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            stop(process)


def wait_for(
    ready: Callable[[], T | None],
    process: subprocess.Popen[bytes],
    log: Path,
    *,
    timeout: float,
    what: str,
) -> T:
    """Poll ``ready`` until it returns a value; fail if ``process`` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        value = ready()
        if value is not None:
            return value
        if process.poll() is not None:
            raise ServerError(f"{what} exited with {process.returncode}:\n{tail(log)}")
        if time.monotonic() > deadline:
            raise ServerError(f"{what} was not ready within {timeout} s:\n{tail(log)}")
        time.sleep(_POLL_INTERVAL)
