"""``schedule --batch``: the command's flow around the journal of ``batch._run``.

One run holds the journal's lock throughout (marking, settling, sending,
waiting); a signal stops it between or inside those steps (``_interrupt``),
and the summary is printed either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import attrs
import click

from .._constants import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT
from ..batch import _run as _batch
from ..batch import _wait as _batch_wait
from ..batch._lock import journal_lock
from ..batch._settle import DEFAULT_CLOCK_SKEW, settle_unknown
from ..executions._waiting import Until
from ..workflow_schema import WorkflowSchema
from ._input import EXIT_PROVIDER_ERROR, BadInput
from ._interrupt import Interrupt
from ._marks import parse_marks, parse_retry_unknown
from ._options import Options, emit, print_dry_run, say, schedule_call_for
from ._progress import Progress


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
    *,
    mark_files: tuple[Path, ...] = (),
    retry_files: tuple[Path, ...] = (),
    schema: WorkflowSchema | None = None,
) -> None:
    dry_run = dry_run or options.dry_run
    lines = _batch.read_batch(batch_file, schema)
    retry_unknown = parse_retry_unknown(retry_unknown_text, retry_files)
    marks = parse_marks(mark_texts, mark_files)
    marking = "--mark-scheduled-from" if mark_files and not mark_texts else "--mark-scheduled"
    both = set(marks) & (set() if retry_unknown == "all" else retry_unknown)
    if both or (marks and retry_unknown == "all"):
        raise BadInput(f"a line cannot be given to both --retry-unknown and {marking}")
    if follow_up.settle_unknown and (marks or retry_unknown):
        raise BadInput(
            "--settle-unknown decides the unknown lines itself; drop "
            + (marking if marks else "--retry-unknown")
        )
    if dry_run:
        print_dry_run(options, *(schedule_call_for(options, line.request) for line in lines))
        return
    if output is None:
        raise BadInput("--batch needs --output FILE (the journal that makes reruns safe)")
    options.async_client()  # no provider or token: say so before touching the journal
    steps = _Steps(options, lines, concurrency, retry_unknown, marks, follow_up)
    with journal_lock(output), Interrupt().installed() as interrupt:
        journal = _batch.Journal(output, lines, secret=options.secret())
        try:
            done = steps.run(journal, interrupt)
        finally:
            journal.close()
    _report(done, lines, journal, output, interrupt)


@attrs.define
class _Done:
    """What one run did, for its summary."""

    failed: list[int] = attrs.Factory(list)
    unknown: list[int] = attrs.Factory(list)
    not_sent: int = 0
    settled: dict[str, list[int]] | None = None
    waited: _batch_wait.Waited | None = None


@attrs.frozen
class _Steps:
    """Mark, settle, send, wait: each step skipped once a signal came."""

    options: Options
    lines: Sequence[_batch.BatchLine]
    concurrency: int
    retry_unknown: set[int] | Literal["all"]
    marks: dict[int, str]
    follow_up: FollowUp

    def run(self, journal: _batch.Journal, interrupt: Interrupt) -> _Done:
        options, lines, done = self.options, self.lines, _Done()
        for warning in journal.warnings:
            say(f"warning: {warning}")
        if self.marks:
            _batch.check_unknown(lines, journal, self.marks, "--mark-scheduled")
            by_number = {line.number: line for line in lines}
            marks = [(by_number[n], execution_id) for n, execution_id in self.marks.items()]
            interrupt.run(_mark(options, journal, marks))
        if self.follow_up.settle_unknown:
            skew = self.follow_up.clock_skew
            done.settled = interrupt.run(_settle(options, lines, journal, skew))
        plan = _batch.plan(lines, journal, self.retry_unknown)
        done.unknown = list(plan.unknown)
        done.not_sent = len(plan.todo)
        if plan.done_before:
            say(f"{len(plan.done_before)} of {len(lines)} lines were scheduled before; skipped")
        if plan.todo and not interrupt.stopping:
            with Progress(len(plan.todo)) as progress:

                def on_done(line: _batch.BatchLine, state: _batch.State) -> None:
                    if state == "failed":
                        done.failed.append(line.number)
                    elif state == "unknown":
                        done.unknown.append(line.number)
                    progress.update(state)

                sending = _run(
                    options, plan, journal, self.concurrency, on_done, lambda: interrupt.stopping
                )
                interrupt.run(sending, graceful=True)
            done.not_sent = len(plan.todo) - progress.done
        if self.follow_up.wait:
            done.waited = interrupt.run(
                _batch_wait.wait_for_batch(options, lines, journal, self.follow_up)
            )
        return done


def _report(
    done: _Done,
    lines: Sequence[_batch.BatchLine],
    journal: _batch.Journal,
    output: Path,
    interrupt: Interrupt,
) -> None:
    """Print the summary (counts, then the lines behind them) and what to do; set the exit."""
    failed, unknown = sorted(done.failed), sorted(done.unknown)
    settled, waited = done.settled, done.waited
    summary: dict[str, object] = {
        "lines": len(lines),
        "scheduled": sum(1 for line in lines if journal.state(line.number) == "scheduled"),
        "failed": len(failed),
        "unknown": len(unknown),
    }
    if interrupt.stopping:
        summary |= {"interrupted": True, "notSent": done.not_sent}
    if settled is not None:
        summary["settled"] = {verdict: len(numbers) for verdict, numbers in settled.items()}
    if waited is not None:
        summary["statuses"] = {s: len(numbers) for s, numbers in waited.by_status().items()}
        summary["notStopped"] = len(waited.pending)
    summary |= {"failedLines": failed, "unknownLines": unknown}
    if settled is not None:
        summary["settledLines"] = settled
    if waited is not None:
        summary["statusLines"] = waited.by_status()
        summary["notStoppedLines"] = list(waited.pending)
    summary["output"] = str(output)
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
            "rerun with --mark-scheduled LINE=ID for those that exist (or, for many, "
            "--mark-scheduled-from FILE with one LINE=ID per line) and --retry-unknown "
            f"{','.join(map(str, unknown))} (or some of them) for those that do not"
        )
    if waited is not None:
        waited.report()
    if interrupt.signal is not None:
        say(
            f"interrupted ({interrupt.signal.name}): {done.not_sent} lines not sent yet; "
            f"{output} records every line sent, so rerun the same command to resume"
        )
        raise click.exceptions.Exit(interrupt.exit_code)
    if failed or unknown or (waited is not None and not waited.all_finished()):
        raise click.exceptions.Exit(EXIT_PROVIDER_ERROR)


async def _run(
    options: Options,
    plan: _batch.Plan,
    journal: _batch.Journal,
    concurrency: int,
    done: Callable[[_batch.BatchLine, _batch.State], None],
    stopping: Callable[[], bool],
) -> None:
    async with options.async_client() as client:
        await _batch.run(
            client, plan.todo, journal, concurrency=concurrency, on_done=done, stopping=stopping
        )


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
