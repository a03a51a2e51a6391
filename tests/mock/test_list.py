"""Listing a space's executions (op-worker ``space_atm_middleware_handler.erl``,
``atm_workflow_executions_forest.erl``, cluster-worker ``datastore_links_iter.erl``)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from oneprovider_mock import MockApp, World

from tests import seed
from tests.mock.helpers import SCHEDULE_URL, InProcessTransport, checked_client, space_id, token

WORLD = World.named("executions-in-every-state")
ALICE = token("alice", WORLD)
SPACE = space_id("seed-space", WORLD)
LIST_URL = f"/api/v3/oneprovider/spaces/{SPACE}/automation/execution/workflows"


def eid(digits: str) -> str:
    return digits + "e" * 30 + "ch0000"


@pytest.fixture
def app(make_app: Callable[..., MockApp]) -> MockApp:
    return make_app(WORLD, phase_seconds=3600)


@pytest.fixture
def api(app: MockApp) -> Iterator[httpx.Client]:
    with checked_client("http://testserver", transport=InProcessTransport(app)) as client:
        yield client


def page(api: httpx.Client, user_token: str | None = ALICE, **params: Any) -> httpx.Response:
    headers = {} if user_token is None else {"X-Auth-Token": user_token}
    return api.get(LIST_URL, params=params, headers=headers)


def ids(api: httpx.Client, **params: Any) -> list[str]:
    response = page(api, **params)
    assert response.status_code == 200, response.text
    result: list[str] = response.json()["atmWorkflowExecutions"]
    return result


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        # Newest first by the phase's own time (scheduleTime = 1700000000 + 10 * n).
        ("waiting", ["02", "01"]),
        (None, ["05", "04", "03"]),  # ongoing by default
        ("ongoing", ["05", "04", "03"]),
        ("suspended", ["0d", "07", "06"]),
        ("ended", ["0c", "0b", "0a", "09", "08"]),
    ],
)
def test_each_phase_newest_first(api: httpx.Client, phase: str | None, expected: list[str]) -> None:
    params = {} if phase is None else {"phase": phase}
    response = page(api, **params)
    assert response.json() == {
        "atmWorkflowExecutions": [eid(d) for d in expected],
        "nextPageToken": None,
        "isLast": True,
    }


def test_pages_with_tokens(api: httpx.Client) -> None:
    first = page(api, phase="ended", limit=2).json()
    assert first["atmWorkflowExecutions"] == [eid("0c"), eid("0b")]
    assert first["isLast"] is False
    name = str(9999999999 - (1700000000 + 10 * 11 + 2)) + eid("0b")
    assert first["nextPageToken"] == base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")
    second = page(api, phase="ended", limit=2, token=first["nextPageToken"]).json()
    assert second["atmWorkflowExecutions"] == [eid("0a"), eid("09")]
    third = page(api, phase="ended", limit=2, token=second["nextPageToken"]).json()
    assert third == {"atmWorkflowExecutions": [eid("08")], "nextPageToken": None, "isLast": True}


def test_a_full_last_page_is_followed_by_an_empty_one(api: httpx.Client) -> None:
    first = page(api, phase="waiting", limit=2).json()
    assert (len(first["atmWorkflowExecutions"]), first["isLast"]) == (2, False)
    after = page(api, phase="waiting", limit=2, token=first["nextPageToken"]).json()
    assert after == {"atmWorkflowExecutions": [], "nextPageToken": None, "isLast": True}


def test_index_and_offsets(api: httpx.Client) -> None:
    index_0a = str(9999999999 - (1700000000 + 100 + 2)) + eid("0a")
    assert ids(api, phase="ended", index=index_0a) == [eid(d) for d in ["0a", "09", "08"]]
    assert ids(api, phase="ended", index=index_0a, offset=1) == [eid("09"), eid("08")]
    assert ids(api, phase="ended", index=index_0a, offset=-1)[0] == eid("0b")
    assert ids(api, phase="ended", index=index_0a, offset=-100)[0] == eid("0c")
    # Without a start point a negative offset is 0.
    assert ids(api, phase="ended", offset=-3)[0] == eid("0c")
    assert ids(api, phase="ended", offset=4) == [eid("08")]
    # With a token, index is ignored and offset -1 starts at the token's entry.
    token_0b = page(api, phase="ended", limit=2).json()["nextPageToken"]
    assert ids(api, phase="ended", token=token_0b, index="0", offset=-1)[0] == eid("0b")
    assert ids(api, phase="ended", index="")[0] == eid("0c")


def test_tokens_are_positions_new_executions_do_not_disturb_older_ones(
    api: httpx.Client, app: MockApp
) -> None:
    first = page(api, phase="waiting", limit=1).json()
    assert first["atmWorkflowExecutions"] == [eid("02")]
    response = api.post(SCHEDULE_URL, json=seed.request_body(), headers={"X-Auth-Token": ALICE})
    assert response.status_code == 201
    new = response.json()["atmWorkflowExecutionId"]
    assert ids(api, phase="waiting")[0] == new
    rest = page(api, phase="waiting", token=first["nextPageToken"]).json()
    assert rest["atmWorkflowExecutions"] == [eid("01")]


def test_deleted_executions_never_appear(api: httpx.Client) -> None:
    assert (
        api.delete(f"{SCHEDULE_URL}/{eid('0b')}", headers={"X-Auth-Token": ALICE}).status_code
        == 204
    )
    assert eid("0b") not in ids(api, phase="ended")


@pytest.mark.parametrize(
    ("params", "error", "details"),
    [
        (
            {"phase": "Ended"},
            "badValueNotAllowed",
            {"key": "phase", "allowed": ["waiting", "ongoing", "suspended", "ended"]},
        ),
        ({"limit": "0"}, "badValueNotInRange", {"key": "limit", "low": 1, "high": 1000}),
        ({"limit": "1001"}, "badValueNotInRange", {"key": "limit", "low": 1, "high": 1000}),
        ({"limit": "ten"}, "badValueInteger", {"key": "limit"}),
        ({"offset": "1.5"}, "badValueInteger", {"key": "offset"}),
        ({"token": ""}, "badValueEmpty", {"key": "token"}),
        # limit is checked before phase (the keys in sorted order).
        (
            {"phase": "x", "limit": "0"},
            "badValueNotInRange",
            {"key": "limit", "low": 1, "high": 1000},
        ),
    ],
)
def test_bad_parameters(
    api: httpx.Client, params: dict[str, str], error: str, details: dict[str, Any]
) -> None:
    # Sanitizing comes before authentication: a guest gets the same answer.
    for user_token in (ALICE, None):
        response = page(api, user_token, **params)
        assert response.status_code == 400
        body = response.json()["error"]
        assert (body["id"], body["details"]) == (error, details)


def test_any_base64url_token_is_a_start_position_even_of_bytes_no_index_has(
    api: httpx.Client,
) -> None:
    # "_w" is the byte 0xff: above every index, so nothing comes after it; "AA" is 0x00,
    # below every index, so the page starts after the newest (a token skips the entry it
    # lands on, its page's last). A provider uses the bytes as they are.
    assert page(api, phase="ended", token="_w").json() == {
        "atmWorkflowExecutions": [],
        "nextPageToken": None,
        "isLast": True,
    }
    assert ids(api, phase="ended", token="AA") == ids(api, phase="ended")[1:]


def test_a_token_that_is_no_base64url_is_bad_data_not_a_crash(api: httpx.Client) -> None:
    response = page(api, token="!!!")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"key": "token", "hint": None}


def test_who_may_list(api: httpx.Client) -> None:
    assert page(api, None).status_code == 401
    assert page(api, token("dave", WORLD)).status_code == 403  # no view privilege
    # carol and bob hold view: inventories are not looked at.
    assert page(api, token("carol", WORLD)).status_code == 200
    assert page(api, token("bob", WORLD)).status_code == 200
    unknown = api.get(
        "/api/v3/oneprovider/spaces/nope/automation/execution/workflows",
        headers={"X-Auth-Token": ALICE},
    )
    assert unknown.status_code == 403
    far = space_id("far-space", WORLD)
    response = api.get(
        f"/api/v3/oneprovider/spaces/{far}/automation/execution/workflows",
        headers={"X-Auth-Token": ALICE},
    )
    assert response.status_code == 400
    assert response.json()["error"]["id"] == "spaceNotSupportedBy"
