"""A fake space for ``httpx.MockTransport``: executions, their phase lists (paged), details.

It serves the list route as a provider does (newest first, ``limit``,
``nextPageToken``, a full page followed by an empty last one) and the details
route, counting every request, so that tests count requests instead of timing.
"""

from __future__ import annotations

import base64
from collections import Counter
from typing import Any

import httpx

from .router import details, error_body

SPACE = "c17147cc3188408c26f522881282cb83ch9853"
OTHER_SPACE = "0ther47cc3188408c26f522881282cb83ch9853"

PHASE_OF = {
    "scheduled": "waiting",
    "resuming": "waiting",
    "active": "ongoing",
    "stopping": "ongoing",
    "paused": "suspended",
    "interrupted": "suspended",
    "finished": "ended",
    "failed": "ended",
    "cancelled": "ended",
    "crashed": "ended",
}


class FakeSpace:
    """Executions by id: ``status`` and a ``stamp`` (bigger is newer in its phase list)."""

    def __init__(self) -> None:
        self.status: dict[str, str] = {}
        self.stamp: dict[str, int] = {}
        self.space: dict[str, str] = {}
        self.requests: Counter[str] = Counter()
        self._clock = 0

    def add(self, execution_id: str, status: str, *, space: str = SPACE) -> None:
        self.set(execution_id, status)
        self.space[execution_id] = space

    def set(self, execution_id: str, status: str) -> None:
        self._clock += 1
        self.status[execution_id] = status
        self.stamp[execution_id] = self._clock

    def remove(self, execution_id: str) -> None:
        del self.status[execution_id]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v3/oneprovider")
        if path == f"/spaces/{SPACE}/automation/execution/workflows":
            self.requests["list"] += 1
            return self._page(request)
        prefix = "/automation/execution/workflows/"
        if request.method == "GET" and path.startswith(prefix):
            self.requests["get"] += 1
            execution_id = path.removeprefix(prefix)
            if execution_id not in self.status:
                return httpx.Response(404, json=error_body("notFound", "Not found."))
            body = details(execution_id, self.status[execution_id])
            body["spaceId"] = self.space[execution_id]
            return httpx.Response(200, json=body)
        return httpx.Response(404, text=f"no route for {request.method} {path}")

    def _page(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        phase = params.get("phase", "ongoing")
        limit = int(params.get("limit", "1000"))
        listed = sorted(
            (i for i, s in self.status.items() if PHASE_OF[s] == phase and self.space[i] == SPACE),
            key=lambda i: -self.stamp[i],
        )
        start = 0
        if "token" in params:
            after = base64.urlsafe_b64decode(params["token"] + "==").decode()
            start = listed.index(after) + 1 if after in listed else len(listed)
        ids = listed[start : start + limit]
        is_last = len(ids) < limit
        token = None if is_last else base64.urlsafe_b64encode(ids[-1].encode()).decode()
        body: dict[str, Any] = {
            "atmWorkflowExecutions": ids,
            "nextPageToken": token and token.rstrip("="),
            "isLast": is_last,
        }
        return httpx.Response(200, json=body)
