"""A batch stopped by SIGINT or SIGTERM: no new line sent, the journal whole, a summary printed."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import IO, Any

import pytest
from oneprovider_automation.cli._main import main
from oneprovider_mock import World, create_app
from oneprovider_mock.pytest_plugin import MockProviderFactory

from tests import seed

from .gate import Gate, serve

_COUNT, _FREE, _CONCURRENCY = 30, 5, 3


def _write_requests(path: Path, count: int) -> None:
    lines = [
        json.dumps({**seed.request_body(), "callback": f"https://stop.example.com/line/{n}"})
        for n in range(1, count + 1)
    ]
    path.write_text("\n".join(lines) + "\n")


def _per_line(world: World) -> Counter[int]:
    return Counter(
        int(e.callback.rsplit("/", 1)[1]) for e in world.executions.values() if e.callback
    )


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


class _Lines:
    """Reads a pipe in a thread; :meth:`wait_for` blocks (bounded) for a line with some text."""

    def __init__(self, pipe: IO[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe: IO[str]) -> None:
        for line in pipe:
            self._queue.put(line)

    def wait_for(self, text: str) -> bool:
        for _ in range(1000):  # bounded in count; each get bounded in time
            try:
                line = self._queue.get(timeout=30)
            except queue.Empty:
                return False
            self.seen.append(line)
            if text in line:
                return True
        return False

    def rest(self) -> str:
        self._thread.join(30)
        while not self._queue.empty():
            self.seen.append(self._queue.get())
        return "".join(self.seen)


@pytest.fixture
def in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    _write_requests(tmp_path / "requests.jsonl", _COUNT)
    return tmp_path


def _start(url: str, token: str) -> subprocess.Popen[str]:
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
        str(_CONCURRENCY),
    ]
    env = {**os.environ, "ONEPROVIDER_API_KEY": token}
    env.pop("ONEPROVIDER_LOG", None)
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _rerun(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, token: str
) -> tuple[int, dict[str, Any], str]:
    monkeypatch.setenv("ONEPROVIDER_HOST", url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", token)
    code = main(["schedule", "--batch", "requests.jsonl", "--output", "results.jsonl"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_sigint_lets_the_lines_in_flight_finish_prints_the_summary_and_a_rerun_resumes(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World.default()
    app = create_app(world, phase_seconds=3600)
    gate = Gate(app, free=_FREE, reaches_provider=lambda _: True)
    try:
        with serve(gate) as url, _start(url, world.default_token) as process:
            assert process.stderr is not None
            assert process.stdout is not None
            err = _Lines(process.stderr)
            try:
                assert gate.wait_held(_CONCURRENCY), "the batch never had requests in flight"
                process.send_signal(signal.SIGINT)
                assert err.wait_for("interrupted"), err.rest()
            finally:
                gate.open()
                out = process.stdout.read()
                process.wait(30)
            stderr = err.rest()
            assert process.returncode == 130, stderr
            summary = json.loads(out)
            assert summary["interrupted"] is True
            assert summary["notSent"] == _COUNT - _FREE - _CONCURRENCY
            assert summary["scheduled"] == _FREE + _CONCURRENCY
            assert (summary["failed"], summary["unknown"]) == (0, 0)
            assert "rerun the same command to resume" in stderr
            assert "Traceback" not in stderr
            scheduled = [
                r["line"] for r in _records(in_tmp / "results.jsonl") if r["state"] == "scheduled"
            ]
            assert _per_line(app.backend.world) == dict.fromkeys(scheduled, 1)
            assert len(scheduled) == _FREE + _CONCURRENCY

            code, summary, err_text = _rerun(capsys, monkeypatch, url, world.default_token)
            assert code == 0, err_text
            assert summary["scheduled"] == _COUNT
            assert "interrupted" not in summary
    finally:
        app.backend.close()
    assert _per_line(app.backend.world) == dict.fromkeys(range(1, _COUNT + 1), 1)


def test_a_second_sigterm_stops_waiting_and_records_the_lines_in_flight_unknown(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World.default()
    app = create_app(world, phase_seconds=3600)
    gate = Gate(app, free=_FREE, reaches_provider=lambda _: True)
    try:
        with serve(gate) as url:
            with _start(url, world.default_token) as process:
                assert process.stderr is not None
                assert process.stdout is not None
                err = _Lines(process.stderr)
                try:
                    assert gate.wait_held(_CONCURRENCY), "the batch never had requests in flight"
                    process.send_signal(signal.SIGTERM)
                    assert err.wait_for("interrupted"), err.rest()
                    process.send_signal(signal.SIGTERM)
                    out = process.stdout.read()
                    process.wait(30)
                finally:
                    gate.open()
                stderr = err.rest()
            assert process.returncode == 143, stderr
            summary = json.loads(out)
            assert summary["interrupted"] is True
            assert summary["notSent"] == _COUNT - _FREE - _CONCURRENCY
            assert (summary["scheduled"], summary["unknown"]) == (_FREE, _CONCURRENCY)
            in_flight = summary["unknownLines"]
            assert len(in_flight) == _CONCURRENCY
            last = {r["line"]: r for r in _records(in_tmp / "results.jsonl")}
            assert all(last[n]["state"] == "unknown" for n in in_flight)
            assert all("interrupted" in last[n]["reason"] for n in in_flight)

            # The rerun sends the rest; the lines in flight wait for a person.
            code, summary, _ = _rerun(capsys, monkeypatch, url, world.default_token)
            assert code == 1
            assert (summary["scheduled"], summary["unknownLines"]) == (
                _COUNT - _CONCURRENCY,
                in_flight,
            )
    finally:
        app.backend.close()
    assert _per_line(app.backend.world) == dict.fromkeys(range(1, _COUNT + 1), 1)


def test_sigint_while_waiting_stops_the_wait_and_prints_the_summary(
    in_tmp: Path, oneprovider_mock_factory: MockProviderFactory
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=3600)  # nothing ever stops
    _write_requests(in_tmp / "requests.jsonl", 3)
    command = [
        sys.executable,
        "-m",
        "oneprovider_automation",
        "--host",
        provider.url,
        "batch",
        "requests.jsonl",
        "--output",
        "results.jsonl",
        "--wait",
        "--poll-interval",
        "0.05",
    ]
    env = {**os.environ, "ONEPROVIDER_API_KEY": provider.token}
    env.pop("ONEPROVIDER_LOG", None)
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stderr is not None
        assert process.stdout is not None
        err = _Lines(process.stderr)
        try:
            assert err.wait_for("waiting for 3 executions"), err.rest()
        finally:
            process.send_signal(signal.SIGINT)
            out = process.stdout.read()
            process.wait(30)
    stderr = err.rest()
    assert process.returncode == 130, stderr
    summary = json.loads(out)
    assert (summary["interrupted"], summary["notSent"], summary["scheduled"]) == (True, 0, 3)
    assert "Traceback" not in stderr
    assert "rerun the same command to resume" in stderr
    assert len(provider.world.executions) == 3
