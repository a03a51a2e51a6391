"""The spec against the target, through schemathesis: examples, coverage, fuzzing, stateful.

Which target, and which ids are valid in its world, comes from the environment
(:mod:`contract_tests.target`); everything else from ``schemathesis.toml``. A failure
prints the schemathesis report with a curl command that reproduces it.
"""

from __future__ import annotations

import os
from typing import Any

import hypothesis
from schemathesis import Case

from contract_tests.schema import load_config, load_schema
from contract_tests.summary import COUNTER
from contract_tests.target import target_from_env

TARGET = target_from_env()
COUNTER.target = TARGET.name

_config = load_config()
# Deeper or different runs than CI's, without editing schemathesis.toml.
if os.environ.get("CONTRACT_TEST_SEED"):
    _config.update(seed=int(os.environ["CONTRACT_TEST_SEED"]), max_failures=None)
if os.environ.get("CONTRACT_TEST_MAX_EXAMPLES"):
    _config.projects.default.generation.update(
        max_examples=int(os.environ["CONTRACT_TEST_MAX_EXAMPLES"])
    )
schema = load_schema(TARGET, config=_config)
schema.hooks.register_hook_with_name(COUNTER.after_call, "after_call")


#: One test per operation, so that each has its own name in reports.
OPERATIONS = ("schedule_workflow_execution", "get_workflow_execution_details")


def test_every_operation_of_the_spec_has_a_test() -> None:
    """A new operation in the spec must get its test below."""
    found = {
        operation["operationId"]
        for item in schema.raw_schema["paths"].values()
        for method, operation in item.items()
        if method != "parameters"
    }
    assert found == set(OPERATIONS)


@schema.include(operation_id=OPERATIONS[0]).parametrize()
def test_schedule_workflow_execution(case: Case[Any]) -> None:
    """Each generated case: send it, then run every check (built-in and ours) on the answer."""
    case.call_and_validate()


@schema.include(operation_id=OPERATIONS[1]).parametrize()
def test_get_workflow_execution_details(case: Case[Any]) -> None:
    """Each generated case: send it, then run every check (built-in and ours) on the answer."""
    case.call_and_validate()


# Scenarios that schedule an execution and follow the spec's link to read it back.
_project = _config.projects.get_default()
TestWorkflowScenarios = schema.as_state_machine().TestCase
TestWorkflowScenarios.settings = hypothesis.settings(
    TestWorkflowScenarios.settings,
    max_examples=_project.generation_for(phase="stateful").max_examples or 50,
    stateful_step_count=_project.phases.stateful.max_steps,
    derandomize=True,
    database=None,
)
