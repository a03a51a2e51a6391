"""``CONTRACT_TEST_WORKFLOW_SCHEMA``: the embedded mock serves dumps and the suite schedules one."""

from __future__ import annotations

import os

import pytest
from oneprovider_automation.workflow_schema import WorkflowSchema

from contract_tests.target import (
    DEFAULT_WORKFLOW_SCHEMA_ID,
    ENV_WORKFLOW_SCHEMA,
    TargetError,
    target_from_env,
)
from tests.automation_examples import dump_path


def test_the_first_dump_is_what_the_suite_schedules() -> None:
    echo, demo = dump_path("echo"), dump_path("demo")
    target = target_from_env({ENV_WORKFLOW_SCHEMA: f"{echo}{os.pathsep}{demo}"})
    dump = WorkflowSchema.from_file(echo)
    assert (target.workflow_schema_id, target.revision) == (dump.id, dump.revision_number)
    assert "'echo'" in target.name
    required = {store.id for store in dump.stores if store.requires_initial_content}
    assert set(target.store_initial_content) == required
    world = target.app.backend.world
    assert WorkflowSchema.from_file(demo).id in world.workflow_schemas
    # The seed's schema and the executions in every status are still there.
    assert DEFAULT_WORKFLOW_SCHEMA_ID in world.workflow_schemas
    assert world.executions


def test_a_dump_that_cannot_be_read_is_named(tmp_path: object) -> None:
    with pytest.raises(TargetError, match=rf"{ENV_WORKFLOW_SCHEMA}: .*nosuch\.json"):
        target_from_env({ENV_WORKFLOW_SCHEMA: "nosuch.json"})
