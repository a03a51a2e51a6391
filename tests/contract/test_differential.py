"""The mock's verdict on a schedule request agrees with the spec's.

Bodies come from the spec (schemathesis generates them, valid and invalid, and the
target's ids are often mixed in so that valid ones get past 403/404), plus the edge
cases a provider is known to read differently from a naive parser. The oracle is the
spec's request schema, validated with ``jsonschema_rs`` (ECMA 262 patterns, as JSON
Schema says), after reading the body the way a provider does where the spec documents
that it cannot say so itself (``openapi/README.md``, "Differences a JSON Schema cannot
express"):

- ``true`` and ``false`` in a string field are the strings ``"true"`` and ``"false"``;
- a revision number with a fraction part (``3.0``) is not an integer.

``null`` needs no reading: it means absent, and the spec says so itself (a required
field does not take it, an optional one does).

Then a schema-valid body is never answered 400 for its shape (only the world's 400s,
such as ``atmStoreCreationFailed``, may come), and a schema-invalid one is always a 400
with a sanitizing error id whose ``details.key``, where it has one, names an offending
field; with the token in either header, or none, since sanitizing comes before
authentication.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oneprovider_mock import World, create_app
from schemathesis import GenerationMode

from contract_tests.catalogue import SEMANTIC_BAD_REQUESTS, SHAPE_BAD_REQUESTS, error_problems
from contract_tests.spec_strategies import schedule_bodies
from contract_tests.target import DEFAULT_STORE_INITIAL_CONTENT, Target
from contract_tests.world_ids import mixed_bodies
from tests.openapi_support import pointer, request_schema, resolve, spec, validator_at

SCHEDULE_URL = "http://testserver/api/v3/oneprovider/automation/execution/workflows"
REQUEST = "AtmWorkflowExecutionScheduleRequest"
REVISION = "atmWorkflowSchemaRevisionNumber"
_request = spec()["components"]["schemas"][REQUEST]
PROPERTIES: dict[str, Any] = _request["properties"]
REQUIRED: list[str] = _request["required"]


def _takes_strings(schema: Mapping[str, Any]) -> bool:
    """Whether ``schema`` is a string, or a string or ``null`` (a ``type`` list or a ``oneOf``)."""
    schema = resolve(schema)
    if "oneOf" in schema:
        alternatives = [resolve(branch) for branch in schema["oneOf"]]
        others = [branch for branch in alternatives if branch != {"type": "null"}]
        return len(others) == 1 and len(others) < len(alternatives) and _takes_strings(others[0])
    kind = schema.get("type")
    return kind == "string" or (isinstance(kind, list) and set(kind) == {"string", "null"})


#: Fields the spec types as strings: a provider reads true/false there as strings.
STRING_FIELDS = frozenset(name for name, schema in PROPERTIES.items() if _takes_strings(schema))


class InProcessMock:
    """The embedded mock with the default world, called through ``httpx.ASGITransport``."""

    def __init__(self) -> None:
        self.world = World.default()
        self._loop = asyncio.new_event_loop()
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(self.world)))

    def post(self, content: bytes, *, auth: str = "x-auth-token") -> httpx.Response:
        """POST ``content`` with the token in ``auth`` (a header scheme, or ``none``)."""
        headers = {"content-type": "application/json"}
        if auth == "x-auth-token":
            headers["x-auth-token"] = self.world.default_token
        elif auth == "bearer":
            headers["authorization"] = f"Bearer {self.world.default_token}"
        request = self._client.post(SCHEDULE_URL, content=content, headers=headers)
        return self._loop.run_until_complete(request)

    def close(self) -> None:
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()


@pytest.fixture(scope="module")
def mock() -> Iterator[InProcessMock]:
    served = InProcessMock()
    yield served
    served.close()


def _target(world: World) -> Target:
    return Target(
        name="differential",
        api_url=SCHEDULE_URL,
        token=world.default_token,
        space_id=world.defaults.space_id,
        workflow_schema_id=world.defaults.atm_workflow_schema_id,
        revision=world.defaults.revision_number,
        store_initial_content=DEFAULT_STORE_INITIAL_CONTENT,
    )


#: Bodies a provider reads in ways worth pinning down, next to the generated ones.
EDGE_VALUES: dict[str, list[Any]] = {
    REVISION: [
        3,
        "3",
        "03",
        "+3",
        3.0,
        3.5,
        "3.0",
        " 3",
        "3\n",
        "1_0",
        "٣",
        0,
        "0",
        -1,
        True,
        None,
    ],
    "spaceId": ["", True, False, None, 3, [], {}],
    "atmWorkflowSchemaId": ["", True, None, 1.5],
    "logLevel": ["debug", "DEBUG", "", None, True, "true"],
    # url_utils:is_valid (the spec's pattern states it): no scheme needed, the scheme
    # match is case-sensitive, control characters and spaces pass, a host above U+00FF
    # does not; true is read as "true", a valid host.
    "callback": [
        "https://h.example.com/cb",
        "http://h:8080",
        "my-server.example.com",
        "localhost:8080",
        "HTTP://h",
        "http://http/cb",
        "http://host//x",
        "ftp://h/",
        "https://",
        "",
        None,
        True,
        False,
        3,
        "http://a\x1fb/",
        "http://127.0.0.1:9/\x85",
        "http://h\n",
        "https://a b/",
        "http://a\ufeffb/",
        "http://h\u00f6st/",
    ],
    "storeInitialContentOverlay": [{}, None, [], "x", DEFAULT_STORE_INITIAL_CONTENT],
}


@st.composite
def edge_bodies(draw: st.DrawFn, world: World) -> dict[str, Any]:
    body: dict[str, Any] = {
        "spaceId": world.defaults.space_id,
        "atmWorkflowSchemaId": world.defaults.atm_workflow_schema_id,
        REVISION: world.defaults.revision_number,
        "storeInitialContentOverlay": dict(DEFAULT_STORE_INITIAL_CONTENT),
    }
    field = draw(st.sampled_from(sorted(EDGE_VALUES)))
    body[field] = draw(st.sampled_from(EDGE_VALUES[field]))
    if draw(st.booleans()):
        del body[draw(st.sampled_from(sorted(body)))]
    return body


@st.composite
def bodies(draw: st.DrawFn, world: World) -> Any:
    """Any request body: generated (valid or not, often with real ids), or an edge case."""
    source = draw(st.sampled_from(["positive", "negative", "edge"]))
    if source == "edge":
        return draw(edge_bodies(world))
    mode = GenerationMode.POSITIVE if source == "positive" else GenerationMode.NEGATIVE
    body = draw(schedule_bodies(mode))
    if isinstance(body, dict) and draw(st.booleans()):
        body = draw(mixed_bodies(_target(world), body))
    return body


def as_provider_reads(body: Mapping[str, Any]) -> dict[str, Any]:
    """``body`` with true/false in string fields read as the strings they become."""
    return {
        name: ("true" if value else "false")
        if name in STRING_FIELDS and isinstance(value, bool)
        else value
        for name, value in body.items()
    }


def offending_fields(body: Mapping[str, Any]) -> set[str]:
    """The fields that make ``body`` invalid: missing, or failing their own schema."""
    offending = {name for name in REQUIRED if name not in body}
    for name in PROPERTIES:
        if name in body:
            at = pointer("components", "schemas", REQUEST, "properties", name)
            if not validator_at(at).is_valid(body[name]):
                offending.add(name)
    if isinstance(body.get(REVISION), float):
        # A JSON number with a fraction part is not an integer to a provider, even 3.0.
        offending.add(REVISION)
    return offending


def encode(body: Any) -> tuple[bytes, Any]:
    """The bytes sent, and the JSON value a provider parses from them (``...`` if none)."""
    if isinstance(body, bytes):
        try:
            return body, json.loads(body)
        except ValueError:
            return body, ...
    # ensure_ascii keeps any generated text (even lone surrogates) encodable.
    return json.dumps(body).encode(), body


@settings(
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_the_mocks_verdict_agrees_with_the_spec(mock: InProcessMock, data: st.DataObject) -> None:
    body = data.draw(bodies(mock.world), label="body")
    auth = data.draw(st.sampled_from(["x-auth-token", "bearer", "none"]), label="token")
    content, parsed = encode(body)
    response = mock.post(content, auth=auth)
    answer = response.json()
    assert error_problems(response.status_code, answer) == [] or response.status_code == 201

    if not isinstance(parsed, dict):
        assert (response.status_code, answer["error"]["id"]) == (400, "malformedData")
        return
    read = as_provider_reads(parsed)
    offending = offending_fields(read)
    schema_valid = request_schema().is_valid(read) and not offending
    if schema_valid:
        if auth == "none":
            assert response.status_code == 401, answer
        elif response.status_code == 400:
            assert answer["error"]["id"] in SEMANTIC_BAD_REQUESTS, (read, answer)
        else:
            assert response.status_code in {201, 403, 404}, (read, answer)
        return
    assert response.status_code == 400, (read, offending, answer)
    error = answer["error"]
    assert error["id"] in SHAPE_BAD_REQUESTS, (read, offending, answer)
    key = error.get("details", {}).get("key")
    if key is not None:
        assert key in offending, (read, offending, answer)


def test_the_documented_readings_are_the_mocks(mock: InProcessMock) -> None:
    """The two readings the oracle applies are what the mock does (so they hide nothing)."""
    world = mock.world
    base = {
        "spaceId": world.defaults.space_id,
        "atmWorkflowSchemaId": world.defaults.atm_workflow_schema_id,
        REVISION: 3,
    }
    for value in (True, False):
        # Read as the space "true"/"false", which does not exist: 403, not 400.
        answer = mock.post(json.dumps({**base, "spaceId": value}).encode())
        assert answer.status_code == 403, answer.json()
    # A callback of true is the URL "true" (host "true"): accepted, so the request
    # gets as far as the world (201), not a badData.
    answer = mock.post(json.dumps({**base, "callback": True}).encode())
    assert answer.status_code == 201, answer.json()
    # null is absent, which the spec says itself: missingRequiredValue for a required
    # field, and an optional one is as if not sent.
    answer = mock.post(json.dumps({**base, "spaceId": None}).encode())
    assert answer.json()["error"] == {
        **answer.json()["error"],
        "id": "missingRequiredValue",
        "details": {"key": "spaceId"},
    }
    assert not request_schema().is_valid({**base, "spaceId": None})
    nulls = {"callback": None, "logLevel": None, "storeInitialContentOverlay": None}
    assert request_schema().is_valid({**base, **nulls})
    answer = mock.post(json.dumps({**base, **nulls}).encode())
    assert answer.status_code == 201, answer.json()
    answer = mock.post(json.dumps({**base, REVISION: 3.0}).encode())
    assert answer.json()["error"] == {
        **answer.json()["error"],
        "id": "badValueInteger",
        "details": {"key": REVISION},
    }
