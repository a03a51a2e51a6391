"""Counting the contract cases and printing the ``contract-test:`` summary line.

Every request a test case sends to the target goes through schemathesis's ``after_call``
hook, where :class:`CaseCounter` counts it by phase, operation, HTTP status and error id,
and, for an operation with a phase, by the phase (waiting, ongoing, suspended, ended) it
met: that of the execution a case names or whose store it dumps, or the phase it lists
(noted by the ``before_call`` hook of :mod:`contract_tests.case_hooks`). The probes some
checks send on their own are not cases and are not counted. Under pytest-xdist each worker
counts its own cases and hands the counts to the controller, which adds them up.

The session ends with, as the last line before pytest's own::

    contract-test: target embedded mock (in-process): 1834 cases, 0 failures

Before it, a line says how deep the cases reached: how many of the fuzzing phase's, and
of all, got past authentication and lookup (:func:`past_authentication_and_lookup`).

and fails when fewer cases ran than ``--contract-min-cases`` asks for, or, with
``--contract-every-phase``, when an operation with a phase (``operations.WITH_A_PHASE``)
met some phase in no case. After a live run that created executions it also says how the
cleanup went. The counts are also written as JSON next to the JUnit report
(``--contract-summary``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from schemathesis import Case, HookContext, Response

from contract_tests.executions import cleanup_line
from contract_tests.operations import PHASES, WITH_A_PHASE, operation_id

WORKER_OUTPUT_KEY = "contract_test_counts"


def past_authentication_and_lookup(status: int) -> bool:
    """Whether an answer with this status got past authentication and lookup.

    A 2xx, or a 400: a provider answers 400 (a sanitizing error, a store's, the
    execution's state, a lane's) only for a request whose token it accepted, and, for
    the state and store errors, whose space, schema or execution it found and let the
    user act on. Not past: 401 (token), 403 (privilege, or a space not known to the user),
    404 (an id that names nothing), and the 405, 406 and 415 of routing, which come
    before any of it.
    """
    return 200 <= status < 300 or status == 400


#: How :func:`depth_line` says what it counts.
DEPTH_DEFINITION = "a 2xx or a 400: not 401, 403, 404 nor a routing 405/406/415"


@dataclass
class CaseCounter:
    """Counts of the cases sent to the target, by phase, status and error id."""

    target: str = ""
    phases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    error_ids: Counter[str] = field(default_factory=Counter)
    #: Known provider defects seen (``contract_tests.checks``): counted, not failed.
    known_defects: Counter[str] = field(default_factory=Counter)
    operations: Counter[str] = field(default_factory=Counter)
    #: ``"<operationId> <HTTP status>"`` (in the JSON summary only).
    operation_statuses: Counter[str] = field(default_factory=Counter)
    #: ``"<operationId> <phase>"``: the phase of the execution an operation was sent to.
    execution_phases: Counter[str] = field(default_factory=Counter)
    #: Cases past authentication and lookup (:func:`past_authentication_and_lookup`), by phase.
    past_lookup: Counter[str] = field(default_factory=Counter)
    #: What a live cleanup did (:class:`contract_tests.executions.CleanupReport`), if any.
    cleanup: dict[str, Any] = field(default_factory=dict)
    #: Run at the end of the session (the live cleanup); returns its report.
    at_end: Callable[[], dict[str, Any]] | None = None
    _phase_of_case: dict[str, str] = field(default_factory=dict)

    def note_phase(self, case: Case[Any], phase: str) -> None:
        """Remember the phase of the execution ``case`` is about to be sent to."""
        self._phase_of_case[case.id] = phase

    @property
    def cases(self) -> int:
        return sum(self.phases.values())

    def after_call(self, context: HookContext, case: Case[Any], response: Response) -> None:
        """Count one case; an ``after_call`` hook, called once per request a case sends."""
        meta = case.meta
        phase_name = str(meta.phase.name) if meta is not None else "explicit"
        self.phases[phase_name] += 1
        if past_authentication_and_lookup(response.status_code):
            self.past_lookup[phase_name] += 1
        self.statuses[str(response.status_code)] += 1
        if response.status_code >= 400:
            self.error_ids[_error_id(response.content)] += 1
        operation = operation_id(case)
        self.operations[operation] += 1
        self.operation_statuses[f"{operation} {response.status_code}"] += 1
        phase = self._phase_of_case.pop(case.id, None)
        if phase is not None:
            self.execution_phases[f"{operation} {phase}"] += 1

    def missing_phases(self) -> list[str]:
        """``"<operationId> <phase>"`` for each operation with a phase and phase never met."""
        return [
            f"{operation} {phase}"
            for operation in sorted(WITH_A_PHASE)
            for phase in PHASES
            if not self.execution_phases[f"{operation} {phase}"]
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "cases": self.cases,
            "phases": dict(self.phases),
            "statuses": dict(self.statuses),
            "errorIds": dict(self.error_ids),
            "knownProviderDefects": dict(self.known_defects),
            "operations": dict(self.operations),
            "operationStatuses": dict(self.operation_statuses),
            "executionPhases": dict(self.execution_phases),
            "pastAuthenticationAndLookup": dict(self.past_lookup),
            "cleanup": dict(self.cleanup),
        }

    def add(self, counts: Mapping[str, Any]) -> None:
        """Add the counts another process reported (:meth:`as_dict`)."""
        self.target = self.target or str(counts.get("target", ""))
        self.phases.update(counts.get("phases", {}))
        self.statuses.update(counts.get("statuses", {}))
        self.error_ids.update(counts.get("errorIds", {}))
        self.known_defects.update(counts.get("knownProviderDefects", {}))
        self.operations.update(counts.get("operations", {}))
        self.operation_statuses.update(counts.get("operationStatuses", {}))
        self.execution_phases.update(counts.get("executionPhases", {}))
        self.past_lookup.update(counts.get("pastAuthenticationAndLookup", {}))
        cleanup = counts.get("cleanup") or {}
        if cleanup:
            mine = self.cleanup
            for key in ("created", "deleted", "gone"):
                mine[key] = mine.get(key, 0) + int(cleanup.get(key, 0))
            mine["left"] = {**mine.get("left", {}), **cleanup.get("left", {})}


def _error_id(content: bytes) -> str:
    try:
        body = json.loads(content)
    except (ValueError, TypeError):
        return "(not JSON)"
    error = body.get("error") if isinstance(body, Mapping) else None
    error_id = error.get("id") if isinstance(error, Mapping) else None
    return error_id if isinstance(error_id, str) else "(no error id)"


#: The counter of this process; the suite registers its ``after_call`` on the schema.
COUNTER = CaseCounter()


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({part / whole:.0%})" if whole else f"{part} of {whole} (-)"


def depth_line(counter: CaseCounter) -> str:
    """How many cases, of the fuzzing phase and of all, got past authentication and lookup."""
    fuzzing = _share(counter.past_lookup["fuzzing"], counter.phases["fuzzing"])
    every = _share(sum(counter.past_lookup.values()), counter.cases)
    return f"fuzzing {fuzzing}, all phases {every} ({DEPTH_DEFINITION})"


def _breakdown(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {value}" for key, value in sorted(counter.items())) or "none"


class SummaryPlugin:
    """A pytest plugin that totals the counts and writes the summary."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.total = CaseCounter()
        self.failures = 0
        self.is_worker = hasattr(config, "workerinput")

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and (report.when == "call" or report.when == "setup"):
            self.failures += 1

    @pytest.hookimpl
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.failures += 1

    @pytest.hookimpl
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        counts = getattr(node, "workeroutput", {}).get(WORKER_OUTPUT_KEY)
        if counts:
            self.total.add(counts)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if COUNTER.at_end is not None:
            COUNTER.cleanup = COUNTER.at_end()
            COUNTER.at_end = None
            if COUNTER.cleanup.get("left") and session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if self.is_worker:
            self.config.workeroutput[WORKER_OUTPUT_KEY] = COUNTER.as_dict()  # type: ignore[attr-defined]
            return
        if not self.config.pluginmanager.hasplugin("dsession"):
            self.total.add(COUNTER.as_dict())
        path = self.config.getoption("contract_summary")
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            summary = {**self.total.as_dict(), "failures": self.failures}
            Path(path).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        minimum = self.config.getoption("contract_min_cases")
        if minimum and self.total.cases < minimum and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if self.config.getoption("contract_every_phase") and self.total.missing_phases():
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if self.total.cleanup.get("left"):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.is_worker:
            return
        total = self.total
        write = terminalreporter.write_line
        write(f"contract-test: cases by phase: {_breakdown(total.phases)}")
        write(f"contract-test: cases by operation: {_breakdown(total.operations)}")
        by_phase = _execution_phases(total.execution_phases)
        write(f"contract-test: cases by the phase of their execution: {by_phase}")
        missing = total.missing_phases()
        if self.config.getoption("contract_every_phase") and missing:
            shown = ", ".join(missing[:8]) + (
                f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            )
            write(f"contract-test: FAILED: no case met an execution in: {shown}")
        write(f"contract-test: cases by HTTP status: {_breakdown(total.statuses)}")
        write(f"contract-test: errors by id: {_breakdown(total.error_ids)}")
        write(f"contract-test: past authentication and lookup: {depth_line(total)}")
        defects = _breakdown(total.known_defects) if total.known_defects else "none"
        write(f"contract-test: known provider defects (counted, not failed): {defects}")
        minimum = self.config.getoption("contract_min_cases")
        cases = f"{total.cases} cases"
        if minimum and total.cases < minimum:
            write(f"contract-test: FAILED: {total.cases} cases ran, at least {minimum} wanted")
            cases += f" (fewer than {minimum})"
        if total.cleanup:
            cleanup = cleanup_line(total.cleanup)
            write(f"contract-test: cleanup of the executions this run created: {cleanup}")
        target = total.target or "(no case ran)"
        write(f"contract-test: target {target}: {cases}, {self.failures} failures")


def _execution_phases(counts: Counter[str]) -> str:
    by_operation: dict[str, list[str]] = {}
    for key, value in sorted(counts.items()):
        operation, _, phase = key.partition(" ")
        by_operation.setdefault(operation, []).append(f"{phase} {value}")
    return "; ".join(f"{op} ({', '.join(v)})" for op, v in by_operation.items()) or "none"


def addoption(parser: pytest.Parser) -> None:
    """The suite's command-line options (called from its ``pytest_addoption``)."""
    group = parser.getgroup("contract-test")
    group.addoption(
        "--contract-min-cases",
        type=int,
        default=0,
        help="fail the session when fewer contract cases ran than this",
    )
    group.addoption(
        "--contract-every-phase",
        action="store_true",
        default=False,
        help="fail the session when an operation with a phase met no case of one of them",
    )
    group.addoption(
        "--contract-summary",
        default=None,
        help="write the case counts as JSON to this file",
    )


def configure(config: pytest.Config) -> None:
    """Register the summary plugin (called from the suite's ``pytest_configure``)."""
    config.pluginmanager.register(SummaryPlugin(config), "contract-test-summary")
