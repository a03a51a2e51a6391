"""The benchmarks still run: ``python -m bench --smoke`` with tiny sizes.

Nothing here looks at the numbers (tests do not time things); this keeps the
benchmark code from rotting between ``make bench`` runs.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.openapi_support import ROOT

BENCHMARKS = (
    "client cost per call",
    "loopback, sync",
    "loopback, async",
    "mock throughput",
    "import",
    "CLI start-up",
    "contract-test run",
    "flat costs",
    "batch, ",
    "batch resume",
    "wait_all, ",
)


@pytest.mark.slow
def test_smoke_run_prints_a_row_for_every_benchmark_and_writes_nothing() -> None:
    results = ROOT / "bench" / "RESULTS.md"
    before = results.read_bytes() if results.exists() else None
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    for benchmark in BENCHMARKS:
        rows = [line for line in lines if line.startswith(benchmark)]
        assert rows, f"no row for {benchmark!r} in:\n{run.stdout}"
        for row in rows:
            # A ratio, or an amount held to a budget (a Measurement row).
            assert re.search(r"\s\d+\.\d\dx\s|\(a budget, no baseline\)", row), row
    after = results.read_bytes() if results.exists() else None
    assert after == before
