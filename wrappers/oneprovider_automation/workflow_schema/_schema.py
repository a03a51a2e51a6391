"""``WorkflowSchema``: a workflow schema as a user downloads it from Onezone, typed.

Read one with ``WorkflowSchema.from_file(path)`` (``_dump`` reads the JSON). It
holds one revision: its stores (by name, with type and whether they need
initial content), lanes, parallel boxes, tasks and the lambdas they run.
``overlay`` turns content given by store name into the
``storeInitialContentOverlay`` a provider takes (keyed by store id), and
``check_content`` runs a provider's store-creation rules on it before anything
is sent.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._data_values import ContentChecker
from ._problems import ContentProblem
from ._store_content import create_stores

#: The dump formats a provider runs (oz-worker ``include/automation.hrl``:
#: ``MIN_SUPPORTED_SCHEMA_FORMAT_VERSION`` to ``CURRENT_SCHEMA_FORMAT_VERSION``).
SUPPORTED_FORMAT_VERSIONS = range(2, 4)
#: Lambda engines a provider executes (``atm_task_executor:get_executor_model/1``).
RUNNABLE_ENGINES = ("openfaas", "onedataFunction")


class WorkflowSchemaError(ValueError):
    """A workflow-schema dump that cannot be read; the message names the file and the field."""


class StoreContentError(ValueError):
    """Store content a provider would refuse; ``problem`` holds the provider's error."""

    def __init__(self, store: Store, problem: ContentProblem) -> None:
        inner = problem.details.get("specificError") if problem.details else None
        specific = inner if isinstance(inner, ContentProblem) else problem
        innermost = specific.innermost()
        where = specific.path()
        super().__init__(
            f"store {store.name!r} ({store.id}): "
            + (f"{where}: " if where != "$" else "")
            + f"{innermost.id}: {innermost.description}"
        )
        self.store = store
        self.problem = problem


@dataclass(frozen=True)
class Store:
    """A store of the revision: ``config`` holds plain data specs (``itemDataSpec``...)."""

    id: str
    name: str
    type: str
    requires_initial_content: bool = False
    default_initial_content: Any = None
    config: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def item_data_spec(self) -> Mapping[str, Any] | None:
        """The data spec of the store's items (of log contents for an audit log), if any."""
        spec = self.config.get("itemDataSpec", self.config.get("logContentDataSpec"))
        return spec if isinstance(spec, Mapping) else None


@dataclass(frozen=True)
class Task:
    """A task of a parallel box: a revision of a lambda."""

    id: str
    name: str
    lambda_id: str
    lambda_revision_number: int


@dataclass(frozen=True)
class ParallelBox:
    """A parallel box of a lane: tasks that run side by side."""

    id: str
    name: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class LaneSchema:
    """A lane: the store it iterates over and its parallel boxes."""

    id: str
    name: str
    iterated_store_id: str | None
    parallel_boxes: tuple[ParallelBox, ...]
    max_retries: int = 0


@dataclass(frozen=True)
class LambdaRevision:
    """A revision of a lambda the dump carries (``supplementaryAtmLambdas``)."""

    number: int
    name: str
    engine: str
    schema_format_version: int


@dataclass(frozen=True)
class WorkflowSchema:
    """One revision of a workflow schema, read from a Onezone dump."""

    id: str
    name: str
    revision_number: int
    schema_format_version: int
    stores: tuple[Store, ...]
    lanes: tuple[LaneSchema, ...]
    #: lambda id -> revision number -> the revision.
    lambdas: Mapping[str, Mapping[int, LambdaRevision]]
    summary: str = ""
    #: Where it was read from (a path, or ``"<dump>"``).
    source: str = "<dump>"

    @classmethod
    def from_file(cls, path: str | Path) -> WorkflowSchema:
        """Read a dump file; raises ``WorkflowSchemaError`` naming the file and the field."""
        from ._dump import read_file

        return read_file(path)

    @classmethod
    def from_dump(cls, data: Any, *, source: str = "<dump>") -> WorkflowSchema:
        """Read a parsed dump (the JSON object Onezone exports)."""
        from ._dump import read_dump

        return read_dump(data, source=source)

    @property
    def unsupported_reason(self) -> str | None:
        """Why a provider would answer ``notSupported`` to scheduling it, or ``None``."""
        versions = [("the schema", self.schema_format_version)] + [
            (f"lambda {lambda_id} revision {number}", revision.schema_format_version)
            for lambda_id, revisions in self.lambdas.items()
            for number, revision in revisions.items()
        ]
        for what, version in versions:
            if version not in SUPPORTED_FORMAT_VERSIONS:
                return (
                    f"{what} has schemaFormatVersion {version}; a provider runs "
                    f"{SUPPORTED_FORMAT_VERSIONS.start} to {SUPPORTED_FORMAT_VERSIONS.stop - 1}"
                )
        for lambda_id, revisions in self.lambdas.items():
            for number, revision in revisions.items():
                if revision.engine not in RUNNABLE_ENGINES:
                    return (
                        f"lambda {lambda_id} revision {number} runs on engine "
                        f"{revision.engine!r}, which a provider does not execute"
                    )
        return None

    def store(self, name: str) -> Store:
        """The store named ``name`` (or with that id); ``KeyError`` naming the close ones."""
        by_id = [store for store in self.stores if store.id == name]
        found = by_id or [store for store in self.stores if store.name == name]
        if len(found) == 1:
            return found[0]
        if found:
            raise KeyError(
                f"{len(found)} stores of {self.name!r} are named {name!r}; use a store id: "
                + ", ".join(store.id for store in found)
            )
        names = [store.name for store in self.stores]
        close = difflib.get_close_matches(name, names, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(
            f"workflow schema {self.name!r} has no store {name!r}{hint} "
            f"(its stores: {', '.join(map(repr, names)) or 'none'})"
        )

    def overlay(self, content_by_store: Mapping[str, Any]) -> dict[str, Any]:
        """``storeInitialContentOverlay`` (store id -> content) from content by store name."""
        overlay: dict[str, Any] = {}
        for name, content in content_by_store.items():
            store = self.store(name)
            if store.id in overlay:
                raise KeyError(f"store {store.name!r} ({store.id}) is given twice")
            overlay[store.id] = content
        return overlay

    def check_content(
        self,
        overlay: Mapping[str, Any],
        *,
        space_id: str | None = None,
        log_level: str = "info",
    ) -> list[str]:
        """Check ``overlay`` (by store id) with a provider's rules; the checks left to it.

        Raises ``StoreContentError`` for the first store a provider would refuse,
        in schema order. What only a provider can tell (that a file exists and is
        of the right type, a dataset, a group) is returned as a list of lines.
        ``space_id`` also checks that each file's id names that space.
        """
        checker = ContentChecker(space_id=space_id, facts=None, log_level=log_level)
        try:
            create_stores(self.stores, overlay, checker)
        except ContentProblem as err:
            schema_id = (err.details or {}).get("atmStoreSchemaId")
            store = next(store for store in self.stores if store.id == schema_id)
            raise StoreContentError(store, err) from err
        return checker.left_to_provider
