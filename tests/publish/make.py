"""Running the Makefile's publishing targets from tests, exactly as ``make test`` does.

Tests run in parallel (pytest-xdist), and several of them need the Node tools:
the first to come installs them (``make node-tools``) while the others wait on
a lock, so that two ``npm ci`` never run at once. Targets that write into
``dist/`` run under the same lock, so that no test reads a half-written file.
"""

from __future__ import annotations

import fcntl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from tests.openapi_support import ROOT

DIST = ROOT / "dist"
LOCK = DIST / ".make.lock"

# Generous: the first call may install the Node tools.
MAKE_TIMEOUT_S = 600


@contextmanager
def _locked() -> Iterator[None]:
    DIST.mkdir(exist_ok=True)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=MAKE_TIMEOUT_S,
        check=False,
    )


def build(*targets: str) -> None:
    """Bring ``targets``, which write into ``dist/``, up to date; fail with make's output if not."""
    with _locked():
        done = _run(*targets)
    assert done.returncode == 0, f"make {' '.join(targets)} failed:\n{done.stdout}\n{done.stderr}"


def check(target: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run a check ``target`` with make ``variables`` (``SPEC=...``) and return how it went."""
    with _locked():
        ready = _run("node-tools")
    assert ready.returncode == 0, f"make node-tools failed:\n{ready.stdout}\n{ready.stderr}"
    return _run(target, *(f"{name}={value}" for name, value in variables.items()))
