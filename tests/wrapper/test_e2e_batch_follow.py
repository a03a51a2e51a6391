"""``batch --wait`` and ``batch --settle-unknown`` against the mock, through the CLI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from oneprovider_automation import Oneprovider
from oneprovider_automation.batch._run import BatchLine, Journal, read_batch
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider, World
from oneprovider_mock.pytest_plugin import MockProviderFactory

from tests import seed


def _write_requests(path: Path, count: int, world: World | None = None) -> list[BatchLine]:
    body = seed.request_body()
    if world is not None:
        defaults = world.defaults
        body = {
            "spaceId": defaults.space_id,
            "atmWorkflowSchemaId": defaults.atm_workflow_schema_id,
            "atmWorkflowSchemaRevisionNumber": defaults.revision_number,
            "storeInitialContentOverlay": defaults.store_initial_content_overlay,
        }
    lines = [
        json.dumps({**body, "callback": f"https://batch.example.com/line/{n}"})
        for n in range(1, count + 1)
    ]
    path.write_text("\n".join(lines) + "\n")
    return read_batch(path)


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _last(path: Path) -> dict[int, dict[str, Any]]:
    return {record["line"]: record for record in _records(path)}


def _batch(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, Any, str]:
    code = main(["batch", "requests.jsonl", "--output", "results.jsonl", *extra])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


@pytest.fixture
def use(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)

    def use(provider: MockProvider) -> MockProvider:
        monkeypatch.setenv("ONEPROVIDER_HOST", provider.url)
        monkeypatch.setenv("ONEPROVIDER_API_KEY", provider.token)
        return provider

    return use


# --- --wait -------------------------------------------------------------------------------


def test_wait_records_how_every_execution_stopped(
    oneprovider_mock: MockProvider, use: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use(oneprovider_mock)
    _write_requests(tmp_path / "requests.jsonl", 3)
    code, summary, err = _batch(capsys, "--wait", "--poll-interval", "0.02", "--timeout", "60")
    assert code == 0, err
    assert summary["statuses"] == {"finished": 3}
    assert summary["statusLines"] == {"finished": [1, 2, 3]}
    assert (summary["notStopped"], summary["notStoppedLines"]) == (0, [])
    assert "waiting for 3 executions to stop" in err
    last = _last(tmp_path / "results.jsonl")
    assert {n: (r["state"], r["finalStatus"]) for n, r in last.items()} == dict.fromkeys(
        (1, 2, 3), ("scheduled", "finished")
    )
    # The ids stay in the last record: a rerun skips every line.
    code, summary, _ = _batch(capsys)
    assert (code, summary["scheduled"]) == (0, 3)
    assert len(oneprovider_mock.world.executions) == 3


def test_wait_exits_1_when_an_execution_did_not_finish(
    oneprovider_mock_factory: MockProviderFactory,
    use: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    provider = use(oneprovider_mock_factory(World.named("failing-schema")))
    _write_requests(tmp_path / "requests.jsonl", 2, provider.world)
    code, summary, err = _batch(capsys, "--wait", "--until", "ended", "--poll-interval", "0.02")
    assert code == 1
    assert (summary["statuses"], summary["statusLines"]) == ({"failed": 2}, {"failed": [1, 2]})
    assert "2 executions are failed (lines 1, 2)" in err


def test_wait_names_the_lines_still_running_at_the_timeout(
    oneprovider_mock_factory: MockProviderFactory,
    use: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use(oneprovider_mock_factory(phase_seconds=3600))
    _write_requests(tmp_path / "requests.jsonl", 2)
    code, summary, err = _batch(capsys, "--wait", "--timeout", "0", "--poll-interval", "0.02")
    assert code == 1
    assert f"space {seed.SPACE_ID}: " in err
    assert (summary["scheduled"], summary["notStopped"], summary["statuses"]) == (2, 2, {})
    assert summary["notStoppedLines"] == [1, 2]
    assert all("finalStatus" not in r for r in _records(tmp_path / "results.jsonl"))


# --- --settle-unknown ------------------------------------------------------------------------


def test_a_line_the_provider_never_scheduled_is_settled_and_sent(
    oneprovider_mock: MockProvider, use: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use(oneprovider_mock)
    _write_requests(tmp_path / "requests.jsonl", 3)
    oneprovider_mock.fail_next_requests(1)  # line 1: a 500, nothing scheduled
    code, summary, _ = _batch(capsys, "--concurrency", "1")
    assert (code, summary["unknownLines"]) == (1, [1])
    unknown = _last(tmp_path / "results.jsonl")[1]
    assert unknown["attemptStarted"] <= unknown["attemptEnded"]

    code, summary, err = _batch(capsys, "--settle-unknown")
    assert code == 0, err
    assert summary["settled"] == {"scheduled": 0, "notScheduled": 1, "undecided": 0}
    assert summary["settledLines"] == {"scheduled": [], "notScheduled": [1], "undecided": []}
    assert "line 1: settled as not scheduled" in err
    assert "safe to send again" in err
    assert summary["scheduled"] == 3
    assert len(oneprovider_mock.world.executions) == 3


def _lost(
    provider: MockProvider,
    journal: Journal,
    line: BatchLine,
    reached: int,
    scheduled: Sequence[BatchLine] = (),
) -> tuple[list[str], dict[int, str]]:
    """Journal ``line`` as sent with no answer, while ``reached`` schedules reach the provider.

    Each of the ``scheduled`` lines is journaled as scheduled too, at the same
    time, as one more new execution. Returns the unclaimed ids and the claims.
    """
    request = line.request
    made = []
    started = journal.append(line, "sending")["at"]
    with Oneprovider(provider.url, provider.token) as client:
        for _ in range(reached + len(scheduled)):
            scheduled_execution = client.workflow_executions.schedule(
                request.space_id,
                request.workflow_schema_id,
                request.revision,
                store_initial_content=request.store_initial_content,
            )
            made.append(scheduled_execution.id)
    ended = datetime.now(UTC).isoformat(timespec="milliseconds")
    journal.append(
        line,
        "unknown",
        error={"message": "ReadTimeout"},
        attemptStarted=started,
        attemptEnded=ended,
    )
    claims = {}
    for other in scheduled:
        claims[other.number] = made.pop()
        journal.append(other, "scheduled", atmWorkflowExecutionId=claims[other.number], location="")
    return made, claims


def test_a_lost_schedule_is_settled_as_the_one_execution_that_fits(
    oneprovider_mock: MockProvider, use: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use(oneprovider_mock)
    lines = _write_requests(tmp_path / "requests.jsonl", 2)
    journal = Journal(tmp_path / "results.jsonl", lines)
    (ours,), claims = _lost(oneprovider_mock, journal, lines[0], reached=1, scheduled=lines[1:])
    journal.close()

    code, summary, err = _batch(capsys, "--settle-unknown")
    assert code == 0, err
    assert summary["settled"] == {"scheduled": 1, "notScheduled": 0, "undecided": 0}
    assert summary["settledLines"] == {"scheduled": [1], "notScheduled": [], "undecided": []}
    assert f"line 1: settled as scheduled: execution {ours}" in err
    last = _last(tmp_path / "results.jsonl")
    assert last[1]["atmWorkflowExecutionId"] == ours
    assert last[1]["settled"]["verdict"] == "scheduled"
    assert last[2]["atmWorkflowExecutionId"] == claims[2] != ours
    assert len(oneprovider_mock.world.executions) == 2  # nothing sent again


def test_two_executions_that_fit_are_named_and_the_line_held_back(
    oneprovider_mock: MockProvider, use: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use(oneprovider_mock)
    lines = _write_requests(tmp_path / "requests.jsonl", 2)
    journal = Journal(tmp_path / "results.jsonl", lines)
    both, _ = _lost(oneprovider_mock, journal, lines[0], reached=2, scheduled=lines[1:])
    journal.close()

    code, summary, err = _batch(capsys, "--settle-unknown")
    assert code == 1
    assert summary["settledLines"]["undecided"] == [1]
    assert summary["unknownLines"] == [1]
    assert "line 1: still unknown: list and details cannot decide: 2 executions fit" in err
    assert all(execution_id in err for execution_id in both)
    record = _last(tmp_path / "results.jsonl")[1]
    assert record["state"] == "unknown"
    assert sorted(record["settled"]["candidates"]) == sorted(both)
    assert len(oneprovider_mock.world.executions) == 3


def test_without_a_scheduled_line_to_compare_with_it_cannot_tell(
    oneprovider_mock: MockProvider, use: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use(oneprovider_mock)
    lines = _write_requests(tmp_path / "requests.jsonl", 1)
    journal = Journal(tmp_path / "results.jsonl", lines)
    (made,), _ = _lost(oneprovider_mock, journal, lines[0], reached=1)
    journal.close()

    code, summary, err = _batch(capsys, "--settle-unknown")
    assert (code, summary["settledLines"]["undecided"]) == (1, [1])
    assert "no line of this batch with the same schema and revision is known" in err
    assert made in err
    assert len(oneprovider_mock.world.executions) == 1


def test_settle_unknown_excludes_marks_and_retries(
    oneprovider_mock: MockProvider, use: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use(oneprovider_mock)
    _write_requests(tmp_path / "requests.jsonl", 1)
    code, _, err = _batch(capsys, "--settle-unknown", "--retry-unknown", "1")
    assert code == 2
    assert "--settle-unknown decides the unknown lines itself; drop --retry-unknown" in err
