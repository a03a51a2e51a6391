"""The spec holds to itself, to the seed page and to what a provider accepts."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from oneprovider_mock.world._callback_url import is_valid
from openapi_spec_validator import validate

from tests import seed
from tests.openapi_support import component, request_schema, spec, validator_at, walk_examples

SCHEDULE = "/automation/execution/workflows"
DETAILS = "/automation/execution/workflows/{wid}"


def test_spec_validates() -> None:
    validate(spec())


def test_spec_is_openapi_3_1_with_base_path_and_host_variable() -> None:
    doc = spec()
    assert doc["openapi"].startswith("3.1")
    (server,) = doc["servers"]
    assert server["url"].endswith("/api/v3/oneprovider")
    assert "host" in server["variables"]


def test_both_auth_schemes_are_declared_and_either_suffices() -> None:
    schemes = spec()["components"]["securitySchemes"]
    by_kind = {(s["type"], s.get("in"), s.get("name"), s.get("scheme")) for s in schemes.values()}
    assert ("apiKey", "header", "X-Auth-Token", None) in by_kind
    assert ("http", None, None, "bearer") in by_kind
    # Two requirement objects means "one or the other", not both together.
    assert all(len(req) == 1 for req in spec()["security"])
    assert len(spec()["security"]) == 2


def test_operations_keep_onedatas_operation_ids() -> None:
    paths = spec()["paths"]
    assert paths[SCHEDULE]["post"]["operationId"] == "schedule_workflow_execution"
    assert paths[DETAILS]["get"]["operationId"] == "get_workflow_execution_details"


def test_declared_statuses() -> None:
    paths = spec()["paths"]
    schedule = paths[SCHEDULE]["post"]["responses"]
    details = paths[DETAILS]["get"]["responses"]
    assert set(schedule) == {"201", "400", "401", "403", "404", "406", "415", "500"}
    assert set(details) == {"200", "401", "403", "404", "406", "500"}


def test_content_negotiation_answers_have_no_body() -> None:
    # cowboy's 406 (both operations) and 415 (schedule, which has a body): empty bodies.
    operations = [spec()["paths"][SCHEDULE]["post"], spec()["paths"][DETAILS]["get"]]
    refs = {
        "406": "#/components/responses/NotAcceptable",
        "415": "#/components/responses/UnsupportedMediaType",
    }
    for operation in operations:
        for status, ref in refs.items():
            if status in operation["responses"]:
                assert operation["responses"][status] == {"$ref": ref}
    for ref in refs.values():
        response = spec()["components"]["responses"][ref.rsplit("/", 1)[-1]]
        assert "content" not in response
        assert response["description"]


def test_created_response_requires_location_and_links_to_details() -> None:
    created = spec()["paths"][SCHEDULE]["post"]["responses"]["201"]
    assert created["headers"]["Location"]["required"] is True
    link = created["links"]["GetScheduledWorkflowExecution"]
    assert link["operationId"] == "get_workflow_execution_details"
    assert link["parameters"] == {"wid": "$response.body#/atmWorkflowExecutionId"}


def test_callback_documents_the_stop_notification() -> None:
    callbacks = spec()["paths"][SCHEDULE]["post"]["callbacks"]
    (callback,) = callbacks.values()
    (expression,) = callback
    assert expression == "{$request.body#/callback}"
    body = callback[expression]["post"]["requestBody"]["content"]["application/json"]
    schema = body["schema"]["$ref"].rsplit("/", 1)[-1]
    assert component(schema).is_valid(body["example"])
    assert not component(schema).is_valid({"atmWorkflowExecutionId": "x"})


EXAMPLES = list(walk_examples(spec()))


def test_examples_were_found() -> None:
    # The walk must reach the seed request, the details example and the error examples.
    wheres = {where for where, _, _ in EXAMPLES}
    assert any("requestBody" in w and w.endswith("/seed") for w in wheres)
    assert any("AtmWorkflowExecutionDetails/example" in w for w in wheres)
    assert any("/responses/Unauthorized/" in w for w in wheres)
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize(("where", "schema_at", "example"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_every_example_validates_against_its_schema(
    where: str, schema_at: str, example: Any
) -> None:
    errors = [e.message for e in validator_at(schema_at).iter_errors(example)]
    assert errors == [], f"example at {where} does not fit {schema_at}: {errors}"


def test_a_bad_example_would_be_caught() -> None:
    broken = copy.deepcopy(spec()["components"]["schemas"]["AtmWorkflowExecutionDetails"])
    broken["example"]["status"] = "enqueued"  # the official definition's slip
    found = list(walk_examples({"components": {"schemas": {"X": broken}}}))
    assert found
    validator = component("AtmWorkflowExecutionDetails")
    assert not validator.is_valid(found[0][2])


def test_seed_request_validates() -> None:
    assert request_schema().is_valid(seed.request_body())


def test_seed_request_is_the_spec_example() -> None:
    media = spec()["paths"][SCHEDULE]["post"]["requestBody"]["content"]["application/json"]
    assert media["examples"]["seed"]["value"] == seed.request_body()


def test_seed_response_validates() -> None:
    assert component("AtmWorkflowExecutionScheduleResponse").is_valid(seed.response_body())


def test_seed_error_example_validates() -> None:
    example = seed.error_example()
    assert example["error"]["ctx"]["service"] == "opw"
    assert component("ErrorJson").is_valid(example)


def test_official_error_model_is_rejected() -> None:
    # The official swagger's outdated {error, error_description} strings.
    assert not component("ErrorJson").is_valid({"error": "x", "error_description": "y"})


@pytest.mark.parametrize("revision", [3, "3", 1, "03", "+3", "12345678901234567890"])
def test_revisions_a_provider_accepts(revision: object) -> None:
    body = seed.request_body() | {"atmWorkflowSchemaRevisionNumber": revision}
    assert request_schema().is_valid(body)


@pytest.mark.parametrize(
    "revision", [0, "0", -1, "-3", "abc", 3.5, True, None, "", " 3", "3\n", "3.0", "1_0", "٣", [3]]
)
def test_revisions_a_provider_rejects(revision: object) -> None:
    body = seed.request_body() | {"atmWorkflowSchemaRevisionNumber": revision}
    assert not request_schema().is_valid(body)


@pytest.mark.parametrize(
    "field", ["spaceId", "atmWorkflowSchemaId", "atmWorkflowSchemaRevisionNumber"]
)
def test_missing_required_field_fails(field: str) -> None:
    body = seed.request_body()
    del body[field]
    assert not request_schema().is_valid(body)


@pytest.mark.parametrize("field", ["spaceId", "atmWorkflowSchemaId"])
def test_empty_id_fails(field: str) -> None:
    assert not request_schema().is_valid(seed.request_body() | {field: ""})


@pytest.mark.parametrize("level", ["trace", "INFO", "", 3])
def test_unknown_log_level_fails(level: object) -> None:
    assert not request_schema().is_valid(seed.request_body() | {"logLevel": level})


def test_log_level_defaults_to_info() -> None:
    assert spec()["components"]["schemas"]["LogLevel"]["default"] == "info"


@pytest.mark.parametrize(
    "url",
    [
        "https://my-server.example.com/execution-callback",
        "http://127.0.0.1:8080/cb?x=1",
        # url_utils:is_valid needs no http(s) scheme: all of it is host and path.
        "my-server.example.com",
        "localhost:8080",
        # Nor does it refuse spaces or control characters in the host.
        "https://a b/",
        "http://h\n",
    ],
)
def test_callback_urls_a_provider_accepts_pass(url: str) -> None:
    assert is_valid(url)
    assert request_schema().is_valid(seed.request_body() | {"callback": url})


@pytest.mark.parametrize(
    "url",
    [
        # The scheme match is case-sensitive: this is host "HTTP:" and path "//h".
        "HTTP://h",
        "ftp://h/x",
        "https://",
        "https://h:port/",
        "",
        "http://http/cb",
        "http://host//x",
        "http://h\u0100st/",
    ],
)
def test_callback_urls_a_provider_refuses_fail(url: str) -> None:
    assert not is_valid(url)
    assert not request_schema().is_valid(seed.request_body() | {"callback": url})


@pytest.mark.parametrize("callback", [3, 1.5, ["https://h/"], {"url": "https://h/"}])
def test_a_callback_that_is_neither_a_string_nor_a_boolean_fails(callback: object) -> None:
    assert not request_schema().is_valid(seed.request_body() | {"callback": callback})


@pytest.mark.parametrize("callback", [True, False])
def test_a_boolean_callback_passes_as_a_provider_takes_it(callback: bool) -> None:
    # The sanitizer reads true/false as "true"/"false": hosts that url_utils accepts.
    assert is_valid(str(callback).lower())
    assert request_schema().is_valid(seed.request_body() | {"callback": callback})


@pytest.mark.parametrize("field", ["callback", "logLevel", "storeInitialContentOverlay"])
def test_a_null_optional_field_is_as_if_not_sent(field: str) -> None:
    assert request_schema().is_valid(seed.request_body() | {field: None})


@pytest.mark.parametrize("field", ["spaceId", "atmWorkflowSchemaId"])
def test_a_null_required_id_fails(field: str) -> None:
    # A provider answers missingRequiredValue: null is absent.
    assert not request_schema().is_valid(seed.request_body() | {field: None})


@pytest.mark.parametrize("overlay", [[], "x", 3, True])
def test_overlay_must_be_an_object_or_null(overlay: object) -> None:
    assert not request_schema().is_valid(
        seed.request_body() | {"storeInitialContentOverlay": overlay}
    )


def test_overlay_values_may_be_any_json_including_null() -> None:
    overlay = {"a": None, "b": 1, "c": "s", "d": [1, {"x": True}], "e": {"end": 10}}
    assert request_schema().is_valid(seed.request_body() | {"storeInitialContentOverlay": overlay})


def test_error_context_fields_are_nullable_and_open() -> None:
    fields = spec()["components"]["schemas"]["OnedataErrorContext"]["properties"]
    ctx = {name: None for name in fields}
    assert len(ctx) == 9
    body = {"error": {"id": "x", "description": "y", "ctx": ctx | {"somethingNew": 1}}}
    assert component("ErrorJson").is_valid(body)


@pytest.mark.parametrize("missing", ["id", "description"])
def test_error_requires_id_and_description(missing: str) -> None:
    error = {"id": "forbidden", "description": "nope"}
    del error[missing]
    assert not component("ErrorJson").is_valid({"error": error})
