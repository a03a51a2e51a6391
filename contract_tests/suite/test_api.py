"""The spec against the target, through schemathesis: examples, coverage, fuzzing, stateful.

Which target, and which ids are valid in its world, comes from the environment
(:mod:`contract_tests.target`); everything else from ``schemathesis.toml``. Each operation
has its test; a read-only run (``ONEPROVIDER_TEST_READ_ONLY=1``) has only those of the
operations that change nothing, and its scenarios only read. A failure prints the
schemathesis report with a curl command that reproduces it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import hypothesis
from schemathesis import Case
from schemathesis.core.failures import FailureGroup

from contract_tests.executions import clean_up, embedded_pool, live_pool
from contract_tests.operations import (
    CANCEL,
    DELETE,
    DUMP,
    FORCE_CONTINUE,
    GET,
    LIST,
    OPERATIONS,
    PAUSE,
    READS,
    RERUN,
    RESUME,
    RETRY,
    SCHEDULE,
)
from contract_tests.scenarios import run_scenarios
from contract_tests.schema import load_config, load_schema
from contract_tests.summary import COUNTER
from contract_tests.target import target_from_env

TARGET = target_from_env()
COUNTER.target = TARGET.name + (" (read-only)" if TARGET.read_only else "")
POOL = embedded_pool(TARGET.app) if TARGET.app is not None else live_pool(TARGET)
if TARGET.is_live and not TARGET.read_only:
    COUNTER.at_end = lambda: clean_up(TARGET, POOL.created).as_dict()

_config = load_config()
# Deeper or different runs than CI's, without editing schemathesis.toml.
if os.environ.get("CONTRACT_TEST_SEED"):
    _config.update(seed=int(os.environ["CONTRACT_TEST_SEED"]), max_failures=None)
if os.environ.get("CONTRACT_TEST_MAX_EXAMPLES"):
    _config.projects.default.generation.update(
        max_examples=int(os.environ["CONTRACT_TEST_MAX_EXAMPLES"])
    )
schema = load_schema(TARGET, config=_config, pool=POOL)

#: The operations this run sends: all of them, or only the reads.
SENT = READS if TARGET.read_only else frozenset(OPERATIONS)
#: Fuzzed cases of get and of each other operation but schedule (``schemathesis.toml`` gives
#: schedule its own): their input is an id and at most two numbers, and each case goes to an
#: execution of the world in one of its statuses. (Set here, not in an ``[[operations]]``
#: table: such a table makes schemathesis 4.32 ignore ``include`` filters.)
GET_MAX_EXAMPLES = 600
OTHER_OPERATIONS_MAX_EXAMPLES = 185


def test_every_operation_of_the_spec_has_a_test() -> None:
    """A new operation in the spec must get its test below (and a place in OPERATIONS)."""
    found = {
        operation["operationId"]
        for item in schema.raw_schema["paths"].values()
        for method, operation in item.items()
        if method != "parameters"
    }
    assert found == set(OPERATIONS)
    tests = {name for name, value in globals().items() if name.startswith("test_") and value}
    assert {f"test_{operation}" for operation in SENT} <= tests


def _operation(operation_id: str) -> Callable[[Callable[[Case[Any]], None]], Any]:
    """One operation's parametrized test; in a read-only run, no test for a change at all."""
    if operation_id not in SENT:
        return lambda test: None
    parametrize: Callable[[Callable[[Case[Any]], None]], Any] = schema.include(
        operation_id=operation_id
    ).parametrize()
    if operation_id == SCHEDULE or os.environ.get("CONTRACT_TEST_MAX_EXAMPLES"):
        return parametrize
    count = GET_MAX_EXAMPLES if operation_id == GET else OTHER_OPERATIONS_MAX_EXAMPLES
    fewer = hypothesis.settings(max_examples=count)
    return lambda test: parametrize(fewer(test))


@_operation(SCHEDULE)
def test_schedule_workflow_execution(case: Case[Any]) -> None:
    """Each generated case: send it, then run every check (built-in and ours) on the answer."""
    case.call_and_validate()


@_operation(GET)
def test_get_workflow_execution_details(case: Case[Any]) -> None:
    case.call_and_validate()


@_operation(LIST)
def test_list_workflow_executions(case: Case[Any]) -> None:
    case.call_and_validate()


@_operation(DUMP)
def test_download_audit_log_dump(case: Case[Any]) -> None:
    case.call_and_validate()


@_operation(CANCEL)
def test_cancel_workflow_execution(case: Case[Any]) -> None:
    case.call_and_validate()


@_operation(PAUSE)
def test_pause_workflow_execution(case: Case[Any]) -> None:
    case.call_and_validate()


@_operation(RESUME)
def test_resume_workflow_execution(case: Case[Any]) -> None:
    case.call_and_validate()


@_operation(FORCE_CONTINUE)
def test_force_continue_workflow_execution(case: Case[Any]) -> None:
    case.call_and_validate()


@_operation(RERUN)
def test_rerun_workflow_execution(case: Case[Any]) -> None:
    case.call_and_validate()


@_operation(RETRY)
def test_retry_workflow_execution(case: Case[Any]) -> None:
    case.call_and_validate()


@_operation(DELETE)
def test_delete_workflow_execution(case: Case[Any]) -> None:
    case.call_and_validate()


# Scenarios through the spec's links: schedule, then pause, resume, cancel, delete, rerun,
# retry, get and the audit log of what was scheduled, list pages and their next pages.
# A read-only run follows only the links between reads.
_project = _config.projects.get_default()
_machine_schema = schema.include(method="GET") if TARGET.read_only else schema


class _Scenarios(_machine_schema.as_state_machine()):  # type: ignore[misc]
    """The spec's state machine, noting whether any check failed in a run."""

    checks_failed = False

    def validate_response(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().validate_response(*args, **kwargs)
        except FailureGroup:
            _Scenarios.checks_failed = True
            raise


class TestWorkflowScenarios(_Scenarios.TestCase):  # type: ignore[misc,name-defined]
    def runTest(self) -> None:
        _Scenarios.checks_failed = False
        run_scenarios(
            super().runTest, live=TARGET.is_live, checks_failed=lambda: _Scenarios.checks_failed
        )

    runTest.is_hypothesis_test = True  # type: ignore[attr-defined]


TestWorkflowScenarios.settings = hypothesis.settings(
    TestWorkflowScenarios.settings,
    max_examples=_project.generation_for(phase="stateful").max_examples or 50,
    stateful_step_count=_project.phases.stateful.max_steps,
    derandomize=True,
    database=None,
)
