"""A schedule request from the seed to the callback, through the threaded server."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from oneprovider_mock import CallbackDelivery, MockApp, World
from oneprovider_mock.pytest_plugin import MockProviderFactory
from oneprovider_mock.world._executions import LaneRun, Outcome, ParallelBoxRun, WorkflowExecution

from tests import openapi_support, seed
from tests.mock.helpers import (
    SCHEDULE_URL,
    InProcessTransport,
    checked_client,
    details_path,
    receiver,
    schema_id,
)

SEED_CALLBACK = "https://my-server.example.com/execution-callback"
ORDER = ["scheduled", "active", "stopping"]


def wait_until_stopped(
    client: httpx.Client, location: str, headers: dict[str, str], timeout: float = 20.0
) -> list[dict[str, Any]]:
    """GET ``location`` until the execution stops; returns every details answer seen."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(location, headers=headers)
        assert response.status_code == 200, response.text
        seen.append(response.json())
        if seen[-1]["status"] not in ORDER:
            return seen
        time.sleep(0.01)
    raise AssertionError(f"still {seen[-1]['status']} after {timeout} s")


def assert_in_order(seen: list[dict[str, Any]], final: str) -> None:
    statuses = [details["status"] for details in seen]
    ranks = [ORDER.index(s) if s in ORDER else len(ORDER) for s in statuses]
    assert ranks == sorted(ranks), statuses
    assert statuses[-1] == final


def test_the_seed_request_verbatim_runs_to_its_callback(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=0.1)
    headers = {"X-Auth-Token": provider.token, "Content-Type": "application/json"}
    with checked_client(provider.url) as client, receiver() as rx:
        # The page's curl body, byte for byte, with the default world's ids.
        response = client.post(
            SCHEDULE_URL, content=seed.curl_body_text().encode(), headers=headers
        )
        assert response.status_code == 201, response.text
        wid = response.json()["atmWorkflowExecutionId"]
        provider_ = provider.world.provider
        assert response.headers["Location"] == (
            f"https://{provider_.domain}:{provider_.https_port}"
            f"/api/v3/oneproviderautomation/execution/workflows/{wid}"
        )
        seen = wait_until_stopped(client, details_path(response), headers)
        assert {details["atmWorkflowExecutionId"] for details in seen} == {wid}
        assert_in_order(seen, "finished")
        # The seed's receiver is not on this machine: recorded, never contacted.
        refused = provider.wait_for_callback(wid)
        assert (refused.outcome, refused.url, refused.attempts) == ("refused", SEED_CALLBACK, [])
        assert "my-server.example.com" in (refused.reason or "")

        # The same request with the callback on a loopback receiver.
        body = seed.curl_body_text().replace(SEED_CALLBACK, rx.url)
        response = client.post(SCHEDULE_URL, content=body.encode(), headers=headers)
        assert response.status_code == 201, response.text
        wid = response.json()["atmWorkflowExecutionId"]
        delivered = provider.wait_for_callback(wid)
        assert delivered.outcome == "delivered"
        assert len(delivered.attempts) == 1
        assert rx.received == [{"atmWorkflowExecutionId": wid, "status": "finished"}]
        # The callback comes when the execution has stopped, so GET agrees.
        details = client.get(details_path(response), headers=headers).json()
        assert details["status"] == "finished"
        assert details["finishTime"] >= details["startTime"] >= details["scheduleTime"] > 0


@pytest.mark.parametrize(
    "auth",
    [
        lambda token: {"Authorization": f"Bearer {token}"},
        lambda token: {"macaroon": token},
        lambda token: {"X-Auth-Token": token, "Authorization": "Bearer not-this-one"},
    ],
    ids=["bearer", "macaroon", "x-auth-token first"],
)
def test_every_token_header_a_provider_reads(
    api: httpx.Client, auth: Callable[[str], dict[str, str]]
) -> None:
    headers = auth(World.default().default_token)
    response = api.post(SCHEDULE_URL, json=seed.request_body(), headers=headers)
    assert response.status_code == 201, response.text
    details = api.get(details_path(response), headers=headers)
    assert details.status_code == 200


def test_a_failing_schema_ends_failed_and_calls_back_failed(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(World.named("failing-schema"))
    headers = {"X-Auth-Token": provider.token}
    with checked_client(provider.url) as client, receiver() as rx:
        body = seed.request_body(schema_id=schema_id("failing workflow")) | {"callback": rx.url}
        response = client.post(SCHEDULE_URL, json=body, headers=headers)
        assert response.status_code == 201, response.text
        seen = wait_until_stopped(client, details_path(response), headers)
        assert_in_order(seen, "failed")
        lanes = seen[-1]["lanes"]
        assert [lane["runs"][0]["status"] for lane in lanes] == ["finished", "failed"]
        assert lanes[-1]["runs"][0]["isRetriable"] is True
        assert rx.wait_for(1) == [
            {
                "atmWorkflowExecutionId": response.json()["atmWorkflowExecutionId"],
                "status": "failed",
            }
        ]


FINISHES = Outcome()


def _execution(outcome: Outcome = FINISHES, lanes: int = 2) -> WorkflowExecution:
    return WorkflowExecution(
        id="e" * 38,
        atm_workflow_schema_id="s",
        revision_number=3,
        schema_snapshot_id="snap",
        name="test",
        atm_inventory_id="inv",
        space_id="space",
        user_id="user",
        log_level="info",
        callback=None,
        schedule_time=1000.0,
        phase_seconds=10.0,
        outcome=outcome,
        lambda_snapshot_registry={"lambda": "snapshot"},
        store_registry={"store": "instance"},
        system_audit_log_store_id="audit",
        lanes=[
            LaneRun(
                f"lane{i}", "instance", f"exceptions{i}", (ParallelBoxRun(f"box{i}", {"t": "x"}),)
            )
            for i in range(lanes)
        ],
    )


DETAILS = openapi_support.component("AtmWorkflowExecutionDetails")


@pytest.mark.parametrize(
    ("now", "status", "lane_runs", "times"),
    [
        (1000.0, "scheduled", [["scheduled"], []], (1000, 0, 0, 0)),
        (1009.9, "scheduled", [["scheduled"], []], (1000, 0, 0, 0)),
        (1010.0, "active", [["active"], []], (1000, 1010, 0, 0)),
        (1020.0, "active", [["finished"], ["active"]], (1000, 1010, 0, 0)),
        (1030.0, "stopping", [["finished"], ["finished"]], (1000, 1010, 0, 0)),
        (1040.0, "finished", [["finished"], ["finished"]], (1000, 1010, 0, 1040)),
        (9999.0, "finished", [["finished"], ["finished"]], (1000, 1010, 0, 1040)),
    ],
)
def test_details_over_time(
    now: float, status: str, lane_runs: list[list[str]], times: tuple[int, int, int, int]
) -> None:
    # One automatic step per phase: start, each lane run, then finishing.
    execution = _execution()
    execution.advance(now)
    details = execution.details()
    assert DETAILS.is_valid(details), list(DETAILS.iter_errors(details))
    assert details["status"] == status
    assert [[run["status"] for run in lane["runs"]] for lane in details["lanes"]] == lane_runs
    assert (
        details["scheduleTime"],
        details["startTime"],
        details["suspendTime"],
        details["finishTime"],
    ) == times


@pytest.mark.parametrize(
    ("outcome", "last_run", "retriable", "rerunable", "suspended"),
    [
        (Outcome("failed"), "failed", True, True, False),
        (Outcome("failed", stop_reason="failure"), "failed", False, True, False),
        (Outcome("crashed"), "crashed", False, False, False),
        (Outcome("cancelled"), "cancelled", False, True, False),
        (Outcome("interrupted"), "interrupted", False, False, True),
    ],
)
def test_details_of_executions_that_do_not_finish(
    outcome: Outcome, last_run: str, retriable: bool, rerunable: bool, suspended: bool
) -> None:
    execution = _execution(outcome)
    execution.advance(2000.0)
    details = execution.details()
    assert DETAILS.is_valid(details), list(DETAILS.iter_errors(details))
    assert details["status"] == outcome.status
    run = details["lanes"][-1]["runs"][0]
    assert (run["status"], run["isRetriable"], run["isRerunable"]) == (
        last_run,
        retriable,
        rerunable,
    )
    stopped_at = 1030 if outcome.status == "crashed" else 1040
    if suspended:
        assert (details["suspendTime"], details["finishTime"]) == (stopped_at, 0)
    else:
        assert (details["suspendTime"], details["finishTime"]) == (0, stopped_at)


def test_a_world_changed_in_python_is_served(make_app: Callable[..., MockApp]) -> None:
    world = World.default()
    world.workflow_schemas[seed.ATM_WORKFLOW_SCHEMA_ID].revisions[3].outcome = "crashed"
    app = make_app(world, phase_seconds=0)
    token = world.default_token
    with checked_client("http://testserver", transport=InProcessTransport(app)) as client:
        response = client.post(
            SCHEDULE_URL, json=seed.request_body(), headers={"X-Auth-Token": token}
        )
        details = client.get(details_path(response), headers={"X-Auth-Token": token}).json()
    assert details["status"] == "crashed"


def test_waiting_for_a_callback_that_never_settles_times_out(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=60)
    with checked_client(provider.url) as client, receiver() as rx:
        body = seed.request_body() | {"callback": rx.url}
        response = client.post(SCHEDULE_URL, json=body, headers={"X-Auth-Token": provider.token})
        wid = response.json()["atmWorkflowExecutionId"]
        with pytest.raises(TimeoutError):
            provider.wait_for_callback(wid, timeout=0.2)
        waiting: list[CallbackDelivery] = provider.callbacks()
        assert [(d.atm_workflow_execution_id, d.outcome) for d in waiting] == [(wid, "waiting")]
        assert rx.received == []
