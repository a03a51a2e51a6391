"""list() and list_page(): pages fetched lazily, tokens followed, arguments checked."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from oneprovider_automation import ExecutionPhase, UnexpectedResponseError

from .router import Router, async_client, client
from .space import SPACE, FakeSpace

LIST = f"/spaces/{SPACE}/automation/execution/workflows"


def _space(count: int, status: str = "active") -> FakeSpace:
    space = FakeSpace()
    for n in range(count):
        space.add(f"e{n:04d}", status)
    return space


def _router(space: FakeSpace) -> Router:
    return Router().add("GET", LIST, space)


def test_list_walks_every_page_newest_first() -> None:
    space = _space(25)
    ids = list(client(_router(space)).workflow_executions.list(SPACE, page_size=10))
    assert ids == [f"e{n:04d}" for n in reversed(range(25))]
    assert space.requests["list"] == 3


def test_a_page_is_fetched_only_when_the_previous_one_is_used_up() -> None:
    space = _space(25)
    walk = client(_router(space)).workflow_executions.list(SPACE, page_size=10)
    assert space.requests["list"] == 0
    for _ in range(10):
        next(walk)
    assert space.requests["list"] == 1
    next(walk)
    assert space.requests["list"] == 2


def test_a_full_last_page_is_followed_by_one_empty_page_and_no_more() -> None:
    space = _space(20)
    ids = list(client(_router(space)).workflow_executions.list(SPACE, page_size=10))
    assert len(ids) == 20
    assert space.requests["list"] == 3


def test_limit_caps_the_ids_and_the_page_size_asked_for() -> None:
    space = _space(25)
    router = _router(space)
    ids = list(client(router).workflow_executions.list(SPACE, limit=12, page_size=10))
    assert len(ids) == 12
    assert [r.url.params["limit"] for r in router.requests] == ["10", "2"]
    assert list(client(router).workflow_executions.list(SPACE, limit=0)) == []
    assert len(router.requests) == 2


def test_phase_is_sent_and_accepted_as_enum_or_string() -> None:
    space = _space(3, "paused")
    router = _router(space)
    c = client(router)
    assert len(list(c.workflow_executions.list(SPACE, phase=ExecutionPhase.SUSPENDED))) == 3
    assert len(list(c.workflow_executions.list(SPACE, phase="suspended"))) == 3
    assert list(c.workflow_executions.list(SPACE)) == []
    assert [r.url.params["phase"] for r in router.requests] == ["suspended"] * 2 + ["ongoing"]


def test_list_page_gives_the_token_and_takes_it_back() -> None:
    space = _space(3)
    c = client(_router(space))
    first = c.workflow_executions.list_page(SPACE, limit=2)
    assert first.ids == ("e0002", "e0001")
    assert not first.is_last
    assert first.phase is ExecutionPhase.ONGOING
    assert first.next_page_token
    second = c.workflow_executions.list_page(SPACE, limit=2, token=first.next_page_token)
    assert second.ids == ("e0000",)
    assert second.is_last
    assert second.next_page_token is None


@pytest.mark.parametrize(
    ("arguments", "error", "named"),
    [
        ({"phase": "running"}, ValueError, "phase"),
        ({"limit": -1}, ValueError, "limit"),
        ({"page_size": 1001}, ValueError, "page_size"),
        ({"page_size": 0}, ValueError, "page_size"),
        ({"limit": "5"}, TypeError, "limit"),
    ],
)
def test_list_arguments_are_checked_at_once(
    arguments: dict[str, object], error: type[Exception], named: str
) -> None:
    router = Router()
    with pytest.raises(error, match=named):
        client(router).workflow_executions.list(SPACE, **arguments)  # type: ignore[arg-type]
    assert router.requests == []


@pytest.mark.parametrize(
    ("arguments", "named"),
    [({"limit": 0}, "limit"), ({"token": ""}, "token"), ({"offset": 1.5}, "offset")],
)
def test_list_page_arguments_are_checked(arguments: dict[str, object], named: str) -> None:
    router = Router()
    with pytest.raises((ValueError, TypeError), match=named):
        client(router).workflow_executions.list_page(SPACE, **arguments)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="space_id"):
        client(router).workflow_executions.list_page("")
    assert router.requests == []


def test_a_page_without_a_token_that_is_not_last_is_unexpected() -> None:
    body = {"atmWorkflowExecutions": ["e1"], "nextPageToken": None, "isLast": False}
    router = Router().add("GET", LIST, httpx.Response(200, json=body))
    with pytest.raises(UnexpectedResponseError, match="no nextPageToken"):
        list(client(router).workflow_executions.list(SPACE))


def test_a_token_given_twice_stops_the_walk() -> None:
    body = {"atmWorkflowExecutions": ["e1"], "nextPageToken": "abc", "isLast": False}
    router = Router().add("GET", LIST, httpx.Response(200, json=body))
    with pytest.raises(UnexpectedResponseError, match="already given"):
        list(client(router).workflow_executions.list(SPACE, page_size=1))
    assert len(router.requests) == 2


def test_async_list_is_an_async_iterator() -> None:
    space = _space(15)

    async def scenario() -> list[str]:
        async with async_client(_router(space)) as c:
            return [i async for i in c.workflow_executions.list(SPACE, page_size=10, limit=11)]

    assert len(asyncio.run(scenario())) == 11
    assert space.requests["list"] == 2
