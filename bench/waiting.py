"""Requests ``wait_all`` makes to wait for many executions, against one GET each a poll.

The mock runs in-process (``httpx.ASGITransport``): its own list and details
code, page limits included, with the requests counted by an httpx event
hook. Its space holds 5,000 older ended executions and the 1,000 waited
for, all scheduled, that end in equal parts at each poll: the sleep
between two polls (the client's, replaced) ends the next part, so the wait
makes exactly ``polls`` polls and nothing depends on time.

The ratio is the brief's measure: the requests ``wait_all`` made until all
1,000 had ended, over 1,000 x the polls it made (what a loop getting every
execution on every poll would send; that baseline is counted, not run).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import httpx

from bench._harness import Comparison, Samples

HISTORY = 5000


def requests_made(*, executions: int, polls: int, history: int = HISTORY) -> Counter[str]:
    """The list and get requests of one ``wait_all(until="ended")`` over ``polls`` polls."""
    from oneprovider_automation import AsyncOneprovider
    from oneprovider_mock import create_app

    app = create_app(phase_seconds=0)  # the history ends at once
    backend = app.backend
    world = backend.world
    token = world.default_token
    request = world.example_request()
    body = json.dumps(request).encode()
    for _ in range(history):
        backend.schedule(token=token, body=body)
    backend.set_phase_seconds(3600)  # ours stay scheduled until told to end
    ids = [backend.schedule(token=token, body=body).id for _ in range(executions)]
    per_poll = -(-executions // polls)
    ended = 0
    counted: Counter[str] = Counter()

    def end_next_part() -> None:
        nonlocal ended
        for execution_id in ids[ended : ended + per_poll]:
            backend.set_execution_phase_seconds(execution_id, 0)
        ended += per_poll
        counted["polls"] += 1

    async def count(sent: httpx.Request) -> None:
        counted["list" if "/spaces/" in sent.url.path else "get"] += 1

    async def between_polls(seconds: float) -> None:
        end_next_part()

    async def wait() -> None:
        http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), event_hooks={"request": [count]}
        )
        async with AsyncOneprovider("http://mock.test", token, http_client=http) as client:
            client._sleep = between_polls  # the wait's sleeps end executions instead
            end_next_part()  # the first part has ended by the first poll
            done = await client.workflow_executions.wait_all(
                request["spaceId"], ids, until="ended", timeout=None
            )
            if len(done) != executions:
                raise RuntimeError(f"wait_all returned {len(done)} of {executions} executions")

    try:
        asyncio.run(wait())
    finally:
        backend.close()
    return counted


def run(*, executions: int, polls: tuple[int, ...]) -> list[Comparison]:
    rows = []
    for asked in polls:
        made = requests_made(executions=executions, polls=asked)
        requests, count = made["list"] + made["get"], made["polls"]
        rows.append(
            Comparison(
                benchmark=f"wait_all, {executions} executions ending over {count} polls",
                contender=f"wait_all ({made['list']} lists, {made['get']} gets)",
                baseline="1 GET per execution per poll",
                contender_samples=Samples((float(requests),)),
                baseline_samples=Samples((float(executions * count),)),
                unit="requests",
                target=0.05,
            )
        )
    return rows
