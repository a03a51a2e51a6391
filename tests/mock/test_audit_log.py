"""The workflow's audit log and its dump (op-worker ``atm_store_dump_download_handler.erl``,
``atm_store_dump_download_utils.erl``, ``atm_workflow_execution_handler.erl``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from oneprovider_mock import MockApp, World

from tests import seed
from tests.mock.helpers import SCHEDULE_URL, InProcessTransport, checked_client, token

ALICE = World.default().default_token
DUMP = "/api/v3/oneprovider/automation/execution/stores/{}/dump"


@pytest.fixture
def api(app: MockApp) -> Iterator[httpx.Client]:
    with checked_client("http://testserver", transport=InProcessTransport(app)) as client:
        yield client


def scheduled(api: httpx.Client, **extra: Any) -> dict[str, Any]:
    response = api.post(
        SCHEDULE_URL, json=seed.request_body() | extra, headers={"X-Auth-Token": ALICE}
    )
    assert response.status_code == 201, response.text
    wid = response.json()["atmWorkflowExecutionId"]
    details: dict[str, Any] = api.get(
        f"{SCHEDULE_URL}/{wid}", headers={"X-Auth-Token": ALICE}
    ).json()
    return details


def dump(api: httpx.Client, store_id: str, **headers: str) -> httpx.Response:
    return api.get(DUMP.format(store_id), headers={"X-Auth-Token": ALICE, **headers})


def test_a_finished_execution_logs_as_a_provider_does(make_app: Any) -> None:
    app = make_app(phase_seconds=0)
    with checked_client("http://testserver", transport=InProcessTransport(app)) as api:
        details = scheduled(api)
        response = dump(api, details["systemAuditLogStoreId"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    disposition = response.headers["content-disposition"]
    assert re.fullmatch(
        rf'attachment; filename="{details["atmWorkflowExecutionId"][:12]}\.audit_log\.'
        r'WORKFLOW-SYSTEM-AUDIT-LOG\.\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.json"',
        disposition,
    ), disposition
    # "[", each entry followed by CRLF, a comma before every entry after the first, "]".
    text = response.text
    assert text.startswith("[{")
    assert text.endswith("}\r\n]")
    assert "\r\n,{" in text
    entries = json.loads(text)
    assert [e["index"] for e in entries] == [str(i) for i in range(len(entries))]
    assert [(e["severity"], e["content"]["description"]) for e in entries] == [
        ("notice", "Scheduled execution."),
        ("info", "[Lane: 1, Run: 1] Prepared."),
        ("info", "[Lane: 1, Run: 1] Stopped."),
        ("info", "[Lane: 2, Run: 1] Prepared."),
        ("info", "[Lane: 2, Run: 1] Stopped."),
        ("notice", "Stopped execution."),
    ]
    assert entries[0]["content"]["details"] == {
        "scheduledLaneRunSelector": {"laneIndex": 1, "RunNumber": 1}
    }
    assert entries[-1]["content"]["details"] == {"status": "finished"}
    assert all(isinstance(e["timestamp"], int) for e in entries)
    assert entries[0]["timestamp"] // 1000 == details["scheduleTime"]


def test_stop_and_resume_entries_and_the_log_level(make_app: Any) -> None:
    app = make_app(phase_seconds=3600)
    with checked_client("http://testserver", transport=InProcessTransport(app)) as api:
        details = scheduled(api)
        wid = details["atmWorkflowExecutionId"]
        headers = {"X-Auth-Token": ALICE}
        assert api.post(f"{SCHEDULE_URL}/{wid}/pause", headers=headers).status_code == 204
        app.backend.set_execution_phase_seconds(wid, 0)
        assert api.post(f"{SCHEDULE_URL}/{wid}/resume", headers=headers).status_code == 204
        entries = dump(api, details["systemAuditLogStoreId"]).json()
        quiet = scheduled(api, logLevel="notice")
        quiet_entries = dump(api, quiet["systemAuditLogStoreId"]).json()
    described = [(e["content"]["description"], e["content"].get("details")) for e in entries]
    assert described[:5] == [
        ("Scheduled execution.", {"scheduledLaneRunSelector": {"laneIndex": 1, "RunNumber": 1}}),
        ("Stopping execution...", {"reason": "pause"}),
        ("[Lane: 1, Run: 1] Initiating stop...", {"reason": "pause"}),
        ("[Lane: 1, Run: 1] Stopped.", None),
        ("Stopped execution.", {"status": "paused"}),
    ]
    assert described[5] == (
        "Resuming execution...",
        {"scheduledLaneRunSelector": {"laneIndex": 1, "RunNumber": 1}},
    )
    assert described[-1] == ("Stopped execution.", {"status": "finished"})
    # Below the execution's log level nothing is written.
    assert {e["severity"] for e in quiet_entries} == {"notice"}


def test_a_rerun_is_logged_with_the_requested_and_the_new_selector(make_app: Any) -> None:
    world = World.named("executions-in-every-state")
    app = make_app(world, phase_seconds=0)
    wid = "09" + "e" * 30 + "ch0000"
    with checked_client("http://testserver", transport=InProcessTransport(app)) as api:
        response = api.post(
            f"{SCHEDULE_URL}/{wid}/retry",
            json={"laneIndex": 1, "laneRunNumber": 1},
            headers={"X-Auth-Token": ALICE},
        )
        assert response.status_code == 204
        assert (
            api.post(f"{SCHEDULE_URL}/{wid}/cancel", headers={"X-Auth-Token": ALICE}).status_code
            == 400
        )
        entries = dump(api, world.executions[wid].system_audit_log_store_id).json()
    retry = next(e for e in entries if "manual" in e["content"]["description"])
    assert retry["severity"] == "notice"
    assert retry["content"] == {
        "description": "[Lane: 1, Run: 1] Scheduled manual retry.",
        "details": {
            "repeatType": "retry",
            "scheduledLaneRunSelector": {"laneIndex": 1, "RunNumber": 2},
        },
    }


def test_accept_must_allow_octet_stream(api: httpx.Client) -> None:
    store = scheduled(api)["systemAuditLogStoreId"]
    for accept in ("*/*", "application/*", "application/octet-stream"):
        assert dump(api, store, Accept=accept).status_code == 200, accept
    assert dump(api, store, Accept="application/json").status_code == 406


def test_checks_in_the_providers_order(api: httpx.Client) -> None:
    details = scheduled(api)
    store = details["systemAuditLogStoreId"]
    guest = api.get(DUMP.format(store))
    assert guest.status_code == 401
    assert api.get(DUMP.format("nope")).status_code == 401
    assert dump(api, "nope").status_code == 404
    # carol holds view but is not in the inventory; dave is in it without view.
    for user in ("carol", "dave"):
        response = api.get(DUMP.format(store), headers={"X-Auth-Token": token(user)})
        assert response.status_code == 403, user
    list_store = next(iter(details["storeRegistry"].values()))
    response = dump(api, list_store)
    assert response.status_code == 400
    assert response.json()["error"]["id"] == "notSupported"


def test_the_store_of_a_deleted_execution_is_gone(make_app: Any) -> None:
    app = make_app(phase_seconds=0)
    with checked_client("http://testserver", transport=InProcessTransport(app)) as api:
        details = scheduled(api)
        wid = details["atmWorkflowExecutionId"]
        assert (
            api.delete(f"{SCHEDULE_URL}/{wid}", headers={"X-Auth-Token": ALICE}).status_code == 204
        )
        assert dump(api, details["systemAuditLogStoreId"]).status_code == 404


def test_a_long_log_streams_whole(make_app: Any) -> None:
    app = make_app(phase_seconds=0)
    with checked_client("http://testserver", transport=InProcessTransport(app)) as api:
        details = scheduled(api)
        execution = app.backend.world.executions[details["atmWorkflowExecutionId"]]
        for i in range(250):
            execution.log("info", f"entry {i}")
        entries = dump(api, details["systemAuditLogStoreId"]).json()
    assert len(entries) == 256
    assert entries[-1]["content"] == {"description": "entry 249"}
