"""The world: everything a provider knows, in plain objects.

A ``World`` holds users, spaces, inventories, workflow schemas and the
executions scheduled so far. It is read from a world file (``_world_files``
describes the format; ``worlds/default.json`` is the reference) or built and
changed in Python.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from oneprovider_automation.workflow_schema import WorkflowSchema as SchemaDump
from oneprovider_automation.workflow_schema import space_of

from ._executions import WorkflowExecution
from ._index import ExecutionIndex
from ._model import Inventory, Lambda, Provider, Space, User, WorkflowSchema, WorldDefaults
from ._world_files import (
    WorldError,
    parse_world,
    resolve_extends,
    shipped_document,
    shipped_names,
)

__all__ = ["DEFAULT_WORLD", "World", "WorldError"]

DEFAULT_WORLD = "default"
#: The largest world file read (``--world /dev/zero`` must not hang the mock).
MAX_WORLD_FILE_BYTES = 64 * 1024 * 1024


@dataclass
class World:
    """Everything a provider knows: users, spaces, inventories, schemas, executions."""

    name: str
    provider: Provider
    users: dict[str, User]
    spaces: dict[str, Space]
    inventories: dict[str, Inventory]
    workflow_schemas: dict[str, WorkflowSchema]
    defaults: WorldDefaults
    #: How long an execution stays scheduled, then active (seconds).
    phase_seconds: float = 1.0
    #: How long a stop (cancel, pause...) takes; ``None``: a step, ``phase_seconds``.
    stop_seconds: float | None = None
    description: str = ""
    executions: dict[str, WorkflowExecution] = field(default_factory=dict)
    lambdas: dict[str, Lambda] = field(default_factory=dict)
    #: Where the workflow-schema dumps it serves came from (``serve_workflow_schema``).
    workflow_schema_sources: list[str] = field(default_factory=list)
    _index: ExecutionIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def index(self) -> ExecutionIndex:
        """Due times, phase lists and store owners of the executions (``_index``).

        Whoever changes an execution calls ``index.track(execution)``; an index that
        missed executions added to the dict directly is built again here.
        """
        index = self._index
        if index is None or not index.follows(self.executions):
            index = self._index = ExecutionIndex(self.executions)
        return index

    # --- loading -------------------------------------------------------------------

    @classmethod
    def default(cls) -> World:
        """A fresh copy of the default world, in which the seed's request works verbatim."""
        return cls.named(DEFAULT_WORLD)

    @classmethod
    def named(cls, name: str) -> World:
        """A fresh copy of a shipped world (``World.names()`` lists them)."""
        return cls.from_dict(shipped_document(name))

    @classmethod
    def from_file(cls, path: str | Path) -> World:
        """The world in the JSON file at ``path``; raises ``WorldError`` if malformed."""
        path = Path(path)
        try:
            with path.open("rb") as file:
                raw = file.read(MAX_WORLD_FILE_BYTES + 1)
            if len(raw) > MAX_WORLD_FILE_BYTES:
                raise ValueError(f"larger than {MAX_WORLD_FILE_BYTES // 2**20} MiB")
            data = json.loads(raw.decode("utf-8"))
        except RecursionError as err:
            raise WorldError(f"cannot read world file {str(path)!r}: nested too deep") from err
        except (OSError, ValueError) as err:
            raise WorldError(f"cannot read world file {str(path)!r}: {err}") from err
        try:
            world = cls.from_dict(data, base=path.parent)
        except WorldError as err:
            raise WorldError(f"world file {str(path)!r} is not a valid world: {err}") from err
        if isinstance(data, dict) and "name" not in data:
            world.name = path.stem
        return world

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        name: str | None = None,
        base: Path | None = None,
        read_files: bool = True,
    ) -> World:
        """The world a parsed world document describes; raises ``WorldError`` if malformed.

        ``name`` replaces the document's ``name``. ``workflowSchemaFiles`` (paths of
        workflow-schema dumps) are read relative to ``base`` (default: the current folder);
        with ``read_files`` false (a document that came over the network) they are refused.
        """
        resolved = resolve_extends(data)
        if not read_files and "workflowSchemaFiles" in resolved:
            raise WorldError(
                "world.workflowSchemaFiles: files are not read for a world sent over HTTP; "
                "give them to oneprovider-mock with --workflow-schema or in a --world file"
            )
        dump_paths = resolved.pop("workflowSchemaFiles", [])
        if not isinstance(dump_paths, list) or not all(isinstance(p, str) for p in dump_paths):
            raise WorldError(
                f"world.workflowSchemaFiles: expected a list of paths, got {dump_paths!r}"
            )
        world = cls(**parse_world(resolved))
        for i, dump_path in enumerate(dump_paths):
            try:
                world.serve_workflow_schema((base or Path()) / dump_path)
            except WorldError as err:
                raise WorldError(f"world.workflowSchemaFiles[{i}]: {err}") from err
        if name is not None:
            world.name = name
        return world

    def serve_workflow_schema(
        self, source: str | Path | SchemaDump, *, example: bool | None = None
    ) -> SchemaDump:
        """Serve a workflow-schema dump (``_served_schemas``); ``WorldError`` names the field.

        ``example`` (default: for the first dump served) makes it the example request.
        """
        from ._served_schemas import serve_dump

        first = not self.workflow_schema_sources
        dump = serve_dump(self, source, example=first if example is None else example)
        self.workflow_schema_sources.append(dump.source)
        return dump

    @classmethod
    def load(cls, name_or_path: str | Path) -> World:
        """A shipped world by name, or else the world file at that path."""
        if isinstance(name_or_path, str) and name_or_path in cls.names():
            return cls.named(name_or_path)
        return cls.from_file(name_or_path)

    @staticmethod
    def names() -> list[str]:
        """Names of the worlds shipped with the package."""
        return shipped_names()

    def copy(self) -> World:
        """A deep copy, executions included."""
        return copy.deepcopy(self)

    # --- lookups ---------------------------------------------------------------------

    def user_by_token(self, token: str) -> User | None:
        """The user ``token`` authenticates, if any."""
        for user in self.users.values():
            if token in user.tokens:
                return user
        return None

    def add_execution(self, execution: WorkflowExecution) -> None:
        """Keep a new execution (its id must be new)."""
        if execution.id in self.executions:
            raise ValueError(f"execution {execution.id!r} exists already")
        index = self.index  # before the dict grows, or it would index everything again
        self.executions[execution.id] = execution
        index.track(execution)

    def is_supported_user(self, user_id: str) -> bool:
        """Whether the user belongs to a space this provider supports."""
        return any(
            self.provider.id in space.supported_by and space.is_member(user_id)
            for space in self.spaces.values()
        )

    @property
    def default_user(self) -> User:
        """The user of the world's example request (``defaults.userId``)."""
        return self.users[self.defaults.user_id]

    @property
    def default_token(self) -> str:
        """An access token of the default user."""
        return self.default_user.tokens[0]

    def example_request(self) -> dict[str, Any]:
        """A schedule request body with the world's default ids (and initial content)."""
        body: dict[str, Any] = {
            "spaceId": self.defaults.space_id,
            "atmWorkflowSchemaId": self.defaults.atm_workflow_schema_id,
            "atmWorkflowSchemaRevisionNumber": self.defaults.revision_number,
        }
        if self.defaults.store_initial_content_overlay:
            body["storeInitialContentOverlay"] = self.defaults.store_initial_content_overlay
        return body

    def connection_info(self, base_url: str) -> dict[str, Any]:
        """What a client needs to call a provider at ``base_url`` with this world.

        Besides the ids of the example request: its store content, the stores of the
        default revision and the files of the default space, to build other content from.
        """
        defaults = self.defaults
        schema = self.workflow_schemas.get(defaults.atm_workflow_schema_id)
        revision = None if schema is None else schema.revisions.get(defaults.revision_number)
        space = self.spaces.get(defaults.space_id)
        return {
            "host": base_url,
            "apiUrl": base_url + "/api/v3/oneprovider",
            "token": self.default_token,
            "spaceId": defaults.space_id,
            "atmWorkflowSchemaId": defaults.atm_workflow_schema_id,
            "atmWorkflowSchemaRevisionNumber": defaults.revision_number,
            "storeInitialContentOverlay": copy.deepcopy(defaults.store_initial_content_overlay),
            "stores": [
                {
                    "id": store.id,
                    "name": store.name,
                    "type": store.type,
                    "requiresInitialContent": store.requires_initial_content,
                }
                for store in (revision.stores if revision is not None else [])
            ],
            # Only ids a provider could have given: the seed's example ids are accepted
            # (its request must work verbatim) but read as no object id (``_stores``).
            "files": [
                {"fileId": file.id, "type": file.type, "name": file.name}
                for file in (space.files.values() if space is not None else [])
                if space is not None and space_of(file.id) == space.id
            ],
        }
