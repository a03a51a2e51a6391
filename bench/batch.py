"""A batch as a user runs it, against the bare loop it replaces; and the read of a rerun.

Scheduling: ``oneprovider-automation batch requests.jsonl --output
results.jsonl --concurrency N`` run in-process through the console script's
function (``cli._main.main``), against ``oneprovider-mock`` pinned to core 0,
a fresh mock for every sample (10,000 executions a run would otherwise pile
up in one world). Timed: reading and checking the requests file, the
journal's lock, its records and their ``fsync`` calls, the progress lines
(stderr is not a terminal), the summary; not timed: the interpreter's start
and the imports, which the start-up rows measure. The baseline is what a
user would write instead: read the same file, ``json.loads`` each line and
post it from an ``httpx.AsyncClient`` with N workers, no journal.

Resume: the read a rerun makes of a 100,000-record journal (a batch of
50,000 lines, each ``sending`` then ``scheduled``): ``Journal(...)``, which
parses and checks every record, against a bare ``for line in f:
json.loads(line)`` of the same file, both in seconds per 100,000 records.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from bench._harness import Comparison, alternate
from bench._servers import Running, mock_server, schedule_body

if TYPE_CHECKING:
    from oneprovider_automation.batch._run import BatchLine

PATH = "/automation/execution/workflows"


def _scratch() -> tempfile.TemporaryDirectory[str]:
    """A folder on the disk a user's journal would be on (``/tmp`` may be memory)."""
    return tempfile.TemporaryDirectory(prefix=".bench-batch-", dir=Path.cwd())


def _write_requests(target: Running, path: Path, lines: int) -> None:
    text = json.dumps(schedule_body(target)) + "\n"
    path.write_text(text * lines)


def _batch_rate(*, lines: int, concurrency: int) -> float:
    """Lines a second of one ``batch`` run, against a fresh mock."""
    from oneprovider_automation.cli._main import main

    with mock_server(cores="0") as target, _scratch() as tmp:
        requests = Path(tmp) / "requests.jsonl"
        _write_requests(target, requests, lines)
        host = target.api_url.removesuffix("/api/v3/oneprovider")
        argv = [
            *("--host", host, "--token", target.token),
            *("batch", str(requests), "--output", str(Path(tmp) / "results.jsonl")),
            *("--concurrency", str(concurrency)),
        ]
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        elapsed = time.perf_counter() - start
        if code != 0 or json.loads(out.getvalue())["scheduled"] != lines:
            raise RuntimeError(f"the batch did not schedule every line: {err.getvalue()[-500:]}")
        return lines / elapsed


def _bare_rate(*, lines: int, concurrency: int) -> float:
    """Lines a second of a bare loop posting the same file's lines, against a fresh mock."""
    with mock_server(cores="0") as target, _scratch() as tmp:
        requests = Path(tmp) / "requests.jsonl"
        _write_requests(target, requests, lines)

        async def send_all() -> int:
            sent = 0
            async with httpx.AsyncClient(
                base_url=target.api_url, headers={"X-Auth-Token": target.token}, timeout=30.0
            ) as client:
                with requests.open() as f:
                    bodies = (json.loads(line) for line in f)

                    async def worker() -> None:
                        nonlocal sent
                        for body in bodies:
                            response = await client.post(PATH, json=body)
                            response.raise_for_status()
                            response.json()["atmWorkflowExecutionId"]
                            sent += 1

                    await asyncio.gather(*(worker() for _ in range(concurrency)))
            return sent

        start = time.perf_counter()
        sent = asyncio.run(send_all())
        elapsed = time.perf_counter() - start
        if sent != lines:
            raise RuntimeError(f"the bare loop sent {sent} of {lines} lines")
        return lines / elapsed


def scheduling(*, rounds: int, lines: int, concurrency: int) -> Comparison:
    ours, theirs = alternate(
        lambda: _batch_rate(lines=lines, concurrency=concurrency),
        lambda: _bare_rate(lines=lines, concurrency=concurrency),
        rounds=rounds,
        warmup=0,
    )
    return Comparison(
        benchmark=f"batch, {lines} lines at concurrency {concurrency}",
        contender="oneprovider-automation batch",
        baseline="httpx.AsyncClient loop",
        contender_samples=ours,
        baseline_samples=theirs,
        unit="lines/s",
        target=0.9,
        higher_is_better=True,
    )


_PER = 100_000


def resume(*, rounds: int, records: int) -> Comparison:
    """Seconds per 100,000 records of a rerun's read of the journal, against bare json.loads."""
    from oneprovider_automation.batch._run import Journal, read_batch

    with _scratch() as tmp:
        requests = Path(tmp) / "requests.jsonl"
        body = {
            "spaceId": "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c",
            "atmWorkflowSchemaId": "5f29b45b5ea0fb2e6c0f1a8f9cde7a1cchb2a4",
            "atmWorkflowSchemaRevisionNumber": 3,
        }
        requests.write_text((json.dumps(body) + "\n") * (records // 2))
        lines = read_batch(requests)
        journal = Path(tmp) / "results.jsonl"
        journal.write_text("".join(_records_of(lines)))

        def ours() -> float:
            start = time.perf_counter()
            Journal(journal, lines).close()
            return (time.perf_counter() - start) * _PER / records

        def bare() -> float:
            start = time.perf_counter()
            with journal.open() as f:
                for line in f:
                    json.loads(line)
            return (time.perf_counter() - start) * _PER / records

        c, b = alternate(ours, bare, rounds=rounds)
    return Comparison(
        benchmark=f"batch resume, read of a {records}-record journal",
        contender="Journal (per 100,000 records)",
        baseline="for line in f: json.loads(line)",
        contender_samples=c,
        baseline_samples=b,
        unit="s",
        target=None,
    )


def _records_of(lines: Sequence[BatchLine]) -> list[str]:
    """Two records a line, as a batch writes them: ``sending``, then ``scheduled``."""
    out = []
    for line in lines:
        at = "2026-12-01T12:00:00.000+00:00"
        execution_id = f"{line.number:08d}" + "e" * 30
        sending = {"line": line.number, "request": line.digest, "state": "sending", "at": at}
        scheduled = {
            "line": line.number,
            "request": line.digest,
            "state": "scheduled",
            "at": at,
            "atmWorkflowExecutionId": execution_id,
            "location": f"http://127.0.0.1:8080/api/v3/oneprovider{PATH}/{execution_id}",
            "attemptStarted": at,
            "attemptEnded": at,
        }
        out += [json.dumps(sending) + "\n", json.dumps(scheduled) + "\n"]
    return out


def run(*, rounds: int, lines: int, concurrency: int, records: int) -> list[Comparison]:
    return [
        scheduling(rounds=rounds, lines=lines, concurrency=concurrency),
        resume(rounds=max(3, rounds), records=records),
    ]
