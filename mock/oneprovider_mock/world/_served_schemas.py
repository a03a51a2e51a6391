"""Workflow-schema dumps served by the mock, as a provider serves schemas from Onezone.

``serve_dump(world, path)`` reads a dump (Onezone's "Download JSON",
``oneprovider_automation.workflow_schema``'s reader, the one the client uses) and
puts it in the world:

- the schema under the dump's ``originalAtmWorkflowSchemaId``, with the one
  revision ``originalRevisionNumber`` (other revisions are 404, as for any
  schema); two dumps of one schema add their revisions, the same revision twice
  is an error;
- in an inventory the world's default user belongs to (the ready file's user),
  so that user may schedule it in the world's default space;
- its stores, lanes, parallel boxes and tasks as the dump has them, and the
  lambdas of ``supplementaryAtmLambdas`` with their revisions;
- a dump of a format a provider does not run (``unsupported_reason``) is served
  too, and scheduling it answers ``notSupported``.

The first dump served becomes the world's example request (the ready file's
``atmWorkflowSchemaId``, revision, ``stores`` and ``storeInitialContentOverlay``):
content for each store that requires it, built from the space's files,
datasets and groups (``example_content``), so that the example is scheduled and
runs to ``finished``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oneprovider_automation.workflow_schema import (
    Store,
    WorkflowSchemaError,
    space_of,
)
from oneprovider_automation.workflow_schema import (
    WorkflowSchema as SchemaDump,
)

from ._model import (
    Inventory,
    Lambda,
    LaneSchema,
    ParallelBoxSchema,
    SchemaRevision,
    Space,
    StoreSchema,
    TaskSchema,
    WorkflowSchema,
)
from ._world_files import WorldError

if TYPE_CHECKING:
    from ._world import World

#: The inventory a dump goes to when the default user belongs to none.
DUMP_INVENTORY_ID = "d0c1a7b5e2f94c8b9a3e6f1d2c4b5a69chd0d0"


def serve_dump(world: World, source: str | Path | SchemaDump, *, example: bool) -> SchemaDump:
    """Serve the dump at ``source`` (or already read) in ``world``; ``WorldError`` if unreadable.

    ``example``: make it the world's example request.
    """
    try:
        dump = source if isinstance(source, SchemaDump) else SchemaDump.from_file(source)
    except WorkflowSchemaError as err:
        raise WorldError(str(err)) from err
    inventory = _inventory_of_default_user(world)
    revision = _revision(dump)
    schema = world.workflow_schemas.get(dump.id)
    if schema is None:
        schema = world.workflow_schemas[dump.id] = WorkflowSchema(
            id=dump.id,
            name=dump.name,
            inventory_id=inventory.id,
            compatible=dump.unsupported_reason is None,
        )
    elif revision.number in schema.revisions:
        raise WorldError(
            f"{dump.source}: workflow schema {dump.id} already has "
            f"revision {revision.number} (two dumps of one revision?)"
        )
    else:
        schema.compatible = schema.compatible and dump.unsupported_reason is None
    schema.revisions[revision.number] = revision
    for lambda_id, revisions in dump.lambdas.items():
        found = world.lambdas.get(lambda_id)
        if found is None:
            first = next(iter(revisions.values()), None)
            found = world.lambdas[lambda_id] = Lambda(
                id=lambda_id,
                name=first.name if first is not None and first.name else lambda_id,
                revisions=set(),
            )
        found.revisions.update(revisions)
        found.inventory_ids.add(inventory.id)
    if example:
        _make_example(world, dump)
    return dump


def _inventory_of_default_user(world: World) -> Inventory:
    user_id = world.defaults.user_id
    for inventory in world.inventories.values():
        if user_id in inventory.members:
            return inventory
    inventory = world.inventories.setdefault(
        DUMP_INVENTORY_ID,
        Inventory(id=DUMP_INVENTORY_ID, name="workflow-schema dumps", members=set()),
    )
    inventory.members.add(user_id)
    return inventory


def _revision(dump: SchemaDump) -> SchemaRevision:
    return SchemaRevision(
        number=dump.revision_number,
        stores=[
            StoreSchema(
                id=store.id,
                name=store.name,
                type=store.type,
                config=dict(store.config),
                requires_initial_content=store.requires_initial_content,
                default_initial_content=store.default_initial_content,
            )
            for store in dump.stores
        ],
        lanes=[
            LaneSchema(
                id=lane.id,
                name=lane.name,
                parallel_boxes=[
                    ParallelBoxSchema(
                        id=box.id,
                        name=box.name or box.id,
                        tasks=[
                            TaskSchema(
                                id=task.id,
                                name=task.name or task.id,
                                lambda_id=task.lambda_id,
                                lambda_revision_number=task.lambda_revision_number,
                            )
                            for task in box.tasks
                        ],
                    )
                    for box in lane.parallel_boxes
                ],
                iterated_store_schema_id=lane.iterated_store_id,
            )
            for lane in dump.lanes
        ],
    )


def _make_example(world: World, dump: SchemaDump) -> None:
    space = world.spaces.get(world.defaults.space_id)
    overlay: dict[str, Any] = {}
    if space is not None:
        for store in dump.stores:
            if store.requires_initial_content and store.default_initial_content is None:
                content = example_content(store, space)
                if content is not None:
                    overlay[store.id] = content
    world.defaults.atm_workflow_schema_id = dump.id
    world.defaults.revision_number = dump.revision_number
    world.defaults.store_initial_content_overlay = overlay


def example_content(store: Store | StoreSchema, space: Space) -> Any:
    """Content ``store`` accepts in ``space`` (``None`` if the space has nothing that fits)."""
    spec = store.config.get("itemDataSpec")
    if store.type == "range":
        return {"start": 0, "end": 10, "step": 1}
    if not isinstance(spec, Mapping):
        return None
    item = _example_item(spec, space)
    if item is None:
        return None
    return item if store.type == "singleValue" else [item]


def _example_item(spec: Mapping[str, Any], space: Space) -> Any:
    kind = spec.get("type")
    allowed = spec.get("allowedValues")
    if kind in ("number", "string") and allowed:
        return allowed[0]
    if kind == "file":
        wanted = spec.get("fileType", "ANY")
        for file in space.files.values():
            if space_of(file.id) == space.id and wanted in ("ANY", file.type):
                return {"fileId": file.id}
        return None
    if kind == "dataset":
        return {"datasetId": sorted(space.datasets)[0]} if space.datasets else None
    if kind == "group":
        return {"groupId": sorted(space.groups)[0]} if space.groups else None
    if kind == "array":
        inner = spec.get("itemDataSpec")
        item = _example_item(inner, space) if isinstance(inner, Mapping) else None
        return None if item is None else [item]
    if kind == "timeSeriesMeasurement":
        specs = spec.get("specs") or []
        name = specs[0].get("nameMatcher", "m") if specs and isinstance(specs[0], dict) else "m"
        return {"tsName": name or "m", "timestamp": 0, "value": 0}
    return {
        "number": 1,
        "string": "text",
        "boolean": True,
        "object": {},
        "range": {"start": 0, "end": 10, "step": 1},
    }.get(str(kind))
