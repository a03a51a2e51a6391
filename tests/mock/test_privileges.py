"""Who may act on an execution (op-worker ``atm_workflow_execution_middleware_plugin.erl``,
``authorize/2``): its creator needs ``space_schedule_atm_workflow_executions``, anyone
else ``space_manage_atm_workflow_executions``; a guest is 401 before the 404."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from oneprovider_mock import MockApp, World

from tests.mock.helpers import SCHEDULE_URL, InProcessTransport, checked_client, token

WORLD = World.named("executions-in-every-state")
ALICES_PAUSED = "06" + "e" * 30 + "ch0000"
DAVES_PAUSED = "0d" + "e" * 30 + "ch0000"
ACTIONS = ["cancel", "pause", "resume", "force_continue", "rerun", "retry"]


@pytest.fixture
def api(make_app: Callable[..., MockApp]) -> Iterator[httpx.Client]:
    app = make_app(WORLD, phase_seconds=3600)
    with checked_client("http://testserver", transport=InProcessTransport(app)) as client:
        yield client


def call(api: httpx.Client, action: str, execution_id: str, user: str | None) -> httpx.Response:
    headers = {} if user is None else {"X-Auth-Token": token(user, WORLD)}
    url = f"{SCHEDULE_URL}/{execution_id}"
    if action == "delete":
        return api.delete(url, headers=headers)
    body = {"laneIndex": 1, "laneRunNumber": 1} if action in ("rerun", "retry") else None
    return api.post(f"{url}/{action}", json=body, headers=headers)


@pytest.mark.parametrize("action", [*ACTIONS, "delete"])
@pytest.mark.parametrize(
    ("user", "execution_id", "allowed"),
    [
        ("alice", ALICES_PAUSED, True),  # creator with schedule (and manage)
        ("carol", ALICES_PAUSED, False),  # schedule + view, no manage: not hers
        ("bob", ALICES_PAUSED, False),  # view only
        ("dave", DAVES_PAUSED, True),  # creator with schedule only
        ("alice", DAVES_PAUSED, True),  # manage
        ("carol", DAVES_PAUSED, False),
    ],
)
def test_creator_needs_schedule_others_manage(
    api: httpx.Client, action: str, user: str, execution_id: str, allowed: bool
) -> None:
    response = call(api, action, execution_id, user)
    if allowed:
        assert response.status_code != 403, response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json()["error"]["id"] == "forbidden"


@pytest.mark.parametrize("action", [*ACTIONS, "delete"])
def test_a_guest_is_401_before_the_404(api: httpx.Client, action: str) -> None:
    for execution_id in (ALICES_PAUSED, "no-such-execution"):
        response = call(api, action, execution_id, None)
        assert response.status_code == 401
        assert response.json()["error"]["id"] == "unauthorized"
    assert call(api, action, "no-such-execution", "alice").status_code == 404


def test_a_creator_with_manage_but_no_schedule_is_refused(
    make_app: Callable[..., MockApp],
) -> None:
    world = World.named("executions-in-every-state")
    space = world.spaces[world.executions[ALICES_PAUSED].space_id]
    alice = world.executions[ALICES_PAUSED].user_id
    space.privileges[alice].discard("space_schedule_atm_workflow_executions")
    app = make_app(world, phase_seconds=0)
    with checked_client("http://testserver", transport=InProcessTransport(app)) as api:
        assert call(api, "cancel", ALICES_PAUSED, "alice").status_code == 403
        # The privilege comes before the state: an ended execution is 403 too.
        assert call(api, "delete", ALICES_PAUSED, "alice").status_code == 403


def test_403_comes_before_the_state_error(api: httpx.Client) -> None:
    ended = "08" + "e" * 30 + "ch0000"
    assert call(api, "cancel", ended, "carol").status_code == 403
    assert call(api, "cancel", ended, "alice").json()["error"]["id"] == (
        "atmWorkflowExecutionEnded"
    )
