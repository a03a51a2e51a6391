"""The test controls under /_mock/, and answers outside the spec's operations."""

from __future__ import annotations

import httpx
from oneprovider_mock import MockApp, World

from tests import seed
from tests.mock.helpers import SCHEDULE_URL, InProcessTransport, details_path, token, user_id

ALICE = {"X-Auth-Token": token("alice")}


def schedule(api: httpx.Client, headers: dict[str, str] = ALICE) -> httpx.Response:
    return api.post(SCHEDULE_URL, json=seed.request_body(), headers=headers)


def test_world_summary(api: httpx.Client) -> None:
    summary = api.get("/_mock/world").json()
    assert summary == {
        "name": "default",
        "description": World.default().description,
        "phaseSeconds": 0.05,
        "shippedWorlds": World.names(),
        "exampleRequest": World.default().example_request(),
        "host": "http://testserver",
        "apiUrl": "http://testserver/api/v3/oneprovider",
        "token": token("alice"),
        "spaceId": seed.SPACE_ID,
        "atmWorkflowSchemaId": seed.ATM_WORKFLOW_SCHEMA_ID,
        "atmWorkflowSchemaRevisionNumber": 3,
        "storeInitialContentOverlay": World.default().example_request()[
            "storeInitialContentOverlay"
        ],
        "stores": summary["stores"],
        "files": summary["files"],
    }


def test_store_content_built_from_the_world_summary_is_accepted(api: httpx.Client) -> None:
    # What a user of the mock has to go by: the ids of the stores and files it knows.
    info = api.get("/_mock/world").json()
    assert info["stores"] == [
        {
            "id": "de6d2e524459dd235f80aa8652a68879b5dbe9",
            "name": "input files",
            "type": "list",
            "requiresInitialContent": False,
        },
        {
            "id": "83cf895501eb11f9bc71e4b2b41a252e8561b5",
            "name": "reference file",
            "type": "singleValue",
            "requiresInitialContent": False,
        },
    ]
    assert [(file["name"], file["type"]) for file in info["files"]] == [
        ("scan-001.tif", "REG"),
        ("scan-002.tif", "REG"),
        ("inputs", "DIR"),
    ]
    store = {store["type"]: store["id"] for store in info["stores"]}
    regular = [file["fileId"] for file in info["files"] if file["type"] == "REG"]
    body = {
        "spaceId": info["spaceId"],
        "atmWorkflowSchemaId": info["atmWorkflowSchemaId"],
        "atmWorkflowSchemaRevisionNumber": info["atmWorkflowSchemaRevisionNumber"],
        "storeInitialContentOverlay": {
            store["list"]: [{"fileId": file_id} for file_id in reversed(regular)],
            store["singleValue"]: {"fileId": regular[1]},
        },
    }
    scheduled = api.post(SCHEDULE_URL, json=body, headers={"X-Auth-Token": info["token"]})
    assert scheduled.status_code == 201, scheduled.text
    # The example overlay is the one of the example request, which is accepted as it is.
    example = info["exampleRequest"]
    assert info["storeInitialContentOverlay"] == example["storeInitialContentOverlay"]
    assert api.post(SCHEDULE_URL, json=example, headers=ALICE).status_code == 201


def test_the_world_summary_of_a_space_without_files(api: httpx.Client) -> None:
    loaded = api.post("/_mock/world", json={"extends": "unsupported-space"}).json()
    assert loaded["files"] == []
    assert [store["name"] for store in loaded["stores"]] == ["input files", "reference file"]


def test_load_a_world_then_reset_to_it(api: httpx.Client, app: MockApp) -> None:
    loaded = api.post("/_mock/world", json={"extends": "no-privilege"})
    assert loaded.status_code == 200
    assert (loaded.json()["name"], loaded.json()["token"]) == ("no-privilege", token("bob"))
    assert app.backend.world.defaults.user_id == user_id("bob")
    assert schedule(api, {"X-Auth-Token": token("bob")}).status_code == 403
    assert schedule(api).status_code == 201
    assert api.post("/_mock/reset").json()["name"] == "no-privilege"
    assert app.backend.world.executions == {}


def test_a_bad_world_document_is_refused(api: httpx.Client) -> None:
    for content in (b"[1]", b"{not json", b'{"extends": "atlantis"}'):
        response = api.post("/_mock/world", content=content)
        assert response.status_code == 400
        assert response.json()["problem"].startswith("not a world document")
    assert api.get("/_mock/world").json()["name"] == "default"


def test_reset_forgets_executions(api: httpx.Client) -> None:
    location = details_path(schedule(api))
    assert api.get(location, headers=ALICE).status_code == 200
    api.post("/_mock/reset")
    assert api.get(location, headers=ALICE).status_code == 404


def test_timing(api: httpx.Client) -> None:
    assert api.put("/_mock/timing", json={"phaseSeconds": 0}).json() == {"phaseSeconds": 0.0}
    location = details_path(schedule(api))
    assert api.get(location, headers=ALICE).json()["status"] == "finished"
    assert api.put("/_mock/timing", json={"phaseSeconds": None}).json() == {"phaseSeconds": 1.0}
    for bad in ({"phaseSeconds": -1}, {"phaseSeconds": "fast"}, {}):
        assert api.put("/_mock/timing", json=bad).status_code == 400


def test_fail_next(api: httpx.Client) -> None:
    assert api.post("/_mock/fail-next", json={"count": 2}).json() == {"count": 2}
    assert schedule(api).status_code == 500
    assert api.get(f"{SCHEDULE_URL}/x", headers=ALICE).status_code == 500
    assert schedule(api).status_code == 201
    assert api.post("/_mock/fail-next", json={"count": "x"}).status_code == 400


def test_answers_outside_the_spec(app: MockApp) -> None:
    # Not operations of the spec, so not checked against it: what a client gets anyway.
    with httpx.Client(base_url="http://testserver", transport=InProcessTransport(app)) as client:
        unknown = client.get("/api/v3/oneprovider/spaces", headers=ALICE)
        assert (unknown.status_code, unknown.json()["error"]["id"]) == (404, "notFound")
        wrong = client.delete(SCHEDULE_URL, headers=ALICE)
        assert wrong.status_code == 405
        assert wrong.headers["Allow"] == "POST"
