"""``schedule --batch``: the command's flow around the journal of ``batch._run``."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import attrs
import click

from .._constants import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT
from ..batch import _run as _batch
from ..batch import _wait as _batch_wait
from ..batch._settle import DEFAULT_CLOCK_SKEW, settle_unknown
from ..executions._waiting import Until
from ._input import EXIT_PROVIDER_ERROR, BadInput
from ._options import Options, emit, print_dry_run, say, schedule_call_for


def parse_retry_unknown(value: str | None) -> set[int] | Literal["all"]:
    if value is None:
        return set()
    if value.strip() == "all":
        return "all"
    try:
        numbers = {int(part) for part in value.split(",") if part.strip()}
    except ValueError:
        raise BadInput(
            f"--retry-unknown: expected line numbers like 3,7 or 'all', got {value!r}"
        ) from None
    if not numbers:
        raise BadInput("--retry-unknown: no line numbers given")
    return numbers


def parse_marks(values: tuple[str, ...]) -> dict[int, str]:
    marks: dict[int, str] = {}
    for value in values:
        number, sep, execution_id = value.partition("=")
        if not sep or not number.strip().isdigit() or not execution_id.strip():
            raise BadInput(f"--mark-scheduled: expected LINE=EXECUTION_ID, got {value!r}")
        marks[int(number)] = execution_id.strip()
    return marks


@attrs.frozen
class FollowUp:
    """What ``batch`` does beyond scheduling: settle lost lines first, wait after."""

    settle_unknown: bool = False
    clock_skew: float = DEFAULT_CLOCK_SKEW
    wait: bool = False
    until: Until = "stopped"
    timeout: float = DEFAULT_WAIT_TIMEOUT
    poll_interval: float = DEFAULT_POLL_INTERVAL


def run_batch(
    options: Options,
    batch_file: Path,
    output: Path | None,
    concurrency: int,
    retry_unknown_text: str | None,
    mark_texts: tuple[str, ...],
    dry_run: bool,
    follow_up: FollowUp = FollowUp(),
) -> None:
    dry_run = dry_run or options.dry_run
    lines = _batch.read_batch(batch_file)
    retry_unknown = parse_retry_unknown(retry_unknown_text)
    marks = parse_marks(mark_texts)
    both = set(marks) & (set() if retry_unknown == "all" else retry_unknown)
    if both or (marks and retry_unknown == "all"):
        raise BadInput("a line cannot be given to both --retry-unknown and --mark-scheduled")
    if follow_up.settle_unknown and (marks or retry_unknown):
        raise BadInput(
            "--settle-unknown decides the unknown lines itself; drop "
            + ("--mark-scheduled" if marks else "--retry-unknown")
        )
    if dry_run:
        print_dry_run(options, *(schedule_call_for(options, line.request) for line in lines))
        return
    if output is None:
        raise BadInput("--batch needs --output FILE (the journal that makes reruns safe)")
    options.async_client()  # no provider or token: say so before touching the journal
    journal = _batch.Journal(output, lines, secret=options.secret())
    try:
        for warning in journal.warnings:
            say(f"warning: {warning}")
        if marks:
            _batch.check_unknown(lines, journal, marks, "--mark-scheduled")
            by_number = {line.number: line for line in lines}
            asyncio.run(_mark(options, journal, [(by_number[n], i) for n, i in marks.items()]))
        settled: dict[str, list[int]] | None = None
        if follow_up.settle_unknown:
            settled = asyncio.run(_settle(options, lines, journal, follow_up.clock_skew))
        plan = _batch.plan(lines, journal, retry_unknown)
        failed: list[int] = []
        unknown = list(plan.unknown)
        if plan.done_before:
            say(f"{len(plan.done_before)} of {len(lines)} lines were scheduled before; skipped")
        with click.progressbar(
            length=len(plan.todo), label="scheduling", file=sys.stderr, show_pos=True
        ) as bar:

            def done(line: _batch.BatchLine, state: _batch.State) -> None:
                if state == "failed":
                    failed.append(line.number)
                elif state == "unknown":
                    unknown.append(line.number)
                bar.update(1)

            asyncio.run(_run(options, plan, journal, concurrency, done))
        waited: _batch_wait.Waited | None = None
        if follow_up.wait:
            waited = asyncio.run(_batch_wait.wait_for_batch(options, lines, journal, follow_up))
    finally:
        journal.close()
    failed.sort()
    unknown.sort()
    scheduled = sum(1 for line in lines if journal.state(line.number) == "scheduled")
    summary: dict[str, object] = {
        "lines": len(lines),
        "scheduled": scheduled,
        "failed": failed,
        "unknown": unknown,
        "output": str(output),
    }
    if settled is not None:
        summary["settled"] = settled
    if waited is not None:
        summary["statuses"] = waited.by_status()
        summary["notStopped"] = list(waited.pending)
    emit(summary)
    if failed:
        say(
            f"{len(failed)} lines failed (lines {_numbers(failed)}): nothing was scheduled for "
            f"them; see {output}, fix the cause and rerun the same command to send them again"
        )
    if unknown:
        say(
            f"{len(unknown)} lines have an unknown outcome (lines {_numbers(unknown)}): "
            "their request was sent but no answer came, so the provider may have scheduled "
            "them. They are not sent again. Check the provider for their executions, then "
            "rerun with --mark-scheduled LINE=ID for those that exist and --retry-unknown "
            f"{','.join(map(str, unknown))} (or some of them) for those that do not"
        )
    if waited is not None:
        waited.report()
    if failed or unknown or (waited is not None and not waited.all_finished()):
        raise click.exceptions.Exit(EXIT_PROVIDER_ERROR)


async def _run(
    options: Options,
    plan: _batch.Plan,
    journal: _batch.Journal,
    concurrency: int,
    done: Callable[[_batch.BatchLine, _batch.State], None],
) -> None:
    async with options.async_client() as client:
        await _batch.run(client, plan.todo, journal, concurrency=concurrency, on_done=done)


async def _settle(
    options: Options, lines: Sequence[_batch.BatchLine], journal: _batch.Journal, skew: float
) -> dict[str, list[int]]:
    async with options.async_client() as client:
        decisions = await settle_unknown(client, lines, journal, skew=skew)
    settled: dict[str, list[int]] = {"scheduled": [], "notScheduled": [], "undecided": []}
    for line, decision in decisions:
        if decision.verdict == "scheduled":
            settled["scheduled"].append(line.number)
            say(
                f"line {line.number}: settled as scheduled: execution {decision.execution_id} "
                f"is {decision.reason}"
            )
        elif decision.verdict == "not-scheduled":
            settled["notScheduled"].append(line.number)
            say(f"line {line.number}: settled as not scheduled: {decision.reason}; sending it now")
        else:
            settled["undecided"].append(line.number)
            named = (
                f" (candidates: {', '.join(decision.candidates)})" if decision.candidates else ""
            )
            say(
                f"line {line.number}: still unknown: list and details cannot decide: "
                f"{decision.reason}{named}; check them and rerun with --mark-scheduled "
                f"{line.number}=ID or --retry-unknown {line.number}"
            )
    return settled


async def _mark(
    options: Options, journal: _batch.Journal, marks: list[tuple[_batch.BatchLine, str]]
) -> None:
    async with options.async_client() as client:
        for line, execution_id in marks:
            await _batch.mark_scheduled(client, journal, line, execution_id)
            say(f"line {line.number}: recorded as scheduled ({execution_id})")


def _numbers(numbers: Sequence[int]) -> str:
    shown = ", ".join(map(str, numbers[:20]))
    return shown + (", ..." if len(numbers) > 20 else "")
