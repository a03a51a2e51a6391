"""Live scenarios run again after an inconsistent replay, never to hide a failure."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis.errors import FlakyStrategyDefinition

from contract_tests.scenarios import LIVE_RESTARTS, run_scenarios


def _flaky_then_fine(flakes: int) -> tuple[list[int], Callable[[], None]]:
    calls: list[int] = []

    def run() -> None:
        calls.append(len(calls))
        if len(calls) <= flakes:
            raise FlakyStrategyDefinition("Inconsistent data generation!")

    return calls, run


def test_a_live_run_is_restarted_after_an_inconsistent_replay() -> None:
    calls, run = _flaky_then_fine(LIVE_RESTARTS)
    with pytest.warns(UserWarning, match="the live target changed"):
        made = run_scenarios(run, live=True, checks_failed=lambda: False)
    assert made == LIVE_RESTARTS
    assert len(calls) == LIVE_RESTARTS + 1


def test_restarts_are_bounded() -> None:
    calls, run = _flaky_then_fine(LIVE_RESTARTS + 1)
    with (
        pytest.warns(UserWarning, match="restart [12] of 2"),
        pytest.raises(FlakyStrategyDefinition),
    ):
        run_scenarios(run, live=True, checks_failed=lambda: False)
    assert len(calls) == LIVE_RESTARTS + 1


def test_an_embedded_run_is_never_restarted() -> None:
    calls, run = _flaky_then_fine(1)
    with pytest.raises(FlakyStrategyDefinition):
        run_scenarios(run, live=False, checks_failed=lambda: False)
    assert len(calls) == 1


def test_a_run_where_a_check_failed_is_not_restarted() -> None:
    calls, run = _flaky_then_fine(1)
    with pytest.raises(FlakyStrategyDefinition):
        run_scenarios(run, live=True, checks_failed=lambda: True)
    assert len(calls) == 1


def test_other_errors_pass_through() -> None:
    def run() -> None:
        raise AssertionError("a check failed")

    with pytest.raises(AssertionError, match="a check failed"):
        run_scenarios(run, live=True, checks_failed=lambda: False)
