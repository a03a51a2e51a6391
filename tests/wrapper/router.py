"""A tiny router for ``httpx.MockTransport``: canned replies per route, requests recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from oneprovider_automation import AsyncOneprovider, Oneprovider

HOST = "provider.test"
BASE = f"https://{HOST}/api/v3/oneprovider"
WORKFLOWS = "/automation/execution/workflows"
TOKEN = "MDAxY2xvY2F0aW9uIG9uZXpvbmUKMDAzMGlkZW50aWZpZXIgMi9ubWQvdXNyLXRva2Vu"

#: A reply: a response, an exception to raise (built with the request), or a function.
Reply = httpx.Response | Callable[[httpx.Request], httpx.Response] | type[httpx.TransportError]


class Router:
    """Routes ``(METHOD, path under the API base)`` to replies, used in order; the last repeats."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._routes: dict[tuple[str, str], list[Reply]] = {}

    def add(self, method: str, path: str, *replies: Reply) -> Router:
        self._routes[(method.upper(), path)] = list(replies)
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path.removeprefix("/api/v3/oneprovider")
        replies = self._routes.get((request.method, path))
        if not replies:
            return httpx.Response(404, text=f"no route for {request.method} {path}")
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if isinstance(reply, type):
            raise reply(f"simulated {reply.__name__}", request=request)
        if isinstance(reply, httpx.Response):
            return reply
        return reply(request)

    def count(self, method: str, path: str) -> int:
        prefix = "/api/v3/oneprovider"
        return sum(1 for r in self.requests if r.method == method and r.url.path == prefix + path)


class Sleeps:
    """Stands in for ``time.sleep``: records delays and advances a fake clock."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self.now = 1000.0

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self(seconds)

    def clock(self) -> float:
        return self.now


def client(router: Router, sleeps: Sleeps | None = None, **options: Any) -> Oneprovider:
    """A sync client over ``router``, sleeping (and telling time) through ``sleeps``."""
    c = Oneprovider(
        HOST, TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(router)), **options
    )
    s = sleeps or Sleeps()
    c._sleep = s
    c._clock = s.clock
    return c


def async_client(router: Router, sleeps: Sleeps | None = None, **options: Any) -> AsyncOneprovider:
    c = AsyncOneprovider(
        HOST,
        TOKEN,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(router)),
        **options,
    )
    s = sleeps or Sleeps()
    c._sleep = s.asleep
    c._clock = s.clock
    return c


def error_body(
    id: str,
    description: str,
    details: dict[str, Any] | None = None,
    ctx: dict[str, Any] | None = None,
) -> dict[str, Any]:
    error: dict[str, Any] = {"id": id, "description": description}
    if details is not None:
        error["details"] = details
    if ctx is not None:
        error["ctx"] = ctx
    return {"error": error}


def scheduled(execution_id: str = "e1") -> httpx.Response:
    return httpx.Response(
        201,
        json={"atmWorkflowExecutionId": execution_id},
        headers={"Location": f"{BASE}{WORKFLOWS}/{execution_id}"},
    )


def details(execution_id: str = "e1", status: str = "active", **times: int) -> dict[str, Any]:
    """An execution's details as a provider sends them (the spec's example, adjusted)."""
    return {
        "atmWorkflowExecutionId": execution_id,
        "atmWorkflowSchemaSnapshotId": "821711ad53ed06be61f175c89bc3ed5cch1890",
        "name": "test execution",
        "atmInventoryId": "2d180796daafcf15d586d29dd13dae48chd5fc",
        "spaceId": "c17147cc3188408c26f522881282cb83ch9853",
        "userId": "08c26cc228812c3188417147f582cb83ch9853",
        "status": status,
        "scheduleTime": times.get("scheduleTime", 1626107063),
        "startTime": times.get("startTime", 1626107064),
        "suspendTime": times.get("suspendTime", 0),
        "finishTime": times.get("finishTime", 0),
        "lambdaSnapshotRegistry": {"e412848d415329d81b7edd15c80b7740chf93f": "3946496fb29e3c"},
        "storeRegistry": {"216a5de15ba9f8f3138168682c3da954212abf": "805392e2b84fb7"},
        "systemAuditLogStoreId": "1439ca4dee1a251483923f4535bca500e72f2a",
        "lanes": [
            {
                "schemaId": "3a1a829f714a41b043c4ce67402d8c136f125f",
                "runs": [
                    {
                        "runNumber": 1,
                        "originRunNumber": None,
                        "runType": "regular",
                        "status": "active",
                        "iteratedStoreId": "1b502545a3f9faa7f1e339f4aea793117be91d",
                        "exceptionStoreId": None,
                        "parallelBoxes": [
                            {
                                "schemaId": "0068146d662adc878f699bf82af08b9ddbd9ab",
                                "taskRegistry": {"d92b861a5edfb08b920e": "1697f7c1f46e0e22"},
                            }
                        ],
                        "isRetriable": False,
                        "isRerunable": True,
                    }
                ],
            }
        ],
    }
