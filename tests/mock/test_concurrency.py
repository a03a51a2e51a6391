"""Many clients at once against the threaded server: every schedule counted once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from oneprovider_mock.pytest_plugin import MockProviderFactory

from tests import seed
from tests.mock.helpers import SCHEDULE_URL, checked_client

SCHEDULES = 2_000
CLIENTS = 32


def test_2000_schedules_from_32_clients(oneprovider_mock_factory: MockProviderFactory) -> None:
    provider = oneprovider_mock_factory()
    headers = {"X-Auth-Token": provider.token}
    body = seed.request_body()
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    with checked_client(provider.url, limits=limits) as client, ThreadPoolExecutor(CLIENTS) as pool:

        def schedule(_: int) -> tuple[int, str]:
            response = client.post(SCHEDULE_URL, json=body, headers=headers)
            return response.status_code, response.json().get("atmWorkflowExecutionId", "")

        def get(wid: str) -> tuple[int, str]:
            response = client.get(f"{SCHEDULE_URL}/{wid}", headers=headers)
            return response.status_code, response.json().get("atmWorkflowExecutionId", "")

        scheduled = list(pool.map(schedule, range(SCHEDULES)))
        assert {status for status, _ in scheduled} == {201}
        ids = {wid for _, wid in scheduled}
        assert len(ids) == SCHEDULES
        fetched = list(pool.map(get, sorted(ids)))
    assert {status for status, _ in fetched} == {200}
    assert {wid for _, wid in fetched} == ids
    assert set(provider.world.executions) == ids
