"""Worlds that start with executions, outcomes set per revision, and bad world files."""

from __future__ import annotations

from typing import Any

import pytest
from oneprovider_mock import Backend, World, WorldError

from tests.mock.helpers import DEFAULT_WORLD, schema_id, space_id, user_id

SCHEMA = schema_id("seed workflow")


def world_with(*executions: dict[str, Any], **revision: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"extends": "default", "executions": list(executions)}
    return base


def execution(**fields: Any) -> dict[str, Any]:
    return {
        "id": "ab" * 16 + "ch0000",
        "atmWorkflowSchemaId": SCHEMA,
        "atmWorkflowSchemaRevisionNumber": 3,
        "spaceId": space_id("seed-space"),
        "userId": user_id("alice"),
        "status": "paused",
        **fields,
    }


def test_the_default_world_starts_with_none() -> None:
    assert World.default().executions == {}


def test_every_status_is_in_the_shipped_world() -> None:
    world = World.named("executions-in-every-state")
    assert {e.status for e in world.executions.values()} == {
        "scheduled",
        "resuming",
        "active",
        "stopping",
        "paused",
        "interrupted",
        "finished",
        "failed",
        "cancelled",
        "crashed",
    }


def test_a_world_execution_holds_its_status_and_times() -> None:
    world = World.from_dict(world_with(execution(scheduleTime=1000, suspendTime=1500)))
    backend = Backend(world, phase_seconds=0)
    try:
        details = backend.execution_details("ab" * 16 + "ch0000", token=world.default_token)
    finally:
        backend.close()
    assert details["status"] == "paused"
    assert (details["scheduleTime"], details["startTime"], details["suspendTime"]) == (
        1000,
        1001,
        1500,
    )
    assert details["lanes"][0]["runs"][0]["status"] == "paused"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "sleeping"}, "executions[0].status"),
        ({"atmWorkflowSchemaId": "nope"}, "executions[0].atmWorkflowSchemaId: no workflow schema"),
        ({"atmWorkflowSchemaRevisionNumber": 9}, "executions[0].atmWorkflowSchemaRevisionNumber"),
        ({"spaceId": "nope"}, "executions[0].spaceId: no space"),
        ({"userId": "nope"}, "executions[0].userId: no user"),
        ({"laneIndex": 3}, "executions[0].laneIndex"),
        ({"stopReason": "pause"}, "executions[0].stopReason"),
        ({"startTime": "soon"}, "executions[0].startTime"),
        ({"logLevel": "loud"}, "executions[0].logLevel"),
    ],
)
def test_bad_executions_name_the_field(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(WorldError, match=message.replace("[", r"\[").replace("]", r"\]")):
        World.from_dict(world_with(execution(**fields)))


def test_two_executions_with_one_id_are_refused() -> None:
    with pytest.raises(WorldError, match="two executions"):
        World.from_dict(world_with(execution(), execution()))


@pytest.mark.parametrize(
    ("outcome", "status", "lanes"),
    [
        ("failed", "failed", [["finished"], ["failed"]]),
        ({"status": "failed", "lane": 1}, "failed", [["failed"], []]),
        ({"status": "failed", "lane": 1, "stopReason": "failure"}, "failed", [["failed"], []]),
        ({"status": "crashed", "lane": 1}, "crashed", [["crashed"], []]),
        ({"status": "interrupted"}, "interrupted", [["finished"], ["interrupted"]]),
    ],
)
def test_outcomes_of_a_revision(outcome: Any, status: str, lanes: list[list[str]]) -> None:
    world = DEFAULT_WORLD.copy()
    world.workflow_schemas[SCHEMA].revisions[3].outcome = (
        outcome if isinstance(outcome, str) else outcome["status"]
    )
    if isinstance(outcome, dict):
        world.workflow_schemas[SCHEMA].revisions[3].outcome_lane = outcome.get("lane")
        world.workflow_schemas[SCHEMA].revisions[3].outcome_stop_reason = outcome.get("stopReason")
    backend = Backend(world, phase_seconds=0)
    try:
        scheduled = backend.schedule(
            token=world.default_token,
            body=b'{"spaceId": "%s", "atmWorkflowSchemaId": "%s", '
            b'"atmWorkflowSchemaRevisionNumber": 3}'
            % (world.defaults.space_id.encode(), SCHEMA.encode()),
        )
        details = backend.execution_details(scheduled.id, token=world.default_token)
    finally:
        backend.close()
    assert details["status"] == status
    assert [[r["status"] for r in lane["runs"]] for lane in details["lanes"]] == lanes


@pytest.mark.parametrize(
    "outcome",
    [{"status": "finished", "stopReason": "failure"}, {"status": "failed", "lane": 5}, {"lane": 1}],
)
def test_bad_outcomes_are_refused(outcome: dict[str, Any]) -> None:
    document = World.named("default")
    assert document
    data: dict[str, Any] = {
        "extends": "default",
        "inventories": [
            {
                "id": "inv",
                "members": [],
                "workflowSchemas": [
                    {"id": "s", "revisions": [{"number": 1, "outcome": outcome, "lanes": []}]}
                ],
            }
        ],
    }
    with pytest.raises(WorldError, match="outcome"):
        World.from_dict(data)
