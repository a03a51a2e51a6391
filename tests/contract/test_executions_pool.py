"""The suite's executions: the target's flags, the live cleanup, a read-only run, the counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from oneprovider_mock import MockProvider, World

from contract_tests.executions import LiveClient, clean_up, cleanup_line, embedded_pool
from contract_tests.live import target_env
from contract_tests.operations import PHASES, WITH_A_PHASE
from contract_tests.summary import CaseCounter
from contract_tests.target import (
    DEFAULT_SPACE_ID,
    DEFAULT_WORKFLOW_SCHEMA_ID,
    EMBEDDED_WORLD,
    Target,
    TargetError,
    embedded_target,
    target_from_env,
)
from tests.contract.suite_runs import run_suite

READY = {
    "apiUrl": "http://127.0.0.1:4321/api/v3/oneprovider",
    "token": "ready-token",
    "spaceId": DEFAULT_SPACE_ID,
    "atmWorkflowSchemaId": DEFAULT_WORKFLOW_SCHEMA_ID,
    "atmWorkflowSchemaRevisionNumber": 3,
}


def test_read_only_and_the_second_identity_come_from_the_environment() -> None:
    env = {**target_env(READY), "ONEPROVIDER_TEST_READ_ONLY": "1"}
    target = target_from_env(env)
    assert target.read_only
    # The mock's default world has a second user: schedule and view, not manage.
    assert target.peer_token is not None
    assert target.peer_token != target.token
    assert "ready-token" not in repr(target)
    assert target.peer_token not in repr(target)
    assert not target_from_env({**env, "ONEPROVIDER_TEST_READ_ONLY": "0"}).read_only
    with pytest.raises(TargetError, match="ONEPROVIDER_TEST_READ_ONLY must be 1 or 0"):
        target_from_env({**env, "ONEPROVIDER_TEST_READ_ONLY": "sometimes"})


def test_the_embedded_pool_holds_executions_of_every_phase_and_their_stores() -> None:
    target = embedded_target()
    pool = embedded_pool(target.app)
    phases = {pool.phase_of(execution_id) for execution_id in pool.execution_ids}
    assert phases == set(PHASES)
    assert len(pool.audit_log_store_ids) >= len(pool.execution_ids)
    assert pool.other_store_ids  # a store that is no audit log: the dump's 400
    assert pool.restore is not None
    # A change, then the world put back: the execution is where it started.
    first = pool.execution_ids[0]
    before = pool.phase_of(first)
    target.app.backend.act("cancel", first, token=target.token)
    assert pool.phase_of(first) != before
    pool.restore()
    assert pool.phase_of(first) == before


@pytest.fixture
def provider() -> Iterator[MockProvider]:
    with MockProvider(World.default(), phase_seconds=0.05) as mock:
        yield mock


def _live(provider: MockProvider) -> Target:
    return target_from_env(
        target_env({**READY, "apiUrl": provider.api_url, "token": provider.token})
    )


def test_cleanup_cancels_and_deletes_what_the_run_created(provider: MockProvider) -> None:
    target = _live(provider)
    client = LiveClient(target)
    created = [client.schedule() for _ in range(3)]
    assert all(created)
    ids = [i for i in created if i is not None]
    client.act(ids[1], "pause")
    client.close()

    report = clean_up(target, [*ids, ids[0]])
    assert report.as_dict() == {"created": 3, "deleted": 3, "gone": 0, "left": {}}
    client = LiveClient(target)
    assert [client.status(i) for i in ids] == [None, None, None]
    client.close()
    assert clean_up(target, ids).as_dict() == {"created": 3, "deleted": 0, "gone": 3, "left": {}}


def test_cleanup_reports_what_it_could_not_delete(provider: MockProvider) -> None:
    target = _live(provider)
    client = LiveClient(target)
    stuck = client.schedule()
    assert stuck is not None
    client.close()
    # Its stop never completes: a cancelled execution that stays stopping cannot be deleted.
    provider.backend.set_execution_phase_seconds(stuck, 1e6)
    ticks = iter(range(1000))
    report = clean_up(
        target, [stuck], timeout=3, clock=lambda: float(next(ticks)), sleep=lambda _: None
    )
    assert report.deleted == 0
    assert report.left == {stuck: "delete answered 400"}
    assert f'could not delete 1: {{"{stuck}": "delete answered 400"}}' in cleanup_line(
        report.as_dict()
    )


def test_a_read_only_run_schedules_and_changes_nothing(tmp_path: Path) -> None:
    # Steps of no length: the executions there have ended before the run, and stay so.
    with MockProvider(World.default(), phase_seconds=0) as provider:
        _read_only_run(provider, tmp_path)


def _read_only_run(provider: MockProvider, tmp_path: Path) -> None:
    target = _live(provider)
    client = LiveClient(target)
    existing = [client.schedule(), client.schedule()]
    client.close()
    before = provider.backend.executions_summary()
    assert {e["phase"] for e in before} == {"ended"}
    env = target_env({**READY, "apiUrl": provider.api_url, "token": provider.token})
    env.update(ONEPROVIDER_TEST_READ_ONLY="1", CONTRACT_TEST_MAX_EXAMPLES="5")
    run = run_suite(tmp_path, env)
    assert run.returncode == 0, run.output[-6000:]
    counts = run.counts
    assert set(counts["operations"]) == {
        "get_workflow_execution_details",
        "list_workflow_executions",
        "download_audit_log_dump",
    }
    assert counts["cases"] > 0
    assert counts["cleanup"] == {}
    assert provider.backend.executions_summary() == before
    assert all(existing)


def test_the_summary_names_each_operation_and_phase_no_case_met() -> None:
    counter = CaseCounter()
    counter.execution_phases = Counter(
        {f"{op} {phase}": 1 for op in WITH_A_PHASE for phase in PHASES if phase != "ended"}
    )
    missing = counter.missing_phases()
    assert missing == [f"{op} ended" for op in sorted(WITH_A_PHASE)]
    counter.execution_phases.update({f"{op} ended": 2 for op in WITH_A_PHASE})
    assert counter.missing_phases() == []


def test_the_embedded_world_is_the_default_one_with_executions() -> None:
    default, seeded = World.default(), World.named(EMBEDDED_WORLD)
    assert seeded.users.keys() == default.users.keys()
    assert seeded.defaults == default.defaults
    assert not default.executions
    assert seeded.executions
