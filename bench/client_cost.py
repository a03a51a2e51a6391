"""Client cost per call, in-process: no network, the same canned answer.

Three ways to schedule the same request through ``httpx.MockTransport``:
the wrapper, the generated client, and a raw ``httpx.Client.post``. What the
wrapper adds over raw httpx (building the body, parsing, error mapping,
retry bookkeeping) is the ratio.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx

from bench._harness import Comparison, alternate, per_call

HOST = "https://provider.test"
API = f"{HOST}/api/v3/oneprovider"
TOKEN = "bench-token"
SPACE = "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c"
SCHEMA = "5f29b45b5ea0fb2e6c0f1a8f9cde7a1cchb2a4"
EXECUTION = "11a53ed06d175c89bc3ed5be61f8217cch1890"
CREATED_BODY = json.dumps({"atmWorkflowExecutionId": EXECUTION}).encode()
CREATED_HEADERS = {
    "content-type": "application/json",
    "location": f"{API}/automation/execution/workflows/{EXECUTION}",
}
OVERLAY = {"de6d2e524459dd235f80aa8652a68879b5dbe9": [{"fileId": "f1"}, {"fileId": "f2"}]}
BODY = {
    "spaceId": SPACE,
    "atmWorkflowSchemaId": SCHEMA,
    "atmWorkflowSchemaRevisionNumber": 3,
    "storeInitialContentOverlay": OVERLAY,
    "logLevel": "info",
}


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(201, headers=CREATED_HEADERS, content=CREATED_BODY)


def _http_client() -> httpx.Client:
    return httpx.Client(
        base_url=API,
        transport=httpx.MockTransport(_answer),
        headers={"X-Auth-Token": TOKEN},
        timeout=30.0,
    )


def _wrapper_call() -> Callable[[], object]:
    from oneprovider_automation import Oneprovider

    client = Oneprovider(host=HOST, token=TOKEN, http_client=_http_client())

    def call() -> object:
        return client.workflow_executions.schedule(
            SPACE, SCHEMA, 3, store_initial_content=OVERLAY, log_level="info"
        )

    return call


def _generated_call() -> Callable[[], object]:
    from oneprovider_client import Client
    from oneprovider_client.api.workflow_execution import schedule_workflow_execution
    from oneprovider_client.models import AtmWorkflowExecutionScheduleRequest

    client = Client(base_url=API).set_httpx_client(_http_client())

    def call() -> object:
        body = AtmWorkflowExecutionScheduleRequest.from_dict(BODY)
        return schedule_workflow_execution.sync_detailed(client=client, body=body)

    return call


def _raw_call() -> Callable[[], object]:
    client = _http_client()

    def call() -> object:
        response = client.post("/automation/execution/workflows", json=BODY)
        response.raise_for_status()
        return response.json()["atmWorkflowExecutionId"], response.headers["location"]

    return call


def _timed(fn: Callable[[], object], calls: int) -> Callable[[], float]:
    return lambda: per_call(fn, calls)


def run(*, rounds: int, calls: int) -> list[Comparison]:
    wrapper, generated, raw = _wrapper_call(), _generated_call(), _raw_call()
    results = []
    for name, contender in (
        ("Oneprovider.workflow_executions.schedule", wrapper),
        ("schedule_workflow_execution.sync_detailed", generated),
    ):
        c, b = alternate(_timed(contender, calls), _timed(raw, calls), rounds=rounds)
        results.append(
            Comparison(
                benchmark="client cost per call (MockTransport)",
                contender=name,
                baseline="httpx.Client.post",
                contender_samples=c,
                baseline_samples=b,
                unit="s",
                target=1.10 if contender is wrapper else None,
            )
        )
    return results
