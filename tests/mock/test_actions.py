"""Each action on an execution in each status: the answer, then the status it ends in.

op-worker ``atm_workflow_execution_status.erl`` and ``lane/atm_lane_execution_status.erl``
(``handle_stopping/3``, ``handle_manual_repeat``), ``atm_lane_execution_stop_handler.erl``
(``init_stop``: an already stopping execution is no error), and the facts of
``atm_workflow_execution_pause_tests.erl``. The world ``executions-in-every-state``
holds one execution per status; with ``phase_seconds=0`` each automatic step
after an action happens at once, so the status after it is final.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from oneprovider_mock import MockApp, World

from tests.mock.helpers import SCHEDULE_URL, InProcessTransport, checked_client, token

WORLD = World.named("executions-in-every-state")
ALICE = token("alice", WORLD)

#: The executions of the world by name: the two hex digits of their ids.
IDS = {
    "scheduled": "01",
    "resuming": "02",
    "active": "03",
    "stopping-cancel": "04",
    "stopping-finishing": "05",
    "paused": "06",
    "interrupted": "07",
    "finished": "08",
    "failed-lane-1": "09",
    "failed-by-failure": "0a",
    "cancelled": "0b",
    "crashed": "0c",
}


def wid(name: str) -> str:
    return IDS[name] + "e" * 30 + "ch0000"


@pytest.fixture
def api(make_app: Callable[..., MockApp]) -> Iterator[httpx.Client]:
    app = make_app(WORLD, phase_seconds=0)
    with checked_client("http://testserver", transport=InProcessTransport(app)) as client:
        yield client


def act(api: httpx.Client, name: str, action: str, **body: Any) -> httpx.Response:
    kwargs: dict[str, Any] = {"json": body} if body else {}
    return api.post(
        f"{SCHEDULE_URL}/{wid(name)}/{action}", headers={"X-Auth-Token": ALICE}, **kwargs
    )


def details(api: httpx.Client, name: str) -> dict[str, Any]:
    response = api.get(f"{SCHEDULE_URL}/{wid(name)}", headers={"X-Auth-Token": ALICE})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


ENDED = "atmWorkflowExecutionEnded"
NOT_RESUMABLE = "atmWorkflowExecutionNotResumable"
NOT_ENDED = "atmWorkflowExecutionNotEnded"
INVALID = "atmInvalidStatusTransition"
RUNNING = ["scheduled", "resuming", "active", "stopping-cancel", "stopping-finishing"]
SUSPENDED = ["paused", "interrupted"]
OVER = ["finished", "failed-lane-1", "failed-by-failure", "cancelled", "crashed"]

# (action, execution, expected answer: a status it ends in after 204, or an error id)
ROWS: list[tuple[str, str, str]] = [
    *(("cancel", name, "cancelled") for name in ["scheduled", "resuming", "active"]),
    ("cancel", "stopping-cancel", "cancelled"),
    ("cancel", "stopping-finishing", INVALID),
    *(("cancel", name, "cancelled") for name in SUSPENDED),
    *(("cancel", name, ENDED) for name in OVER),
    *(("pause", name, "paused") for name in ["scheduled", "resuming", "active"]),
    # A pause of an execution stopping to cancel is ignored: it is cancelled.
    ("pause", "stopping-cancel", "cancelled"),
    ("pause", "stopping-finishing", INVALID),
    *(("pause", name, INVALID) for name in SUSPENDED),
    *(("pause", name, ENDED) for name in OVER),
    *(("resume", name, NOT_RESUMABLE) for name in RUNNING + OVER),
    *(("resume", name, "finished") for name in SUSPENDED),
    *(
        ("force_continue", name, NOT_RESUMABLE)
        for name in RUNNING + SUSPENDED + OVER
        if name != "failed-lane-1"
    ),
    ("force_continue", "failed-lane-1", "finished"),
    *(("rerun", name, NOT_ENDED) for name in RUNNING + SUSPENDED),
    *(
        ("rerun", name, "finished")
        for name in ["finished", "failed-lane-1", "failed-by-failure", "cancelled"]
    ),
    ("rerun", "crashed", "atmLaneExecutionRerunFailed"),
    *(("retry", name, NOT_ENDED) for name in RUNNING + SUSPENDED),
    ("retry", "failed-lane-1", "finished"),
    *(
        ("retry", name, "atmLaneExecutionRetryFailed")
        for name in ["finished", "failed-by-failure", "cancelled", "crashed"]
    ),
]


@pytest.mark.parametrize(("action", "name", "expected"), ROWS)
def test_each_action_in_each_status(
    api: httpx.Client, action: str, name: str, expected: str
) -> None:
    before = details(api, name)
    body = {"laneIndex": 1, "laneRunNumber": 1} if action in ("rerun", "retry") else {}
    response = act(api, name, action, **body)
    after = details(api, name)
    if expected in ("cancelled", "paused", "finished"):
        assert response.status_code == 204, response.text
        assert response.content == b""
        assert after["status"] == expected
    else:
        assert response.status_code == 400, response.text
        assert response.json()["error"]["id"] == expected
        assert after["status"] == before["status"]


def test_invalid_transitions_name_the_status_they_come_from(api: httpx.Client) -> None:
    for name, action, previous in [
        ("paused", "pause", "paused"),
        ("interrupted", "pause", "interrupted"),
        ("stopping-finishing", "pause", "finished"),
        ("stopping-finishing", "cancel", "finished"),
    ]:
        error = act(api, name, action).json()["error"]
        assert error["details"] == {"prevStatus": previous, "newStatus": "stopping"}
        assert error["description"] == f'Invalid status transition from "{previous}" to "stopping".'


def test_no_answer_is_ever_stopping_or_stopped(api: httpx.Client) -> None:
    seen = set()
    for action, name, _ in ROWS:
        body = {"laneIndex": 1, "laneRunNumber": 1} if action in ("rerun", "retry") else {}
        response = act(api, name, action, **body)
        if response.status_code != 204:
            seen.add(response.json()["error"]["id"])
    assert not seen & {"atmWorkflowExecutionStopping", "atmWorkflowExecutionStopped"}


def test_cancel_of_a_suspended_execution_sets_start_and_finish_time(api: httpx.Client) -> None:
    before = details(api, "paused")
    assert act(api, "paused", "cancel").status_code == 204
    after = details(api, "paused")
    assert after["startTime"] > before["startTime"]
    assert after["finishTime"] >= after["startTime"]
    assert after["suspendTime"] == before["suspendTime"]  # old times are never reset
    assert after["lanes"][0]["runs"][0]["status"] == "cancelled"


def test_resume_sets_schedule_time_and_keeps_the_run(api: httpx.Client) -> None:
    before = details(api, "paused")
    assert act(api, "paused", "resume").status_code == 204
    after = details(api, "paused")
    assert after["scheduleTime"] > before["scheduleTime"]
    assert after["suspendTime"] == before["suspendTime"]
    assert [[run["runNumber"] for run in lane["runs"]] for lane in after["lanes"]] == [[1], [1]]


def test_force_continue_runs_the_next_lane_with_the_same_run_number(api: httpx.Client) -> None:
    assert act(api, "failed-lane-1", "force_continue").status_code == 204
    lanes = details(api, "failed-lane-1")["lanes"]
    assert [[(r["runNumber"], r["status"]) for r in lane["runs"]] for lane in lanes] == [
        [(1, "failed")],
        [(1, "finished")],
    ]


@pytest.mark.parametrize(("action", "iterated"), [("rerun", "iteratedStoreId"), ("retry", None)])
def test_a_repeat_adds_a_run_newest_first_and_later_lanes_run_again(
    api: httpx.Client, action: str, iterated: str | None
) -> None:
    origin = details(api, "failed-lane-1")["lanes"][0]["runs"][0]
    assert origin["isRetriable"]
    assert origin["isRerunable"]
    assert act(api, "failed-lane-1", action, laneIndex=1, laneRunNumber=1).status_code == 204
    lanes = details(api, "failed-lane-1")["lanes"]
    newest, old = lanes[0]["runs"]
    assert (newest["runNumber"], newest["originRunNumber"], newest["runType"]) == (2, 1, action)
    assert (old["runNumber"], old["status"]) == (1, "failed")
    expected = origin["iteratedStoreId"] if iterated else origin["exceptionStoreId"]
    assert newest["iteratedStoreId"] == expected
    assert [(r["runNumber"], r["runType"]) for r in lanes[1]["runs"]] == [(2, "regular")]
    # A second rerun takes the next number of the one workflow-wide counter.
    assert act(api, "failed-lane-1", "rerun", laneIndex=2, laneRunNumber=2).status_code == 204
    lanes = details(api, "failed-lane-1")["lanes"]
    assert [r["runNumber"] for r in lanes[1]["runs"]] == [3, 2]


def test_a_repeat_of_a_run_that_does_not_exist_is_404(api: httpx.Client) -> None:
    for lane, run in [(3, 1), (1, 2), (2, 1)]:
        response = act(api, "failed-lane-1", "rerun", laneIndex=lane, laneRunNumber=run)
        assert response.status_code == 404, (lane, run)
        assert response.json()["error"]["id"] == "notFound"
    # Not ended comes before the lookup.
    response = act(api, "paused", "rerun", laneIndex=9, laneRunNumber=9)
    assert response.json()["error"]["id"] == NOT_ENDED


@pytest.mark.parametrize(
    ("body", "error", "details"),
    [
        ({}, "missingRequiredValue", {"key": "laneIndex"}),
        ({"laneIndex": 1}, "missingRequiredValue", {"key": "laneRunNumber"}),
        ({"laneIndex": "x", "laneRunNumber": 1}, "badValueInteger", {"key": "laneIndex"}),
        ({"laneIndex": 1.5, "laneRunNumber": 1}, "badValueInteger", {"key": "laneIndex"}),
        ({"laneIndex": True, "laneRunNumber": 1}, "badValueInteger", {"key": "laneIndex"}),
        ({"laneIndex": 0, "laneRunNumber": 1}, "badValueTooLow", {"key": "laneIndex", "limit": 1}),
        (
            {"laneIndex": 1, "laneRunNumber": -3},
            "badValueTooLow",
            {"key": "laneRunNumber", "limit": 1},
        ),
    ],
)
def test_rerun_and_retry_bodies_are_sanitized_first(
    api: httpx.Client, body: dict[str, Any], error: str, details: dict[str, Any]
) -> None:
    for action in ("rerun", "retry"):
        # Even for a guest and an unknown execution: sanitizing comes first.
        response = api.post(f"{SCHEDULE_URL}/nope/{action}", json=body)
        assert response.status_code == 400
        assert (response.json()["error"]["id"], response.json()["error"]["details"]) == (
            error,
            details,
        )


def test_repeat_bodies_numeric_strings_query_and_content_type(api: httpx.Client) -> None:
    url = f"{SCHEDULE_URL}/{wid('failed-lane-1')}/retry"
    headers = {"X-Auth-Token": ALICE}
    # An empty body is {}.
    response = api.post(url, headers=headers)
    assert response.json()["error"]["details"] == {"key": "laneIndex"}
    # The query string is merged over the body.
    response = api.post(url + "?laneIndex=1", json={"laneIndex": 7}, headers=headers)
    assert response.json()["error"]["details"] == {"key": "laneRunNumber"}
    # Anything but exactly application/json is 415.
    response = api.post(
        url,
        content=b'{"laneIndex": 1, "laneRunNumber": 1}',
        headers=headers | {"Content-Type": "text/plain"},
    )
    assert response.status_code == 415
    response = api.post(url, json={"laneIndex": "1", "laneRunNumber": "+1"}, headers=headers)
    assert response.status_code == 204, response.text


@pytest.mark.parametrize("action", ["cancel", "pause", "resume", "force_continue"])
def test_actions_without_a_body_take_any_body_and_content_type(
    api: httpx.Client, action: str
) -> None:
    response = api.post(
        f"{SCHEDULE_URL}/{wid('paused')}/{action}",
        content=b"not json at all",
        headers={"X-Auth-Token": ALICE, "Content-Type": "text/plain; charset=latin-1"},
    )
    assert response.status_code in (204, 400), response.text
    if response.status_code == 400:
        assert response.json()["error"]["id"] in (INVALID, NOT_RESUMABLE)


def test_delete_of_each_status(api: httpx.Client) -> None:
    for name in IDS:
        response = api.delete(f"{SCHEDULE_URL}/{wid(name)}", headers={"X-Auth-Token": ALICE})
        if name in SUSPENDED + OVER:
            assert response.status_code == 204, name
            assert response.content == b""
            again = api.delete(f"{SCHEDULE_URL}/{wid(name)}", headers={"X-Auth-Token": ALICE})
            assert again.status_code == 404
            gone = api.get(f"{SCHEDULE_URL}/{wid(name)}", headers={"X-Auth-Token": ALICE})
            assert gone.status_code == 404
        else:
            assert response.status_code == 400, name
            assert response.json()["error"]["id"] == "atmWorkflowExecutionNotStopped"


def test_a_pause_with_time_to_take_goes_through_stopping(
    make_app: Callable[..., MockApp],
) -> None:
    app = make_app(WORLD, phase_seconds=3600)
    with checked_client("http://testserver", transport=InProcessTransport(app)) as api:
        assert act(api, "active", "pause").status_code == 204
        assert details(api, "active")["status"] == "stopping"
        # A cancel overrides the pause; another pause is ignored. Both 204.
        assert act(api, "active", "cancel").status_code == 204
        assert act(api, "active", "pause").status_code == 204
        app.backend.set_execution_phase_seconds(wid("active"), 0)
        assert details(api, "active")["status"] == "cancelled"
