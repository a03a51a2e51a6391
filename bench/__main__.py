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

from bench import client_cost, contract_throughput, hostile, loopback, mock_throughput, startup
from bench._harness import Row
from bench._report import text_table, write_results


@dataclass(frozen=True)
class Sizes:
    rounds: int
    calls: int
    total: int
    concurrency: int
    seconds: float
    contract_examples: int
    #: Items of the largest hostile body (70,000 is about 7 MB, under the 8 MB a
    #: provider reads).
    hostile_scale: int


FULL = Sizes(
    rounds=9,
    calls=2000,
    total=2000,
    concurrency=32,
    seconds=5.0,
    contract_examples=300,
    hostile_scale=70_000,
)
SMOKE = Sizes(
    rounds=2, calls=5, total=40, concurrency=4, seconds=1.0, contract_examples=5, hostile_scale=50
)


def _pin_to(core: int) -> None:
    """Keep this process off the core the servers under test are pinned to."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > core:
        os.sched_setaffinity(0, {core})


def benchmarks(sizes: Sizes) -> list[tuple[str, Callable[[], Sequence[Row]]]]:
    return [
        ("client cost", lambda: client_cost.run(rounds=sizes.rounds, calls=sizes.calls)),
        (
            "loopback",
            lambda: loopback.run(
                rounds=sizes.rounds,
                calls=sizes.calls // 4,
                total=sizes.total,
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
            "contract-test throughput",
            lambda: [
                contract_throughput.run(
                    rounds=max(2, sizes.rounds // 3), max_examples=sizes.contract_examples
                )
            ],
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
        results.extend(bench())
    print(text_table(results))
    print(f"bench: {len(results)} comparisons in {time.monotonic() - started:.0f} s")
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
- **Mock throughput**: per schedule, about 45 µs is the mock's own work
  (sanitizing, the store checks, a dozen ids, the execution record) and the
  rest is uvicorn's pure-Python HTTP parser (h11); a bare Starlette app on
  the same server answers about 11,500 requests/s. uvicorn picks `httptools`
  by itself when it is installed, which roughly doubles the mock's
  throughput; it is not a dependency, since the `mock` extra is limited to
  starlette and uvicorn. Prism's own rate rises over a run (its JIT warms
  up), so longer runs lower the ratio.
- **Import** subtracts the interpreter's own start (`python -c pass`) from
  both sides.
- **Hostile bodies**: the stall row gives the worst wait of a small GET (sent
  every 10 ms) while the mock answers bodies of a 7-million-digit number, 5.6
  MB of nested brackets and 7 MB of store items, against the same GETs alone;
  the goal is that no small request waits more than 0.1 s. Bodies over 64 KiB
  are parsed and checked on a worker thread, outside the backend's lock; the
  GIL still switches every 5 ms. The linear row compares seconds per byte of a
  7 MB body with a body a tenth of its size.
- **Contract-test throughput** times the whole suite as a user waits for it,
  pytest and xdist start-up included, with 300 fuzzing cases per operation.
"""

if __name__ == "__main__":
    sys.exit(main())
