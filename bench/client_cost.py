"""Client cost per call, in-process: no network, the same canned answers.

Every operation of ``client.workflow_executions`` is sent through
``httpx.MockTransport`` twice: through the wrapper, and the way a careful
user would with a bare ``httpx.Client`` (the same method, URL,
``X-Auth-Token`` header and body; ``response.json()`` for an answer with a
body). What the wrapper adds (argument checks, building the request through
the generated operation modules, parsing into typed models, error mapping,
retry bookkeeping) is the ratio. The generated client's ``sync_detailed`` for
schedule is measured too, for information.

``rerun`` and ``retry`` get the execution before sending (to tell, after a
lost answer, whether the new lane run was made); their baseline sends the
same two requests. The audit-log row reads a dump of ``DUMP_ENTRIES``
entries into typed entries against ``response.json()`` of the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from bench._harness import Comparison, alternate, per_call

HOST = "https://provider.test"
API = f"{HOST}/api/v3/oneprovider"
TOKEN = "bench-token"
SPACE = "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c"
SCHEMA = "5f29b45b5ea0fb2e6c0f1a8f9cde7a1cchb2a4"
EXECUTION = "11a53ed06d175c89bc3ed5be61f8217cch1890"
STORE = "1439ca4dee1a251483923f4535bca500e72f2a"
WORKFLOWS = "/automation/execution/workflows"
OVERLAY = {"de6d2e524459dd235f80aa8652a68879b5dbe9": [{"fileId": "f1"}, {"fileId": "f2"}]}
BODY = {
    "spaceId": SPACE,
    "atmWorkflowSchemaId": SCHEMA,
    "atmWorkflowSchemaRevisionNumber": 3,
    "storeInitialContentOverlay": OVERLAY,
    "logLevel": "info",
}
#: Ids on a page of ``list`` (a provider's pages hold up to 1,000).
PAGE_IDS = 100
#: Entries of the audit-log dump.
DUMP_ENTRIES = 50
SELECTOR = {"laneIndex": 1, "laneRunNumber": 1}


def _run(number: int, status: str) -> dict[str, Any]:
    return {
        "runNumber": number,
        "originRunNumber": None,
        "runType": "regular",
        "status": status,
        "iteratedStoreId": "1b502545a3f9faa7f1e339f4aea793117be91d",
        "exceptionStoreId": "2c502545a3f9faa7f1e339f4aea793117be91d",
        "parallelBoxes": [
            {
                "schemaId": f"0068146d662adc878f699bf82af08b9ddbd9a{box}",
                "taskRegistry": {f"d92b861a5edfb08b920{box}": f"1697f7c1f46e0e2{box}"},
            }
            for box in range(2)
        ],
        "isRetriable": False,
        "isRerunable": True,
    }


#: An execution of two lanes as a provider sends it (the first lane run twice).
DETAILS = {
    "atmWorkflowExecutionId": EXECUTION,
    "atmWorkflowSchemaSnapshotId": "821711ad53ed06be61f175c89bc3ed5cch1890",
    "name": "bench execution",
    "atmInventoryId": "2d180796daafcf15d586d29dd13dae48chd5fc",
    "spaceId": SPACE,
    "userId": "08c26cc228812c3188417147f582cb83ch9853",
    "status": "failed",
    "scheduleTime": 1626107063,
    "startTime": 1626107064,
    "suspendTime": 0,
    "finishTime": 1626107090,
    "lambdaSnapshotRegistry": {"e412848d415329d81b7edd15c80b7740chf93f": "3946496fb29e3c"},
    "storeRegistry": {"216a5de15ba9f8f3138168682c3da954212abf": "805392e2b84fb7"},
    "systemAuditLogStoreId": STORE,
    "lanes": [
        {"schemaId": "3a1a829f714a41b043c4ce67402d8c136f125f", "runs": [_run(2, "failed")]},
        {"schemaId": "4a1a829f714a41b043c4ce67402d8c136f125f", "runs": [_run(1, "finished")]},
    ],
}
PAGE = {
    "atmWorkflowExecutions": [f"{i:034d}ch1890" for i in range(PAGE_IDS)],
    "nextPageToken": None,
    "isLast": True,
}
DUMP = [
    {
        "index": str(i),
        "timestamp": 1626107064000 + i,
        "severity": "info",
        "source": None if i % 2 else "user",
        "content": {"description": f"task {i} done", "details": {"item": i}},
    }
    for i in range(DUMP_ENTRIES)
]

_JSON = {"content-type": "application/json"}
_EXECUTION_PATH = f"{WORKFLOWS}/{EXECUTION}"
_ANSWERS: dict[tuple[str, str], tuple[int, dict[str, str], bytes]] = {
    ("POST", WORKFLOWS): (
        201,
        {**_JSON, "location": f"{API}{_EXECUTION_PATH}"},
        json.dumps({"atmWorkflowExecutionId": EXECUTION}).encode(),
    ),
    ("GET", _EXECUTION_PATH): (200, _JSON, json.dumps(DETAILS).encode()),
    ("DELETE", _EXECUTION_PATH): (204, {}, b""),
    ("GET", f"/spaces/{SPACE}{WORKFLOWS}"): (200, _JSON, json.dumps(PAGE).encode()),
    ("GET", f"/automation/execution/stores/{STORE}/dump"): (
        200,
        {"content-type": "application/octet-stream"},
        json.dumps(DUMP).encode(),
    ),
    **{
        ("POST", f"{_EXECUTION_PATH}/{action}"): (204, {}, b"")
        for action in ("cancel", "pause", "resume", "force_continue", "rerun", "retry")
    },
}
_PREFIX = len("/api/v3/oneprovider")


def _answer(request: httpx.Request) -> httpx.Response:
    status, headers, content = _ANSWERS[request.method, request.url.path[_PREFIX:]]
    return httpx.Response(status, headers=headers, content=content)


def _http_client() -> httpx.Client:
    return httpx.Client(
        base_url=API,
        transport=httpx.MockTransport(_answer),
        headers={"X-Auth-Token": TOKEN},
        timeout=30.0,
    )


Calls = dict[str, Callable[[], object]]


def _wrapper_calls() -> Calls:
    from oneprovider_automation import Oneprovider

    executions = Oneprovider(host=HOST, token=TOKEN, http_client=_http_client()).workflow_executions
    return {
        "schedule": lambda: executions.schedule(
            SPACE, SCHEMA, 3, store_initial_content=OVERLAY, log_level="info"
        ),
        "get": lambda: executions.get(EXECUTION),
        "list": lambda: list(executions.list(SPACE, page_size=PAGE_IDS)),
        "cancel": lambda: executions.cancel(EXECUTION),
        "pause": lambda: executions.pause(EXECUTION),
        "resume": lambda: executions.resume(EXECUTION),
        "force_continue": lambda: executions.force_continue(EXECUTION),
        "rerun": lambda: executions.rerun(EXECUTION, lane_index=1, lane_run_number=1),
        "retry": lambda: executions.retry(EXECUTION, lane_index=1, lane_run_number=1),
        "delete": lambda: executions.delete(EXECUTION),
        "audit_log": lambda: list(executions.audit_log(EXECUTION, store_id=STORE)),
    }


def _raw_calls() -> Calls:
    http = _http_client()

    def schedule() -> object:
        response = http.post(WORKFLOWS, json=BODY)
        response.raise_for_status()
        return response.json()["atmWorkflowExecutionId"], response.headers["location"]

    def get() -> object:
        response = http.get(_EXECUTION_PATH)
        response.raise_for_status()
        return response.json()

    def listing() -> object:
        response = http.get(
            f"/spaces/{SPACE}{WORKFLOWS}",
            params={"phase": "ongoing", "limit": PAGE_IDS, "offset": 0},
        )
        response.raise_for_status()
        return response.json()["atmWorkflowExecutions"]

    def action(name: str) -> Callable[[], object]:
        path = f"{_EXECUTION_PATH}/{name}"
        return lambda: http.post(path).raise_for_status()

    def repeat(name: str) -> Callable[[], object]:
        path = f"{_EXECUTION_PATH}/{name}"

        def call() -> object:
            before = get()
            http.post(path, json=SELECTOR).raise_for_status()
            return before

        return call

    def delete() -> object:
        return http.delete(_EXECUTION_PATH).raise_for_status()

    def audit_log() -> object:
        response = http.get(
            f"/automation/execution/stores/{STORE}/dump",
            headers={"Accept": "application/octet-stream"},
        )
        response.raise_for_status()
        return response.json()

    return {
        "schedule": schedule,
        "get": get,
        "list": listing,
        **{name: action(name) for name in ("cancel", "pause", "resume", "force_continue")},
        "rerun": repeat("rerun"),
        "retry": repeat("retry"),
        "delete": delete,
        "audit_log": audit_log,
    }


#: What the baseline of each operation sends.
_BASELINES = {
    "schedule": "httpx.Client.post + json()",
    "get": "httpx.Client.get + json()",
    "list": "httpx.Client.get + json()",
    "delete": "httpx.Client.delete",
    "rerun": "httpx get + json(), post",
    "retry": "httpx get + json(), post",
    "audit_log": "httpx.Client.get + json()",
}


def _generated_schedule() -> Callable[[], object]:
    from oneprovider_client import Client
    from oneprovider_client.api.workflow_execution import schedule_workflow_execution
    from oneprovider_client.models import AtmWorkflowExecutionScheduleRequest

    client = Client(base_url=API).set_httpx_client(_http_client())

    def call() -> object:
        body = AtmWorkflowExecutionScheduleRequest.from_dict(BODY)
        return schedule_workflow_execution.sync_detailed(client=client, body=body)

    return call


def _timed(fn: Callable[[], object], calls: int) -> Callable[[], float]:
    return lambda: per_call(fn, calls)


def _row(
    contender: str, baseline: str, c: Callable[[], object], b: Callable[[], object], **kw: Any
) -> Comparison:
    rounds, calls, target = kw["rounds"], kw["calls"], kw["target"]
    c_samples, b_samples = alternate(_timed(c, calls), _timed(b, calls), rounds=rounds)
    return Comparison(
        benchmark="client cost per call (MockTransport)",
        contender=contender,
        baseline=baseline,
        contender_samples=c_samples,
        baseline_samples=b_samples,
        unit="s",
        target=target,
    )


def run(*, rounds: int, calls: int) -> list[Comparison]:
    """One row per operation (target 1.10), and the generated client's schedule (no target)."""
    wrapper, raw = _wrapper_calls(), _raw_calls()
    rows = [
        _row(
            f"Oneprovider.workflow_executions.{name}",
            _BASELINES.get(name, "httpx.Client.post"),
            wrapper[name],
            raw[name],
            rounds=rounds,
            calls=calls,
            target=1.10,
        )
        for name in wrapper
    ]
    rows.append(
        _row(
            "schedule_workflow_execution.sync_detailed",
            _BASELINES["schedule"],
            _generated_schedule(),
            raw["schedule"],
            rounds=rounds,
            calls=calls,
            target=None,
        )
    )
    return rows
