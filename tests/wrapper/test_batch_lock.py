"""One run at a time on a journal: a second run is refused and told who holds it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider, World, create_app

from tests import seed

from .gate import Gate, serve

# A process that takes the lock as a run does and holds it until its stdin closes.
_HOLDER = """
import fcntl, json, os, socket, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
os.ftruncate(fd, 0)
os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                         "since": "2026-01-01T00:00:00+00:00"}).encode())
print("held", flush=True)
sys.stdin.read()
"""


def _write_requests(path: Path, count: int) -> None:
    lines = [
        json.dumps({**seed.request_body(), "callback": f"https://lock.example.com/line/{n}"})
        for n in range(1, count + 1)
    ]
    path.write_text("\n".join(lines) + "\n")


def _per_line(world: World) -> Counter[int]:
    return Counter(
        int(e.callback.rsplit("/", 1)[1]) for e in world.executions.values() if e.callback
    )


@pytest.fixture
def in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    return tmp_path


def _command(url: str) -> list[str]:
    return [
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
    ]


def test_a_held_journal_is_refused_naming_its_holder(
    oneprovider_mock: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", oneprovider_mock.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", oneprovider_mock.token)
    _write_requests(in_tmp / "requests.jsonl", 3)
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(in_tmp / "results.jsonl.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline() == "held\n"
            code = main(["schedule", "--batch", "requests.jsonl", "--output", "results.jsonl"])
            out, err = capsys.readouterr()
        finally:
            holder.communicate("", timeout=30)
    assert code == 2
    assert out == ""
    assert "results.jsonl" in err
    assert f"pid {holder.pid}" in err
    assert "since 2026-01-01T00:00:00+00:00" in err
    assert len(err.strip().splitlines()) == 1, err
    assert oneprovider_mock.world.executions == {}

    # The holder is gone: its lock went with it, and its text is just overwritten.
    code = main(["schedule", "--batch", "requests.jsonl", "--output", "results.jsonl"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["scheduled"] == 3
    holder_text = json.loads((in_tmp / "results.jsonl.lock").read_text())
    assert holder_text["pid"] == os.getpid()


def test_a_dry_run_takes_no_lock(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", "provider.example.com")
    _write_requests(in_tmp / "requests.jsonl", 2)
    code = main(["schedule", "--batch", "requests.jsonl", "--output", "results.jsonl", "--dry-run"])
    capsys.readouterr()
    assert code == 0
    assert not (in_tmp / "results.jsonl.lock").exists()


def test_two_runs_at_once_schedule_every_line_exactly_once(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 500
    world = World.default()
    app = create_app(world, phase_seconds=3600)
    # The first run's first requests are held at the gate, so the second run
    # surely starts while the first one is running.
    gate = Gate(app, free=0, reaches_provider=lambda _: True)
    _write_requests(in_tmp / "requests.jsonl", count)
    env = {**os.environ, "ONEPROVIDER_API_KEY": world.default_token}
    env.pop("ONEPROVIDER_LOG", None)
    try:
        with serve(gate) as url:
            with subprocess.Popen(
                _command(url), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            ) as first:
                try:
                    assert gate.wait_held(4), "the first run never had requests in flight"
                    second = subprocess.run(
                        _command(url), env=env, capture_output=True, text=True, timeout=120
                    )
                finally:
                    gate.open()
                    out, err = first.communicate(timeout=120)
            assert first.returncode == 0, err
            assert json.loads(out)["scheduled"] == count
            assert second.returncode == 2, second.stderr
            assert second.stdout == ""
            assert f"pid {first.pid}" in second.stderr

            # Run again once the first is done: nothing left to send.
            monkeypatch.setenv("ONEPROVIDER_HOST", url)
            monkeypatch.setenv("ONEPROVIDER_API_KEY", world.default_token)
            code = main(["schedule", "--batch", "requests.jsonl", "--output", "results.jsonl"])
            out, _ = capsys.readouterr()
            assert (code, json.loads(out)["scheduled"]) == (0, count)
    finally:
        app.backend.close()
    assert _per_line(app.backend.world) == dict.fromkeys(range(1, count + 1), 1)
