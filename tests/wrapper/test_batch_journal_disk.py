"""What of the journal is on disk, and when: each record synced before the run goes on.

A fake ``os.fsync`` notes how much of the file each call covers (its size
when the call starts). A request may leave only once its ``sending`` record
is inside what was synced; a line may count as done only once its outcome
is. The lines in flight share ``fsync`` calls, and a rerun reads the
journal once.
"""

from __future__ import annotations

import asyncio
import builtins
import io
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from oneprovider_automation._secrets import MASK, Secret
from oneprovider_automation.batch._run import BatchLine, Journal, State, plan, read_batch, run
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider

from tests import seed

from .router import WORKFLOWS, Router, async_client, scheduled

_LINES, _CONCURRENCY = 40, 8


class FakeDisk:
    """Stands in for ``os.fsync``: counts calls and how many bytes of the journal they covered."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
        self.path = path
        self.calls = 0
        self.synced = 0
        #: Set to hold every sync made off the main thread (the shared ones) until it is set.
        self.hold: threading.Event | None = None
        self.held = threading.Event()
        self.fail: OSError | None = None
        monkeypatch.setattr(os, "fsync", self._fsync)

    def _fsync(self, fd: int) -> None:
        covered = os.fstat(fd).st_size  # what was written before the call started
        if self.hold is not None and threading.current_thread() is not threading.main_thread():
            self.held.set()
            self.hold.wait(timeout=30)
        if self.fail is not None:
            raise self.fail
        self.calls += 1
        self.synced = max(self.synced, covered)

    def records(self) -> list[dict[str, Any]]:
        """The records a crash now would leave: those inside what was synced."""
        data = self.path.read_bytes()[: self.synced]
        return [json.loads(raw) for raw in data.splitlines() if raw.strip()]

    def state_of(self, number: int) -> list[str]:
        return [r["state"] for r in self.records() if r["line"] == number]


def _lines(tmp_path: Path, count: int) -> list[BatchLine]:
    path = tmp_path / "in.jsonl"
    bodies = [
        {"spaceId": "s", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": n}
        for n in range(1, count + 1)
    ]
    path.write_text("".join(json.dumps(body) + "\n" for body in bodies))
    return read_batch(path)


def _line_of(request: httpx.Request) -> int:
    revision: int = json.loads(request.content)["atmWorkflowSchemaRevisionNumber"]
    return revision  # the test batch's line n asks for revision n


def _run(
    lines: list[BatchLine],
    journal: Journal,
    reply: Callable[[httpx.Request], httpx.Response],
    on_done: Callable[[BatchLine, State], None] = lambda *_: None,
) -> Router:
    router = Router().add("POST", WORKFLOWS, reply)

    async def scenario() -> None:
        async with async_client(router) as client:
            await run(client, lines, journal, concurrency=_CONCURRENCY, on_done=on_done)

    asyncio.run(scenario())
    return router


def test_a_request_leaves_only_once_its_sending_record_is_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _lines(tmp_path, _LINES)
    journal = Journal(tmp_path / "out.jsonl", lines)
    disk = FakeDisk(monkeypatch, journal.path)
    on_disk_when_sent: dict[int, list[str]] = {}

    def reply(request: httpx.Request) -> httpx.Response:
        number = _line_of(request)
        on_disk_when_sent[number] = disk.state_of(number)
        return scheduled(f"e{number}")

    router = _run(lines, journal, reply)
    journal.close()
    assert router.count("POST", WORKFLOWS) == _LINES
    assert on_disk_when_sent == {n: ["sending"] for n in range(1, _LINES + 1)}


def test_a_line_counts_done_only_once_its_outcome_is_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _lines(tmp_path, _LINES)
    journal = Journal(tmp_path / "out.jsonl", lines)
    disk = FakeDisk(monkeypatch, journal.path)
    on_disk_when_done: dict[int, list[str]] = {}

    def reply(request: httpx.Request) -> httpx.Response:
        number = _line_of(request)
        if number % 3 == 0:
            return httpx.Response(403, json={"error": {"id": "forbidden", "description": "No."}})
        return scheduled(f"e{number}")

    def on_done(line: BatchLine, state: State) -> None:
        on_disk_when_done[line.number] = disk.state_of(line.number)

    _run(lines, journal, reply, on_done)
    journal.close()
    assert on_disk_when_done == {
        n: ["sending", "failed" if n % 3 == 0 else "scheduled"] for n in range(1, _LINES + 1)
    }


def test_the_lines_in_flight_share_fsync_calls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _lines(tmp_path, _LINES)
    journal = Journal(tmp_path / "out.jsonl", lines)
    disk = FakeDisk(monkeypatch, journal.path)
    _run(lines, journal, lambda request: scheduled(f"e{_line_of(request)}"))
    during_run = disk.calls
    journal.close()
    assert len(disk.records()) == 2 * _LINES
    # One call a record would be 80; the workers' records go in groups of up to 8.
    assert during_run <= 2 * _LINES // 2, during_run


def test_a_sending_record_that_cannot_be_synced_sends_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _lines(tmp_path, _LINES)
    journal = Journal(tmp_path / "out.jsonl", lines)
    disk = FakeDisk(monkeypatch, journal.path)
    disk.fail = OSError(5, "Input/output error")
    with pytest.raises(ExceptionGroup) as raised:
        _run(lines, journal, lambda request: scheduled(f"e{_line_of(request)}"))
    assert raised.group_contains(OSError)
    disk.fail = None
    journal.close()


def test_a_line_stopped_while_its_sending_record_syncs_is_recorded_not_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _lines(tmp_path, 3)
    journal = Journal(tmp_path / "out.jsonl", lines)
    disk = FakeDisk(monkeypatch, journal.path)
    hold = disk.hold = threading.Event()
    router = Router().add("POST", WORKFLOWS, lambda request: scheduled("e"))
    done: list[int] = []

    async def scenario() -> None:
        async with async_client(router) as client:
            sending = asyncio.create_task(
                run(client, lines, journal, concurrency=3, on_done=lambda n, s: done.append(1))
            )
            for _ in range(3000):  # bounded: until the shared sync holds
                if disk.held.is_set():
                    break
                await asyncio.sleep(0.01)
            sending.cancel()
            with pytest.raises(asyncio.CancelledError):
                await sending
            hold.set()

    asyncio.run(scenario())
    journal.close()
    assert disk.held.is_set()
    assert router.requests == []
    assert done == []
    assert {journal.state(line.number) for line in lines} == {"failed"}
    # A rerun sends them: nothing was scheduled for them.
    assert plan(lines, Journal(journal.path, lines), set()).todo == lines


def test_a_rerun_reads_the_journal_once(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    oneprovider_mock: MockProvider,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    monkeypatch.setenv("ONEPROVIDER_HOST", oneprovider_mock.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", oneprovider_mock.token)
    body = json.dumps(seed.request_body())
    (tmp_path / "requests.jsonl").write_text(f"{body}\n" * 500)
    lines = read_batch(tmp_path / "requests.jsonl")
    journal = Journal(tmp_path / "results.jsonl", lines)
    for line in lines:  # a batch done before: two records a line
        journal.append(line, "sending")
        journal.append(line, "scheduled", atmWorkflowExecutionId=f"e{line.number}")
    journal.close()
    size = journal.path.stat().st_size
    reads: list[int] = []
    opened: list[str] = []
    real_open = io.open

    class Counted(io.BufferedReader):
        def read(self, n: int | None = -1) -> bytes:
            data = super().read(n)
            reads.append(len(data))
            return data

    def counting_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if Path(os.fsdecode(file)).absolute() == journal.path.absolute():
            opened.append(mode)
            if mode == "rb":
                return Counted(real_open(file, "rb", buffering=0))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(builtins, "open", counting_open)
    code = main(["schedule", "--batch", "requests.jsonl", "--output", "results.jsonl"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["scheduled"] == 500
    assert oneprovider_mock.world.executions == {}
    assert opened == ["rb"]
    assert sum(reads) == size


#: Tokens as the CLI lets them through: visible ASCII, quotes and backslashes included.
_TOKENS = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40)


@given(token=_TOKENS, where=st.sampled_from(["key", "value", "nested", "none"]))
def test_the_journal_masks_any_token_wherever_it_is_echoed(token: str, where: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lines = _lines(Path(tmp), 1)
        journal = Journal(Path(tmp) / "out.jsonl", lines, secret=Secret(token))
        echoes: dict[str, dict[str, object]] = {
            "key": {token: 1},
            "value": {"description": f"refused {token}!"},
            "nested": {"details": {"echo": [1, {"deeper": f"<{token}>"}]}},
            "none": {"description": "refused"},
        }
        echo = echoes[where]
        journal.append(lines[0], "failed", error=echo)
        journal.close()
        (record,) = [json.loads(raw) for raw in journal.path.read_text().splitlines()]
        strings = _strings(record)
        assert not any(token in text for text in strings)
        if where != "none":
            assert any(MASK in text for text in strings)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []
