"""Parsing into models, the content helpers, and argument checks made before sending."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from oneprovider_automation import (
    CallbackEvent,
    ExecutionPhase,
    ExecutionStatus,
    LaneRunStatus,
    LaneRunType,
    LogLevel,
    Oneprovider,
    dataset_reference,
    file_reference,
    integer_range,
    parse_callback,
)
from oneprovider_automation._models import execution_from_json
from oneprovider_automation._request import base_url_for

from tests.openapi_support import spec

from .router import BASE, TOKEN, WORKFLOWS, Router, client, details, scheduled

STOPPED = {"paused", "interrupted", "finished", "failed", "cancelled", "crashed"}
ENDED = {"finished", "failed", "cancelled", "crashed"}


def _schema_enum(name: str) -> list[str]:
    values = spec()["components"]["schemas"][name]["enum"]
    assert isinstance(values, list)
    return values


def test_enums_match_the_spec() -> None:
    assert {s.value for s in ExecutionStatus} == set(_schema_enum("AtmWorkflowExecutionStatus"))
    assert {s.value for s in LaneRunStatus} == set(_schema_enum("AtmLaneRunStatus"))
    assert {s.value for s in LaneRunType} == set(_schema_enum("AtmLaneRunType"))
    assert [s.value for s in LogLevel] == _schema_enum("LogLevel")


def test_stopped_and_ended_statuses() -> None:
    assert {s.value for s in ExecutionStatus if s.is_stopped} == STOPPED
    assert {s.value for s in ExecutionStatus if s.is_ended} == ENDED


def test_details_are_typed_with_aware_datetimes_and_none_for_zero() -> None:
    body = details(status="finished", finishTime=1626107100)
    router = Router().add("GET", f"{WORKFLOWS}/e1", httpx.Response(200, json=body))
    execution = client(router).workflow_executions.get("e1")
    assert execution.status is ExecutionStatus.FINISHED
    assert execution.is_stopped
    assert execution.schedule_time == datetime(2021, 7, 12, 16, 24, 23, tzinfo=UTC)
    assert execution.finish_time == datetime.fromtimestamp(1626107100, UTC)
    assert execution.suspend_time is None
    assert execution.store_registry == body["storeRegistry"]
    assert execution.raw == body
    (lane,) = execution.lanes
    (run,) = lane.runs
    assert lane.schema_id == "3a1a829f714a41b043c4ce67402d8c136f125f"
    assert run.run_number == 1
    assert run.origin_run_number is None
    assert run.run_type is LaneRunType.REGULAR
    assert run.status is LaneRunStatus.ACTIVE
    assert run.exception_store_id is None
    assert run.is_rerunable
    assert not run.is_retriable
    assert run.parallel_boxes[0].task_registry == {"d92b861a5edfb08b920e": "1697f7c1f46e0e22"}


def test_the_specs_own_example_parses() -> None:
    example = spec()["components"]["schemas"]["AtmWorkflowExecutionDetails"]["example"]
    router = Router().add("GET", f"{WORKFLOWS}/x", httpx.Response(200, json=example))
    execution = client(router).workflow_executions.get("x")
    assert execution.id == example["atmWorkflowExecutionId"]
    assert execution.start_time is not None
    assert execution.finish_time is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("scheduleTime", "1626107063"),
        ("scheduleTime", -1),
        ("scheduleTime", 10**20),
        ("finishTime", True),
        ("name", 5),
        ("lanes", {}),
        ("storeRegistry", {"a": 1}),
    ],
)
def test_wrongly_typed_fields_are_unexpected(field: str, value: Any) -> None:
    from oneprovider_automation import UnexpectedResponseError

    body = details()
    body[field] = value
    router = Router().add("GET", f"{WORKFLOWS}/e1", httpx.Response(200, json=body))
    with pytest.raises(UnexpectedResponseError, match="not a workflow execution's details"):
        client(router).workflow_executions.get("e1")


def test_schedule_returns_the_id_and_the_location_header() -> None:
    router = Router().add("POST", WORKFLOWS, scheduled("abc"))
    result = client(router).workflow_executions.schedule("s", "w", 3)
    assert result.id == "abc"
    assert result.location == f"{BASE}{WORKFLOWS}/abc"
    assert result.url == f"{BASE}{WORKFLOWS}/abc"


def test_schedule_sends_the_body_through_the_generated_model() -> None:
    router = Router().add("POST", WORKFLOWS, scheduled())
    client(router).workflow_executions.schedule(
        "space",
        "schema",
        3,
        store_initial_content={
            "files": [file_reference("f1"), file_reference("f2")],
            "one": dataset_reference("d1"),
            "range": integer_range(10, step=2),
            "default": None,
        },
        log_level="DEBUG",
        callback="https://me.test/cb",
    )
    (request,) = router.requests
    assert request.headers["X-Auth-Token"] == TOKEN
    assert "authorization" not in request.headers
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {
        "spaceId": "space",
        "atmWorkflowSchemaId": "schema",
        "atmWorkflowSchemaRevisionNumber": 3,
        "storeInitialContentOverlay": {
            "files": [{"fileId": "f1"}, {"fileId": "f2"}],
            "one": {"datasetId": "d1"},
            "range": {"start": 0, "end": 10, "step": 2},
            "default": None,
        },
        "logLevel": "debug",
        "callback": "https://me.test/cb",
    }


def test_optional_fields_are_left_out() -> None:
    router = Router().add("POST", WORKFLOWS, scheduled())
    client(router).workflow_executions.schedule("s", "w", 1)
    assert json.loads(router.requests[0].content) == {
        "spaceId": "s",
        "atmWorkflowSchemaId": "w",
        "atmWorkflowSchemaRevisionNumber": 1,
    }


def test_execution_ids_are_escaped_in_the_path() -> None:
    router = Router().add("GET", f"{WORKFLOWS}/a/b", httpx.Response(200, json=details()))
    client(router).workflow_executions.get("a/b")
    assert router.requests[0].url.raw_path.endswith(b"/workflows/a%2Fb")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"space_id": ""}, ValueError, "space_id must not be empty"),
        ({"space_id": 5}, TypeError, "space_id must be a string"),
        ({"workflow_schema_id": ""}, ValueError, "workflow_schema_id"),
        ({"revision": 0}, ValueError, "revision must be >= 1"),
        ({"revision": "3"}, TypeError, "revision must be an integer"),
        ({"revision": True}, TypeError, "revision must be an integer"),
        ({"log_level": "verbose"}, ValueError, "unknown log level 'verbose'"),
        ({"store_initial_content": {"s": float("nan")}}, ValueError, "must be JSON"),
        ({"store_initial_content": {"s": {1, 2}}}, ValueError, "must be JSON"),
        ({"store_initial_content": [1]}, TypeError, "must map store schema ids"),
        ({"store_initial_content": {1: "x"}}, TypeError, "keys must be store schema ids"),
        ({"callback": ""}, ValueError, "callback must be a URL"),
    ],
)
def test_bad_arguments_fail_before_sending(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    router = Router().add("POST", WORKFLOWS, scheduled())
    arguments: dict[str, Any] = {"space_id": "s", "workflow_schema_id": "w", "revision": 3}
    arguments.update(kwargs)
    with pytest.raises(error, match=match):
        client(router).workflow_executions.schedule(**arguments)
    assert router.requests == []


def test_content_helpers_reject_nonsense() -> None:
    with pytest.raises(ValueError, match="file_id"):
        file_reference("")
    with pytest.raises(ValueError, match="step must not be 0"):
        integer_range(3, step=0)
    with pytest.raises(TypeError, match="end must be an integer"):
        integer_range(2.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("provider.example.com", "https://provider.example.com/api/v3/oneprovider"),
        ("provider.example.com:8443", "https://provider.example.com:8443/api/v3/oneprovider"),
        ("https://provider.example.com/", "https://provider.example.com/api/v3/oneprovider"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000/api/v3/oneprovider"),
        (
            "https://provider.example.com/api/v3/oneprovider/",
            "https://provider.example.com/api/v3/oneprovider",
        ),
        ("https://gw.example.com/onedata", "https://gw.example.com/onedata/api/v3/oneprovider"),
        ("  provider.example.com\n", "https://provider.example.com/api/v3/oneprovider"),
    ],
)
def test_host_is_a_bare_host_or_a_url(host: str, expected: str) -> None:
    assert base_url_for(host) == expected


@pytest.mark.parametrize(
    "host",
    [
        "",
        "   ",
        "ftp://provider.example.com",
        "https://user:pw@provider.example.com",
        "https://h/?q=1",
    ],
)
def test_bad_hosts_are_refused(host: str) -> None:
    with pytest.raises(ValueError, match="host"):
        base_url_for(host)


def test_client_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="timeout=None would wait forever"):
        Oneprovider("h", TOKEN, timeout=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout must be a positive"):
        Oneprovider("h", TOKEN, timeout=0)
    with pytest.raises(ValueError, match="max_retries"):
        Oneprovider("h", TOKEN, max_retries=-1)
    with pytest.raises(ValueError, match="token must not be empty"):
        Oneprovider("h", "")
    with pytest.raises(ValueError, match="printable ASCII") as caught:
        Oneprovider("h", "secret token")
    assert "secret" not in str(caught.value)


def test_a_default_timeout_is_always_set_even_on_an_injected_client() -> None:
    router = Router().add("POST", WORKFLOWS, scheduled())
    c = Oneprovider("h", TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(router)))
    c.workflow_executions.schedule("s", "w", 3)
    timeout = router.requests[0].extensions["timeout"]
    assert timeout == {"connect": 10.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    short = Oneprovider(
        "h", TOKEN, timeout=2, http_client=httpx.Client(transport=httpx.MockTransport(router))
    )
    short.workflow_executions.schedule("s", "w", 3)
    assert set(router.requests[1].extensions["timeout"].values()) == {2.0}


def test_from_env_reads_onedatas_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", "https://p.test:9443")
    monkeypatch.setenv("ONEPROVIDER_API_KEY", TOKEN)
    with Oneprovider.from_env() as c:
        assert c.base_url == "https://p.test:9443/api/v3/oneprovider"
    monkeypatch.delenv("ONEPROVIDER_API_KEY")
    with pytest.raises(ValueError, match="ONEPROVIDER_API_KEY is not set"):
        Oneprovider.from_env()


def test_the_client_closes_only_what_it_created() -> None:
    injected = httpx.Client(transport=httpx.MockTransport(Router()))
    with Oneprovider("h", TOKEN, http_client=injected):
        pass
    assert not injected.is_closed
    with Oneprovider("h", TOKEN) as own:
        pass
    assert own._http.is_closed


def test_parse_callback() -> None:
    event = parse_callback(b'{"atmWorkflowExecutionId": "e1", "status": "finished"}')
    assert event == CallbackEvent(execution_id="e1", status=ExecutionStatus.FINISHED)
    assert parse_callback({"atmWorkflowExecutionId": "e2", "status": "paused"}).status.is_stopped
    cases: list[tuple[bytes | str, str]] = [
        (b"{", "not JSON"),
        ("[]", "must be a JSON object"),
        ('{"status": "finished"}', "lacks 'atmWorkflowExecutionId'"),
        ('{"atmWorkflowExecutionId": "e", "status": "done"}', "unknown status: 'done'"),
        ('{"atmWorkflowExecutionId": 5, "status": "failed"}', "must be a string"),
    ]
    for bad, match in cases:
        with pytest.raises(ValueError, match=match):
            parse_callback(bad)


def test_requests_say_exactly_application_json() -> None:
    # A provider answers 415 to "application/json; charset=utf-8" (cowboy_rest).
    from oneprovider_automation._request import schedule_call

    call = schedule_call(
        BASE,
        space_id="space",
        workflow_schema_id="schema",
        revision=3,
        store_initial_content=None,
        log_level=None,
        callback=None,
        repeatable=False,
    )
    assert call.headers["Content-Type"] == "application/json"


def test_the_execution_url_is_the_one_get_calls() -> None:
    from oneprovider_automation._request import execution_url, get_call

    for execution_id in ("abc", "a/b c", "ü?#"):
        assert execution_url(BASE, execution_id) == get_call(BASE, execution_id).url


# --- phases --------------------------------------------------------------------


def test_each_status_has_the_phase_the_spec_gives_it() -> None:
    text = spec()["components"]["schemas"]["AtmWorkflowExecutionPhase"]["description"]
    groups = dict(re.findall(r"(\w+)\s+\(([^)]*)\)", text))
    assert set(groups) == {phase.value for phase in ExecutionPhase}
    for phase, statuses in groups.items():
        for status in re.findall(r"`(\w+)`", statuses):
            assert ExecutionStatus(status).phase is ExecutionPhase(phase)
    assert sum(len(re.findall(r"`(\w+)`", v)) for v in groups.values()) == len(ExecutionStatus)


def test_suspended_and_ended_are_told_apart() -> None:
    paused = execution_from_json(details(status="paused"))
    failed = execution_from_json(details(status="failed"))
    assert (paused.phase, paused.is_suspended, paused.is_ended) == (
        ExecutionPhase.SUSPENDED,
        True,
        False,
    )
    assert (failed.phase, failed.is_suspended, failed.is_ended) == (
        ExecutionPhase.ENDED,
        False,
        True,
    )
    assert paused.is_stopped
    assert failed.is_stopped


def test_an_execution_without_a_log_store_parses() -> None:
    body = details()
    body["systemAuditLogStoreId"] = None
    assert execution_from_json(body).system_audit_log_store_id is None


def _keys_from_dict_needs(model: Any, sample: dict[str, Any]) -> set[str]:
    needed = set()
    for key in sample:
        trimmed = {k: v for k, v in sample.items() if k != key}
        try:
            model.from_dict(trimmed)
        except KeyError:
            needed.add(key)
    return needed


def test_the_details_parser_needs_the_fields_the_generated_models_need() -> None:
    # The parser reads the JSON itself; the generated models (from the spec)
    # remain the truth of which fields an execution's details must have.
    from oneprovider_client.models import (
        AtmLaneExecution,
        AtmLaneRunDetails,
        AtmParallelBoxExecution,
        AtmWorkflowExecutionDetails,
    )

    body = details()
    lane = body["lanes"][0]
    run = lane["runs"][0]
    box = run["parallelBoxes"][0]
    levels: list[tuple[Any, dict[str, Any], Any]] = [
        (AtmWorkflowExecutionDetails, body, lambda b: b),
        (AtmLaneExecution, lane, lambda b: b["lanes"][0]),
        (AtmLaneRunDetails, run, lambda b: b["lanes"][0]["runs"][0]),
        (AtmParallelBoxExecution, box, lambda b: b["lanes"][0]["runs"][0]["parallelBoxes"][0]),
    ]
    for model, sample, locate in levels:
        needed = _keys_from_dict_needs(model, sample)
        assert needed, model
        for key in sample:
            broken = json.loads(json.dumps(body))
            del locate(broken)[key]
            if key in needed:
                with pytest.raises(ValueError, match=r"missing field|must"):
                    execution_from_json(broken)
            else:
                execution_from_json(broken)


def test_get_does_not_build_the_generated_details_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # Building the generated model first cost more than the rest of a get.
    from oneprovider_client.models import AtmWorkflowExecutionDetails

    built = []
    original = AtmWorkflowExecutionDetails.from_dict.__func__  # type: ignore[attr-defined]

    def counting(cls: Any, src: Any) -> Any:
        built.append(1)
        return original(cls, src)

    monkeypatch.setattr(AtmWorkflowExecutionDetails, "from_dict", classmethod(counting))
    router = Router().add("GET", f"{WORKFLOWS}/e1", httpx.Response(200, json=details()))
    execution = client(router).workflow_executions.get("e1")
    assert execution.id == "e1"
    assert execution.lanes[0].runs[0].run_number == 1
    assert built == []
