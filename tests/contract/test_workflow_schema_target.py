"""``CONTRACT_TEST_WORKFLOW_SCHEMA``: the embedded mock serves dumps and the suite schedules one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from oneprovider_automation.workflow_schema import WorkflowSchema
from oneprovider_mock import World

from contract_tests.live import mock_command, target_env
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


def test_a_dump_that_cannot_be_read_is_named() -> None:
    with pytest.raises(TargetError, match=rf"{ENV_WORKFLOW_SCHEMA}: .*nosuch\.json"):
        target_from_env({ENV_WORKFLOW_SCHEMA: "nosuch.json"})


def test_the_live_run_serves_the_dumps_and_schedules_the_first(tmp_path: Path) -> None:
    echo = dump_path("echo")
    command = mock_command(tmp_path / "ready.json", {ENV_WORKFLOW_SCHEMA: str(echo)})
    assert command[-2:] == ["--workflow-schema", str(echo.resolve())]
    world = World.default()
    world.serve_workflow_schema(echo)
    info = world.connection_info("http://127.0.0.1:4321")
    env = target_env(info)
    assert env["ONEPROVIDER_TEST_WORKFLOW_SCHEMA_ID"] == WorkflowSchema.from_file(echo).id
    assert (
        json.loads(env["ONEPROVIDER_TEST_STORE_INITIAL_CONTENT"])
        == (info["storeInitialContentOverlay"])
    )
    # The space is the default world's: its other users are the suite's other identities.
    assert "ONEPROVIDER_TEST_PEER_API_KEY" in env
