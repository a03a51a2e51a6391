"""Batches against the mock: resumed after a kill, every line is scheduled exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider, World, create_app

from tests import seed

from .gate import Gate, serve


def _callback(number: int) -> str:
    # Not a loopback host: the mock records the callback and never calls it.
    return f"https://batch.example.com/line/{number}"


def _write_requests(path: Path, count: int, bad: dict[int, dict[str, Any]] | None = None) -> None:
    lines = []
    for number in range(1, count + 1):
        body = {**seed.request_body(), "callback": _callback(number)}
        body.update((bad or {}).get(number, {}))
        lines.append(json.dumps(body))
    path.write_text("\n".join(lines) + "\n")


def _executions_per_line(world: World) -> Counter[int]:
    return Counter(
        int(execution.callback.rsplit("/", 1)[1])
        for execution in world.executions.values()
        if execution.callback
    )


def _records(path: Path) -> list[dict[str, Any]]:
    records = []
    for line in path.read_text().splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def _last_states(path: Path) -> dict[int, str]:
    return {record["line"]: record["state"] for record in _records(path)}


def _batch(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, Any, str]:
    code = main(["schedule", "--batch", "requests.jsonl", "--output", "results.jsonl", *extra])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


@pytest.fixture
def in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    return tmp_path


def test_batch_schedules_every_line_and_a_rerun_sends_nothing(
    oneprovider_mock: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", oneprovider_mock.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", oneprovider_mock.token)
    _write_requests(in_tmp / "requests.jsonl", 8)
    code, summary, err = _batch(capsys, "--concurrency", "3")
    assert code == 0, err
    assert summary == {
        "lines": 8,
        "scheduled": 8,
        "failed": 0,
        "unknown": 0,
        "failedLines": [],
        "unknownLines": [],
        "output": "results.jsonl",
    }
    assert "scheduling: 8/8 sent (scheduled 8, failed 0, unknown 0)" in err  # progress, on stderr
    assert _executions_per_line(oneprovider_mock.world) == dict.fromkeys(range(1, 9), 1)
    outcomes = {r["line"]: r for r in _records(in_tmp / "results.jsonl") if r["state"] != "sending"}
    assert {r["atmWorkflowExecutionId"] for r in outcomes.values()} == set(
        oneprovider_mock.world.executions
    )
    code, summary, err = _batch(capsys)
    assert (code, summary["scheduled"]) == (0, 8)
    assert "8 of 8 lines were scheduled before; skipped" in err
    assert len(oneprovider_mock.world.executions) == 8


def test_refused_lines_are_resent_and_crashed_ones_are_not(
    oneprovider_mock: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", oneprovider_mock.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", oneprovider_mock.token)
    _write_requests(in_tmp / "requests.jsonl", 4, bad={2: {"atmWorkflowSchemaRevisionNumber": 99}})
    oneprovider_mock.fail_next_requests(1)  # line 1 crashes the provider: outcome unknown
    code, summary, err = _batch(capsys, "--concurrency", "1")
    assert code == 1
    assert (summary["failedLines"], summary["unknownLines"], summary["scheduled"]) == ([2], [1], 2)
    assert "lines 2" in err
    assert "--retry-unknown 1" in err
    assert _executions_per_line(oneprovider_mock.world) == {3: 1, 4: 1}

    code, summary, _ = _batch(capsys)
    assert (code, summary["failedLines"], summary["unknownLines"]) == (1, [2], [1])
    sends = Counter(
        r["line"] for r in _records(in_tmp / "results.jsonl") if r["state"] == "sending"
    )
    assert sends == {1: 1, 2: 2, 3: 1, 4: 1}

    code, summary, _ = _batch(capsys, "--retry-unknown", "1")
    assert (code, summary["unknownLines"], summary["scheduled"]) == (1, [], 3)
    assert _executions_per_line(oneprovider_mock.world) == {1: 1, 3: 1, 4: 1}


def test_a_batch_killed_with_requests_in_flight_resumes_with_every_line_once(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    count, free, concurrency = 12, 4, 3
    world = World.default()
    app = create_app(world, phase_seconds=3600)
    # Of the three requests in flight at the kill, the first and the third reach
    # the provider (it schedules them; the answers never arrive), the second not.
    gate = Gate(app, free=free, reaches_provider=lambda held: held != 1)
    _write_requests(in_tmp / "requests.jsonl", count)
    try:
        with serve(gate) as url:
            command = [
                sys.executable,
                "-m",
                "oneprovider_automation",
                "--host",
                url,
                "schedule",
                "--batch",
                "requests.jsonl",
                "--output",
                "results.jsonl",
                "--concurrency",
                str(concurrency),
            ]
            env = {**os.environ, "ONEPROVIDER_API_KEY": world.default_token}
            env.pop("ONEPROVIDER_LOG", None)
            with subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            ) as process:
                try:
                    assert gate.wait_held(concurrency), "the batch never had 3 requests in flight"
                    assert process.poll() is None
                finally:
                    process.kill()
                    process.communicate(timeout=30)
            gate.open()

            killed_at = _last_states(in_tmp / "results.jsonl")
            assert sorted(n for n, s in killed_at.items() if s == "scheduled") == [1, 2, 3, 4]
            in_flight = sorted(n for n, s in killed_at.items() if s == "sending")
            assert len(in_flight) == concurrency
            on_provider = _executions_per_line(app.backend.world)
            assert sum(on_provider[n] for n in in_flight) == 2

            # The rerun sends the rest, and not the lines whose outcome is unknown.
            monkeypatch.setenv("ONEPROVIDER_HOST", url)
            monkeypatch.setenv("ONEPROVIDER_API_KEY", world.default_token)
            code, summary, err = _batch(capsys, "--concurrency", str(concurrency))
            assert code == 1
            assert summary["unknownLines"] == in_flight
            assert summary["scheduled"] == count - concurrency
            assert "4 of 12 lines were scheduled before" in err
            assert "--mark-scheduled" in err
            assert f"--retry-unknown {','.join(map(str, in_flight))}" in err
            assert _executions_per_line(app.backend.world) == {
                n: 1 for n in range(1, count + 1) if n not in in_flight or on_provider[n]
            }

            # A person checks the provider: found ones are marked, missing ones resent.
            ids = {
                int(e.callback.rsplit("/", 1)[1]): e.id
                for e in app.backend.world.executions.values()
                if e.callback
            }
            found = [n for n in in_flight if n in ids]
            missing = [n for n in in_flight if n not in ids]
            marks = [f"--mark-scheduled={n}={ids[n]}" for n in found]
            retry = ["--retry-unknown", ",".join(map(str, missing))]
            code, summary, err = _batch(capsys, *marks, *retry)
            assert code == 0, err
            assert summary["scheduled"] == count
            code, summary, _ = _batch(capsys)
            assert (code, summary["scheduled"]) == (0, count)
    finally:
        app.backend.close()

    assert _executions_per_line(app.backend.world) == dict.fromkeys(range(1, count + 1), 1)
    final = {r["line"]: r for r in _records(in_tmp / "results.jsonl")}
    assert {r["state"] for r in final.values()} == {"scheduled"}
    assert {r["atmWorkflowExecutionId"] for r in final.values()} == set(
        app.backend.world.executions
    )


def test_a_wrong_mark_is_refused_by_the_provider(
    oneprovider_mock: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", oneprovider_mock.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", oneprovider_mock.token)
    _write_requests(in_tmp / "requests.jsonl", 2)
    oneprovider_mock.fail_next_requests(1)
    code, summary, _ = _batch(capsys, "--concurrency", "1")
    assert summary["unknownLines"] == [1]
    code, _, err = _batch(capsys, "--mark-scheduled", "1=0123456789abcdef0123456789abcdefch0000")
    assert code == 1
    assert "notFound (404)" in err
    code, _, err = _batch(capsys, "--mark-scheduled", "2=whatever")
    assert code == 2
    assert "line 2: its state is scheduled, not unknown" in err
    assert _last_states(in_tmp / "results.jsonl")[1] == "unknown"
