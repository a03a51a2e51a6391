"""What a world keeps beside its executions so no request walks all of them.

- **Due times**: a heap of ``(due, id)``; an entry whose execution has since got
  another ``due`` (or none) is skipped when it comes up. The executions that fell
  due are handed out in the order they were added, as walking the executions
  dict would.
- **Phase lists**: per ``(space, phase)`` a sorted list of ``(link name, id)``, as
  op-worker's phase forests hold them; a page is a slice after one bisect.
- **Stores**: each store id (the audit log, the registry's stores, the lane runs'
  exception stores) to the execution holding it.

Each is brought up to date by ``track(execution)`` after anything changes an
execution; it compares what it holds with the execution and moves only what moved.
A change made outside ``track`` is put right by ``rebuild``.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Iterator, Mapping

from ._executions import WorkflowExecution

#: ``atm_workflow_executions_forest``: names sort newest first.
EPOCH_FLIP = 9999999999

PhaseList = list[tuple[str, str]]


def link_name(execution: WorkflowExecution) -> str:
    """The execution's name in its phase list (what ``index`` and tokens point at)."""
    return f"{EPOCH_FLIP - int(execution.phase_time())}{execution.id}"


class ExecutionIndex:
    """Due times, phase lists and store owners of a world's executions."""

    def __init__(self, executions: Mapping[str, WorkflowExecution]) -> None:
        self._executions = executions
        self._order: dict[str, int] = {}
        self._due: list[tuple[float, int, str]] = []
        self._due_of: dict[str, float] = {}
        self._lists: dict[tuple[str, str], PhaseList] = {}
        self._listed: dict[str, tuple[tuple[str, str], str]] = {}
        self._stores: dict[str, str] = {}
        self._stores_of: dict[str, int] = {}
        self.rebuild()

    def rebuild(self) -> None:
        """Forget everything and index every execution again."""
        self._order.clear()
        self._due.clear()
        self._due_of.clear()
        self._lists.clear()
        self._listed.clear()
        self._stores.clear()
        self._stores_of.clear()
        for execution in self._executions.values():
            self.track(execution)

    def follows(self, executions: Mapping[str, WorkflowExecution]) -> bool:
        """Whether this indexes ``executions`` and has tracked each (none added behind its back)."""
        return executions is self._executions and len(self._order) == len(executions)

    def track(self, execution: WorkflowExecution) -> None:
        """Bring what is kept about ``execution`` up to date with it."""
        key = execution.id
        order = self._order.setdefault(key, len(self._order))
        due = None if execution.deleted else execution.due
        if due is None:
            self._due_of.pop(key, None)
        elif self._due_of.get(key) != due:
            self._due_of[key] = due
            heapq.heappush(self._due, (due, order, key))
        self._list(execution)
        self._index_stores(execution)

    def due(self, now: float) -> list[WorkflowExecution]:
        """The executions due by ``now``, in the order they were added."""
        found: dict[int, str] = {}
        heap = self._due
        while heap and heap[0][0] <= now:
            due, order, key = heapq.heappop(heap)
            if self._due_of.get(key) == due:
                del self._due_of[key]
                found[order] = key
        executions = (self._executions.get(found[order]) for order in sorted(found))
        return [execution for execution in executions if execution is not None]

    def phase_list(self, space_id: str, phase: str) -> PhaseList:
        """The sorted ``(link name, id)`` of a space's live executions in ``phase`` (read only)."""
        return self._lists.get((space_id, phase), [])

    def store_owner(self, store_id: str) -> WorkflowExecution | None:
        """The execution holding the store ``store_id``, if any."""
        key = self._stores.get(store_id)
        return None if key is None else self._executions.get(key)

    def _list(self, execution: WorkflowExecution) -> None:
        key = execution.id
        was = self._listed.get(key)
        now = (
            None
            if execution.deleted
            else ((execution.space_id, execution.phase), link_name(execution))
        )
        if was == now:
            return
        if was is not None:
            names = self._lists[was[0]]
            del names[bisect_left(names, (was[1], key))]
            del self._listed[key]
        if now is not None:
            insort(self._lists.setdefault(now[0], []), (now[1], key))
            self._listed[key] = now

    def _index_stores(self, execution: WorkflowExecution) -> None:
        # Stores only ever come: a new run's exception store. Count runs to skip the walk.
        runs = sum(len(lane_runs) for lane_runs in execution.runs)
        prepared = sum(run.prepared for lane_runs in execution.runs for run in lane_runs)
        mark = runs * 1024 + prepared
        if self._stores_of.get(execution.id) == mark:
            return
        self._stores_of[execution.id] = mark
        for store_id in _store_ids(execution):
            self._stores.setdefault(store_id, execution.id)


def _store_ids(execution: WorkflowExecution) -> Iterator[str]:
    yield execution.system_audit_log_store_id
    yield from execution.store_registry.values()
    for lane_runs in execution.runs:
        for run in lane_runs:
            if run.exception_store_id is not None:
                yield run.exception_store_id
