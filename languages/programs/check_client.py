"""The scenario, run with the generated Python client (``oneprovider_openapi``).

Reads the scenario's JSON (api url, token, seed request, ids) from the file
named by the first argument and prints what it saw as one JSON object.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from oneprovider_openapi import ApiClient, Configuration, WorkflowExecutionApi
from oneprovider_openapi.exceptions import ApiException
from oneprovider_openapi.models import (
    AtmWorkflowExecutionPhase,
    AtmWorkflowExecutionScheduleRequest,
    AtmWorkflowSchemaRevisionNumber,
    ErrorJson,
)


def _api(url: str, token: str) -> WorkflowExecutionApi:
    config = Configuration(host=url, api_key={"xAuthToken": token})
    return WorkflowExecutionApi(ApiClient(config))


def _error(call: Any) -> dict[str, Any]:
    try:
        call()
    except ApiException as err:
        body = ErrorJson.from_json(err.body)
        assert body is not None
        ctx = body.error.ctx
        return {
            "status": err.status,
            "id": body.error.id,
            "timestamp": None if ctx is None else ctx.timestamp,
        }
    raise AssertionError("no error")


def main(path: str) -> None:
    with open(path, encoding="utf-8") as file:
        scenario = json.load(file)
    api = _api(scenario["apiUrl"], scenario["token"])
    seed = scenario["seed"]
    # The seed read from JSON, as a receiver of requests would.
    read = AtmWorkflowExecutionScheduleRequest.from_dict(seed)
    assert read is not None
    # The revision, a oneOf of an integer and a numeric string, takes its wrapper.
    request = AtmWorkflowExecutionScheduleRequest(
        space_id=seed["spaceId"],
        atm_workflow_schema_id=seed["atmWorkflowSchemaId"],
        atm_workflow_schema_revision_number=AtmWorkflowSchemaRevisionNumber(
            seed["atmWorkflowSchemaRevisionNumber"]
        ),
    )
    scheduled = api.schedule_workflow_execution(request).atm_workflow_execution_id
    statuses = {
        wid: api.get_workflow_execution_details(wid).status.value
        for wid in [scheduled, *scenario["executions"]]
    }
    page = api.list_workflow_executions(
        scenario["spaceId"], phase=AtmWorkflowExecutionPhase.WAITING, limit=1000
    )
    api.cancel_workflow_execution(scheduled)
    after_cancel = api.get_workflow_execution_details(scheduled).status.value
    bad = _api(scenario["apiUrl"], "not-a-token")
    result = {
        "scheduled": scheduled,
        "requestRoundTrips": read.to_dict() == seed,
        "statuses": statuses,
        "listed": scheduled in page.atm_workflow_executions,
        "afterCancel": after_cancel,
        "unauthorized": _error(lambda: bad.get_workflow_execution_details(scheduled)),
        "stateError": _error(lambda: api.cancel_workflow_execution(scenario["endedId"])),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
