"""The status rules, a row per transition (op-worker atm_workflow_execution_status.erl,
lane/atm_lane_execution_status.erl; its tests atm_workflow_execution_pause_tests.erl and
test_utils:assert_impossible_actions_are_declined_for_ended_workflow_execution)."""

from __future__ import annotations

import pytest
from oneprovider_mock import OnedataError
from oneprovider_mock.world import _transitions as t

STATUSES = list(t.PHASE_OF)
ENDED = ["finished", "failed", "cancelled", "crashed"]


def error_id(call: object) -> str:
    assert callable(call)
    with pytest.raises(OnedataError) as caught:
        call()
    return caught.value.id


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("scheduled", "waiting"),
        ("resuming", "waiting"),
        ("active", "ongoing"),
        ("stopping", "ongoing"),
        ("paused", "suspended"),
        ("interrupted", "suspended"),
        *((status, "ended") for status in ENDED),
    ],
)
def test_phase_of_each_status(status: str, expected: str) -> None:
    assert t.phase(status) == expected


@pytest.mark.parametrize("reason", ["cancel", "pause", "interrupt", "failure", "crash"])
@pytest.mark.parametrize("status", ["scheduled", "resuming", "active"])
def test_a_running_execution_stops(status: str, reason: str) -> None:
    assert t.stop(status, reason, current_reason=None, last_run_status="active") == "stopping"


@pytest.mark.parametrize("status", ENDED)
@pytest.mark.parametrize("reason", ["cancel", "pause"])
def test_a_stop_of_an_ended_execution_is_ended(status: str, reason: str) -> None:
    assert (
        error_id(lambda: t.stop(status, reason, current_reason=None, last_run_status=status))
        == "atmWorkflowExecutionEnded"
    )


@pytest.mark.parametrize("status", ["paused", "interrupted"])
def test_a_suspended_execution_is_cancelled_at_once_but_not_paused(status: str) -> None:
    assert t.stop(status, "cancel", current_reason=None, last_run_status=status) == "cancelled"
    with pytest.raises(OnedataError) as caught:
        t.stop(status, "pause", current_reason=None, last_run_status=status)
    assert caught.value.id == "atmInvalidStatusTransition"
    assert caught.value.details == {"prevStatus": status, "newStatus": "stopping"}


def test_a_stop_of_a_stopping_execution_is_no_error_and_the_stronger_reason_wins() -> None:
    assert t.stop("stopping", "pause", current_reason="cancel", last_run_status="stopping") == (
        "stopping"
    )
    assert t.stronger_reason("cancel", "pause") == "cancel"
    assert t.stronger_reason("pause", "cancel") == "cancel"
    assert t.stronger_reason(None, "pause") == "pause"
    assert [t.STOPPED_BY[r] for r in ("cancel", "pause", "interrupt", "failure", "crash")] == [
        "cancelled",
        "paused",
        "interrupted",
        "failed",
        "crashed",
    ]


@pytest.mark.parametrize("last_run", ["finished", "failed"])
def test_a_stop_of_an_execution_that_only_finishes_is_an_invalid_transition(last_run: str) -> None:
    with pytest.raises(OnedataError) as caught:
        t.stop("stopping", "cancel", current_reason=None, last_run_status=last_run)
    assert caught.value.details == {"prevStatus": last_run, "newStatus": "stopping"}


@pytest.mark.parametrize("status", STATUSES)
def test_resume(status: str) -> None:
    if status in ("paused", "interrupted"):
        assert t.resume(status) == "resuming"
    else:
        assert error_id(lambda: t.resume(status)) == "atmWorkflowExecutionNotResumable"


@pytest.mark.parametrize(
    ("status", "lane", "lanes", "allowed"),
    [("failed", 1, 2, True), ("failed", 2, 2, False), ("cancelled", 1, 2, False)],
)
def test_force_continue_after_a_failed_lane_only(
    status: str, lane: int, lanes: int, allowed: bool
) -> None:
    if allowed:
        assert t.force_continue(status, current_lane_index=lane, lanes=lanes) == "resuming"
    else:
        assert (
            error_id(lambda: t.force_continue(status, current_lane_index=lane, lanes=lanes))
            == "atmWorkflowExecutionNotResumable"
        )


@pytest.mark.parametrize("status", STATUSES)
def test_rerun_and_retry_need_an_ended_execution(status: str) -> None:
    if status in ENDED:
        assert t.repeat(status) == "scheduled"
    else:
        assert error_id(lambda: t.repeat(status)) == "atmWorkflowExecutionNotEnded"


@pytest.mark.parametrize("status", STATUSES)
def test_delete_needs_a_suspended_or_ended_execution(status: str) -> None:
    if t.phase(status) in ("suspended", "ended"):
        t.assert_deletable(status)
    else:
        assert error_id(lambda: t.assert_deletable(status)) == "atmWorkflowExecutionNotStopped"


def test_which_lane_runs_may_be_repeated() -> None:
    assert t.rerunnable("cancelled", workflow_status="cancelled")
    assert not t.rerunnable("finished", workflow_status="crashed")
    assert not t.rerunnable("finished", workflow_status="paused")
    assert t.retriable("failed", stopped_by=None, workflow_status="failed")
    assert not t.retriable("failed", stopped_by="failure", workflow_status="failed")
    assert not t.retriable("finished", stopped_by=None, workflow_status="finished")
