"""``batch --wait``: wait for every execution the batch scheduled, and journal how it stopped.

The executions are waited for space by space with ``wait_all``, which reads
the space's phase lists on each poll (ids only, 1,000 a page) rather than
getting each execution; each is got once, when it is first seen stopped.
Its status is then appended to the journal (state ``scheduled`` kept, with
``finalStatus``), so the journal says how every line ended.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from .._exceptions import OneproviderError, UnlistedExecutionsError, WaitAllTimeoutError
from .._models import WorkflowExecution
from ..cli._options import Options, say
from ._run import BatchLine, Journal

if TYPE_CHECKING:
    from ..cli._batch import FollowUp


@attrs.frozen
class Waited:
    """How each scheduled line's execution stopped, and the lines it did not see stop."""

    statuses: Mapping[int, str]
    pending: tuple[int, ...]
    problems: tuple[str, ...]

    def by_status(self) -> dict[str, list[int]]:
        grouped: dict[str, list[int]] = {}
        for number in sorted(self.statuses):
            grouped.setdefault(self.statuses[number], []).append(number)
        return grouped

    def all_finished(self) -> bool:
        return not self.pending and all(s == "finished" for s in self.statuses.values())

    def report(self) -> None:
        for problem in self.problems:
            say(problem)
        others = {s: n for s, n in self.by_status().items() if s != "finished"}
        for status, numbers in others.items():
            say(f"{len(numbers)} executions are {status} (lines {_numbers(numbers)})")


async def wait_for_batch(
    options: Options, lines: Sequence[BatchLine], journal: Journal, follow_up: FollowUp
) -> Waited:
    """Wait for the executions of every scheduled line; journal each one's status."""
    by_space: dict[str, dict[str, BatchLine]] = {}
    for line in lines:
        record = journal.last.get(line.number, {})
        if record.get("state") == "scheduled":
            execution_id = str(record["atmWorkflowExecutionId"])
            by_space.setdefault(line.request.space_id, {})[execution_id] = line
    count = sum(len(ids) for ids in by_space.values())
    say(f"waiting for {count} executions to {'end' if follow_up.until == 'ended' else 'stop'}")
    statuses: dict[int, str] = {}
    pending: list[int] = []
    problems: list[str] = []
    async with options.async_client() as client:

        async def one_space(space_id: str, ids: Mapping[str, BatchLine]) -> None:
            try:
                done = await client.workflow_executions.wait_all(
                    space_id,
                    list(ids),
                    until=follow_up.until,
                    timeout=follow_up.timeout,
                    poll_interval=follow_up.poll_interval,
                )
            except (UnlistedExecutionsError, WaitAllTimeoutError) as err:
                done = dict(err.done)
                problems.append(f"space {space_id}: {err}")
            except OneproviderError as err:
                done = {}
                problems.append(f"space {space_id}: {err}")
            for execution_id, line in ids.items():
                execution = done.get(execution_id)
                if execution is None:
                    pending.append(line.number)
                else:
                    statuses[line.number] = _record(journal, line, execution)

        async with asyncio.TaskGroup() as group:
            for space_id, ids in by_space.items():
                group.create_task(one_space(space_id, ids))
    return Waited(statuses, tuple(sorted(pending)), tuple(problems))


def _record(journal: Journal, line: BatchLine, execution: WorkflowExecution) -> str:
    previous = journal.last[line.number]
    fields = {k: v for k, v in previous.items() if k not in ("line", "request", "state", "at")}
    journal.append(line, "scheduled", **{**fields, "finalStatus": execution.status.value})
    return execution.status.value


def _numbers(numbers: Sequence[int]) -> str:
    shown = ", ".join(map(str, numbers[:20]))
    return shown + (", ..." if len(numbers) > 20 else "")
