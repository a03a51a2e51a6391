"""Options and the case summary of the schemathesis suite (see :mod:`contract_tests.summary`)."""

from __future__ import annotations

import pytest

from contract_tests import summary


def pytest_addoption(parser: pytest.Parser) -> None:
    summary.addoption(parser)


def pytest_configure(config: pytest.Config) -> None:
    summary.configure(config)


#: The tests of the suite in two halves of about equal time (measured with ``--durations``
#: on 2 cores: schedule's fuzzing and the stateful scenarios, the two longest, apart), for
#: ``--dist loadgroup``: left to xdist's own order, both could run on one worker while the
#: other waited.
WORKER_GROUPS = {
    "test_schedule_workflow_execution": "schedule",
    "test_pause_workflow_execution": "schedule",
    "test_rerun_workflow_execution": "schedule",
    "test_download_audit_log_dump": "schedule",
    "test_retry_workflow_execution": "schedule",
    "test_cancel_workflow_execution": "schedule",
    "test_list_workflow_executions": "schedule",
    "runTest": "scenarios",
    "test_get_workflow_execution_details": "scenarios",
    "test_force_continue_workflow_execution": "scenarios",
    "test_delete_workflow_execution": "scenarios",
    "test_resume_workflow_execution": "scenarios",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        group = WORKER_GROUPS.get(item.name)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
