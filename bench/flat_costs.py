"""Flat costs as the world grows: the same requests with 50,000 executions held as with 1,000.

Both worlds hold executions of one space, a quarter in each phase (waiting;
ongoing, a cancel that takes an hour; suspended, paused; ended, finished). They
are built and measured through the ``Backend`` in-process, not HTTP: the HTTP
layer's cost does not depend on the world, so leaving it out keeps the ratio
about the world alone (through the app the ratio could only come closer to 1).

Rows: a list page of 100 (the first page, and a page from a token half way down
the ended list), and a schedule (the executions it adds are cancelled and deleted
between rounds, so both worlds' lists keep their size); then the memory a held
execution takes (tracemalloc over building a few thousand), and the process's
resident memory with 100,000 held while a page and a schedule still answer.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from oneprovider_mock import World
from oneprovider_mock._backend import Backend
from oneprovider_mock.world._listing import encode_token

from bench._harness import Comparison, Measurement, Row, Samples, alternate, per_call

#: The issue's targets: a page and a schedule with 50,000 held, over the same with 1,000.
LIST_TARGET = 1.5
SCHEDULE_TARGET = 1.3
#: Budget per held execution: its record, a dozen 38-character ids, its lane runs, the
#: stores' initial content and an audit log of half a dozen entries. 8 KiB a piece keeps
#: the Python heap of 100,000 under 800 MiB, which a laptop running the tests can spare.
BYTES_PER_EXECUTION = 8 * 1024
#: Resident memory 100,000 held may add to the process: the heap above plus the
#: allocator's slack, in one gigabyte.
HUNDRED_THOUSAND_MIB = 1024.0
PAGE = 100


class HeldWorld:
    """A backend whose default space holds ``count`` executions, a quarter in each phase."""

    def __init__(self, count: int) -> None:
        world = World.default()
        self.backend = Backend(world, phase_seconds=3600)
        self.token = world.default_token
        self.space = world.defaults.space_id
        self.body = json.dumps(world.example_request()).encode()
        self.grow(count)

    def grow(self, count: int) -> None:
        """Add ``count`` executions in turn waiting, ongoing, suspended and ended."""
        backend, token = self.backend, self.token
        for i in range(count):
            execution = backend.schedule(token=token, body=self.body)
            kind = i % 4
            if kind == 1:
                backend.act("cancel", execution.id, token=token)
            elif kind == 2:
                backend.act("pause", execution.id, token=token)
                backend.set_execution_phase_seconds(execution.id, 0)
            elif kind == 3:
                backend.set_execution_phase_seconds(execution.id, 0)

    def page(self, query_string: str) -> list[str]:
        answer = self.backend.list_executions(
            self.space, token=self.token, query_string=query_string
        )
        ids: list[str] = answer["atmWorkflowExecutions"]
        return ids

    def deep_query(self) -> str:
        """A page of the ended list from a token half way down it."""
        names = self.backend.world.index.phase_list(self.space, "ended")
        return f"phase=ended&limit={PAGE}&token={encode_token(names[len(names) // 2][0])}"

    def schedule_and_delete(self, calls: int) -> float:
        """Seconds per schedule over ``calls``; the new executions are cancelled and deleted
        after, so they leave the lists and the due times (the world's dict keeps them)."""
        backend, token = self.backend, self.token
        scheduled: list[str] = []

        def schedule() -> None:
            scheduled.append(backend.schedule(token=token, body=self.body).id)

        seconds = per_call(schedule, calls)
        for execution_id in scheduled:
            backend.act("cancel", execution_id, token=token)
            backend.set_execution_phase_seconds(execution_id, 0)
            backend.delete(execution_id, token=token)
        return seconds


def _pages(held: HeldWorld, query: str, calls: int) -> Callable[[], float]:
    def measure() -> float:
        return per_call(lambda: held.page(query), calls)

    return measure


def _memory_per_execution(count: int) -> float:
    held = HeldWorld(0)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        held.grow(count)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return (after - before) / count


def _resident_bytes() -> float | None:
    statm = Path("/proc/self/statm")
    try:
        pages = int(statm.read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    import resource

    return float(pages * resource.getpagesize())


def run(*, rounds: int, calls: int, schedules: int, small: int, large: int, most: int) -> list[Row]:
    """The rows; ``small`` and ``large`` executions compared, then ``most`` held.

    Each round times ``calls`` pages, or ``schedules`` schedules, on each side.
    """
    resident_before = _resident_bytes()
    small_world, large_world = HeldWorld(small), HeldWorld(large)
    rows: list[Row] = []
    first = f"phase=waiting&limit={PAGE}"
    for label, query in (("first page", first), ("deep page", None)):
        large_query = query or large_world.deep_query()
        small_query = query or small_world.deep_query()
        contender, baseline = alternate(
            _pages(large_world, large_query, calls),
            _pages(small_world, small_query, calls),
            rounds=rounds,
        )
        rows.append(
            Comparison(
                benchmark=f"flat costs, list {label}",
                contender=f"{large:,} held",
                baseline=f"{small:,} held",
                contender_samples=contender,
                baseline_samples=baseline,
                unit="s",
                target=LIST_TARGET,
            )
        )
    contender, baseline = alternate(
        lambda: large_world.schedule_and_delete(schedules),
        lambda: small_world.schedule_and_delete(schedules),
        rounds=rounds,
    )
    rows.append(
        Comparison(
            benchmark="flat costs, schedule",
            contender=f"{large:,} held",
            baseline=f"{small:,} held",
            contender_samples=contender,
            baseline_samples=baseline,
            unit="s",
            target=SCHEDULE_TARGET,
        )
    )
    rows.append(
        Measurement(
            benchmark="memory per held execution",
            subject="tracemalloc",
            samples=Samples((_memory_per_execution(max(small, 100)),)),
            unit="B",
            target=BYTES_PER_EXECUTION,
        )
    )
    large_world.grow(most - large)
    started = time.perf_counter()
    page = large_world.page(first)
    large_world.backend.schedule(token=large_world.token, body=large_world.body)
    answered = time.perf_counter() - started
    if len(page) != min(PAGE, most // 4) or answered > 1.0:
        raise RuntimeError(f"with {most:,} held a page had {len(page)} ids in {answered:.3f} s")
    resident_after = _resident_bytes()
    if resident_before is not None and resident_after is not None:
        rows.append(
            Measurement(
                benchmark=f"holding {most:,} executions",
                subject="resident memory added",
                samples=Samples(((resident_after - resident_before) / 2**20,)),
                unit="MiB",
                target=HUNDRED_THOUSAND_MIB * most / 100_000,
            )
        )
    return rows
