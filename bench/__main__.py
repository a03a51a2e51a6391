"""``python -m bench``: run every benchmark, print one table, write RESULTS.md.

``--smoke`` runs each benchmark with tiny sizes and writes nothing: it keeps
the code working (``make test`` runs it) and measures nothing worth reading.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import (
    batch,
    client_cost,
    contract_throughput,
    flat_costs,
    hostile,
    loopback,
    mock_throughput,
    startup,
    waiting,
)
from bench._harness import Row
from bench._report import text_table, write_results


@dataclass(frozen=True)
class Sizes:
    rounds: int
    calls: int
    total: int
    concurrency: int
    seconds: float
    #: Calls per round and side of each of the 11 client-cost rows.
    client_calls: int
    #: Fuzzing cases per operation of the contract suite; ``None``: as ``make contract-test``.
    contract_examples: int | None
    #: Runs of ``make contract-test`` (the full-size one fits its 150 s once, not twice).
    contract_rounds: int
    #: Whether to also compare in-process with loopback (two more runs per round).
    contract_loopback: bool
    #: Items of the largest hostile body (70,000 is about 7 MB, under the 8 MB a
    #: provider reads).
    hostile_scale: int
    #: Executions held in the small and the large world, then held at the end.
    held_small: int
    held_large: int
    held_most: int
    #: Lines of the batch run, and runs of each side (a 10,000-line run is ~40 s).
    batch_lines: int
    batch_rounds: int
    #: Records of the journal a rerun reads.
    journal_records: int
    #: Executions wait_all waits for.
    wait_executions: int


FULL = Sizes(
    rounds=9,
    calls=2000,
    total=2000,
    concurrency=32,
    seconds=5.0,
    client_calls=400,
    contract_examples=None,
    contract_rounds=1,
    contract_loopback=False,
    hostile_scale=70_000,
    held_small=1_000,
    held_large=50_000,
    held_most=100_000,
    batch_lines=10_000,
    batch_rounds=1,
    journal_records=100_000,
    wait_executions=1000,
)
SMOKE = Sizes(
    rounds=2,
    calls=5,
    total=40,
    concurrency=4,
    seconds=1.0,
    client_calls=5,
    contract_examples=5,
    contract_rounds=1,
    contract_loopback=False,
    hostile_scale=50,
    held_small=40,
    held_large=400,
    held_most=800,
    batch_lines=40,
    batch_rounds=1,
    journal_records=200,
    wait_executions=20,
)


def _pin_to(core: int) -> None:
    """Keep this process off the core the servers under test are pinned to."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > core:
        os.sched_setaffinity(0, {core})


def benchmarks(sizes: Sizes) -> list[tuple[str, Callable[[], Sequence[Row]]]]:
    return [
        (
            "client cost",
            lambda: client_cost.run(rounds=sizes.rounds, calls=sizes.client_calls),
        ),
        (
            "loopback",
            lambda: loopback.run(
                rounds=max(2, sizes.rounds // 2),
                calls=sizes.calls // 4,
                total=sizes.total // 2,
                concurrency=sizes.concurrency,
            ),
        ),
        (
            "mock throughput",
            lambda: [mock_throughput.run(rounds=max(2, sizes.rounds // 3), seconds=sizes.seconds)],
        ),
        (
            "start-up",
            lambda: [
                startup.import_time(rounds=sizes.rounds * 2),
                startup.cli_help(rounds=sizes.rounds),
            ],
        ),
        (
            "hostile bodies",
            lambda: hostile.run(
                rounds=max(2, sizes.rounds // 3),
                seconds=sizes.seconds,
                scale=sizes.hostile_scale,
            ),
        ),
        (
            "flat costs",
            lambda: flat_costs.run(
                rounds=sizes.rounds,
                calls=sizes.calls,
                schedules=max(5, sizes.calls // 10),
                small=sizes.held_small,
                large=sizes.held_large,
                most=sizes.held_most,
            ),
        ),
        (
            "batch",
            lambda: batch.run(
                rounds=sizes.batch_rounds,
                lines=sizes.batch_lines,
                concurrency=16,
                records=sizes.journal_records,
            ),
        ),
        (
            "waiting for many",
            lambda: waiting.run(executions=sizes.wait_executions, polls=(10,)),
        ),
        (
            "contract-test",
            lambda: contract_throughput.run(
                rounds=sizes.contract_rounds,
                max_examples=sizes.contract_examples,
                loopback=sizes.contract_loopback,
            ),
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes; write nothing")
    parser.add_argument(
        "--output", type=Path, default=Path(__file__).parent, help="where RESULTS.md goes"
    )
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    _pin_to(1)
    results: list[Row] = []
    started = time.monotonic()
    for name, bench in benchmarks(sizes):
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        began = time.monotonic()
        results.extend(bench())
        print(f"bench: {name}: {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
    print(text_table(results))
    print(f"bench: {len(results)} rows in {time.monotonic() - started:.0f} s")
    if not args.smoke:
        write_results(results, args.output, note=NOTE)
        print(f"bench: wrote {args.output / 'RESULTS.md'} and results.png")
    return 0


NOTE = """\
## Reading the results

- **Client cost per call**: every operation through `httpx.MockTransport`,
  the wrapper against bare httpx sending the same requests (`json()` on each
  answer with a body; rerun and retry get the execution first, so their
  baseline does too). Each call's URL is parsed once and handed to httpx
  parsed; an execution's details are read from the JSON in one pass (not
  through the generated model, whose field names a test holds them to); a
  small audit-log dump is decoded in one `json.loads`. What remains is the
  typed models themselves: a `WorkflowExecution` of two lanes, one
  `AuditLogEntry` (a datetime and a frozen attrs object) per log entry, and
  the generated operation modules building each request.
- **Loopback** runs against `oneprovider-mock` on the other core, with its
  executions held still (`--phase-seconds 3600`) so that nothing but the
  requests runs there. The sync wrapper also sends `Accept` and `User-Agent`
  headers that raw httpx does not, which the server parses.
- **Mock throughput** sends the seed's minimal request (three fields, the
  revision as the string `"3"`); `schedule.lua` counts every answer that is
  not a 201 and the row fails on one. The server stack was chosen by CPU time
  per request of the server process on one pinned core under wrk (medians of
  three alternating rounds, on a busy machine: the microseconds are inflated
  alike, the proportions hold). A bare ASGI app: uvicorn with h11 on asyncio
  343 µs, with httptools on asyncio 131, with httptools on uvloop 110,
  Granian 123 (113 on uvloop). The mock: 703 µs on h11, 462 on httptools and
  uvloop, which the `mock` extra now installs and uvicorn picks by itself.
  Granian was no cheaper on one core and its embedding binds its own socket
  (the threaded `MockProvider` and `--port 0` hand uvicorn a bound one), so
  it was left out; Hypercorn is slower than h11 by its own published figures.
  What remains is the mock's own work, about three quarters of each request
  (py-spy of the server under wrk: 70 % of samples inside the app, 30 % in
  uvicorn, httptools and the loop): sanitizing, the store and lambda checks,
  thirteen ids, the execution record with its first audit-log entry, and the
  Starlette request and response objects. Prism's own rate rises over a run
  (its JIT warms up), so longer runs lower the ratio.
- **Import** subtracts the interpreter's own start (`python -c pass`) from
  both sides.
- **Hostile bodies**: the stall row gives the worst wait of a small GET (sent
  every 10 ms) while the mock answers bodies of a 7-million-digit number, 5.6
  MB of nested brackets and 7 MB of store items, against the same GETs alone;
  the goal is that no small request waits more than 0.1 s. Bodies over 64 KiB
  are parsed and checked on a worker thread, outside the backend's lock; the
  GIL still switches every 5 ms. The linear row compares seconds per byte of a
  7 MB body with a body a tenth of its size.
- **Flat costs** builds worlds of 1,000 and 50,000 executions in one space
  (a quarter in each phase) through the mock's `Backend` in-process and times
  a list page of 100 (the first, and one from a token half way down) and a
  schedule on each, alternately; no HTTP, whose cost does not grow with the
  world. Executions are indexed (a heap of due times, a sorted list of link
  names per space and phase, store ids to their execution), so no request
  walks them all. The executions a schedule row adds are cancelled and
  deleted between rounds (they leave the lists; the dict keeps them): taking
  them out of the dict and indexing the world again instead made a schedule
  look 1.6x to 2x dearer with 50,000 held, the garbage collector's full
  passes over the freshly built index, not the schedule. Memory per execution
  is traced with tracemalloc over building a few thousand; the last row is
  the resident memory 100,000 held add, once a page and a schedule answered.
- **Batch** runs `oneprovider-automation batch` in-process (its `main`, as
  the console script calls it: the requests file read and checked, the
  journal's lock, records and fsyncs, the progress lines, the summary; not
  the interpreter's start and imports) against a bare `httpx.AsyncClient`
  loop posting the same file's lines with the same 16 workers, each side
  against a fresh mock pinned to core 0. One run each at 10,000 lines (a run
  is about a minute here), so the spread says nothing. The profile: an fsync
  a record (two a line, ~5 ms each on this disk, on the event loop) was most
  of a batch's time; the lines in flight now share each fsync, run on a
  thread. What is left is httpx and httpcore, as in the bare loop (whose
  connection pool costs more CPU there, all 16 workers always queued), and a
  few percent of wrapper and journal code.
- **Batch resume** times what a rerun reads: `Journal(...)` of 100,000
  records (50,000 lines, `sending` then `scheduled`), parsed and checked,
  against `for line in f: json.loads(line)`; a test proves the file is
  opened and read once. The rest is the per-record checks and keeping the
  last record of each line.
- **wait_all** counts, at the in-process mock, the requests of waiting
  until 1,000 executions (in a space with 5,000 older ended ones) have
  ended, a tenth at each of 10 polls, over 1,000 x 10 (one GET per
  execution per poll). wait_all returns each execution's details, so it
  gets each once when first seen stopped: 1,000 GETs, against about 4 list
  pages a poll. The ratio is about 1/polls + 4/1,000: 10 % at 10 polls, and
  under 5 % from about 22 polls (a wait of ten minutes at the default poll
  interval makes about 26). Only returning phases without details would
  make it 0.4 %, and the status (finished or failed) would be lost.
- **Contract-test run** is one `make contract-test` as a user waits for it (warm
  venv, 2 xdist workers, start-up included): its seconds, its cases and the share
  of the fuzzing cases past authentication and lookup (a 2xx or a 400), each from
  the run's own summary. The profile of a worker: about two thirds of a case is
  schemathesis and hypothesis generating it (drawing from the spec's schemas,
  re-validating what the hooks changed), a sixth the in-process transport
  (requests through an ASGI adapter and an anyio portal), the rest the checks and
  the mock; the suite's own hooks are a few per cent, the largest the world put
  back after a changing case (about 15 ms each). Start-up is about 10 s of the
  run: pytest rewrites the asserts of every plugin's modules, which
  `make contract-test` lets it cache as bytecode. The in-process against
  loopback comparison (`contract_throughput.loopback_comparison`) is left out:
  two more runs would not fit the budget.
"""

if __name__ == "__main__":
    sys.exit(main())
