"""The contract suite has teeth: against a deliberately broken mock, it fails.

Each test runs the schemathesis suite (``contract_tests/suite``) in a fresh pytest, with
``CONTRACT_TEST_APP`` naming a broken mock from :mod:`tests.contract.broken`, and expects
the failure to be reported the way a real one would: which check, and a curl command that
reproduces it, with the token masked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from oneprovider_mock import World

from tests.contract.suite_runs import run_suite

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
    run = run_suite(
        tmp_path,
        {"CONTRACT_TEST_APP": f"tests.contract.broken:{app_factory}"},
        "-k",
        selection,
        f"--junitxml={tmp_path / 'junit.xml'}",
    )
    code, output, counts = run.returncode, run.output, run.counts
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
