"""The rest of the Workflow execution tag: operations, parameters, answers and links."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.openapi_support import component, resolve, spec

WID = "/automation/execution/workflows/{wid}"
LIST = "/spaces/{sid}/automation/execution/workflows"
DUMP = "/automation/execution/stores/{store_id}/dump"

#: (method, path, operationId, success, the state errors a provider answers it with)
OPERATIONS = [
    ("get", LIST, "list_workflow_executions", "200", {"badValueNotAllowed", "spaceNotSupportedBy"}),
    (
        "post",
        WID + "/cancel",
        "cancel_workflow_execution",
        "204",
        {"atmWorkflowExecutionEnded", "atmInvalidStatusTransition"},
    ),
    (
        "post",
        WID + "/pause",
        "pause_workflow_execution",
        "204",
        {"atmWorkflowExecutionEnded", "atmInvalidStatusTransition"},
    ),
    (
        "post",
        WID + "/resume",
        "resume_workflow_execution",
        "204",
        {"atmWorkflowExecutionNotResumable"},
    ),
    (
        "post",
        WID + "/force_continue",
        "force_continue_workflow_execution",
        "204",
        {"atmWorkflowExecutionNotResumable"},
    ),
    (
        "post",
        WID + "/rerun",
        "rerun_workflow_execution",
        "204",
        {"atmWorkflowExecutionNotEnded", "atmLaneExecutionRerunFailed", "missingRequiredValue"},
    ),
    (
        "post",
        WID + "/retry",
        "retry_workflow_execution",
        "204",
        {"atmWorkflowExecutionNotEnded", "atmLaneExecutionRetryFailed", "missingRequiredValue"},
    ),
    ("delete", WID, "delete_workflow_execution", "204", {"atmWorkflowExecutionNotStopped"}),
    ("get", DUMP, "download_audit_log_dump", "200", {"notSupported"}),
]
IDS = [op[2] for op in OPERATIONS]


def _operation(method: str, path: str) -> dict[str, Any]:
    operation: dict[str, Any] = spec()["paths"][path][method]
    return operation


def _example_error_ids(response: dict[str, Any]) -> set[str]:
    response = resolve(response)
    examples = response["content"]["application/json"].get("examples", {})
    return {resolve(example)["value"]["error"]["id"] for example in examples.values()}


@pytest.mark.parametrize(
    ("method", "path", "operation_id", "success", "state_errors"), OPERATIONS, ids=IDS
)
def test_each_operation_keeps_its_id_success_and_common_answers(
    method: str, path: str, operation_id: str, success: str, state_errors: set[str]
) -> None:
    operation = _operation(method, path)
    assert operation["operationId"] == operation_id
    assert operation["tags"] == ["Workflow execution"]
    responses = operation["responses"]
    assert {success, "400", "401", "403", "406", "500"} <= set(responses)
    if path != LIST:
        assert "404" in responses  # an unknown space is 403 on a list, not 404
    if success == "204":
        assert "content" not in responses["204"]
    assert state_errors <= _example_error_ids(responses["400"])


@pytest.mark.parametrize("action", ["cancel", "pause", "resume", "force_continue"])
def test_actions_without_a_selector_take_no_body_and_so_no_415(action: str) -> None:
    operation = _operation("post", f"{WID}/{action}")
    assert "requestBody" not in operation
    assert "415" not in operation["responses"]
    assert "ignored" in operation["description"]


@pytest.mark.parametrize("action", ["rerun", "retry"])
def test_rerun_and_retry_take_a_lane_run_selector(action: str) -> None:
    operation = _operation("post", f"{WID}/{action}")
    body = resolve(operation["requestBody"])
    assert body["required"] is True
    assert "415" in operation["responses"]
    selector = component("AtmLaneRunSelector")
    assert selector.is_valid({"laneIndex": 1, "laneRunNumber": 2})
    assert selector.is_valid({"laneIndex": "2", "laneRunNumber": "+3"})
    for bad in (
        {"laneIndex": 0, "laneRunNumber": 1},
        {"laneIndex": 1},
        {"laneIndex": "x", "laneRunNumber": 1},
    ):
        assert not selector.is_valid(bad), bad


def test_list_parameters_and_their_defaults() -> None:
    params = {p["name"]: p for p in (resolve(p) for p in _operation("get", LIST)["parameters"])}
    assert set(params) == {"phase", "limit", "offset", "token", "index"}
    phase = resolve(params["phase"]["schema"])
    assert phase["enum"] == ["waiting", "ongoing", "suspended", "ended"]
    assert phase["default"] == "ongoing"
    assert params["limit"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 1000,
        "default": 1000,
    }
    assert params["offset"]["schema"] == {"type": "integer", "default": 0}
    assert params["token"]["schema"]["minLength"] == 1
    assert "default" not in params["token"]["schema"]  # the official "null" default is a slip


def test_a_list_page_has_a_nullable_token_and_is_last() -> None:
    page = component("AtmWorkflowExecutionList")
    assert page.is_valid({"atmWorkflowExecutions": [], "nextPageToken": None, "isLast": True})
    assert page.is_valid({"atmWorkflowExecutions": ["a"], "nextPageToken": "YWJj", "isLast": False})
    assert not page.is_valid({"atmWorkflowExecutions": [], "isLast": True})


def test_schedule_links_to_every_operation_on_the_execution() -> None:
    created = spec()["paths"]["/automation/execution/workflows"]["post"]["responses"]["201"]
    linked = {link["operationId"] for link in created["links"].values()}
    on_execution = {op[2] for op in OPERATIONS if op[1].startswith(WID)}
    assert linked == on_execution | {"get_workflow_execution_details"}
    for link in created["links"].values():
        assert link["parameters"] == {"wid": "$response.body#/atmWorkflowExecutionId"}
        if link["operationId"] in ("rerun_workflow_execution", "retry_workflow_execution"):
            assert component("AtmLaneRunSelector").is_valid(link["requestBody"])


def test_a_list_page_links_to_the_next_page_and_to_details() -> None:
    links = _operation("get", LIST)["responses"]["200"]["links"]
    by_operation = {link["operationId"]: link for link in links.values()}
    assert (
        by_operation["list_workflow_executions"]["parameters"]["token"]
        == "$response.body#/nextPageToken"
    )
    assert by_operation["list_workflow_executions"]["parameters"]["phase"] == "$request.query.phase"
    assert by_operation["get_workflow_execution_details"]["parameters"] == {
        "wid": "$response.body#/atmWorkflowExecutions/0"
    }


def test_details_link_to_the_system_audit_log() -> None:
    links = _operation("get", WID)["responses"]["200"]["links"]
    (link,) = links.values()
    assert link["operationId"] == "download_audit_log_dump"
    assert link["parameters"] == {"store_id": "$response.body#/systemAuditLogStoreId"}


def test_the_dump_declares_octet_stream_and_json_and_a_file_name() -> None:
    ok = _operation("get", DUMP)["responses"]["200"]
    assert list(ok["content"]) == ["application/octet-stream", "application/json"]
    assert ok["headers"]["Content-Disposition"]["required"] is True
    entries = component("AuditLogDump")
    entry = {
        "index": "0",
        "timestamp": 1764600669123,
        "severity": "notice",
        "content": {"description": "x"},
    }
    assert entries.is_valid([entry])
    assert not entries.is_valid([{**entry, "index": 0}])  # a provider sends the index as a string
    assert not entries.is_valid([{**entry, "severity": "loud"}])


def test_the_error_table_lists_the_state_errors() -> None:
    table = spec()["components"]["schemas"]["OnedataError"]["description"]
    for error_id in (
        "atmWorkflowExecutionEnded",
        "atmWorkflowExecutionNotEnded",
        "atmWorkflowExecutionNotResumable",
        "atmWorkflowExecutionNotStopped",
        "atmLaneExecutionRerunFailed",
        "atmLaneExecutionRetryFailed",
        "atmInvalidStatusTransition",
        "badValueNotInRange",
    ):
        assert error_id in table


@pytest.mark.parametrize(
    ("token", "valid"),
    [("YWJj", True), ("YWI", True), ("YQ", True), ("Y", False), ("YWJjZ", False), ("YW=", False)],
)
def test_a_page_token_is_base64url_without_padding(token: str, valid: bool) -> None:
    # What a provider can decode (a length leaving 1 over 4 is no base64 at all).
    page = component("AtmWorkflowExecutionList")
    body = {"atmWorkflowExecutions": [], "nextPageToken": token, "isLast": False}
    assert page.is_valid(body) is valid


def test_the_dumps_octet_stream_example_is_the_json_example_as_text() -> None:
    # What mocks of the spec (Prism) serve to a client that accepts octet-stream only.
    content = _operation("get", DUMP)["responses"]["200"]["content"]
    as_text = json.loads(content["application/octet-stream"]["example"])
    assert as_text == spec()["components"]["schemas"]["AuditLogDump"]["example"]
