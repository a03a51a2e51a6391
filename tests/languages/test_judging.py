"""The check's judgement of a client's output: each defect a user met is named."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from languages import _scenario
from tests.openapi_support import spec

STATUSES = sorted(_scenario.statuses(spec()))
TIMESTAMP = 1_796_149_023_625


def _run_output() -> dict[str, Any]:
    wids = ["new", *_scenario.EXECUTIONS]
    return {
        "scheduled": "new",
        "requestRoundTrips": True,
        "statuses": dict(zip(wids, ["scheduled", *STATUSES, "paused", "failed"], strict=False)),
        "listed": True,
        "afterCancel": "stopping",
        "unauthorized": {"status": 401, "id": "unauthorized", "timestamp": TIMESTAMP},
        "stateError": {"status": 400, "id": "atmWorkflowExecutionEnded", "timestamp": TIMESTAMP},
    }


def _decoded_output() -> dict[str, Any]:
    return {
        "statuses": dict(
            zip(_scenario.EXECUTIONS, [*STATUSES, "paused", "failed", "active"], strict=True)
        ),
        "errors": {
            "error-unauthorized": {"id": "unauthorized", "timestamp": TIMESTAMP},
            "error-state": {"id": "atmWorkflowExecutionEnded", "timestamp": TIMESTAMP},
        },
        "listed": 4,
        "revisions": {"request-seed": 3, "request-string-revision": "3"},
        "encoded": '{"atmWorkflowSchemaRevisionNumber": 3}',
        "scheduled": "new",
    }


def test_a_good_run_and_a_good_decoding_pass() -> None:
    assert _scenario.check_run(_run_output(), spec()) == []
    assert _scenario.check_decoded(_decoded_output(), spec()) == []


def test_a_timestamp_cut_to_32_bits_is_named() -> None:
    output = _decoded_output()
    output["errors"]["error-state"]["timestamp"] = TIMESTAMP % 2**32 - 2**31
    (problem,) = _scenario.check_decoded(output, spec())
    assert "ctx.timestamp of atmWorkflowExecutionEnded" in problem


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda o: o["statuses"].pop(_scenario.EXECUTIONS[0]), "expected every one of"),
        (lambda o: o.update(listed=False), "not in the waiting list"),
        (lambda o: o.update(requestRoundTrips=False), "does not write back the same"),
        (lambda o: o["unauthorized"].update(id="forbidden"), "expected 401 unauthorized"),
        (lambda o: o["stateError"].update(timestamp=None), "not milliseconds"),
    ],
)
def test_each_defect_of_a_run_is_named(change: Any, expected: str) -> None:
    output = copy.deepcopy(_run_output())
    change(output)
    problems = _scenario.check_run(output, spec())
    assert any(expected in problem for problem in problems), problems


def test_a_revision_not_read_back_is_named() -> None:
    output = _decoded_output()
    output["revisions"] = {"request-seed": None, "request-string-revision": "3"}
    assert any("revisions read" in p for p in _scenario.check_decoded(output, spec()))
