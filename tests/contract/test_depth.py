"""How deep the cases reach: the share past authentication and lookup, counted and printed."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from contract_tests.summary import CaseCounter, depth_line, past_authentication_and_lookup


@pytest.mark.parametrize(
    ("status", "past"),
    [
        (200, True),
        (201, True),
        (204, True),
        (400, True),
        (401, False),
        (403, False),
        (404, False),
        (405, False),
        (415, False),
        (500, False),
    ],
)
def test_past_authentication_and_lookup_is_a_2xx_or_a_400(status: int, past: bool) -> None:
    assert past_authentication_and_lookup(status) is past


def _case(phase: str) -> Any:
    operation = SimpleNamespace(definition=SimpleNamespace(raw={"operationId": "x"}), label="x")
    return SimpleNamespace(
        id=f"{phase}-{id(object())}",
        meta=SimpleNamespace(phase=SimpleNamespace(name=phase)),
        operation=operation,
    )


def _response(status: int) -> Any:
    return SimpleNamespace(status_code=status, content=b"{}")


def test_the_counter_counts_cases_past_lookup_by_phase_and_adds_them_up() -> None:
    counter = CaseCounter()
    for phase, status in [
        ("fuzzing", 201),
        ("fuzzing", 400),
        ("fuzzing", 401),
        ("fuzzing", 404),
        ("stateful", 204),
        ("coverage", 403),
    ]:
        counter.after_call(None, _case(phase), _response(status))  # type: ignore[arg-type]
    assert counter.past_lookup == {"fuzzing": 2, "stateful": 1}
    total = CaseCounter()
    total.add(counter.as_dict())
    total.add(counter.as_dict())
    assert total.past_lookup == {"fuzzing": 4, "stateful": 2}
    assert depth_line(total) == (
        "fuzzing 4 of 8 (50%), all phases 6 of 12 (50%) "
        "(a 2xx or a 400: not 401, 403, 404 nor a routing 405/406/415)"
    )


def test_no_case_gives_no_share() -> None:
    assert depth_line(CaseCounter()).startswith("fuzzing 0 of 0 (-), all phases 0 of 0 (-)")
