"""Before any handler runs: content negotiation, methods, routes, as cowboy_rest does it.

Facts of ``shared/ONEDATA_API.md`` section 1. Sources: cowboy 2.9
``src/cowboy_rest.erl`` (the order of the callbacks: ``allowed_methods``,
``is_authorized``, ``content_types_provided``, ``content_types_accepted``) and
op-worker ``src/http/rest/rest_handler.erl`` (what it answers to each).
"""

from __future__ import annotations

import httpx
import pytest
from oneprovider_mock.world._operations import ACTIONS

from tests import seed
from tests.mock.helpers import SCHEDULE_URL, token

ALICE = token("alice")
JSON = "application/json"
BODY = seed.curl_body_text().encode()


def schedule(api: httpx.Client, headers: dict[str, str], content: bytes = BODY) -> httpx.Response:
    return api.post(SCHEDULE_URL, content=content, headers=headers)


# --- 415: Content-Type of a request with a body -----------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/merge-patch+json",
        None,
    ],
)
def test_a_body_with_any_content_type_but_exactly_json_is_415(
    api: httpx.Client, content_type: str | None
) -> None:
    # rest_handler: consumes [<<"application/json">>], matched by cowboy with no parameters.
    headers = {"X-Auth-Token": ALICE}
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = schedule(api, headers)
    assert response.status_code == 415
    assert response.content == b""


@pytest.mark.parametrize("content_type", ["application/json", "Application/JSON"])
def test_json_is_accepted_in_any_letter_case(api: httpx.Client, content_type: str) -> None:
    # cow_http_hd:parse_content_type/1 lowercases the type and subtype.
    response = schedule(api, {"X-Auth-Token": ALICE, "Content-Type": content_type})
    assert response.status_code == 201, response.text


def test_a_request_without_a_body_takes_any_content_type(api: httpx.Client) -> None:
    response = schedule(api, {"X-Auth-Token": ALICE, "Content-Type": "text/plain"}, b"")
    assert response.status_code == 400
    assert response.json()["error"]["id"] == "missingRequiredValue"
    wid = schedule(api, {"X-Auth-Token": ALICE, "Content-Type": JSON}).json()[
        "atmWorkflowExecutionId"
    ]
    details = api.get(
        f"{SCHEDULE_URL}/{wid}", headers={"X-Auth-Token": ALICE, "Content-Type": "text/plain"}
    )
    assert details.status_code == 200


# --- 406: Accept --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept",
    [None, "*/*", "application/*", JSON, "text/html, application/json;q=0.5", "*/*;q=0.1"],
)
def test_an_accept_that_allows_json_is_served(api: httpx.Client, accept: str | None) -> None:
    headers = {"X-Auth-Token": ALICE, "Content-Type": JSON}
    if accept is not None:
        headers["Accept"] = accept
    response = schedule(api, headers)
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == JSON


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "text/*"])
def test_an_accept_that_excludes_json_is_406(api: httpx.Client, accept: str) -> None:
    response = schedule(api, {"X-Auth-Token": ALICE, "Content-Type": JSON, "Accept": accept})
    assert response.status_code == 406
    assert response.content == b""


# --- the order: 405, a sent token, 406, 415, the body, a missing token ---------------------


@pytest.mark.parametrize(
    ("headers", "content", "status"),
    [
        # A sent token is verified first (is_authorized)...
        ({"X-Auth-Token": "bad", "Content-Type": "text/plain"}, BODY, 401),
        ({"X-Auth-Token": "bad", "Accept": "text/html"}, BODY, 401),
        # ...then Accept (406) before Content-Type (415)...
        ({"X-Auth-Token": ALICE, "Accept": "text/html", "Content-Type": "text/plain"}, BODY, 406),
        # ...and a missing token is a guest until the middleware says 401.
        ({"Content-Type": "text/plain"}, BODY, 415),
        ({"Accept": "text/html", "Content-Type": JSON}, BODY, 406),
        ({"Content-Type": JSON}, b"[]", 400),
        ({"Content-Type": JSON}, BODY, 401),
    ],
)
def test_checks_come_in_cowboys_order(
    api: httpx.Client, headers: dict[str, str], content: bytes, status: int
) -> None:
    assert schedule(api, headers, content).status_code == status


# --- 405 and the allow header ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", SCHEDULE_URL, "POST"),
        ("DELETE", SCHEDULE_URL, "POST"),
        ("PATCH", SCHEDULE_URL + "/someid", "DELETE, GET"),
        ("POST", SCHEDULE_URL + "/someid", "DELETE, GET"),
        *(("GET", SCHEDULE_URL + f"/someid/{action}", "POST") for action in ACTIONS),
        ("DELETE", SCHEDULE_URL + "/someid/cancel", "POST"),
        ("POST", "/api/v3/oneprovider/spaces/sid/automation/execution/workflows", "GET"),
        ("DELETE", "/api/v3/oneprovider/automation/execution/stores/st/dump", "GET"),
    ],
)
def test_a_method_the_route_lacks_is_405_with_allow(
    api: httpx.Client, method: str, path: str, allow: str
) -> None:
    # allowed_methods comes before is_authorized: no token is needed to learn it.
    for headers in ({"X-Auth-Token": ALICE}, {}):
        response = api.request(method, path, headers=headers)
        assert response.status_code == 405
        assert response.headers["allow"] == allow
        assert response.content == b""
        # rest_handler:init/2 sets the CORS header before cowboy_rest decides anything.
        assert response.headers["access-control-allow-origin"] == "*"


# --- routing -------------------------------------------------------------------------------


def test_a_trailing_slash_routes_like_none(api: httpx.Client) -> None:
    response = schedule(api, {"X-Auth-Token": ALICE, "Content-Type": JSON})
    wid = response.json()["atmWorkflowExecutionId"]
    again = api.post(
        SCHEDULE_URL + "/", content=BODY, headers={"X-Auth-Token": ALICE, "Content-Type": JSON}
    )
    assert again.status_code == 201, again.text
    details = api.get(f"{SCHEDULE_URL}/{wid}/", headers={"X-Auth-Token": ALICE})
    assert details.status_code == 200
    assert details.json()["atmWorkflowExecutionId"] == wid
