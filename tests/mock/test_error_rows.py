"""Every error a provider answers on schedule and get: exact id, status and details.

One crafted request per row of the error table (``shared/ONEDATA_API.md``) and
per way of reaching it; every answer is also checked against the spec by the
``api`` fixture.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from oneprovider_automation.workflow_schema import object_id
from oneprovider_mock import MockApp

from tests import seed
from tests.mock.helpers import (
    DEFAULT_WORLD,
    SCHEDULE_URL,
    schema_id,
    space_id,
    token,
)

ALICE = token("alice")
PROVIDER_ID = DEFAULT_WORLD.provider.id
LIST_STORE = "de6d2e524459dd235f80aa8652a68879b5dbe9"
SINGLE_STORE = "83cf895501eb11f9bc71e4b2b41a252e8561b5"
OTHER_SPACE_FILE = next(iter(DEFAULT_WORLD.spaces[space_id("other-space")].files))
REQUIRED_STORE = (
    DEFAULT_WORLD.workflow_schemas[schema_id("required input")].revisions[3].stores[0].id
)
DROP = object()
EXISTING = "<an execution alice scheduled>"


def body(**changes: Any) -> dict[str, Any]:
    """The seed's request body with fields replaced (``DROP`` removes one)."""
    data = seed.request_body()
    for key, value in changes.items():
        if value is DROP:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def lane_ids(name: str) -> list[str]:
    return [lane.id for lane in DEFAULT_WORLD.workflow_schemas[schema_id(name)].revisions[3].lanes]


@dataclass(frozen=True)
class Row:
    """A crafted request and the error a provider answers it with."""

    status: int
    error_id: str
    #: Expected ``details``, nested errors without ``description`` and ``ctx``;
    #: ``None`` when the error has no details.
    details: dict[str, Any] | None
    content: bytes | dict[str, Any] = field(default_factory=body)
    headers: dict[str, str] = field(default_factory=lambda: {"X-Auth-Token": ALICE})
    #: For GET rows: the execution id asked for.
    wid: str | None = None
    crash: bool = False


def key(name: str) -> dict[str, Any]:
    return {"key": name}


NO_TOKEN: dict[str, str] = {}
BAD_TOKEN = {"X-Auth-Token": "MDAxnot-a-token-of-this-world"}
BAD_TOKEN_DETAILS = {"authError": {"id": "badToken"}}
# 25.x renders every declared argument: without a token, authError is null.
NO_AUTH_ERROR: dict[str, Any] = {"authError": None}
REVISION = "atmWorkflowSchemaRevisionNumber"

NOT_OBJECTS: list[Any] = [[], "x", 1, True]

SCHEDULE_ROWS: dict[str, Row] = {
    # -- the body ----------------------------------------------------------------------
    "malformedData: not JSON": Row(400, "malformedData", None, b'{"spaceId": '),
    "malformedData: a JSON array": Row(400, "malformedData", None, b"[1, 2]"),
    "malformedData: a JSON string": Row(400, "malformedData", None, b'"spaceId"'),
    "malformedData: NaN": Row(400, "malformedData", None, b'{"spaceId": NaN}'),
    "malformedData: not UTF-8": Row(400, "malformedData", None, b'{"spaceId": "\xff"}'),
    "malformedData: UTF-16": Row(400, "malformedData", None, '{"a": 1}'.encode("utf-16")),
    "malformedData before 401 without a token": Row(400, "malformedData", None, b"[]", NO_TOKEN),
    # -- sanitizing ----------------------------------------------------------------------
    "missingRequiredValue: empty body": Row(
        400, "missingRequiredValue", key("atmWorkflowSchemaId"), b""
    ),
    "missingRequiredValue: spaceId": Row(
        400, "missingRequiredValue", key("spaceId"), body(spaceId=DROP)
    ),
    "missingRequiredValue: atmWorkflowSchemaId": Row(
        400, "missingRequiredValue", key("atmWorkflowSchemaId"), body(atmWorkflowSchemaId=DROP)
    ),
    "missingRequiredValue: revision": Row(
        400, "missingRequiredValue", key(REVISION), body(**{REVISION: DROP})
    ),
    "missingRequiredValue without a token": Row(
        400, "missingRequiredValue", key("spaceId"), body(spaceId=DROP), NO_TOKEN
    ),
    "badValueString: spaceId number": Row(400, "badValueString", key("spaceId"), body(spaceId=5)),
    "badValueString: schema id array": Row(
        400, "badValueString", key("atmWorkflowSchemaId"), body(atmWorkflowSchemaId=["x"])
    ),
    "badValueString: callback number": Row(
        400, "badValueString", key("callback"), body(callback=7)
    ),
    "badValueString: logLevel object": Row(
        400, "badValueString", key("logLevel"), body(logLevel={})
    ),
    "badValueEmpty: spaceId": Row(400, "badValueEmpty", key("spaceId"), body(spaceId="")),
    "badValueEmpty: schema id": Row(
        400, "badValueEmpty", key("atmWorkflowSchemaId"), body(atmWorkflowSchemaId="")
    ),
    **{
        f"badValueInteger: {value!r}": Row(
            400, "badValueInteger", key(REVISION), body(**{REVISION: value})
        )
        for value in [
            "abc",
            3.0,
            True,
            " 3",
            "3 ",
            "3.0",
            "1_0",
            "\u0663",
            "\uff13",
            [3],
            "",
            "+",
            "0x3",
        ]
    },
    **{
        f"badValueTooLow: {value!r}": Row(
            400, "badValueTooLow", {"key": REVISION, "limit": 1}, body(**{REVISION: value})
        )
        for value in [0, -5, "0", "-1", "-0"]
    },
    "missingRequiredValue: null revision": Row(
        400, "missingRequiredValue", key(REVISION), body(**{REVISION: None})
    ),
    "missingRequiredValue: null spaceId": Row(
        400, "missingRequiredValue", key("spaceId"), body(spaceId=None)
    ),
    **{
        f"badValueJSON: {value!r}": Row(
            400,
            "badValueJSON",
            key("storeInitialContentOverlay"),
            body(storeInitialContentOverlay=value),
        )
        for value in NOT_OBJECTS
    },
    **{
        f"badValueNotAllowed: {value!r}": Row(
            400,
            "badValueNotAllowed",
            {
                "key": "logLevel",
                "allowed": [
                    "debug",
                    "info",
                    "notice",
                    "warning",
                    "error",
                    "critical",
                    "alert",
                    "emergency",
                ],
            },
            body(logLevel=value),
        )
        for value in ["verbose", "DEBUG", "", True]
    },
    **{
        f"badData: callback {value!r}": Row(
            400, "badData", {"key": "callback", "hint": None}, body(callback=value)
        )
        for value in [
            "ftp://example.com/x",
            "HTTP://host/",
            "http://",
            "http://http/cb",
            "http://host//x",
            "http://h\u0100st/",
            "http://host:abc/",
            "",
        ]
    },
    # -- the token ---------------------------------------------------------------------
    "unauthorized: no token": Row(401, "unauthorized", NO_AUTH_ERROR, body(), NO_TOKEN),
    "unauthorized: Authorization without Bearer is no token": Row(
        401, "unauthorized", NO_AUTH_ERROR, body(), {"Authorization": f"Token {ALICE}"}
    ),
    "unauthorized: bad token": Row(401, "unauthorized", BAD_TOKEN_DETAILS, body(), BAD_TOKEN),
    "unauthorized: empty token": Row(
        401, "unauthorized", BAD_TOKEN_DETAILS, body(), {"X-Auth-Token": ""}
    ),
    "unauthorized: bad bearer token": Row(
        401, "unauthorized", BAD_TOKEN_DETAILS, body(), {"Authorization": "Bearer nope"}
    ),
    "unauthorized: bad token before a bad body": Row(
        401, "unauthorized", BAD_TOKEN_DETAILS, b"[]", BAD_TOKEN
    ),
    # -- privileges, support, schema ---------------------------------------------------------
    "forbidden: no schedule privilege": Row(
        403, "forbidden", None, body(), {"X-Auth-Token": token("bob")}
    ),
    "forbidden: unknown space": Row(403, "forbidden", None, body(spaceId="nosuchspace")),
    "forbidden: JSON true as the space": Row(403, "forbidden", None, body(spaceId=True)),
    "forbidden: not in the schema's inventory": Row(
        403, "forbidden", None, body(), {"X-Auth-Token": token("carol")}
    ),
    "spaceNotSupportedBy": Row(
        400,
        "spaceNotSupportedBy",
        {"spaceId": space_id("far-space"), "providerId": PROVIDER_ID},
        body(spaceId=space_id("far-space")),
    ),
    "notFound: unknown schema": Row(
        404, "notFound", None, body(atmWorkflowSchemaId="nosuchschema")
    ),
    "notFound: unknown revision": Row(404, "notFound", None, body(**{REVISION: 2})),
    "notFound: revision as a string": Row(404, "notFound", None, body(**{REVISION: "+0002"})),
    # -- the revision ------------------------------------------------------------------------
    "atmWorkflowEmpty": Row(
        400, "atmWorkflowEmpty", None, body(atmWorkflowSchemaId=schema_id("no lanes"))
    ),
    "atmLaneEmpty": Row(
        400,
        "atmLaneEmpty",
        {"atmLaneSchemaId": lane_ids("empty lane")[1]},
        body(atmWorkflowSchemaId=schema_id("empty lane")),
    ),
    "atmParallelBoxEmpty": Row(
        400,
        "atmParallelBoxEmpty",
        {
            "atmParallelBoxSchemaId": DEFAULT_WORLD.workflow_schemas[
                schema_id("empty parallel box")
            ]
            .revisions[3]
            .lanes[0]
            .parallel_boxes[1]
            .id
        },
        body(atmWorkflowSchemaId=schema_id("empty parallel box")),
    ),
    # -- the stores ----------------------------------------------------------------------------
    "atmStoreCreationFailed: list store given a number": Row(
        400,
        "atmStoreCreationFailed",
        {
            "atmStoreSchemaId": LIST_STORE,
            "specificError": {
                "id": "atmDataTypeUnverified",
                "details": {"value": 5, "expType": "array"},
            },
        },
        body(storeInitialContentOverlay={LIST_STORE: 5}),
    ),
    "atmStoreCreationFailed: an item of the wrong type": Row(
        400,
        "atmStoreCreationFailed",
        {
            "atmStoreSchemaId": LIST_STORE,
            "specificError": {
                "id": "atmDataValueConstraintUnverified",
                "details": {
                    "value": [{"fileId": 5}],
                    "type": "array",
                    "valueConstraints": {
                        "$[0]": {
                            "id": "atmDataTypeUnverified",
                            "details": {"value": {"fileId": 5}, "expType": "file"},
                        }
                    },
                },
            },
        },
        body(storeInitialContentOverlay={LIST_STORE: [{"fileId": 5}]}),
    ),
    "atmStoreCreationFailed: required content missing": Row(
        400,
        "atmStoreCreationFailed",
        {
            "atmStoreSchemaId": REQUIRED_STORE,
            "specificError": {"id": "atmStoreMissingRequiredInitialContent"},
        },
        body(
            atmWorkflowSchemaId=schema_id("required input"),
            storeInitialContentOverlay={REQUIRED_STORE: None},
        ),
    ),
    "atmStoreCreationFailed: a file of another space": Row(
        400,
        "atmStoreCreationFailed",
        {
            "atmStoreSchemaId": SINGLE_STORE,
            "specificError": {
                "id": "atmDataValueConstraintUnverified",
                "details": {
                    "value": {"fileId": OTHER_SPACE_FILE},
                    "type": "file",
                    "valueConstraints": {"inSpace": seed.SPACE_ID},
                },
            },
        },
        body(
            storeInitialContentOverlay={
                LIST_STORE: [],
                SINGLE_STORE: {"fileId": OTHER_SPACE_FILE},
            }
        ),
    ),
    "atmStoreCreationFailed: no such file": Row(
        400,
        "atmStoreCreationFailed",
        {
            "atmStoreSchemaId": SINGLE_STORE,
            "specificError": {"id": "posix", "details": {"errno": "enoent"}},
        },
        body(
            storeInitialContentOverlay={
                LIST_STORE: [],
                # An object id of the seed's space that names no file of the world.
                SINGLE_STORE: {"fileId": object_id("0f" * 16, seed.SPACE_ID)},
            }
        ),
    ),
    "atmStoreCreationFailed: a hex id that is no object id": Row(
        400,
        "atmStoreCreationFailed",
        {
            "atmStoreSchemaId": SINGLE_STORE,
            "specificError": {
                "id": "atmDataTypeUnverified",
                "details": {"value": {"fileId": "0000000000AB"}, "expType": "file"},
            },
        },
        body(storeInitialContentOverlay={LIST_STORE: [], SINGLE_STORE: {"fileId": "0000000000AB"}}),
    ),
    "atmStoreCreationFailed: a lone surrogate sent back escaped": Row(
        400,
        "atmStoreCreationFailed",
        {
            "atmStoreSchemaId": LIST_STORE,
            "specificError": {
                "id": "atmDataTypeUnverified",
                "details": {"value": "\ud800", "expType": "array"},
            },
        },
        json.dumps(body(storeInitialContentOverlay={LIST_STORE: "\ud800"})).encode(),
    ),
    "internalServerError": Row(
        500, "internalServerError", {"reference": "<8 hex digits>"}, crash=True
    ),
}

GET_ROWS: dict[str, Row] = {
    "unauthorized: no token": Row(
        401, "unauthorized", NO_AUTH_ERROR, headers=NO_TOKEN, wid=EXISTING
    ),
    "unauthorized: no token, unknown execution": Row(
        401, "unauthorized", NO_AUTH_ERROR, headers=NO_TOKEN, wid="nope"
    ),
    "unauthorized: bad token": Row(
        401, "unauthorized", BAD_TOKEN_DETAILS, headers=BAD_TOKEN, wid=EXISTING
    ),
    "notFound: unknown execution": Row(
        404, "notFound", None, wid="11a53ed06d175c89bc3ed5be61f8217cch1890"
    ),
    "forbidden: no view privilege": Row(
        403, "forbidden", None, headers={"X-Auth-Token": token("dave")}, wid=EXISTING
    ),
    "forbidden: not in the inventory": Row(
        403, "forbidden", None, headers={"X-Auth-Token": token("carol")}, wid=EXISTING
    ),
    "internalServerError": Row(
        500, "internalServerError", {"reference": "<8 hex digits>"}, wid=EXISTING, crash=True
    ),
}


def _without_ctx(value: Any) -> Any:
    """``value`` with nested errors reduced to ``id`` and ``details``."""
    if isinstance(value, dict):
        is_error = "id" in value and "description" in value
        return {
            k: _without_ctx(v)
            for k, v in value.items()
            if not (is_error and k in ("ctx", "description"))
        }
    if isinstance(value, list):
        return [_without_ctx(item) for item in value]
    return value


def _check_error(response: httpx.Response, row: Row) -> None:
    assert response.status_code == row.status, response.text
    error = response.json()["error"]
    assert error["id"] == row.error_id
    assert isinstance(error["description"], str)
    assert error["description"].endswith(".")
    if row.details is None:
        assert "details" not in error
    elif row.error_id == "internalServerError":
        assert re.fullmatch(r"[0-9a-f]{8}", error["details"]["reference"])
        assert error["details"]["reference"] in error["description"]
    else:
        assert _without_ctx(error["details"]) == row.details
    ctx = error["ctx"]
    assert ctx["service"] == "opw"
    assert ctx["serviceReleaseVersion"] == "25.0"
    assert ctx["serviceId"] == PROVIDER_ID
    assert ctx["serviceDomain"] == DEFAULT_WORLD.provider.domain
    assert abs(ctx["timestamp"] - time.time() * 1000) < 60_000
    assert all(
        isinstance(ctx[k], str) and ctx[k]
        for k in ("module", "serviceBuildVersion", "onedataErrorsRevision")
    )
    assert isinstance(ctx["line"], int)


def _content(row: Row) -> bytes:
    return row.content if isinstance(row.content, bytes) else json.dumps(row.content).encode()


@pytest.mark.parametrize("row", SCHEDULE_ROWS.values(), ids=SCHEDULE_ROWS.keys())
def test_schedule_error(api: httpx.Client, app: MockApp, row: Row) -> None:
    if row.crash:
        app.backend.fail_next_requests(1)
    response = api.post(
        SCHEDULE_URL,
        content=_content(row),
        headers={"Content-Type": "application/json", **row.headers},
    )
    _check_error(response, row)


@pytest.mark.parametrize("row", GET_ROWS.values(), ids=GET_ROWS.keys())
def test_get_error(api: httpx.Client, app: MockApp, row: Row) -> None:
    wid = row.wid
    if wid == EXISTING:
        scheduled = api.post(SCHEDULE_URL, json=body(), headers={"X-Auth-Token": ALICE})
        wid = scheduled.json()["atmWorkflowExecutionId"]
    if row.crash:
        app.backend.fail_next_requests(1)
    response = api.get(f"{SCHEDULE_URL}/{wid}", headers=row.headers)
    _check_error(response, row)


def test_nested_errors_carry_description_and_ctx(api: httpx.Client) -> None:
    response = api.post(
        SCHEDULE_URL,
        json=body(storeInitialContentOverlay={LIST_STORE: 5}),
        headers={"X-Auth-Token": ALICE},
    )
    specific = response.json()["error"]["details"]["specificError"]
    assert specific["description"] == "Provided value is not of expected type: array."
    assert specific["ctx"]["service"] == "opw"
    assert response.json()["error"]["description"] == (
        f'Failed to create an automation store (schema ID: "{LIST_STORE}"): '
        "Provided value is not of expected type: array."
    )


def test_descriptions_follow_the_catalogue(api: httpx.Client) -> None:
    alice = {"X-Auth-Token": ALICE}
    missing = api.post(SCHEDULE_URL, json=body(spaceId=DROP), headers=alice).json()["error"]
    assert missing["description"] == 'The request data was missing a required value for "spaceId".'
    unauthorized = api.post(SCHEDULE_URL, json=body(), headers=BAD_TOKEN).json()["error"]
    assert unauthorized["description"].startswith(
        "You must authenticate yourself to perform this operation: Provided token could not"
    )
    not_allowed = api.post(SCHEDULE_URL, json=body(logLevel="loud"), headers=alice).json()["error"]
    assert not_allowed["description"] == (
        'Bad value: provided "logLevel" must be one of: '
        "debug, info, notice, warning, error, critical, alert, emergency."
    )
