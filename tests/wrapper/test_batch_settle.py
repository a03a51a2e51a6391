"""How --settle-unknown decides a lost line: a row per branch of ``decide``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from oneprovider_automation._models import WorkflowExecution, execution_from_json
from oneprovider_automation.batch._settle import Decision, Look, LostLine, Window, decide

from .router import details

T = 1_700_000_000  # the attempt was sent at T and lost by T + 2
SPACE = "c17147cc3188408c26f522881282cb83ch9853"
KEY = (SPACE, "schema", 3)


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def _execution(execution_id: str, **changes: Any) -> WorkflowExecution:
    data = details(execution_id, "active", scheduleTime=T + 1, startTime=T + 1)
    data.update(changes)
    return execution_from_json(data)


REFERENCE = Look.of(_execution("ref"))


def _line(number: int = 1, start: int = T, reference: Look | None = REFERENCE) -> LostLine:
    window = Window(_at(start), _at(start + 2)).widened(0)
    return LostLine(number, KEY, window, reference, None)


def _decide(*executions: WorkflowExecution, **kwargs: Any) -> Decision:
    claimed = kwargs.pop("claimed", {})
    others = kwargs.pop("others", [])
    return decide(_line(**kwargs), executions, claimed, others)


def test_the_one_execution_that_fits_is_the_line() -> None:
    decision = _decide(_execution("a"), _execution("old", scheduleTime=T - 600, startTime=T - 600))
    assert (decision.verdict, decision.execution_id) == ("scheduled", "a")


def test_none_fitting_means_not_scheduled() -> None:
    other_user = _execution("u", userId="someoneelse")
    other_schema = _execution("n", name="another workflow")
    later = _execution("later", scheduleTime=T + 60, startTime=T + 60)
    assert _decide(other_user, other_schema, later).verdict == "not-scheduled"


def test_an_execution_listed_in_two_phases_is_one_candidate() -> None:
    # It moved from ongoing to ended between the reads of the two lists.
    running, ended = _execution("a"), _execution("a", status="finished", finishTime=T + 5)
    decision = _decide(running, ended)
    assert (decision.verdict, decision.execution_id) == ("scheduled", "a")


def test_a_claimed_execution_is_not_a_candidate() -> None:
    decision = _decide(_execution("a"), _execution("b"), claimed={"b": 2})
    assert decision.execution_id == "a"


@pytest.mark.parametrize(
    ("executions", "kwargs", "says"),
    [
        ([_execution("a"), _execution("b")], {}, "2 executions fit"),
        ([_execution("a")], {"reference": None}, "no line of this batch"),
        (
            [_execution("a", scheduleTime=T + 900, startTime=T + 1, suspendTime=T + 800)],
            {"reference": REFERENCE},
            None,
        ),
        (
            [
                _execution(
                    "r",
                    status="paused",
                    scheduleTime=T + 900,
                    startTime=T + 900,
                    suspendTime=T + 950,
                )
            ],
            {},
            "re-scheduled since",
        ),
        ([_execution("a")], {"others": [_line(2, T + 1)]}, "another lost line"),
    ],
)
def test_what_cannot_be_told_is_undecided_and_named(
    executions: list[WorkflowExecution], kwargs: dict[str, Any], says: str | None
) -> None:
    decision = _decide(*executions, **kwargs)
    if says is None:
        # created by T + 1 (its start), in the window, though scheduled again later
        assert decision.verdict == "scheduled"
        return
    assert decision.verdict == "undecided"
    assert says in decision.reason
    assert set(decision.candidates) == {e.id for e in executions}
