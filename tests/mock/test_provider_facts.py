"""What a provider answers that a client can trip on: null, Location, 25.x arguments, users.

Facts of ``shared/ONEDATA_API.md`` sections 2, 3 and 7, each test naming the
server file behind it. Every answer is also checked against the spec by the
``api`` fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from oneprovider_mock import MockApp, User, World

from tests import seed
from tests.mock.helpers import (
    SCHEDULE_URL,
    InProcessTransport,
    checked_client,
    space_id,
    token,
    user_id,
)

ALICE = {"X-Auth-Token": token("alice")}
REVISION = "atmWorkflowSchemaRevisionNumber"


def body(**changes: Any) -> dict[str, Any]:
    return seed.request_body() | changes


# --- section 2: null is absent (cluster-worker middleware_sanitizer.erl) -------------------


@pytest.mark.parametrize("field", ["spaceId", "atmWorkflowSchemaId", REVISION])
def test_null_in_a_required_field_is_missing(api: httpx.Client, field: str) -> None:
    response = api.post(SCHEDULE_URL, json=body(**{field: None}), headers=ALICE)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["id"], error["details"]) == ("missingRequiredValue", {"key": field})


@pytest.mark.parametrize("field", ["callback", "logLevel", "storeInitialContentOverlay"])
def test_null_in_an_optional_field_is_as_if_not_sent(
    api: httpx.Client, app: MockApp, field: str
) -> None:
    response = api.post(SCHEDULE_URL, json=body(**{field: None}), headers=ALICE)
    assert response.status_code == 201, response.text
    execution = app.backend.world.executions[response.json()["atmWorkflowExecutionId"]]
    if field == "callback":
        assert execution.callback is None
    if field == "logLevel":
        assert execution.log_level == "info"


def test_json_booleans_are_strings_in_string_fields(api: httpx.Client) -> None:
    # A space id "true" is no space of the world: 403, not a type error.
    response = api.post(SCHEDULE_URL, json=body(spaceId=True), headers=ALICE)
    assert response.status_code == 403


# --- section 3: the Location header (op-worker oneprovider:build_rest_url/1) --------------


def test_location_is_built_from_the_providers_domain_with_the_missing_slash(
    api: httpx.Client, app: MockApp
) -> None:
    provider = app.backend.world.provider
    headers = ALICE | {"Host": "elsewhere.example.org:8443"}
    response = api.post(SCHEDULE_URL, json=body(), headers=headers)
    wid = response.json()["atmWorkflowExecutionId"]
    assert response.headers["Location"] == (
        f"https://{provider.domain}:{provider.https_port}"
        f"/api/v3/oneproviderautomation/execution/workflows/{wid}"
    )


def test_location_port_comes_from_the_world(make_app: Callable[..., MockApp]) -> None:
    world = World.default()
    world.provider.domain = "krakow.example.org"
    world.provider.https_port = 9443
    response = _client(make_app(world)).post(SCHEDULE_URL, json=body(), headers=ALICE)
    wid = response.json()["atmWorkflowExecutionId"]
    assert response.headers["Location"] == (
        f"https://krakow.example.org:9443/api/v3/oneproviderautomation/execution/workflows/{wid}"
    )


# --- section 7: 25.x renders every declared argument (ctool errors.erl) --------------------


def test_unauthorized_without_a_token_renders_auth_error_null(api: httpx.Client) -> None:
    response = api.post(SCHEDULE_URL, json=body(), headers={})
    error = response.json()["error"]
    assert (response.status_code, error["id"]) == (401, "unauthorized")
    assert error["details"] == {"authError": None}


def test_bad_data_without_a_hint_renders_hint_null(api: httpx.Client) -> None:
    response = api.post(SCHEDULE_URL, json=body(callback="HTTP://host/"), headers=ALICE)
    error = response.json()["error"]
    assert (response.status_code, error["id"]) == (400, "badData")
    assert error["details"] == {"key": "callback", "hint": None}


def test_a_valid_token_of_a_user_in_no_supported_space_is_user_not_supported(
    make_app: Callable[..., MockApp],
) -> None:
    # op-worker user_identity / auth_manager: a user with no space supported here.
    world = World.default()
    far = space_id("far-space")
    eve_id = "0e3ac2f5b2a3c0c1d2e3f4a5b6c7d8e9che111"
    world.users[eve_id] = User(id=eve_id, name="eve", tokens=["MDAxeve-token-far-only"])
    world.spaces[far].privileges[eve_id] = {"space_view_atm_workflow_executions"}
    client = _client(make_app(world))
    response = client.post(
        SCHEDULE_URL, json=body(), headers={"X-Auth-Token": "MDAxeve-token-far-only"}
    )
    error = response.json()["error"]
    assert (response.status_code, error["id"]) == (401, "unauthorized")
    assert error["details"]["authError"]["id"] == "userNotSupported"


def test_a_space_owner_holds_every_privilege(make_app: Callable[..., MockApp]) -> None:
    # op-worker space_logic: an owner has every privilege, listed or not.
    world = World.default()
    dave = user_id("dave")
    space = world.spaces[seed.SPACE_ID]
    space.privileges[dave] = set()
    space.owners.add(dave)
    client = _client(make_app(world))
    headers = {"X-Auth-Token": token("dave")}
    response = client.post(SCHEDULE_URL, json=body(), headers=headers)
    assert response.status_code == 201, response.text
    wid = response.json()["atmWorkflowExecutionId"]
    assert client.get(f"{SCHEDULE_URL}/{wid}", headers=headers).status_code == 200


def _client(app: MockApp) -> httpx.Client:
    return checked_client("http://testserver", transport=InProcessTransport(app))


# --- section 3, steps 6 and 9: what this provider cannot run ---------------------------
# (op-worker atm_workflow_execution_factory.erl, atm_lambda_logic.erl,
#  atm_openfaas_monitor.erl)


def _seed_lambdas(world: World) -> list[str]:
    revision = world.workflow_schemas[seed.ATM_WORKFLOW_SCHEMA_ID].revisions[3]
    return sorted(
        {
            task.lambda_id
            for lane in revision.lanes
            for box in lane.parallel_boxes
            for task in box.tasks
        }
    )


def _schedule_in(make_app: Callable[..., MockApp], world: World) -> httpx.Response:
    return _client(make_app(world)).post(SCHEDULE_URL, json=body(), headers=ALICE)


def test_a_schema_the_provider_cannot_run_is_not_supported(
    make_app: Callable[..., MockApp],
) -> None:
    world = World.default()
    world.workflow_schemas[seed.ATM_WORKFLOW_SCHEMA_ID].compatible = False
    response = _schedule_in(make_app, world)
    error = response.json()["error"]
    assert (response.status_code, error["id"]) == (400, "notSupported")
    assert "details" not in error


def test_schema_compatibility_is_checked_before_the_revision(
    make_app: Callable[..., MockApp],
) -> None:
    world = World.default()
    world.workflow_schemas[seed.ATM_WORKFLOW_SCHEMA_ID].compatible = False
    client = _client(make_app(world))
    response = client.post(SCHEDULE_URL, json=body(**{REVISION: 99}), headers=ALICE)
    assert response.json()["error"]["id"] == "notSupported"


def test_a_lambda_the_provider_cannot_run_is_not_supported(
    make_app: Callable[..., MockApp],
) -> None:
    world = World.default()
    world.lambdas[_seed_lambdas(world)[0]].compatible = False
    response = _schedule_in(make_app, world)
    assert (response.status_code, response.json()["error"]["id"]) == (400, "notSupported")


def test_an_openfaas_lambda_without_openfaas_is_atm_openfaas_not_configured(
    make_app: Callable[..., MockApp],
) -> None:
    world = World.default()
    world.provider.openfaas = False
    response = _schedule_in(make_app, world)
    error = response.json()["error"]
    assert (response.status_code, error["id"]) == (400, "atmOpenfaasNotConfigured")
    assert "details" not in error


def test_a_missing_lambda_is_not_found(make_app: Callable[..., MockApp]) -> None:
    world = World.default()
    del world.lambdas[_seed_lambdas(world)[0]]
    response = _schedule_in(make_app, world)
    assert (response.status_code, response.json()["error"]["id"]) == (404, "notFound")


def test_a_lambda_of_an_inventory_the_user_is_not_in_is_forbidden(
    make_app: Callable[..., MockApp],
) -> None:
    world = World.default()
    world.lambdas[_seed_lambdas(world)[0]].inventory_ids = {"an-inventory-alice-is-not-in"}
    response = _schedule_in(make_app, world)
    assert (response.status_code, response.json()["error"]["id"]) == (403, "forbidden")


def test_a_missing_lambda_revision_is_not_found(make_app: Callable[..., MockApp]) -> None:
    world = World.default()
    world.lambdas[_seed_lambdas(world)[0]].revisions = {2}
    response = _schedule_in(make_app, world)
    assert (response.status_code, response.json()["error"]["id"]) == (404, "notFound")
