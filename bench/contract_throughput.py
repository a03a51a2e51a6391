"""Contract tests: `make contract-test` held to its budgets, and in-process against loopback.

:func:`run` runs ``make contract-test`` as a user does (warm venv, 2 xdist workers, start-up
included) and gives three rows held to the budgets of the issue: its seconds (at most
45), its cases (at least 4,000) and the share of its fuzzing cases that got past
authentication and lookup (at least 50 %, as ``contract_tests.summary`` counts it), each
taken from the run's own summary file. With ``loopback=True`` it also runs the same suite,
in-process and against ``oneprovider-mock`` on 127.0.0.1 (``python -m contract_tests.live``),
alternately, and compares their cases per second.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._harness import Comparison, Measurement, Row, Samples, alternate

ROOT = Path(__file__).resolve().parent.parent
#: The issue's budgets for ``make contract-test``.
SECONDS_BUDGET = 45.0
CASES_BUDGET = 4000
PAST_LOOKUP_BUDGET = 50.0


def _clean_env(max_examples: int | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONEPROVIDER_", "PYTEST_"))}
    if max_examples is not None:
        env["CONTRACT_TEST_MAX_EXAMPLES"] = str(max_examples)
    return env


def _every_core() -> None:
    """In the child: undo the pinning of ``python -m bench`` (the suite runs two workers)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, range(os.cpu_count() or 1))


def _timed_run(args: list[str], *, max_examples: int | None, what: str) -> float:
    """Seconds of the suite run by ``args`` (on every core); raises if it failed."""
    start = time.perf_counter()
    run = subprocess.run(
        args,
        cwd=ROOT,
        env=_clean_env(max_examples),
        capture_output=True,
        text=True,
        preexec_fn=_every_core,
    )
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed:\n" + run.stdout[-3000:] + run.stderr[-3000:])
    return elapsed


def _make_contract_test(max_examples: int | None) -> tuple[float, dict[str, Any]]:
    """Seconds of one ``make contract-test`` and its summary."""
    with tempfile.TemporaryDirectory() as tmp:
        args = ["make", "-s", "contract-test", f"REPORTS={tmp}"]
        if max_examples is not None:
            # A short run: too few cases for the minimum, or to meet every phase.
            args += ["CONTRACT_MIN_CASES=1", "EVERY_PHASE="]
        elapsed = _timed_run(args, max_examples=max_examples, what="make contract-test")
        return elapsed, json.loads((Path(tmp) / "contract-test.json").read_text())


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
        what = f"contract suite ({'live' if live else 'in-process'})"
        elapsed = _timed_run(args, max_examples=max_examples, what=what)
        cases = int(json.loads(summary.read_text())["cases"])
        return cases / elapsed


def budgets(*, rounds: int, max_examples: int | None) -> list[Measurement]:
    """``make contract-test`` ``rounds`` times: seconds, cases, share past lookup.

    ``max_examples`` (fuzzing cases per operation) makes a shorter run than CI's; ``None``
    runs the suite as ``make contract-test`` does.
    """
    seconds: list[float] = []
    cases: list[float] = []
    shares: list[float] = []
    for _ in range(rounds):
        elapsed, summary = _make_contract_test(max_examples)
        fuzzing = summary["phases"].get("fuzzing", 0)
        past = summary["pastAuthenticationAndLookup"].get("fuzzing", 0)
        seconds.append(elapsed)
        cases.append(float(summary["cases"]))
        shares.append(100.0 * past / fuzzing if fuzzing else 0.0)
    name = "contract-test run"
    return [
        Measurement(name, "make contract-test", Samples(tuple(seconds)), "s", SECONDS_BUDGET),
        Measurement(name, "cases", Samples(tuple(cases)), "cases", CASES_BUDGET, True),
        Measurement(
            name,
            "fuzzing cases past authentication and lookup",
            Samples(tuple(shares)),
            "%",
            PAST_LOOKUP_BUDGET,
            True,
        ),
    ]


def loopback_comparison(*, rounds: int, max_examples: int) -> Comparison:
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


def run(*, rounds: int, max_examples: int | None, loopback: bool) -> list[Row]:
    """The budget rows; with ``loopback``, also the in-process against loopback comparison."""
    rows: list[Row] = list(budgets(rounds=rounds, max_examples=max_examples))
    if loopback:
        rows.append(loopback_comparison(rounds=rounds, max_examples=max_examples or 300))
    return rows
