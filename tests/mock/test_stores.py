"""Initial content per store type and data spec, through the API ("store checks" schema)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from oneprovider_mock import MockApp

from tests import seed
from tests.mock.helpers import DEFAULT_WORLD, SCHEDULE_URL, details_path, schema_id, space_id, token

SCHEMA = DEFAULT_WORLD.workflow_schemas[schema_id("store checks")]
STORES = {store.name: store.id for store in SCHEMA.revisions[3].stores}
SEED_SPACE = DEFAULT_WORLD.spaces[seed.SPACE_ID]
OTHER_SPACE = DEFAULT_WORLD.spaces[space_id("other-space")]
DIRECTORY = next(f.id for f in SEED_SPACE.files.values() if f.type == "DIR")
REGULAR = next(f.id for f in SEED_SPACE.files.values() if f.type == "REG")
DATASET = next(iter(SEED_SPACE.datasets))
FOREIGN_DATASET = next(iter(OTHER_SPACE.datasets))
GROUP = next(iter(SEED_SPACE.groups))
OK = None


def type_error(value: Any, expected: str) -> dict[str, Any]:
    return {"id": "atmDataTypeUnverified", "details": {"value": value, "expType": expected}}


def constraint(value: Any, data_type: str, constraints: Any) -> dict[str, Any]:
    return {
        "id": "atmDataValueConstraintUnverified",
        "details": {"value": value, "type": data_type, "valueConstraints": constraints},
    }


def item(array: list[Any], index: int, error: dict[str, Any]) -> dict[str, Any]:
    return constraint(array, "array", {f"$[{index}]": error})


CASES: list[tuple[str, Any, str, dict[str, Any] | None]] = [
    ("number", 2, "info", OK),
    ("number", 2.0, "info", constraint(2.0, "number", {"integersOnly": True})),
    ("number", 4, "info", constraint(4, "number", {"allowedValues": [1, 2, 3]})),
    ("number", "2", "info", type_error("2", "number")),
    ("number", True, "info", type_error(True, "number")),
    ("string", "alpha", "info", OK),
    (
        "string",
        "gamma",
        "info",
        constraint("gamma", "string", {"allowedValues": ["alpha", "beta"]}),
    ),
    ("string", 5, "info", type_error(5, "string")),
    ("flags", [True, False], "info", OK),
    ("flags", [True, 1], "info", item([True, 1], 1, type_error(1, "boolean"))),
    ("flags", {}, "info", type_error({}, "array")),
    ("object", {"a": [1]}, "info", OK),
    ("object", [], "info", type_error([], "object")),
    ("matrix", [[1, 2.5], []], "info", OK),
    (
        "matrix",
        [[1, "x"]],
        "info",
        item([[1, "x"]], 0, item([1, "x"], 1, type_error("x", "number"))),
    ),
    ("range", {"end": 10}, "info", OK),
    ("range", {"start": 5, "end": 1, "step": -1}, "info", OK),
    (
        "range",
        {"start": 5, "end": 1},
        "info",
        constraint({"start": 5, "end": 1}, "range", "invalid step direction"),
    ),
    (
        "range",
        {"end": 3, "step": 0},
        "info",
        constraint({"end": 3, "step": 0}, "range", "invalid step direction"),
    ),
    ("range", {"end": 1.5}, "info", type_error({"end": 1.5}, "range")),
    ("range", {"end": 3, "start": None}, "info", type_error({"end": 3, "start": None}, "range")),
    ("directories", [{"fileId": DIRECTORY}], "info", OK),
    (
        "directories",
        [{"fileId": REGULAR}],
        "info",
        item(
            [{"fileId": REGULAR}], 0, constraint({"fileId": REGULAR}, "file", {"fileType": "DIR"})
        ),
    ),
    ("datasets", [{"datasetId": DATASET}], "info", OK),
    (
        "datasets",
        [{"datasetId": FOREIGN_DATASET}],
        "info",
        item(
            [{"datasetId": FOREIGN_DATASET}],
            0,
            constraint({"datasetId": FOREIGN_DATASET}, "dataset", {"inSpace": seed.SPACE_ID}),
        ),
    ),
    (
        "datasets",
        [{"datasetId": "nope"}],
        "info",
        item([{"datasetId": "nope"}], 0, {"id": "notFound"}),
    ),
    ("group", {"groupId": GROUP}, "info", OK),
    (
        "group",
        {"groupId": "nope"},
        "info",
        constraint({"groupId": "nope"}, "group", {"hasAccess": True}),
    ),
    (
        "log",
        [{"content": {"a": 1}, "severity": "error"}, {"severity": "info", "m": 1}, {"k": 1}],
        "info",
        OK,
    ),
    ("log", [5], "info", item([5], 0, type_error(5, "object"))),
    ("log", [{"content": 5, "severity": "debug"}], "info", OK),
    ("log", [{"content": 5, "severity": "debug"}], "debug", item([5], 0, type_error(5, "object"))),
    ("log", "x", "info", type_error("x", "array")),
    ("measurement", {"tsName": "t", "timestamp": 1, "value": 2.5}, "info", OK),
    ("measurement", {"tsName": "size_mp3", "timestamp": 1, "value": 2}, "info", OK),
    (
        "measurement",
        {"tsName": "tt", "timestamp": 1, "value": 2},
        "info",
        {
            "id": "atmDataValueConstraintUnverified",
            "details": {
                "value": {"tsName": "tt", "timestamp": 1, "value": 2},
                "type": "timeSeriesMeasurement",
                "valueConstraints": {
                    "specs": [
                        {"nameMatcherType": "exact", "nameMatcher": "t", "unit": "none"},
                        {"nameMatcherType": "hasPrefix", "nameMatcher": "size_", "unit": "bytes"},
                    ]
                },
            },
        },
    ),
    (
        "measurement",
        {"tsName": "t", "timestamp": -1, "value": 1},
        "info",
        type_error({"tsName": "t", "timestamp": -1, "value": 1}, "timeSeriesMeasurement"),
    ),
    ("measurements", None, "info", OK),
    (
        "measurements",
        [],
        "info",
        {
            "id": "badData",
            "details": {
                "key": "initialContent",
                "hint": "Time series store does not accept initial content",
            },
        },
    ),
]


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        is_error = "id" in value and "description" in value
        return {
            k: _shape(v) for k, v in value.items() if not (is_error and k in ("ctx", "description"))
        }
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return value


@pytest.mark.parametrize(
    ("store", "content", "log_level", "expected"),
    CASES,
    ids=[f"{store}-{i}" for i, (store, *_) in enumerate(CASES)],
)
def test_initial_content(
    api: httpx.Client, store: str, content: Any, log_level: str, expected: dict[str, Any] | None
) -> None:
    body = {
        "spaceId": seed.SPACE_ID,
        "atmWorkflowSchemaId": SCHEMA.id,
        "atmWorkflowSchemaRevisionNumber": 3,
        "storeInitialContentOverlay": {STORES[store]: content, "no-such-store": "ignored"},
        "logLevel": log_level,
    }
    response = api.post(SCHEDULE_URL, json=body, headers={"X-Auth-Token": token("alice")})
    if expected is None:
        assert response.status_code == 201, response.text
        return
    error = response.json()["error"]
    assert (response.status_code, error["id"]) == (400, "atmStoreCreationFailed")
    assert error["details"]["atmStoreSchemaId"] == STORES[store]
    assert _shape(error["details"]["specificError"]) == expected


def test_default_content_fills_a_store(api: httpx.Client, app: MockApp) -> None:
    body = {
        "spaceId": seed.SPACE_ID,
        "atmWorkflowSchemaId": SCHEMA.id,
        "atmWorkflowSchemaRevisionNumber": 3,
    }
    response = api.post(SCHEDULE_URL, json=body, headers={"X-Auth-Token": token("alice")})
    execution = app.backend.world.executions[response.json()["atmWorkflowExecutionId"]]
    assert execution.store_initial_content[STORES["defaulted"]] == [1, 2]
    assert execution.store_initial_content[STORES["number"]] is None
    details = api.get(details_path(response), headers={"X-Auth-Token": token("alice")}).json()
    assert set(details["storeRegistry"]) == set(STORES.values())
