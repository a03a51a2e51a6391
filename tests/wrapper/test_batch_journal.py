"""The batch journal: what a rerun sends, skips or reports, from each possible record."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
from oneprovider_automation.batch._run import Journal, State, plan, read_batch, run
from oneprovider_automation.cli._input import BadInput

from .router import WORKFLOWS, Router, async_client, error_body, scheduled


def _write_batch(path: Path, count: int) -> Path:
    lines = [
        json.dumps(
            {"spaceId": "s", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": n}
        )
        for n in range(1, count + 1)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _journal_with(tmp_path: Path, states: dict[int, State]) -> tuple[Journal, list[Any]]:
    lines = read_batch(_write_batch(tmp_path / "in.jsonl", 5))
    out = tmp_path / "out.jsonl"
    writer = Journal(out, lines)
    for line in lines:
        if line.number in states:
            # A scheduled record holds its execution's id, as every run writes it.
            ids = {"atmWorkflowExecutionId": f"e{line.number}"}
            writer.append(
                line, states[line.number], **(ids if states[line.number] == "scheduled" else {})
            )
    writer.close()
    return Journal(out, lines), lines


def test_each_recorded_state_decides_the_rerun(tmp_path: Path) -> None:
    journal, lines = _journal_with(
        tmp_path, {1: "scheduled", 2: "failed", 3: "unknown", 4: "sending"}
    )
    decided = plan(lines, journal, set())
    assert [line.number for line in decided.todo] == [2, 5]
    assert decided.done_before == [1]
    assert decided.unknown == [3, 4]
    # The line killed in flight is now recorded as unknown, with the reason.
    last = _records(journal.path)[-1]
    assert (last["line"], last["state"]) == (4, "unknown")
    assert "interrupted" in last["reason"]


@pytest.mark.parametrize(
    ("retry", "todo"), [({3}, [2, 3, 5]), ({4}, [2, 4, 5]), ("all", [2, 3, 4, 5])]
)
def test_retry_unknown_resends_only_the_named_unknown_lines(
    tmp_path: Path, retry: set[int] | Literal["all"], todo: list[int]
) -> None:
    journal, lines = _journal_with(
        tmp_path, {1: "scheduled", 2: "failed", 3: "unknown", 4: "sending"}
    )
    assert [line.number for line in plan(lines, journal, retry).todo] == todo


@pytest.mark.parametrize(("line", "why"), [(1, "scheduled"), (5, "new"), (9, "no such line")])
def test_retry_unknown_refuses_lines_that_are_not_unknown(
    tmp_path: Path, line: int, why: str
) -> None:
    journal, lines = _journal_with(tmp_path, {1: "scheduled", 3: "unknown"})
    with pytest.raises(BadInput, match=f"line {line}: .*{why}"):
        plan(lines, journal, {line})


def test_a_journal_of_another_batch_is_refused(tmp_path: Path) -> None:
    journal, _ = _journal_with(tmp_path, {1: "scheduled"})
    (tmp_path / "other.jsonl").write_text(
        '{"spaceId": "t", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 1}\n'
    )
    with pytest.raises(BadInput, match="another batch"):
        Journal(journal.path, read_batch(tmp_path / "other.jsonl"))


def test_a_record_cut_short_is_ignored_and_the_next_starts_on_a_new_line(tmp_path: Path) -> None:
    journal, lines = _journal_with(tmp_path, {1: "sending"})
    with journal.path.open("ab") as f:
        f.write(b'{"line": 1, "request": "')  # killed while writing the outcome
    reread = Journal(journal.path, lines)
    assert reread.warnings == [f"{journal.path}:2: unreadable record ignored"]
    assert plan(lines, reread, set()).unknown == [1]
    reread.close()
    assert _records_tolerant(journal.path)[-1]["state"] == "unknown"


def _records_tolerant(path: Path) -> list[dict[str, Any]]:
    records = []
    for line in path.read_text().splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def test_blank_lines_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    body = '{"spaceId": "s", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 1}'
    path.write_text(f"\n{body}\n\n{body.replace('1}', '2}')}\n")
    assert [line.number for line in read_batch(path)] == [2, 4]
    (tmp_path / "empty.jsonl").write_text("\n\n")
    with pytest.raises(BadInput, match="holds no requests"):
        read_batch(tmp_path / "empty.jsonl")


def test_run_records_each_outcome_after_its_sending_record(tmp_path: Path) -> None:
    lines = read_batch(_write_batch(tmp_path / "in.jsonl", 5))
    replies = {
        1: scheduled("e1"),
        2: httpx.Response(403, json=error_body("forbidden", "No.", {"hint": "h"})),
        3: httpx.Response(500, json=error_body("internalServerError", "Crash.")),
        4: httpx.Response(502, text="<html>bad gateway</html>"),
    }

    def reply(request: httpx.Request) -> httpx.Response:
        revision = json.loads(request.content)["atmWorkflowSchemaRevisionNumber"]
        if revision == 5:
            raise httpx.ReadTimeout("slow", request=request)
        return replies[revision]

    router = Router().add("POST", WORKFLOWS, reply)
    journal = Journal(tmp_path / "out.jsonl", lines)
    seen: list[tuple[int, str]] = []

    async def scenario() -> None:
        async with async_client(router) as client:
            await run(
                client,
                lines,
                journal,
                concurrency=2,
                on_done=lambda line, state: seen.append((line.number, state)),
            )

    asyncio.run(scenario())
    journal.close()
    expected = {1: "scheduled", 2: "failed", 3: "unknown", 4: "unknown", 5: "unknown"}
    assert dict(seen) == expected
    records = _records(tmp_path / "out.jsonl")
    for number, state in expected.items():
        mine = [r["state"] for r in records if r["line"] == number]
        assert mine == ["sending", state]
    by_line = {r["line"]: r for r in records if r["state"] != "sending"}
    assert by_line[1]["atmWorkflowExecutionId"] == "e1"
    assert by_line[1]["location"].endswith("/workflows/e1")
    assert by_line[2]["error"]["id"] == "forbidden"
    assert by_line[2]["error"]["details"] == {"hint": "h"}
    assert by_line[4]["error"]["status"] == 502
    # Each schedule was sent once: no retries after the request may have arrived.
    assert router.count("POST", WORKFLOWS) == 5


def test_a_request_that_never_left_is_failed_so_a_rerun_sends_it(tmp_path: Path) -> None:
    lines = read_batch(_write_batch(tmp_path / "in.jsonl", 1))
    router = Router().add("POST", WORKFLOWS, httpx.ConnectError)
    journal = Journal(tmp_path / "out.jsonl", lines)

    async def scenario() -> None:
        async with async_client(router, max_retries=1) as client:
            await run(client, lines, journal, concurrency=1, on_done=lambda *_: None)

    asyncio.run(scenario())
    assert journal.state(1) == "failed"
    assert plan(lines, journal, set()).todo == lines
    journal.close()
