"""End to end over loopback against ``oneprovider-mock``.

Sync: one schedule at a time, the wrapper against a raw ``httpx.Client``.
Async: a batch of schedules at a fixed concurrency, ``AsyncOneprovider``
against a raw ``httpx.AsyncClient`` doing the same requests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx

from bench._harness import Comparison, Samples, alternate, per_call
from bench._servers import SEED_OVERLAY, Running, mock_server, schedule_body

PATH = "/automation/execution/workflows"


def _sync(target: Running, *, rounds: int, calls: int) -> Comparison:
    from oneprovider_automation import Oneprovider

    body = schedule_body(target)
    host = target.api_url.removesuffix("/api/v3/oneprovider")
    with (
        Oneprovider(host=host, token=target.token) as client,
        httpx.Client(base_url=target.api_url, headers={"X-Auth-Token": target.token}) as raw,
    ):

        def wrapper() -> object:
            return client.workflow_executions.schedule(
                target.space_id,
                target.schema_id,
                target.revision,
                store_initial_content=SEED_OVERLAY,
                log_level="info",
            )

        def baseline() -> object:
            response = raw.post(PATH, json=body)
            response.raise_for_status()
            return response.json()["atmWorkflowExecutionId"]

        c, b = alternate(
            lambda: per_call(wrapper, calls), lambda: per_call(baseline, calls), rounds=rounds
        )
    return Comparison(
        benchmark="loopback, sync, per call",
        contender="Oneprovider.schedule",
        baseline="httpx.Client.post",
        contender_samples=c,
        baseline_samples=b,
        unit="s",
        target=1.05,
    )


async def _in_batches(call: Callable[[], Awaitable[object]], total: int, concurrency: int) -> float:
    """Seconds to make ``total`` calls with at most ``concurrency`` in flight."""
    queue = iter(range(total))

    async def worker() -> None:
        for _ in queue:
            await call()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start


def _async(target: Running, *, rounds: int, total: int, concurrency: int) -> Comparison:
    from oneprovider_automation import AsyncOneprovider

    body = schedule_body(target)
    host = target.api_url.removesuffix("/api/v3/oneprovider")
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def measure() -> tuple[list[float], list[float]]:
        async with (
            AsyncOneprovider(
                host=host,
                token=target.token,
                http_client=httpx.AsyncClient(limits=limits, timeout=30.0),
            ) as client,
            httpx.AsyncClient(
                base_url=target.api_url,
                headers={"X-Auth-Token": target.token},
                limits=limits,
                timeout=30.0,
            ) as raw,
        ):

            async def wrapper() -> object:
                return await client.workflow_executions.schedule(
                    target.space_id,
                    target.schema_id,
                    target.revision,
                    store_initial_content=SEED_OVERLAY,
                    log_level="info",
                )

            async def baseline() -> object:
                response = await raw.post(PATH, json=body)
                response.raise_for_status()
                return response.json()["atmWorkflowExecutionId"]

            ours: list[float] = []
            theirs: list[float] = []
            await _in_batches(wrapper, concurrency, concurrency)  # warm up both pools
            await _in_batches(baseline, concurrency, concurrency)
            for i in range(rounds):
                sides = [(ours, wrapper), (theirs, baseline)]
                for samples, call in sides if i % 2 == 0 else reversed(sides):
                    samples.append(await _in_batches(call, total, concurrency) / total)
            return ours, theirs

    ours, theirs = asyncio.run(measure())
    return Comparison(
        benchmark=f"loopback, async, {total} at concurrency {concurrency}",
        contender="AsyncOneprovider.schedule",
        baseline="httpx.AsyncClient.post",
        contender_samples=Samples(tuple(ours)),
        baseline_samples=Samples(tuple(theirs)),
        unit="s",
        target=1.05,
    )


def run(*, rounds: int, calls: int, total: int, concurrency: int) -> list[Comparison]:
    with mock_server(cores="0") as target:
        return [
            _sync(target, rounds=rounds, calls=calls),
            _async(target, rounds=rounds, total=total, concurrency=concurrency),
        ]
