"""How long an execution's steps take: the world's, a revision's, a stop's, and the override.

A world that keeps executions waiting (a long ``phaseSeconds``) but stops them at once
(``stopSeconds: 0``) lets a client see ``schedule, pause, resume, cancel, delete`` through;
a revision that ends at once (its own ``phaseSeconds: 0``) lets it see ``fail, retry,
rerun``. A ``phase_seconds`` given to the mock overrides all three.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from oneprovider_mock import MockApp, World, WorldError, create_app

from tests.mock.helpers import SCHEDULE_URL, InProcessTransport, checked_client

FAILING_SCHEMA = "60d94924dda6e8a922132ba68b80734echaa17"


def _world(**changes: Any) -> World:
    world = World.default()
    world.phase_seconds = 1e6
    world.stop_seconds = 0.0
    failing = world.workflow_schemas[FAILING_SCHEMA].revisions[3]
    failing.phase_seconds, failing.outcome_lane = 0.0, 1
    for name, value in changes.items():
        setattr(world, name, value)
    return world


@pytest.fixture
def api() -> Iterator[httpx.Client]:
    app: MockApp = create_app(_world())
    with checked_client("http://testserver", transport=InProcessTransport(app)) as client:
        client.headers["X-Auth-Token"] = World.default().default_token
        yield client


def _schedule(api: httpx.Client, schema_id: str | None = None) -> str:
    body = dict(World.default().example_request())
    if schema_id is not None:
        body["atmWorkflowSchemaId"] = schema_id
        body.pop("storeInitialContentOverlay", None)
    response = api.post(SCHEDULE_URL, json=body)
    assert response.status_code == 201, response.text
    execution_id: str = response.json()["atmWorkflowExecutionId"]
    return execution_id


def _status(api: httpx.Client, execution_id: str) -> str:
    status: str = api.get(f"{SCHEDULE_URL}/{execution_id}").json()["status"]
    return status


def test_waiting_executions_stop_at_once_when_stops_take_no_time(api: httpx.Client) -> None:
    execution_id = _schedule(api)
    assert _status(api, execution_id) == "scheduled"
    assert api.post(f"{SCHEDULE_URL}/{execution_id}/pause").status_code == 204
    assert _status(api, execution_id) == "paused"
    assert api.post(f"{SCHEDULE_URL}/{execution_id}/resume").status_code == 204
    assert _status(api, execution_id) == "resuming"
    assert api.post(f"{SCHEDULE_URL}/{execution_id}/cancel").status_code == 204
    assert _status(api, execution_id) == "cancelled"
    assert api.delete(f"{SCHEDULE_URL}/{execution_id}").status_code == 204


def test_a_revision_of_its_own_pace_fails_at_once_then_retries(api: httpx.Client) -> None:
    execution_id = _schedule(api, FAILING_SCHEMA)
    assert _status(api, execution_id) == "failed"
    retry = api.post(
        f"{SCHEDULE_URL}/{execution_id}/retry", json={"laneIndex": 1, "laneRunNumber": 1}
    )
    assert retry.status_code == 204
    # The repeat is a run of the same revision: it goes at that revision's pace too.
    assert _status(api, execution_id) == "finished"


def test_the_mocks_phase_seconds_overrides_the_world_and_the_revisions() -> None:
    app = MockApp(_backend_with_override(_world()))
    with checked_client("http://testserver", transport=InProcessTransport(app)) as api:
        api.headers["X-Auth-Token"] = World.default().default_token
        execution_id = _schedule(api)
        assert api.post(f"{SCHEDULE_URL}/{execution_id}/pause").status_code == 204
        # The override's 1e6 s applies to the stop as well: still stopping.
        assert _status(api, execution_id) == "stopping"
        failing = _schedule(api, FAILING_SCHEMA)
        assert _status(api, failing) == "scheduled"


def _backend_with_override(world: World) -> Any:
    from oneprovider_mock import Backend

    return Backend(world, phase_seconds=1e6)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"stopSeconds": -1}, "world.stopSeconds: expected a number from 0"),
        ({"stopSeconds": "soon"}, "world.stopSeconds: expected a number from 0"),
    ],
)
def test_bad_step_lengths_in_a_world_file_name_the_field(
    change: dict[str, Any], problem: str
) -> None:
    with pytest.raises(WorldError, match=problem):
        World.from_dict({"extends": "default", **change}, name="world")
