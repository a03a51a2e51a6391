"""The scenario each client runs against the mock, and what it must see.

The mock serves the world ``executions-in-every-state`` on 127.0.0.1: one
execution in each status, held until acted on. A client schedules the spec's
seed request, reads the details of it and of every execution there, lists the
waiting phase, cancels its execution, and decodes a 401 (a bad token) and a
state error (cancelling a finished execution), each with ``ctx``. The mock
records the ``Content-Type`` of every request with a body (a provider answers
``application/json; charset=utf-8`` with 415).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from oneprovider_mock.http._app import MockApp
from oneprovider_mock.http._server import MockProvider
from oneprovider_mock.world._world import World
from starlette.types import Receive, Scope, Send

WORLD = "executions-in-every-state"
EXECUTIONS = tuple(f"{n:02x}{'e' * 30}ch0000" for n in range(1, 14))
FINISHED = EXECUTIONS[7]
BAD_TOKEN = "not-a-token"
CHARSET_CONTENT_TYPE = "application/json; charset=utf-8"
HTTP_TIMEOUT_S = 10.0
#: An error's ``ctx.timestamp`` is in milliseconds: past 32 bits.
INT32_MAX = 2**31 - 1


class RecordingApp(MockApp):
    """The mock, noting the ``Content-Type`` of each request that has one."""

    def __init__(self, app: MockApp, content_types: list[str]) -> None:
        super().__init__(app.backend)
        self.content_types = content_types

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name == b"content-type":
                    self.content_types.append(value.decode("latin-1"))
        await super().__call__(scope, receive, send)


@dataclass
class Mock:
    """The running mock, what a client needs to call it, and what it recorded."""

    provider: MockProvider
    content_types: list[str] = field(default_factory=list)

    def scenario(self, seed: dict[str, Any]) -> dict[str, Any]:
        return {
            "apiUrl": self.provider.api_url,
            "token": self.provider.token,
            "seed": seed,
            "spaceId": seed["spaceId"],
            "executions": list(EXECUTIONS),
            "endedId": FINISHED,
        }

    def take_content_types(self) -> list[str]:
        taken = list(self.content_types)
        self.content_types.clear()
        return taken


@contextmanager
def serve() -> Iterator[Mock]:
    """The mock on 127.0.0.1, a fresh world of executions in every status; stopped after."""
    provider = MockProvider(World.named(WORLD))
    content_types: list[str] = []
    provider.app = RecordingApp(provider.app, content_types)
    with provider:
        yield Mock(provider, content_types)


def seed_request(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec's own example request of schedule (``seed``)."""
    operation = spec["paths"]["/automation/execution/workflows"]["post"]
    value = operation["requestBody"]["content"]["application/json"]["examples"]["seed"]["value"]
    assert isinstance(value, dict)
    return value


def statuses(spec: dict[str, Any]) -> set[str]:
    return set(spec["components"]["schemas"]["AtmWorkflowExecutionStatus"]["enum"])


def record_bodies(mock: Mock, seed: dict[str, Any], folder: Path) -> None:
    """Write what the mock answers in the scenario, for the clients that decode offline."""
    folder.mkdir(parents=True, exist_ok=True)
    api = mock.provider.api_url
    good = {"X-Auth-Token": mock.provider.token}
    with httpx.Client(base_url=api, timeout=HTTP_TIMEOUT_S) as http:

        def keep(name: str, response: httpx.Response, status: int) -> None:
            assert response.status_code == status, (name, response.status_code, response.text)
            (folder / f"{name}.json").write_bytes(response.content)

        for wid in EXECUTIONS:
            keep(
                f"details-{wid}",
                http.get(f"/automation/execution/workflows/{wid}", headers=good),
                200,
            )
        keep(
            "list",
            http.get(
                f"/spaces/{seed['spaceId']}/automation/execution/workflows",
                params={"phase": "ended"},
                headers=good,
            ),
            200,
        )
        keep(
            "error-unauthorized",
            http.get(
                f"/automation/execution/workflows/{FINISHED}", headers={"X-Auth-Token": BAD_TOKEN}
            ),
            401,
        )
        keep(
            "error-state",
            http.post(f"/automation/execution/workflows/{FINISHED}/cancel", headers=good),
            400,
        )
        # The control: what a client that sends a charset meets (OkHttp, Java's default).
        charset = {"Content-Type": CHARSET_CONTENT_TYPE} | good
        refused = http.post(
            "/automation/execution/workflows", content=json.dumps(seed), headers=charset
        )
        assert refused.status_code == 415, (CHARSET_CONTENT_TYPE, refused.status_code)
    (folder / "request-seed.json").write_text(json.dumps(seed), encoding="utf-8")
    (folder / "request-string-revision.json").write_text(
        json.dumps(seed | {"atmWorkflowSchemaRevisionNumber": "3"}), encoding="utf-8"
    )


def check_run(result: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    """What is wrong in the output of a client that ran the scenario over HTTP."""
    problems = []
    seen = set(result["statuses"].values())
    if seen != statuses(spec):
        problems.append(
            f"statuses read {sorted(seen)}, expected every one of {sorted(statuses(spec))}"
        )
    if result["statuses"].get(result["scheduled"]) != "scheduled":
        problems.append(
            f"the new execution read as {result['statuses'].get(result['scheduled'])!r}"
        )
    if not result["requestRoundTrips"]:
        problems.append("the seed request read from JSON does not write back the same")
    if not result["listed"]:
        problems.append("the new execution is not in the waiting list")
    if result["afterCancel"] not in ("stopping", "cancelled"):
        problems.append(f"after cancel the execution is {result['afterCancel']!r}")
    problems += _check_error(result["unauthorized"], 401, "unauthorized")
    problems += _check_error(result["stateError"], 400, "atmWorkflowExecutionEnded")
    return problems


def _check_error(seen: dict[str, Any], status: int, error_id: str) -> list[str]:
    problems = []
    if seen.get("status", status) != status or seen["id"] != error_id:
        problems.append(f"expected {status} {error_id}, decoded {seen}")
    timestamp = seen.get("timestamp")
    if not isinstance(timestamp, int) or timestamp <= INT32_MAX:
        problems.append(f"ctx.timestamp of {error_id} decoded as {timestamp!r}, not milliseconds")
    return problems


def check_decoded(result: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    """What is wrong in the output of a client that decoded the recorded bodies."""
    problems = []
    seen = set(result["statuses"].values())
    if set(result["statuses"]) != set(EXECUTIONS) or seen != statuses(spec):
        problems.append(
            f"statuses decoded {sorted(seen)}, expected every one of {sorted(statuses(spec))}"
        )
    if result["listed"] < 1:
        problems.append("the ended list decoded empty")
    problems += _check_error(
        result["errors"].get("error-unauthorized", {"id": None}), 401, "unauthorized"
    )
    problems += _check_error(
        result["errors"].get("error-state", {"id": None}), 400, "atmWorkflowExecutionEnded"
    )
    # Go keeps "3" a string; Jackson (Java) coerces it to the anyOf's first branch, 3.
    revisions = result["revisions"]
    if revisions.get("request-seed") != 3 or revisions.get("request-string-revision") not in (
        "3",
        3,
    ):
        problems.append(f"revisions read from requests: {revisions}")
    if json.loads(result["encoded"])["atmWorkflowSchemaRevisionNumber"] != 3:
        problems.append(f"the revision 3 is sent as {result['encoded']}")
    if not result.get("scheduled"):
        problems.append("scheduling the seed gave no id")
    return problems
