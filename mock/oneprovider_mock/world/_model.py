"""The things a world is made of: users, spaces, inventories, workflow schemas.

Plain mutable dataclasses with no behaviour and no HTTP: tests may build or
change them directly. Store and data specs stay in Onedata's own JSON shape
(``{"type": "file", "fileType": "ANY"}``), which ``_stores`` reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Space privilege needed to schedule a workflow execution.
SPACE_SCHEDULE_ATM_WORKFLOW_EXECUTIONS = "space_schedule_atm_workflow_executions"
#: Space privilege needed to read a workflow execution's details.
SPACE_VIEW_ATM_WORKFLOW_EXECUTIONS = "space_view_atm_workflow_executions"
#: Space privilege needed to act on (cancel, pause, ...) another user's execution.
SPACE_MANAGE_ATM_WORKFLOW_EXECUTIONS = "space_manage_atm_workflow_executions"

#: The longest phase a world or a test may ask for (about 31 years), so times stay floats.
MAX_PHASE_SECONDS = 1e9

#: Statuses a workflow schema revision may be set up to end in.
OUTCOMES = ("finished", "failed", "crashed", "cancelled", "interrupted")


@dataclass
class Provider:
    """The Oneprovider the mock plays (its id appears in errors and support checks).

    ``domain`` and ``https_port`` are what the provider believes it is reached at:
    it builds ``Location`` headers from them, never from the request's ``Host``.
    """

    id: str
    name: str
    domain: str
    https_port: int = 443
    #: Whether an OpenFaaS service is configured (lambdas of the openfaas engine run).
    openfaas: bool = True


@dataclass
class User:
    """A user and the access tokens that authenticate them (kept out of ``repr``)."""

    id: str
    name: str
    tokens: list[str] = field(default_factory=list, repr=False)


@dataclass
class File:
    """A file in a space; ``type`` is ``REG``, ``DIR`` or ``SYMLNK``."""

    id: str
    name: str
    type: str = "REG"


@dataclass
class Space:
    """A space: its members' privileges, the providers supporting it, its content."""

    id: str
    name: str
    supported_by: set[str] = field(default_factory=set)
    #: user id -> space privileges
    privileges: dict[str, set[str]] = field(default_factory=dict)
    #: Owners hold every privilege, listed or not.
    owners: set[str] = field(default_factory=set)
    files: dict[str, File] = field(default_factory=dict)
    datasets: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)

    def is_member(self, user_id: str) -> bool:
        """Whether the user belongs to the space (as a member or an owner)."""
        return user_id in self.privileges or user_id in self.owners

    def holds(self, user_id: str, privilege: str) -> bool:
        """Whether the user holds a space privilege; an owner holds every one."""
        return user_id in self.owners or privilege in self.privileges.get(user_id, ())


@dataclass
class Inventory:
    """An automation inventory: who belongs to it (its schemas name it)."""

    id: str
    name: str
    members: set[str] = field(default_factory=set)


@dataclass
class StoreSchema:
    """A store of a revision: ``type`` and ``config`` as Onedata writes them."""

    id: str
    name: str
    type: str
    config: dict[str, Any] = field(default_factory=dict)
    requires_initial_content: bool = False
    default_initial_content: Any = None


@dataclass
class TaskSchema:
    """A task of a parallel box, running a revision of a lambda."""

    id: str
    name: str
    lambda_id: str
    lambda_revision_number: int = 1


@dataclass
class Lambda:
    """A lambda of one or more inventories, with its revision numbers.

    Only the openfaas engine runs on a provider; ``compatible`` is Onezone's word on
    whether this provider's release can run it (``od_atm_lambda.compatible``).
    """

    id: str
    name: str
    inventory_ids: set[str] = field(default_factory=set)
    revisions: set[int] = field(default_factory=lambda: {1})
    compatible: bool = True


@dataclass
class ParallelBoxSchema:
    """A parallel box of a lane; executable only with tasks."""

    id: str
    name: str
    tasks: list[TaskSchema] = field(default_factory=list)


@dataclass
class LaneSchema:
    """A lane of a revision; executable only with parallel boxes."""

    id: str
    name: str
    parallel_boxes: list[ParallelBoxSchema] = field(default_factory=list)
    #: The store the lane iterates over (``storeIteratorSpec.storeSchemaId``).
    iterated_store_schema_id: str | None = None


@dataclass
class SchemaRevision:
    """A numbered revision of a workflow schema, and how its executions end."""

    number: int
    stores: list[StoreSchema] = field(default_factory=list)
    lanes: list[LaneSchema] = field(default_factory=list)
    #: The status executions of this revision stop in (one of ``OUTCOMES``).
    outcome: str = "finished"
    #: The lane (1-based) that fails, crashes or is stopped; ``None``: the last.
    outcome_lane: int | None = None
    #: For a ``failed`` outcome: ``None`` (items failed: retriable) or ``"failure"``.
    outcome_stop_reason: str | None = None
    #: How long each step of its executions takes; ``None``: the world's ``phase_seconds``.
    phase_seconds: float | None = None


@dataclass
class WorkflowSchema:
    """A workflow schema of an inventory, with its revisions by number."""

    id: str
    name: str
    inventory_id: str
    revisions: dict[int, SchemaRevision] = field(default_factory=dict)
    #: Onezone's word on whether this provider can run it (``od_atm_workflow_schema``).
    compatible: bool = True


@dataclass
class WorldDefaults:
    """Who and what the world's example request uses (the ready file tells them)."""

    user_id: str
    space_id: str
    atm_workflow_schema_id: str
    revision_number: int
    #: Initial content of the example request (store schema id -> content).
    store_initial_content_overlay: dict[str, Any] = field(default_factory=dict)
