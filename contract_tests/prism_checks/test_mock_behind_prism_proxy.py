"""Traffic to the mock through ``prism proxy --errors`` produces no violation.

Prism checks every request it forwards and every answer the mock gives against the
spec; with ``--errors`` a violation on either side turns the answer into a Prism error
(``application/problem+json``), and it is listed in the ``sl-violations`` header. The
requests are schema-valid ones (the seed's and generated ones, often with the world's
ids so that they reach 201, 403, 404 and the store checks), followed by reads of the
executions they created and of ones that do not exist; and a life cycle through every
operation of the tag, state errors and the audit-log dump included.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from oneprovider_mock import MockProvider, World
from schemathesis import GenerationMode

from contract_tests.prism import run_prism, violations
from contract_tests.spec_strategies import schedule_bodies
from contract_tests.target import (
    DEFAULT_STORE_INITIAL_CONTENT,
    EMBEDDED_WORLD,
    FAILING_WORKFLOW_SCHEMA_ID,
    Target,
)
from contract_tests.target import paced as paced_world
from contract_tests.world_ids import mixed_bodies
from tests.openapi_support import request_schema, response_errors

SCHEDULE = "/automation/execution/workflows"
DETAILS = "/automation/execution/workflows/{wid}"


class Proxied:
    """The mock behind Prism's proxy, and an HTTP client that talks to the proxy."""

    def __init__(self, proxy_url: str, world: World, token: str) -> None:
        self.url = proxy_url
        self.world = world
        self.token = token
        self.http = httpx.Client(timeout=30)

    def send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"X-Auth-Token": self.token, **kwargs.pop("headers", {})}
        response = self.http.request(method, self.url + path, headers=headers, **kwargs)
        assert "problem+json" not in response.headers.get("content-type", ""), response.text
        assert violations(response.headers) == [], response.headers["sl-violations"]
        return response


def _behind_prism(world: World, folder: Path) -> Iterator[Proxied]:
    """The mock serving ``world``, behind ``prism proxy --errors``, until the test ends."""
    with (
        MockProvider(world) as mock,
        run_prism("proxy", folder, upstream=mock.url, errors=True) as proxy_url,
    ):
        client = Proxied(proxy_url, mock.world, mock.token)
        yield client
        client.http.close()


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    yield from _behind_prism(World.default(), tmp_path_factory.mktemp("prism-proxy"))


def _target(world: World, token: str) -> Target:
    return Target(
        name="behind prism proxy",
        api_url="",
        token=token,
        space_id=world.defaults.space_id,
        workflow_schema_id=world.defaults.atm_workflow_schema_id,
        revision=world.defaults.revision_number,
        store_initial_content=DEFAULT_STORE_INITIAL_CONTENT,
    )


def _schedule_and_read(proxied: Proxied, body: Any) -> int:
    created = proxied.send(
        "POST",
        SCHEDULE,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    problems = response_errors(
        "post", SCHEDULE, created.status_code, created.headers, created.json()
    )
    assert problems == [], problems
    if created.status_code == 201:
        execution_id = created.json()["atmWorkflowExecutionId"]
        details = proxied.send("GET", f"{SCHEDULE}/{execution_id}")
        assert details.status_code == 200
        assert response_errors("get", DETAILS, 200, details.headers, details.json()) == []
    return created.status_code


def test_the_seed_request_and_its_execution_pass_prism(proxied: Proxied) -> None:
    body = {
        "spaceId": proxied.world.defaults.space_id,
        "atmWorkflowSchemaId": proxied.world.defaults.atm_workflow_schema_id,
        "atmWorkflowSchemaRevisionNumber": proxied.world.defaults.revision_number,
        "storeInitialContentOverlay": DEFAULT_STORE_INITIAL_CONTENT,
        "logLevel": "debug",
        "callback": "http://127.0.0.1:9/execution-callback",
    }
    assert _schedule_and_read(proxied, body) == 201
    missing = proxied.send("GET", f"{SCHEDULE}/no-such-execution")
    assert missing.status_code == 404


@settings(
    max_examples=60,
    # Bounded in count, never in time: tests do not time things (Prism warms up slowly).
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_generated_traffic_passes_prism(proxied: Proxied, data: st.DataObject) -> None:
    body = data.draw(schedule_bodies(GenerationMode.POSITIVE), label="generated")
    if isinstance(body, dict) and data.draw(st.booleans(), label="with the world's ids"):
        body = data.draw(mixed_bodies(_target(proxied.world, proxied.token), body))
    # Prism, like JSON Schema, reads patterns as ECMA 262 does; so does this oracle.
    assume(request_schema().is_valid(body))
    status = _schedule_and_read(proxied, body)
    assert status in {201, 400, 403, 404}


@pytest.fixture(scope="module")
def paced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    """The world of the contract suite (executions in every status) behind Prism's proxy."""
    world = paced_world(World.named(EMBEDDED_WORLD))
    yield from _behind_prism(world, tmp_path_factory.mktemp("prism-proxy-tag"))


def _json(proxied: Proxied, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
    response = proxied.send(method, path, **kwargs)
    return response.status_code, (response.json() if response.content else None)


def _schedule(proxied: Proxied, schema_id: str) -> str:
    body = {
        "spaceId": proxied.world.defaults.space_id,
        "atmWorkflowSchemaId": schema_id,
        "atmWorkflowSchemaRevisionNumber": 3,
    }
    status, created = _json(
        proxied,
        "POST",
        SCHEDULE,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 201
    execution_id: str = created["atmWorkflowExecutionId"]
    return execution_id


def test_every_operation_of_the_tag_passes_prism(paced: Proxied) -> None:
    listing = f"/spaces/{paced.world.defaults.space_id}/automation/execution/workflows"
    lane_run: dict[str, Any] = {
        "content": b'{"laneIndex": 1, "laneRunNumber": 1}',
        "headers": {"Content-Type": "application/json"},
    }
    # Schema-valid requests only: Prism answers an invalid one itself (422).
    # One that waits until acted on, and stops at once.
    waits = f"{SCHEDULE}/{_schedule(paced, paced.world.defaults.atm_workflow_schema_id)}"
    # One whose first lane fails at once.
    fails = f"{SCHEDULE}/{_schedule(paced, FAILING_WORKFLOW_SCHEMA_ID)}"
    steps: list[tuple[str, str, dict[str, Any], int]] = [
        ("POST", f"{waits}/pause", {}, 204),
        ("POST", f"{waits}/pause", {}, 400),  # atmInvalidStatusTransition
        ("POST", f"{waits}/resume", {}, 204),
        ("DELETE", waits, {}, 400),  # atmWorkflowExecutionNotStopped
        ("POST", f"{waits}/cancel", {}, 204),
        ("POST", f"{waits}/cancel", {}, 400),  # atmWorkflowExecutionEnded
        ("POST", f"{waits}/rerun", lane_run, 204),
        ("POST", f"{waits}/retry", lane_run, 400),  # atmWorkflowExecutionNotEnded
        ("POST", f"{waits}/cancel", {}, 204),
        ("GET", fails, {}, 200),
        ("POST", f"{fails}/force_continue", {}, 204),
        ("POST", f"{fails}/force_continue", {}, 400),  # finished: not resumable
        ("POST", f"{fails}/retry", lane_run, 204),
        ("GET", listing, {"params": {"phase": "ended", "limit": 2}}, 200),
        ("DELETE", waits, {}, 204),
        ("DELETE", waits, {}, 404),
        ("DELETE", fails, {}, 204),
    ]
    for method, path, kwargs, expected in steps:
        status, _ = _json(paced, method, path, **kwargs)
        assert (method, path, status) == (method, path, expected)


def test_an_audit_log_dump_and_a_list_page_pass_prism(paced: Proxied) -> None:
    space = paced.world.defaults.space_id
    first = paced.send(
        "GET", f"/spaces/{space}/automation/execution/workflows", params={"limit": 1}
    )
    assert first.status_code == 200
    token = first.json()["nextPageToken"]
    assert token is not None
    following = paced.send(
        "GET", f"/spaces/{space}/automation/execution/workflows", params={"token": token}
    )
    assert following.status_code == 200
    wid = next(iter(paced.world.executions))
    details = paced.send("GET", f"{SCHEDULE}/{wid}").json()
    dump = paced.send(
        "GET",
        f"/automation/execution/stores/{details['systemAuditLogStoreId']}/dump",
        headers={"Accept": "application/octet-stream"},
    )
    assert dump.status_code == 200
    assert dump.json()[0]["content"]["description"] == "Scheduled execution."
