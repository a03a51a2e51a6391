"""World files: reading them, ``extends``, and checking every part with a clear message.

A world file is JSON (``worlds/default.json`` is the reference)::

    {
      "name": "default",
      "description": "what the example request gets in this world",
      "phaseSeconds": 1.0,
      "provider": {"id": ..., "name": ..., "domain": ..., "httpsPort"?: 443,
                   "openfaas"?: true},
      "users": [{"id", "name", "tokens": [...]}],
      "spaces": [{"id", "name", "supportedBy": [provider ids],
                  "members": {user id: [space privileges]}, "owners"?: [user ids],
                  "files": [file id or {"id", "name", "type"}],
                  "datasets": [...], "groups": [...]}],
      "inventories": [{"id", "name", "members": [user ids],
                       "lambdas": [{"id", "name", "revisions"?: [1], "compatible"?: true}],
                       "workflowSchemas": [{"id", "name", "compatible"?: true, "revisions": [
                           {"number", "outcome"?, "stores": [...], "lanes": [...]}]}]}],
      "executions"?: [{"id", "atmWorkflowSchemaId", "status", ...}],
      "defaults": {"userId", "spaceId", "atmWorkflowSchemaId", "atmWorkflowSchemaRevisionNumber",
                   "storeInitialContentOverlay"?}
    }

Stores and lanes are written as Onedata writes them: a store is ``{"id", "name",
"type", "config", "requiresInitialContent", "defaultInitialContent"}``, a lane
``{"id", "name", "parallelBoxes": [{"id", "name", "tasks": [{"id", "name",
"lambdaId", "lambdaRevisionNumber"?}]}], "storeIteratorSpec": {"storeSchemaId"}}``.
A lambda listed by several inventories is one lambda of all of them; every lambda
runs on OpenFaaS (the only engine a provider executes), which the provider has
unless ``"openfaas": false``.

A revision's ``outcome`` says how its executions end if nobody stops them:
``"finished"`` (the default), ``"failed"``, ``"crashed"``, ``"cancelled"`` or
``"interrupted"``, or an object ``{"status", "lane"?: <1-based, default the
last>, "stopReason"?: null | "failure"}``: the first run of that lane fails
(``stopReason`` null: its items failed, so it may be retried; ``"failure"``:
it was stopped, and may not), crashes, or is stopped. Repeated runs finish.
A revision's ``phaseSeconds`` sets how long each step of its executions takes
(default: the world's ``phaseSeconds``); the world's ``stopSeconds`` how long a
stop takes, from ``stopping`` to its end (default: a step). A ``phase_seconds``
given to the backend overrides all three.
``executions`` lists the executions the world starts with, in any status
(``_world_executions`` describes an entry).

``"extends": "<shipped world name>"`` starts from that world: the file's
top-level keys replace the base's, except ``defaults``, which is merged key
by key. The shipped error worlds are such files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

from ._model import (
    MAX_PHASE_SECONDS,
    OUTCOMES,
    File,
    Inventory,
    Lambda,
    LaneSchema,
    ParallelBoxSchema,
    Provider,
    SchemaRevision,
    Space,
    StoreSchema,
    TaskSchema,
    User,
    WorkflowSchema,
    WorldDefaults,
)
from ._stores import DATA_TYPES, STORE_ITEM_SPEC_KEYS

_MAX_EXTENDS_DEPTH = 8


class WorldError(ValueError):
    """Raised when a world file or document is malformed; the message names the place."""


def shipped_names() -> list[str]:
    """Names of the worlds shipped with the package."""
    return sorted(
        entry.name[: -len(".json")]
        for entry in worlds_folder().iterdir()
        if entry.name.endswith(".json")
    )


def worlds_folder() -> Any:
    """The folder of the shipped worlds (package data)."""
    return resources.files("oneprovider_mock").joinpath("worlds")


def shipped_document(name: str) -> dict[str, Any]:
    """The parsed file of a shipped world; raises ``WorldError`` if there is none."""
    entry = worlds_folder().joinpath(f"{name}.json")
    if not entry.is_file():
        raise WorldError(f"no shipped world named {name!r}; shipped: {', '.join(shipped_names())}")
    data = json.loads(entry.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise WorldError(f"shipped world {name!r} is not a JSON object")
    return data


def resolve_extends(data: Mapping[str, Any], *, depth: int = 0) -> dict[str, Any]:
    """``data`` with its ``extends`` applied (recursively); raises ``WorldError``."""
    if not isinstance(data, Mapping):
        raise WorldError(f"a world must be a JSON object, got {type(data).__name__}")
    if "extends" not in data:
        return dict(data)
    if depth >= _MAX_EXTENDS_DEPTH:
        raise WorldError("'extends' nests too deep (a cycle?)")
    base_name = data["extends"]
    if not isinstance(base_name, str):
        raise WorldError(f"'extends' must name a shipped world, got {base_name!r}")
    merged = resolve_extends(shipped_document(base_name), depth=depth + 1)
    for key, value in data.items():
        if key == "extends":
            continue
        if key == "defaults" and isinstance(value, Mapping):
            merged["defaults"] = {**merged.get("defaults", {}), **value}
        else:
            merged[key] = value
    return merged


# --- parsing ----------------------------------------------------------------------------


class _Reader:
    """Typed access to a JSON object, with errors that say where the problem is."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise WorldError(f"{where}: expected an object, got {data!r}")
        self.data: dict[str, Any] = data
        self.where = where

    def _get(self, key: str, default: Any, required: bool) -> Any:
        if key not in self.data:
            if required:
                raise WorldError(f"{self.where}: missing {key!r}")
            return default
        return self.data[key]

    def string(self, key: str, default: str | None = None) -> str:
        value = self._get(key, default, default is None)
        if not isinstance(value, str) or value == "":
            raise WorldError(f"{self.where}.{key}: expected a non-empty string, got {value!r}")
        return value

    def integer(self, key: str, default: int | None = None) -> int:
        value = self._get(key, default, default is None)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise WorldError(f"{self.where}.{key}: expected an integer >= 1, got {value!r}")
        return value

    def port(self, key: str, default: int) -> int:
        value = self._get(key, default, False)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
            raise WorldError(f"{self.where}.{key}: expected a port 1..65535, got {value!r}")
        return value

    def optional_number(self, key: str) -> float | None:
        """A number of seconds, like :meth:`number`, or ``None`` when the key is absent."""
        return None if self._get(key, None, False) is None else self.number(key, 0.0)

    def number(self, key: str, default: float) -> float:
        value = self._get(key, default, False)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not 0 <= value <= MAX_PHASE_SECONDS
        ):
            raise WorldError(
                f"{self.where}.{key}: expected a number from 0 to {MAX_PHASE_SECONDS:,.0f}, "
                f"got {value!r}"
            )
        return float(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self._get(key, default, False)
        if not isinstance(value, bool):
            raise WorldError(f"{self.where}.{key}: expected true or false, got {value!r}")
        return value

    def strings(self, key: str) -> list[str]:
        value = self._get(key, [], False)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise WorldError(f"{self.where}.{key}: expected a list of strings, got {value!r}")
        return list(value)

    def objects(self, key: str) -> list[_Reader]:
        value = self._get(key, [], False)
        if not isinstance(value, list):
            raise WorldError(f"{self.where}.{key}: expected a list, got {value!r}")
        return [_Reader(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value)]

    def object(self, key: str) -> _Reader:
        return _Reader(self._get(key, None, True), f"{self.where}.{key}")

    def raw(self, key: str, default: Any = None) -> Any:
        return self._get(key, default, False)


def _unique(items: list[Any], what: str) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for item in items:
        if item.id in by_id:
            raise WorldError(f"two {what} have the id {item.id!r}")
        by_id[item.id] = item
    return by_id


def parse_world(data: dict[str, Any]) -> dict[str, Any]:
    """The parts of a ``World`` (keyword arguments) a resolved document describes."""
    root = _Reader(data, "world")
    provider_data = root.object("provider")
    provider = Provider(
        id=provider_data.string("id"),
        name=provider_data.string("name", "oneprovider-mock"),
        domain=provider_data.string("domain", "oneprovider-mock.localhost"),
        https_port=provider_data.port("httpsPort", 443),
        openfaas=provider_data.boolean("openfaas", True),
    )
    users = _unique(
        [
            User(
                id=u.string("id"), name=u.string("name", u.string("id")), tokens=u.strings("tokens")
            )
            for u in root.objects("users")
        ],
        "users",
    )
    spaces = _unique([_space(s, users) for s in root.objects("spaces")], "spaces")
    inventories: list[Inventory] = []
    schemas: list[WorkflowSchema] = []
    lambdas: dict[str, Lambda] = {}
    for inventory_data in root.objects("inventories"):
        inventory = Inventory(
            id=inventory_data.string("id"),
            name=inventory_data.string("name", inventory_data.string("id")),
            members=set(inventory_data.strings("members")),
        )
        _known(inventory.members, users, f"{inventory_data.where}.members", "user")
        inventories.append(inventory)
        schemas.extend(
            _workflow_schema(s, inventory.id) for s in inventory_data.objects("workflowSchemas")
        )
        for lambda_data in inventory_data.objects("lambdas"):
            _add_lambda(lambdas, lambda_data, inventory.id)
    schemas_by_id = _unique(schemas, "workflow schemas")
    parts: dict[str, Any] = dict(
        name=root.string("name", "world"),
        description=str(root.raw("description", "")),
        provider=provider,
        users=users,
        spaces=spaces,
        inventories=_unique(inventories, "inventories"),
        workflow_schemas=schemas_by_id,
        defaults=_defaults(root.object("defaults")),
        phase_seconds=root.number("phaseSeconds", 1.0),
        stop_seconds=root.optional_number("stopSeconds"),
        lambdas=lambdas,
    )
    _check_defaults(parts["users"], parts["defaults"])
    from ._world_executions import parse_executions

    parts["executions"] = parse_executions(
        root.objects("executions"),
        users=users,
        spaces=spaces,
        schemas=schemas_by_id,
        phase_seconds=parts["phase_seconds"],
    )
    return parts


def _add_lambda(lambdas: dict[str, Lambda], data: _Reader, inventory_id: str) -> None:
    lambda_id = data.string("id")
    revisions = data.raw("revisions", [1])
    if not isinstance(revisions, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in revisions
    ):
        raise WorldError(f"{data.where}.revisions: expected integers >= 1, got {revisions!r}")
    found = lambdas.get(lambda_id)
    if found is None:
        found = lambdas[lambda_id] = Lambda(
            id=lambda_id,
            name=data.string("name", lambda_id),
            revisions=set(revisions),
            compatible=data.boolean("compatible", True),
        )
    found.inventory_ids.add(inventory_id)


def _known(ids: set[str], known: Mapping[str, Any], where: str, what: str) -> None:
    unknown = sorted(ids - known.keys())
    if unknown:
        raise WorldError(f"{where}: no {what} with id {unknown[0]!r}")


def _space(data: _Reader, users: Mapping[str, User]) -> Space:
    members = data.object("members") if "members" in data.data else _Reader({}, data.where)
    privileges = {user_id: set(members.strings(user_id)) for user_id in members.data}
    _known(set(privileges), users, f"{data.where}.members", "user")
    owners = set(data.strings("owners"))
    _known(owners, users, f"{data.where}.owners", "user")
    files = []
    for i, entry in enumerate(data.raw("files", [])):
        if isinstance(entry, str):
            files.append(File(id=entry, name=f"file{i}"))
        else:
            file_data = _Reader(entry, f"{data.where}.files[{i}]")
            files.append(
                File(
                    id=file_data.string("id"),
                    name=file_data.string("name", f"file{i}"),
                    type=file_data.string("type", "REG"),
                )
            )
    return Space(
        id=data.string("id"),
        name=data.string("name", data.string("id")),
        supported_by=set(data.strings("supportedBy")),
        privileges=privileges,
        owners=owners,
        files=_unique(files, f"files of {data.where}"),
        datasets=set(data.strings("datasets")),
        groups=set(data.strings("groups")),
    )


def _workflow_schema(data: _Reader, inventory_id: str) -> WorkflowSchema:
    revisions = [_revision(r) for r in data.objects("revisions")]
    by_number: dict[int, SchemaRevision] = {}
    for revision in revisions:
        if revision.number in by_number:
            raise WorldError(f"{data.where}: two revisions numbered {revision.number}")
        by_number[revision.number] = revision
    return WorkflowSchema(
        id=data.string("id"),
        name=data.string("name", data.string("id")),
        inventory_id=inventory_id,
        revisions=by_number,
        compatible=data.boolean("compatible", True),
    )


def _outcome(data: _Reader) -> tuple[str, int | None, str | None]:
    raw = data.raw("outcome", "finished")
    if isinstance(raw, str):
        outcome, lane, reason = raw, None, None
    else:
        spec = _Reader(raw, f"{data.where}.outcome")
        outcome = spec.string("status")
        lane = spec.integer("lane") if spec.raw("lane") is not None else None
        reason = spec.raw("stopReason")
        if reason not in (None, "failure") or (reason is not None and outcome != "failed"):
            raise WorldError(
                f'{spec.where}.stopReason: expected null, or "failure" for a failed outcome, '
                f"got {reason!r}"
            )
    if outcome not in OUTCOMES:
        raise WorldError(f"{data.where}.outcome: expected one of {OUTCOMES}, got {outcome!r}")
    return outcome, lane, reason


def _revision(data: _Reader) -> SchemaRevision:
    outcome, outcome_lane, outcome_stop_reason = _outcome(data)
    stores = [_store(s) for s in data.objects("stores")]
    _unique(stores, f"stores of {data.where}")
    lanes = [_lane(lane) for lane in data.objects("lanes")]
    store_ids = {store.id for store in stores}
    for lane in lanes:
        if (
            lane.iterated_store_schema_id is not None
            and lane.iterated_store_schema_id not in store_ids
        ):
            raise WorldError(
                f"{data.where}: lane {lane.id!r} iterates over unknown store "
                f"{lane.iterated_store_schema_id!r}"
            )
    if outcome_lane is not None and outcome_lane > len(lanes):
        raise WorldError(
            f"{data.where}.outcome.lane: the revision has {len(lanes)} lanes, got {outcome_lane}"
        )
    return SchemaRevision(
        number=data.integer("number"),
        stores=stores,
        lanes=lanes,
        outcome=outcome,
        outcome_lane=outcome_lane,
        outcome_stop_reason=outcome_stop_reason,
        phase_seconds=data.optional_number("phaseSeconds"),
    )


def _store(data: _Reader) -> StoreSchema:
    store_type = data.string("type")
    if store_type not in STORE_ITEM_SPEC_KEYS:
        raise WorldError(
            f"{data.where}.type: expected one of {sorted(STORE_ITEM_SPEC_KEYS)}, got {store_type!r}"
        )
    config = data.raw("config", {})
    if not isinstance(config, dict):
        raise WorldError(f"{data.where}.config: expected an object, got {config!r}")
    spec_key = STORE_ITEM_SPEC_KEYS[store_type]
    if spec_key is not None:
        _data_spec(config.get(spec_key), f"{data.where}.config.{spec_key}")
    takes_content = store_type not in ("timeSeries", "auditLog")
    return StoreSchema(
        id=data.string("id"),
        name=data.string("name", data.string("id")),
        type=store_type,
        config=config,
        # As Onezone does for these two types: they never require initial content.
        requires_initial_content=takes_content and data.boolean("requiresInitialContent", False),
        default_initial_content=data.raw("defaultInitialContent") if takes_content else None,
    )


def _data_spec(spec: Any, where: str) -> None:
    if not isinstance(spec, dict) or spec.get("type") not in DATA_TYPES:
        raise WorldError(f"{where}: expected a data spec with a type of {DATA_TYPES}, got {spec!r}")
    if spec["type"] == "array":
        _data_spec(spec.get("itemDataSpec"), f"{where}.itemDataSpec")


def _lane(data: _Reader) -> LaneSchema:
    iterator = data.raw("storeIteratorSpec")
    iterated = None
    if iterator is not None:
        iterated = _Reader(iterator, f"{data.where}.storeIteratorSpec").string("storeSchemaId")
    return LaneSchema(
        id=data.string("id"),
        name=data.string("name", data.string("id")),
        parallel_boxes=[
            ParallelBoxSchema(
                id=box.string("id"),
                name=box.string("name", box.string("id")),
                tasks=[
                    TaskSchema(
                        id=task.string("id"),
                        name=task.string("name", task.string("id")),
                        lambda_id=task.string("lambdaId"),
                        lambda_revision_number=task.integer("lambdaRevisionNumber", 1),
                    )
                    for task in box.objects("tasks")
                ],
            )
            for box in data.objects("parallelBoxes")
        ],
        iterated_store_schema_id=iterated,
    )


def _defaults(data: _Reader) -> WorldDefaults:
    overlay = data.raw("storeInitialContentOverlay", {})
    if not isinstance(overlay, dict):
        raise WorldError(f"{data.where}.storeInitialContentOverlay: expected an object")
    return WorldDefaults(
        user_id=data.string("userId"),
        space_id=data.string("spaceId"),
        atm_workflow_schema_id=data.string("atmWorkflowSchemaId"),
        revision_number=data.integer("atmWorkflowSchemaRevisionNumber"),
        store_initial_content_overlay=overlay,
    )


def _check_defaults(users: Mapping[str, User], defaults: WorldDefaults) -> None:
    user = users.get(defaults.user_id)
    if user is None:
        raise WorldError(f"world.defaults.userId: no user with id {defaults.user_id!r}")
    if not user.tokens:
        raise WorldError(f"world.defaults.userId: user {user.id!r} has no tokens")
