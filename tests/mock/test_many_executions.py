"""Many executions: answers stay those of the simple walk-everything rules, and a
request touches only what it needs (the executions that fell due, one phase list).

The oracle is the mock's first implementation, kept here: every request advanced
every execution in the order they were added, and a page sorted every execution
of the space. Both backends replay the same random operations on a fake clock,
with ids drawn from the same seed, and must answer the same.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from oneprovider_mock import World, _backend
from oneprovider_mock._backend import Backend
from oneprovider_mock.world import _ids, _listing, _operations
from oneprovider_mock.world._executions import WORKFLOW_SYSTEM_AUDIT_LOG, WorkflowExecution
from oneprovider_mock.world._onedata_error import OnedataError

WORLD = World.named("executions-in-every-state")
PHASES = ("waiting", "ongoing", "suspended", "ended")
ACTIONS = ("cancel", "pause", "resume", "force_continue", "rerun", "retry")


class FakeClock:
    """Stands in for the ``time`` module the backend reads the clock from."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now


class CallbackRecorder:
    """Stands in for the dispatcher: records what it is told, sends nothing."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.on_wake: Any = None

    def expect(self, *args: Any) -> None:
        self.calls.append(("expect", *args))

    def stopped(self, *args: Any) -> None:
        self.calls.append(("stopped", *args))

    def clear(self) -> None:
        self.calls.append(("clear",))

    def close(self) -> None:
        pass


def oracle_page(world: World, space_id: str, query: _listing.ListQuery) -> dict[str, Any]:
    """The page as the first implementation built it: every execution of the space, sorted."""
    names = sorted(
        (_listing.link_name(e), e.id)
        for e in world.executions.values()
        if e.space_id == space_id and not e.deleted and e.phase == query.phase
    )
    keys = [name for name, _ in names]
    offset = query.offset
    if query.token is not None:
        start_name = _listing._decode_token(query.token)
        start, offset = bisect_left(keys, start_name), offset + 1
    elif query.index is not None:
        start = bisect_left(keys, query.index)
    else:
        start, offset = 0, max(offset, 0)
    first = max(0, start + offset)
    page = names[first : first + query.limit]
    is_last = len(page) < query.limit
    return {
        "atmWorkflowExecutions": [execution_id for _, execution_id in page],
        "nextPageToken": None if is_last else _listing.encode_token(page[-1][0]),
        "isLast": is_last,
    }


def oracle_find_store(world: World, store_id: str) -> Any:
    """The store as the first implementation found it: looking through every execution."""
    for execution in world.executions.values():
        if execution.deleted:
            continue
        if store_id == execution.system_audit_log_store_id:
            return execution, WORKFLOW_SYSTEM_AUDIT_LOG, "auditLog", execution.audit_log
        for schema_id, instance_id in execution.store_registry.items():
            if instance_id == store_id:
                name, store_type = execution.store_schemas.get(schema_id, (schema_id, "list"))
                content = execution.store_initial_content.get(schema_id)
                return execution, name, store_type, _operations._user_log(execution, content)
        for lane_runs in execution.runs:
            for run in lane_runs:
                if store_id == run.exception_store_id:
                    return execution, store_id[:12], "list", []
    return None


class OracleBackend(Backend):
    """The backend with the first implementation's advance and listing."""

    def _advance(self, now: float) -> None:
        for execution in self._world.executions.values():
            if execution.due is not None and execution.due <= now:
                self._report(execution, execution.advance(now))

    def list_executions(
        self, space_id: str, *, token: str | None, query_string: str = ""
    ) -> dict[str, Any]:
        query = _listing.sanitize_list_query(query_string)
        self.advance()
        with self._lock:
            # The checks before the page are the same code; only the page is the oracle's.
            _listing.list_executions(
                self._world, token=token, space_id=space_id, query=_listing.ListQuery(limit=1)
            )
            return oracle_page(self._world, space_id, query)

    def audit_log_dump(self, store_id: str, *, token: str | None) -> _operations.AuditLogDump:
        found = _operations._find_store
        _operations._find_store = oracle_find_store
        try:
            return super().audit_log_dump(store_id, token=token)
        finally:
            _operations._find_store = found


def _answer(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return ("ok", call(*args, **kwargs))
    except OnedataError as err:
        return ("error", err.http_status, err.id)
    except (KeyError, ValueError) as err:
        return ("refused", type(err).__name__)


def replay(backend: Backend, clock: FakeClock, *, seed: int, steps: int) -> Iterator[Any]:
    """Random schedules, actions, deletes, clock jumps and reads; yields every answer."""
    rng = random.Random(seed)
    world = backend.world
    token = world.default_token
    space = world.defaults.space_id
    for step in range(steps):
        ids = list(world.executions)
        roll = rng.random()
        if roll < 0.30 or not ids:
            body = world.example_request()
            if rng.random() < 0.3:
                body["callback"] = f"http://127.0.0.1:9/cb/{step}"
            backend.set_phase_seconds(rng.choice([0.0, 0.5, 1.0, 2.0, 30.0]))
            scheduled = _answer(backend.schedule, token=token, body=json.dumps(body).encode())
            yield ("ok", scheduled[1].id) if scheduled[0] == "ok" else scheduled
        elif roll < 0.50:
            action = rng.choice(ACTIONS)
            wid = rng.choice(ids)
            selector = {"laneIndex": rng.randint(1, 2), "laneRunNumber": 1}
            yield _answer(backend.act, action, wid, token=token, body=json.dumps(selector).encode())
        elif roll < 0.55:
            wid = rng.choice(ids)
            yield _answer(backend.delete, wid, token=token)
        elif roll < 0.58:
            wid = rng.choice(ids)
            yield _answer(backend.crash, wid)
        elif roll < 0.60:
            wid = rng.choice(ids)
            yield _answer(backend.interrupt, wid)
        elif roll < 0.62:
            wid = rng.choice(ids)
            seconds = rng.choice([0.0, 0.25, 5.0])
            yield _answer(backend.set_execution_phase_seconds, wid, seconds)
        elif roll < 0.66:
            execution = world.executions[rng.choice(ids)]
            stores = [
                execution.system_audit_log_store_id,
                *execution.store_registry.values(),
                *(r.exception_store_id for runs in execution.runs for r in runs),
                "0" * 38,
            ]
            store = rng.choice([s for s in stores if s is not None])
            yield _answer(backend.audit_log_dump, store, token=token)
        elif roll < 0.75:
            clock.now += rng.choice([0.0, 0.1, 0.5, 1.0, 3.0])
        elif roll < 0.85:
            wid = rng.choice(ids)
            yield _answer(backend.execution_details, wid, token=token)
        else:
            phase = rng.choice(PHASES)
            params = [f"phase={phase}", f"limit={rng.randint(1, 7)}"]
            first = backend.list_executions(space, token=token, query_string=params[0])
            names = first["atmWorkflowExecutions"]
            if names and rng.random() < 0.4:
                # A token of an entry that may have moved or gone since.
                picked = world.executions[rng.choice(names)]
                params.append("token=" + _listing.encode_token(_listing.link_name(picked)))
            elif rng.random() < 0.3:
                params.append(f"index={rng.randint(8199999990, 8200000010)}")
            if rng.random() < 0.5:
                params.append(f"offset={rng.randint(-5, 5)}")
            query_string = "&".join(params)
            yield first
            yield _answer(backend.list_executions, space, token=token, query_string=query_string)
    yield backend.executions_summary()


def run(backend_class: type[Backend], monkeypatch: pytest.MonkeyPatch, seed: int) -> list[Any]:
    clock = FakeClock()
    monkeypatch.setattr(_backend, "time", clock)
    monkeypatch.setattr(_ids, "_random", random.Random(seed))
    backend = backend_class(WORLD)
    recorder = CallbackRecorder()
    backend.callbacks = recorder  # type: ignore[assignment]
    answers = list(replay(backend, clock, seed=seed, steps=400))
    return [*answers, recorder.calls]


@pytest.mark.parametrize("seed", range(6))
def test_answers_match_the_simple_rules_on_random_worlds(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    expected = run(OracleBackend, monkeypatch, seed)
    got = run(Backend, monkeypatch, seed)
    assert len(got) == len(expected)
    for index, (mine, theirs) in enumerate(zip(got, expected, strict=True)):
        assert mine == theirs, f"answer {index} differs"
    phases = {row["phase"] for row in got[-2]}
    assert phases == set(PHASES)


def _many(count: int, monkeypatch: pytest.MonkeyPatch) -> tuple[Backend, FakeClock]:
    clock = FakeClock()
    monkeypatch.setattr(_backend, "time", clock)
    backend = Backend(WORLD, phase_seconds=3600)
    body = json.dumps(WORLD.example_request()).encode()
    for _ in range(count):
        backend.schedule(token=WORLD.default_token, body=body)
    return backend, clock


def _watch(monkeypatch: pytest.MonkeyPatch, attribute: str) -> list[str]:
    """The ids of the executions whose ``attribute`` is read from now on."""
    seen: list[str] = []
    original = WorkflowExecution.__getattribute__

    def watching(self: WorkflowExecution, name: str) -> Any:
        if name == attribute:
            seen.append(original(self, "id"))
        return original(self, name)

    monkeypatch.setattr(WorkflowExecution, "__getattribute__", watching)
    return seen


def test_a_request_looks_only_at_the_executions_that_fell_due(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend, clock = _many(300, monkeypatch)
    backend.set_phase_seconds(0.5)
    body = json.dumps(WORLD.example_request()).encode()
    fast = backend.schedule(token=WORLD.default_token, body=body)
    clock.now += 1.0
    seen = _watch(monkeypatch, "due")
    details = backend.execution_details(fast.id, token=WORLD.default_token)
    assert details["status"] == "active"
    assert set(seen) == {fast.id}
    seen.clear()
    backend.execution_details(fast.id, token=WORLD.default_token)
    assert set(seen) <= {fast.id}


def test_a_page_does_not_look_at_every_execution(monkeypatch: pytest.MonkeyPatch) -> None:
    backend, _ = _many(300, monkeypatch)
    looked: list[str] = []
    original = WorkflowExecution.phase_time

    def counting(self: WorkflowExecution) -> float:
        looked.append(self.id)
        return original(self)

    monkeypatch.setattr(WorkflowExecution, "phase_time", counting)
    space = WORLD.defaults.space_id
    page = backend.list_executions(
        space, token=WORLD.default_token, query_string="phase=waiting&limit=10"
    )
    assert len(page["atmWorkflowExecutions"]) == 10
    assert looked == []


def test_a_store_dump_does_not_look_through_every_execution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend, _ = _many(300, monkeypatch)
    last = list(backend.world.executions.values())[-1]
    seen = _watch(monkeypatch, "store_registry")
    dump = backend.audit_log_dump(last.system_audit_log_store_id, token=WORLD.default_token)
    assert dump.execution_id == last.id
    assert len(dump.entries) == 1
    assert set(seen) <= {last.id}


def test_deleted_executions_leave_their_list_and_their_stores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend, clock = _many(5, monkeypatch)
    token = WORLD.default_token
    space = WORLD.defaults.space_id
    wid = list(backend.world.executions)[-1]
    backend.act("cancel", wid, token=token)
    clock.now += 7200
    ended = backend.list_executions(space, token=token, query_string="phase=ended")
    assert wid in ended["atmWorkflowExecutions"]
    store = backend.world.executions[wid].system_audit_log_store_id
    backend.delete(wid, token=token)
    ended = backend.list_executions(space, token=token, query_string="phase=ended")
    assert wid not in ended["atmWorkflowExecutions"]
    with pytest.raises(OnedataError) as raised:
        backend.audit_log_dump(store, token=token)
    assert raised.value.http_status == 404
