"""The contract suite has teeth: against a deliberately broken mock, it fails.

Each test runs the schemathesis suite (``contract_tests/suite``) in a fresh pytest, with
``CONTRACT_TEST_APP`` naming a broken mock from :mod:`tests.contract.broken`, and expects
the failure to be reported the way a real one would: which check, and a curl command that
reproduces it, with the token masked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from oneprovider_mock import World

from contract_tests.schema import ROOT

#: Bounds one run of the suite; a run that finds its failure takes seconds.
RUN_TIMEOUT = 600


def run_suite(app_factory: str, selection: str, tmp_path: Path) -> tuple[int, str, dict[str, int]]:
    """Run the suite against ``app_factory``; its exit code, output and case summary."""
    summary = tmp_path / "summary.json"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ONEPROVIDER_", "CONTRACT_TEST_", "PYTEST_"))
    }
    env["CONTRACT_TEST_APP"] = f"tests.contract.broken:{app_factory}"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "contract_tests/suite",
            "-p",
            "no:cacheprovider",
            "-q",
            "-k",
            selection,
            f"--contract-summary={summary}",
            f"--junitxml={tmp_path / 'junit.xml'}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    output = result.stdout + result.stderr
    counts = json.loads(summary.read_text()) if summary.exists() else {}
    return result.returncode, output, counts


POST = "test_schedule_workflow_execution"
GET = "test_get_workflow_execution_details"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("app_factory", "selection", "findings"),
    [
        ("answers_200_instead_of_201", POST, ["Undocumented status code", "[200] OK"]),
        (
            "accepts_revision_zero",
            POST,
            [
                "Schema-violating request accepted",
                "atmWorkflowSchemaRevisionNumber: Value smaller than minimum",
            ],
        ),
        (
            "puts_another_execution_in_location",
            POST,
            ["Location does not point at the new execution", "someone-elses-execution"],
        ),
        ("answers_not_found_with_403", GET, ["error id 'notFound' comes with HTTP 404, not 403"]),
        (
            "lets_any_member_change_an_execution",
            "test_cancel_workflow_execution",
            ["cancel_workflow_execution of another user's execution", "(expected 403)"],
        ),
        (
            # Schemathesis knows whose an execution is from the scenarios: schedule, then get.
            "shows_executions_to_anyone",
            "TestWorkflowScenarios",
            [
                "Object-level authorization bypass",
                "`outsider` received the `wid` that `owner` owns",
            ],
        ),
    ],
)
def test_the_suite_fails_against_a_broken_mock(
    app_factory: str, selection: str, findings: list[str], tmp_path: Path
) -> None:
    code, output, counts = run_suite(app_factory, selection, tmp_path)
    assert code == 1, output[-3000:]
    for finding in findings:
        assert finding in output, output[-3000:]
    assert "Reproduce with:" in output
    assert "curl -X " in output
    for user in World.default().users.values():
        assert not any(token in output for token in user.tokens)
    assert counts["failures"] >= 1
    assert f"in-process app tests.contract.broken:{app_factory}" in output
    junit = (tmp_path / "junit.xml").read_text()
    assert "<failure" in junit
