"""The seed page (Onedata's documentation of the schedule endpoint), parsed.

A copy of the page lives in ``tests/data``; these helpers pull out its curl
request body (with the shell variables filled in), its answer and its error
example, so tests can hold the spec, the mock and the clients to it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

SEED_PAGE = Path(__file__).parent / "data" / "seed-schedule-workflow-execution.txt"

#: Ids put in place of the page's ``$SPACE_ID`` and ``$ATM_WORKFLOW_SCHEMA_ID``
#: when no others are given: the ids of the spec's example and the mock's default world.
SPACE_ID = "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c"
ATM_WORKFLOW_SCHEMA_ID = "5f29b45b5ea0fb2e6c0f1a8f9cde7a1cchb2a4"


def page() -> str:
    return SEED_PAGE.read_text(encoding="utf-8")


def curl_body_text(space_id: str = SPACE_ID, schema_id: str = ATM_WORKFLOW_SCHEMA_ID) -> str:
    """The curl request's ``-d`` argument as the shell would pass it."""
    match = re.search(r"-d '(\{.*?\n\})'", page(), re.DOTALL)
    assert match, "no curl -d body on the seed page"
    text = match.group(1)
    return text.replace("'$SPACE_ID'", space_id).replace("'$ATM_WORKFLOW_SCHEMA_ID'", schema_id)


def request_body(
    space_id: str = SPACE_ID, schema_id: str = ATM_WORKFLOW_SCHEMA_ID
) -> dict[str, Any]:
    body = json.loads(curl_body_text(space_id, schema_id))
    assert isinstance(body, dict)
    return body


def response_body() -> dict[str, Any]:
    match = re.search(r'^(\{"atmWorkflowExecutionId".*\})$', page(), re.MULTILINE)
    assert match, "no response body on the seed page"
    body = json.loads(match.group(1))
    assert isinstance(body, dict)
    return body


def error_example() -> dict[str, Any]:
    match = re.search(r"Example\n(\{.*?\n\}\n\}\n\})", page(), re.DOTALL)
    assert match, "no error example on the seed page"
    body = json.loads(match.group(1))
    assert isinstance(body, dict)
    return body
