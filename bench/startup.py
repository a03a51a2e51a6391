"""Import and start-up time: our package and CLI against httpx's import.

Each measurement starts a fresh interpreter, so nothing is cached in-process.
The cost of the interpreter itself (``python -c pass``) is subtracted from
both sides, leaving what the import adds.
"""

from __future__ import annotations

import subprocess
import sys
import time

from bench._harness import Comparison, alternate


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _interpreter_floor(rounds: int) -> float:
    samples = [_run([sys.executable, "-c", "pass"]) for _ in range(max(3, rounds // 2))]
    return min(samples)


def import_time(*, rounds: int) -> Comparison:
    floor = _interpreter_floor(rounds)
    ours, httpx_ = alternate(
        lambda: _run([sys.executable, "-c", "import oneprovider_automation"]) - floor,
        lambda: _run([sys.executable, "-c", "import httpx"]) - floor,
        rounds=rounds,
    )
    return Comparison(
        benchmark="import",
        contender="import oneprovider_automation",
        baseline="import httpx",
        contender_samples=ours,
        baseline_samples=httpx_,
        unit="s",
        target=1.5,
    )


def cli_help(*, rounds: int) -> Comparison:
    floor = _interpreter_floor(rounds)
    cli = [sys.executable, "-m", "oneprovider_automation", "--help"]
    cli_samples, httpx_ = alternate(
        lambda: _run(cli) - floor,
        lambda: _run([sys.executable, "-c", "import httpx"]) - floor,
        rounds=rounds,
    )
    return Comparison(
        benchmark="CLI start-up",
        contender="oneprovider-automation --help",
        baseline="import httpx",
        contender_samples=cli_samples,
        baseline_samples=httpx_,
        unit="s",
        target=None,
    )
