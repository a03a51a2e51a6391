"""The whole Workflow execution tag against the mock provider, answers lost on the way included."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from oneprovider_automation import (
    AsyncOneprovider,
    ExecutionEndedError,
    ExecutionNotEndedError,
    ExecutionNotResumableError,
    ExecutionNotStoppedError,
    ExecutionPhase,
    ExecutionStatus,
    ExecutionSuspendedError,
    InvalidStatusTransitionError,
    LaneRunNotRepeatableError,
    LaneRunType,
    NotFoundError,
    Oneprovider,
    UnlistedExecutionsError,
)
from oneprovider_mock import MockProvider, World, create_app
from oneprovider_mock.pytest_plugin import MockProviderFactory

EVERY_STATE = "executions-in-every-state"


def wid(prefix: str) -> str:
    """An execution of the executions-in-every-state world by its two hex digits."""
    return f"{prefix}{'e' * 30}ch0000"


class LosingTransport(httpx.BaseTransport):
    """Sends every request on, but loses the answer to the first ``lose`` that match."""

    def __init__(self, inner: httpx.BaseTransport, method: str, path_end: str, lose: int = 1):
        self.inner = inner
        self.sent: list[str] = []
        self._match = (method, path_end)
        self._lose = lose

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(f"{request.method} {request.url.path.rsplit('/', 1)[-1]}")
        response = self.inner.handle_request(request)
        method, path_end = self._match
        if request.method == method and request.url.path.endswith(path_end) and self._lose:
            self._lose -= 1
            response.read()
            response.close()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


@pytest.fixture
def every_state(oneprovider_mock_factory: MockProviderFactory) -> MockProvider:
    return oneprovider_mock_factory(World.named(EVERY_STATE), phase_seconds=None)


def _client(provider: MockProvider, transport: httpx.BaseTransport | None = None) -> Oneprovider:
    http = httpx.Client(transport=transport) if transport else None
    client = Oneprovider(provider.url, provider.token, http_client=http)
    client._sleep = lambda _seconds: None
    return client


def test_every_phase_lists_its_executions_page_by_page(every_state: MockProvider) -> None:
    space = every_state.world.defaults.space_id
    with _client(every_state) as client:
        listed = {
            phase: list(client.workflow_executions.list(space, phase=phase, page_size=2))
            for phase in ExecutionPhase
        }
        whole = list(client.workflow_executions.list(space, phase="ended"))
    assert sorted(listed[ExecutionPhase.WAITING]) == [wid("01"), wid("02")]
    assert sorted(listed[ExecutionPhase.ONGOING]) == [wid("03"), wid("04"), wid("05")]
    assert sorted(listed[ExecutionPhase.SUSPENDED]) == [wid("06"), wid("07"), wid("0d")]
    assert listed[ExecutionPhase.ENDED] == whole
    assert len(whole) == 5


@pytest.mark.parametrize(
    ("action", "execution", "arguments", "error"),
    [
        ("cancel", "08", {}, ExecutionEndedError),
        ("pause", "06", {}, InvalidStatusTransitionError),
        ("resume", "01", {}, ExecutionNotResumableError),
        ("force_continue", "0a", {}, ExecutionNotResumableError),
        ("delete", "03", {}, ExecutionNotStoppedError),
        ("rerun", "03", {"lane_index": 1, "lane_run_number": 1}, ExecutionNotEndedError),
        ("retry", "0a", {"lane_index": 2, "lane_run_number": 1}, LaneRunNotRepeatableError),
        ("rerun", "08", {"lane_index": 1, "lane_run_number": 9}, NotFoundError),
    ],
)
def test_a_provider_refusal_is_a_typed_error_naming_the_execution(
    every_state: MockProvider,
    action: str,
    execution: str,
    arguments: dict[str, Any],
    error: type[Exception],
) -> None:
    with _client(every_state) as client, pytest.raises(error) as caught:
        getattr(client.workflow_executions, action)(wid(execution), **arguments)
    assert wid(execution) in str(caught.value)


def test_pause_wait_resume_cancel(every_state: MockProvider) -> None:
    with _client(every_state) as client:
        executions = client.workflow_executions
        executions.pause(wid("03"))
        with pytest.raises(ExecutionSuspendedError, match="resume"):
            executions.wait(wid("03"), until="ended", timeout=10)
        paused = executions.wait(wid("03"))
        assert (paused.status, paused.phase) == (ExecutionStatus.PAUSED, ExecutionPhase.SUSPENDED)
        assert paused.is_suspended
        executions.resume(wid("03"))
        assert executions.get(wid("03")).phase in (ExecutionPhase.WAITING, ExecutionPhase.ONGOING)
        executions.cancel(wid("03"))
        ended = executions.wait(wid("03"), until="ended", timeout=10)
    assert ended.status is ExecutionStatus.CANCELLED
    assert ended.is_ended


@pytest.mark.parametrize(
    ("action", "method", "execution", "status"),
    [
        ("cancel", "POST", "03", "cancelled"),
        ("cancel", "POST", "06", "cancelled"),
        ("pause", "POST", "03", "paused"),
        ("resume", "POST", "06", None),
        ("force_continue", "POST", "09", None),
        ("delete", "DELETE", "08", None),
    ],
)
def test_an_action_whose_answer_is_lost_is_retried_and_succeeds(
    every_state: MockProvider, action: str, method: str, execution: str, status: str | None
) -> None:
    path_end = wid(execution) if action == "delete" else f"/{action}"
    transport = LosingTransport(httpx.HTTPTransport(), method, path_end)
    with _client(every_state, transport) as client:
        getattr(client.workflow_executions, action)(wid(execution))
        assert transport.sent.count(f"{method} {path_end.strip('/')}") == 2
        if action == "delete":
            with pytest.raises(NotFoundError):
                client.workflow_executions.get(wid(execution))
        elif status is not None:
            stopped = client.workflow_executions.wait(wid(execution), timeout=10)
            assert stopped.status.value == status
        else:
            phase = client.workflow_executions.get(wid(execution)).phase
            assert phase in (ExecutionPhase.WAITING, ExecutionPhase.ONGOING)


@pytest.mark.parametrize(("action", "execution"), [("rerun", "08"), ("retry", "09")])
def test_a_rerun_whose_answer_is_lost_is_sent_once_and_seen_applied(
    every_state: MockProvider, action: str, execution: str
) -> None:
    transport = LosingTransport(httpx.HTTPTransport(), "POST", f"/{action}")
    with _client(every_state, transport) as client:
        getattr(client.workflow_executions, action)(wid(execution), lane_index=1, lane_run_number=1)
        after = client.workflow_executions.get(wid(execution))
    assert transport.sent.count(f"POST {action}") == 1
    newest = after.lanes[0].runs[0]
    assert newest.run_type is LaneRunType(action)
    assert newest.origin_run_number == 1


def test_audit_log_and_save_against_the_provider(every_state: MockProvider, tmp_path: Path) -> None:
    with _client(every_state) as client:
        entries = list(client.workflow_executions.audit_log(wid("0b")))
        saved = client.workflow_executions.save_audit_log(wid("0b"), tmp_path)
    assert entries
    assert [e.index for e in entries] == list(range(len(entries)))
    assert entries[0].description == "Scheduled execution."
    assert saved.entries == len(entries)
    assert saved.path.name == saved.provider_filename
    assert saved.path.name.startswith(f"{wid('0b')[:12]}.audit_log.WORKFLOW-SYSTEM-AUDIT-LOG.")
    assert len(json.loads(saved.path.read_bytes())) == len(entries)


def test_wait_all_against_the_provider(every_state: MockProvider) -> None:
    space = every_state.world.defaults.space_id
    with _client(every_state) as client:
        client.workflow_executions.cancel(wid("03"))
        done = client.workflow_executions.wait_all(
            space, [wid("03"), wid("06"), wid("08")], timeout=30
        )
        with pytest.raises(UnlistedExecutionsError) as caught:
            client.workflow_executions.wait_all(space, [wid("08"), wid("ff")], timeout=30)
    assert [e.status.value for e in done.values()] == ["cancelled", "paused", "finished"]
    assert caught.value.missing == (wid("ff"),)


def test_async_in_process() -> None:
    world = World.named(EVERY_STATE)
    app = create_app(world)

    async def scenario(token: str) -> tuple[list[str], int, ExecutionStatus]:
        transport = httpx.ASGITransport(app=app)
        async with AsyncOneprovider(
            "http://provider.test", token, http_client=httpx.AsyncClient(transport=transport)
        ) as client:
            executions = client.workflow_executions
            space = world.defaults.space_id
            waiting = [i async for i in executions.list(space, phase="waiting")]
            entries = [e async for e in executions.audit_log(wid("08"))]
            await executions.cancel(wid("01"))
            done = await executions.wait_all(space, [wid("01")], poll_interval=0.01, timeout=30)
            return waiting, len(entries), done[wid("01")].status

    waiting, entries, status = asyncio.run(scenario(world.default_token))
    assert sorted(waiting) == [wid("01"), wid("02")]
    assert entries >= 1
    assert status is ExecutionStatus.CANCELLED
