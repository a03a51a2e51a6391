"""Our clients, pointed at ``prism mock`` of our spec, schedule, read and act on executions.

Prism answers from the spec's examples, so this holds the wrapper, the generated client
and the examples to an implementation of the spec that this project did not write. Every
exchange is also checked for the violations Prism reports (``sl-violations``).
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from oneprovider_automation import (
    AsyncOneprovider,
    ExecutionStatus,
    Oneprovider,
    WorkflowExecution,
)
from oneprovider_client import AuthenticatedClient, Client
from oneprovider_client.api.workflow_execution import (
    get_workflow_execution_details,
    schedule_workflow_execution,
)
from oneprovider_client.models import (
    AtmWorkflowExecutionDetails,
    AtmWorkflowExecutionScheduleRequest,
    AtmWorkflowExecutionScheduleResponse,
)

from contract_tests.prism import mounted_spec, violations
from contract_tests.target import (
    DEFAULT_REVISION,
    DEFAULT_SPACE_ID,
    DEFAULT_STORE_INITIAL_CONTENT,
    DEFAULT_WORKFLOW_SCHEMA_ID,
)

TOKEN = "prism-accepts-any-token"
SCHEDULE = "/api/v3/oneprovider/automation/execution/workflows"


def _created_example() -> tuple[str, str]:
    """The id and Location of the spec's 201 example."""
    created = mounted_spec()["paths"][SCHEDULE]["post"]["responses"]["201"]
    execution_id = created["content"]["application/json"]["example"]["atmWorkflowExecutionId"]
    return execution_id, created["headers"]["Location"]["example"]


def _details_example() -> dict[str, Any]:
    example = mounted_spec()["components"]["schemas"]["AtmWorkflowExecutionDetails"]["example"]
    assert isinstance(example, dict)
    return example


class ViolationLog:
    """Collects what Prism reports about each response (an httpx response hook)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int, list[dict[str, Any]]]] = []

    def __call__(self, response: httpx.Response) -> None:
        request = response.request
        self.seen.append(
            (
                f"{request.method} {request.url.path}",
                response.status_code,
                violations(response.headers),
            )
        )

    async def async_hook(self, response: httpx.Response) -> None:
        self(response)

    def assert_clean(self, requests: int) -> None:
        assert len(self.seen) == requests, self.seen
        assert [v for _, _, v in self.seen if v] == [], self.seen


def test_wrapper_schedules_and_gets_from_prism(prism_mock: str) -> None:
    log = ViolationLog()
    expected_id, expected_location = _created_example()
    with (
        httpx.Client(event_hooks={"response": [log]}) as http,
        Oneprovider(prism_mock, TOKEN, http_client=http, max_retries=0) as client,
    ):
        scheduled = client.workflow_executions.schedule(
            DEFAULT_SPACE_ID,
            DEFAULT_WORKFLOW_SCHEMA_ID,
            DEFAULT_REVISION,
            store_initial_content=DEFAULT_STORE_INITIAL_CONTENT,
            log_level="debug",
            # prism mock runs the spec's callback when it answers 201: a loopback
            # URL keeps it on this machine (nothing listens on port 9).
            callback="http://127.0.0.1:9/execution-callback",
        )
        assert scheduled.id == expected_id
        assert scheduled.location == expected_location
        execution = client.workflow_executions.get(scheduled.id)
    example = _details_example()
    assert execution.id == example["atmWorkflowExecutionId"]
    assert execution.status is ExecutionStatus(example["status"])
    assert execution.space_id == example["spaceId"]
    assert dict(execution.store_registry) == example["storeRegistry"]
    assert [lane.schema_id for lane in execution.lanes] == [
        lane["schemaId"] for lane in example["lanes"]
    ]
    assert execution.raw == example
    log.assert_clean(requests=2)


def test_async_wrapper_schedules_and_gets_from_prism(prism_mock: str) -> None:
    log = ViolationLog()
    expected_id, _ = _created_example()

    async def schedule_and_get() -> tuple[str, WorkflowExecution]:
        async with (
            httpx.AsyncClient(event_hooks={"response": [log.async_hook]}) as http,
            AsyncOneprovider(prism_mock, TOKEN, http_client=http, max_retries=0) as client,
        ):
            scheduled = await client.workflow_executions.schedule(
                DEFAULT_SPACE_ID, DEFAULT_WORKFLOW_SCHEMA_ID, DEFAULT_REVISION
            )
            return scheduled.id, await client.workflow_executions.get(scheduled.id)

    execution_id, execution = asyncio.run(schedule_and_get())
    assert execution_id == expected_id
    assert execution.raw == _details_example()
    log.assert_clean(requests=2)


@pytest.mark.parametrize("auth", ["bearer", "x-auth-token"])
def test_generated_client_schedules_and_gets_from_prism(prism_mock: str, auth: str) -> None:
    log = ViolationLog()
    httpx_args = {"event_hooks": {"response": [log]}}
    client: Client | AuthenticatedClient
    if auth == "bearer":
        client = AuthenticatedClient(base_url=prism_mock, token=TOKEN, httpx_args=httpx_args)
    else:
        client = Client(base_url=prism_mock, headers={"X-Auth-Token": TOKEN}, httpx_args=httpx_args)
    body = AtmWorkflowExecutionScheduleRequest.from_dict(
        {
            "spaceId": DEFAULT_SPACE_ID,
            "atmWorkflowSchemaId": DEFAULT_WORKFLOW_SCHEMA_ID,
            "atmWorkflowSchemaRevisionNumber": str(DEFAULT_REVISION),
            "storeInitialContentOverlay": dict(DEFAULT_STORE_INITIAL_CONTENT),
        }
    )
    with client:
        created = schedule_workflow_execution.sync_detailed(client=client, body=body)
        assert created.status_code == 201
        assert isinstance(created.parsed, AtmWorkflowExecutionScheduleResponse)
        execution_id = created.parsed.atm_workflow_execution_id
        assert execution_id == _created_example()[0]
        details = get_workflow_execution_details.sync_detailed(wid=execution_id, client=client)
    assert details.status_code == 200
    assert isinstance(details.parsed, AtmWorkflowExecutionDetails)
    assert details.parsed.to_dict() == _details_example()
    log.assert_clean(requests=2)


def test_wrapper_drives_every_other_operation_against_prism(prism_mock: str) -> None:
    log = ViolationLog()
    listing = mounted_spec()["components"]["schemas"]["AtmWorkflowExecutionList"]["example"]
    with (
        httpx.Client(event_hooks={"response": [log]}) as http,
        Oneprovider(prism_mock, TOKEN, http_client=http, max_retries=0) as client,
    ):
        executions = client.workflow_executions
        page = executions.list_page(DEFAULT_SPACE_ID, phase="ended", limit=3)
        assert list(page.ids) == listing["atmWorkflowExecutions"]
        assert page.next_page_token == listing["nextPageToken"]
        execution_id = page.ids[0]
        executions.cancel(execution_id)
        executions.pause(execution_id)
        executions.resume(execution_id)
        executions.force_continue(execution_id)
        executions.rerun(execution_id, lane_index=1, lane_run_number=1)
        executions.retry(execution_id, lane_index=2, lane_run_number=3)
        entries = list(
            executions.audit_log(execution_id, store_id="1439ca4dee1a251483923f4535bca500e72f2a")
        )
        executions.delete(execution_id)
    dump = mounted_spec()["components"]["schemas"]["AuditLogDump"]["example"]
    assert [entry.description for entry in entries] == [e["content"]["description"] for e in dump]
    # Nine operations, and a read of the details before each of rerun and retry (to tell,
    # should the answer be lost, whether the new run was made).
    log.assert_clean(requests=11)
