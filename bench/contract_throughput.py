"""Contract-test throughput: generated cases per second, in-process against over loopback.

The same suite (``contract_tests/suite``, the same seed and sizes) runs once
against the embedded mock in-process and once against ``oneprovider-mock``
on 127.0.0.1 (``python -m contract_tests.live``), alternately. Each run's
cases come from its summary file; its time is the whole run as a user waits
for it, start-up included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._harness import Comparison, alternate

ROOT = Path(__file__).resolve().parent.parent


def _cases_per_second(*, live: bool, max_examples: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        summary = Path(tmp) / "summary.json"
        runner = ["-m", "contract_tests.live"] if live else ["-m", "pytest"]
        args = [
            sys.executable,
            *runner,
            "contract_tests/suite",
            "-q",
            "-n",
            "2",
            "-p",
            "no:cacheprovider",
            f"--contract-summary={summary}",
        ]
        env = os.environ | {"CONTRACT_TEST_MAX_EXAMPLES": str(max_examples)}
        for name in ("ONEPROVIDER_HOST", "ONEPROVIDER_API_KEY"):
            env.pop(name, None)
        start = time.perf_counter()
        run = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        if run.returncode != 0:
            raise RuntimeError(
                f"contract suite failed ({'live' if live else 'in-process'}):\n"
                + run.stdout[-3000:]
                + run.stderr[-3000:]
            )
        cases = int(json.loads(summary.read_text())["cases"])
        return cases / elapsed


def run(*, rounds: int, max_examples: int) -> Comparison:
    in_process, loopback = alternate(
        lambda: _cases_per_second(live=False, max_examples=max_examples),
        lambda: _cases_per_second(live=True, max_examples=max_examples),
        rounds=rounds,
        warmup=0,
    )
    return Comparison(
        benchmark="contract-test throughput",
        contender="in-process (cases/s)",
        baseline="loopback (cases/s)",
        contender_samples=in_process,
        baseline_samples=loopback,
        unit="cases/s",
        target=None,
        higher_is_better=True,
    )
