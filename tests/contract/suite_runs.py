"""Running the contract suite in a fresh pytest, as the tests of the suite itself do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract_tests.schema import ROOT

#: Bounds one run of the suite; a run that finds its failure takes seconds.
RUN_TIMEOUT = 600


@dataclass(frozen=True)
class SuiteRun:
    """What a run of the suite gave: its exit code, its output and its case summary."""

    returncode: int
    output: str
    counts: dict[str, Any]


def run_suite(tmp_path: Path, env: Mapping[str, str], *args: str) -> SuiteRun:
    """Run ``contract_tests/suite`` with ``args``, this environment less any target
    setting of its own plus ``env``, and the summary written into ``tmp_path``."""
    summary = tmp_path / "summary.json"
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ONEPROVIDER_", "CONTRACT_TEST_", "PYTEST_"))
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "contract_tests/suite",
            "-p",
            "no:cacheprovider",
            "-q",
            f"--contract-summary={summary}",
            *args,
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    counts = json.loads(summary.read_text()) if summary.exists() else {}
    return SuiteRun(result.returncode, result.stdout + result.stderr, counts)
