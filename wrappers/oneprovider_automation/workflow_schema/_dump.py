"""Reading a workflow-schema dump (Onezone's "Download JSON") into a ``WorkflowSchema``.

A dump is ``{"schemaFormatVersion", "originalAtmWorkflowSchemaId", "name",
"summary", "revision": {"originalRevisionNumber", "schemaFormatVersion",
"atmWorkflowSchemaRevision": {"_version", "_data": {"stores", "lanes", ...}},
"supplementaryAtmLambdas": {lambda id: {revision number: lambda dump}}}}``;
every record inside is versioned, ``{"_version": N, "_data": {...}}``
(``persistent_record``). Data specs are flattened to their plain JSON
(``_data_values.flatten_data_spec``).

A dump of a format version a provider does not run is read all the same
(``WorkflowSchema.unsupported_reason`` says why a provider refuses it); one
that cannot be read raises ``WorkflowSchemaError`` naming the file and the
field, as ``revision.atmWorkflowSchemaRevision._data.stores[0]._data.type``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._data_values import DATA_TYPES, FILE_TYPES, flatten_data_spec
from ._schema import (
    LambdaRevision,
    LaneSchema,
    ParallelBox,
    Store,
    Task,
    WorkflowSchema,
    WorkflowSchemaError,
)
from ._store_content import STORE_ITEM_SPEC_KEYS

#: The largest dump read (the shared examples are under 70 KB).
MAX_DUMP_BYTES = 16 * 1024 * 1024


def read_file(path: str | Path) -> WorkflowSchema:
    """Read the dump at ``path``; ``WorkflowSchemaError`` names the file and what is wrong."""
    source = str(path)
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_DUMP_BYTES + 1)
    except OSError as err:
        raise WorkflowSchemaError(f"{source}: cannot read it: {err.strerror or err}") from err
    if len(raw) > MAX_DUMP_BYTES:
        raise WorkflowSchemaError(f"{source}: larger than {MAX_DUMP_BYTES // 2**20} MiB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise WorkflowSchemaError(f"{source}: not UTF-8 text (byte {err.start})") from err
    except json.JSONDecodeError as err:
        raise WorkflowSchemaError(
            f"{source}: not JSON: {err.msg} at line {err.lineno} column {err.colno}"
        ) from err
    except RecursionError as err:
        raise WorkflowSchemaError(f"{source}: JSON nested too deep to be a dump") from err
    return read_dump(data, source=source)


class _At:
    """A JSON value and the path to it, for errors that say where the problem is."""

    def __init__(self, value: Any, path: str, source: str) -> None:
        self.value = value
        self.path = path
        self.source = source

    def fail(self, expected: str) -> WorkflowSchemaError:
        shown = json.dumps(self.value)[:80] if self.value is not _MISSING else "nothing"
        return WorkflowSchemaError(f"{self.source}: {self.path}: expected {expected}, got {shown}")

    def key(self, name: str) -> _At:
        if not isinstance(self.value, dict):
            raise self.fail("an object")
        child = f"{self.path}.{name}" if self.path else name
        return _At(self.value.get(name, _MISSING), child, self.source)

    def data(self) -> _At:
        """The ``_data`` of a versioned record."""
        return self.key("_data")

    def obj(self) -> dict[str, Any]:
        if not isinstance(self.value, dict):
            raise self.fail("an object")
        return self.value

    def items(self) -> list[_At]:
        if not isinstance(self.value, list):
            raise self.fail("a list")
        return [_At(item, f"{self.path}[{i}]", self.source) for i, item in enumerate(self.value)]

    def string(self, *, empty: bool = False) -> str:
        if not isinstance(self.value, str) or (not empty and not self.value):
            raise self.fail("a string" if empty else "a non-empty string")
        return self.value

    def optional_string(self) -> str:
        return "" if self.value in (_MISSING, None) else self.string(empty=True)

    def integer(self, *, low: int = 1) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < low:
            raise self.fail(f"an integer >= {low}")
        return self.value

    def boolean(self, default: bool) -> bool:
        if self.value is _MISSING:
            return default
        if not isinstance(self.value, bool):
            raise self.fail("true or false")
        return self.value


_MISSING: Any = object()


def read_dump(data: Any, *, source: str = "<dump>") -> WorkflowSchema:
    """Read a parsed dump; raises ``WorkflowSchemaError`` naming ``source`` and the field."""
    try:
        return _read_dump(data, source)
    except RecursionError as err:
        raise WorkflowSchemaError(f"{source}: data specs nested too deep to be a dump") from err


def _read_dump(data: Any, source: str) -> WorkflowSchema:
    root = _At(data, "", source)
    root.obj()
    version = root.key("schemaFormatVersion").integer()
    revision = root.key("revision")
    revision_data = revision.key("atmWorkflowSchemaRevision").data()
    stores = tuple(_store(item) for item in revision_data.key("stores").items())
    ids = [store.id for store in stores]
    for store, item in zip(stores, revision_data.key("stores").items(), strict=True):
        if ids.count(store.id) > 1:
            raise item.key("_data").key("id").fail("a store id no other store has")
    lanes = tuple(_lane(item, set(ids)) for item in revision_data.key("lanes").items())
    return WorkflowSchema(
        id=root.key("originalAtmWorkflowSchemaId").string(),
        name=root.key("name").string(),
        revision_number=revision.key("originalRevisionNumber").integer(),
        schema_format_version=max(version, revision.key("schemaFormatVersion").integer()),
        stores=stores,
        lanes=lanes,
        lambdas=_lambdas(revision.key("supplementaryAtmLambdas")),
        summary=root.key("summary").optional_string(),
        source=source,
    )


def _store(item: _At) -> Store:
    data = item.data()
    store_type = data.key("type")
    if store_type.value not in STORE_ITEM_SPEC_KEYS:
        raise store_type.fail(f"one of {', '.join(STORE_ITEM_SPEC_KEYS)}")
    config_at = data.key("config")
    config: dict[str, Any] = {}
    if config_at.value not in (_MISSING, None):
        config_data = config_at.data() if "_data" in config_at.obj() else config_at
        for key, value in config_data.obj().items():
            if key in ("_version",):
                continue
            config[key] = value
    spec_key = STORE_ITEM_SPEC_KEYS[store_type.value]
    if spec_key is not None:
        at = (
            config_at.data()
            if isinstance(config_at.value, dict) and "_data" in config_at.value
            else config_at
        )
        config[spec_key] = _data_spec(at.key(spec_key))
    takes_content = store_type.value not in ("timeSeries", "auditLog")
    return Store(
        id=data.key("id").string(),
        name=data.key("name").string(),
        type=store_type.value,
        requires_initial_content=takes_content
        and data.key("requiresInitialContent").boolean(False),
        default_initial_content=(
            data.key("defaultInitialContent").value
            if takes_content and data.key("defaultInitialContent").value is not _MISSING
            else None
        ),
        config=config,
        description=data.key("description").optional_string(),
    )


def _data_spec(at: _At) -> dict[str, Any]:
    spec = flatten_data_spec(at.value)
    if not isinstance(spec, dict) or spec.get("type") not in DATA_TYPES:
        raise at.fail(f"a data spec of a type among {', '.join(DATA_TYPES)}")
    flat = _At(spec, at.path, at.source)
    if spec["type"] == "array":
        inner = at.data() if isinstance(at.value, dict) and "_data" in at.value else at
        while (
            isinstance(inner.value, dict)
            and "_data" in inner.value
            and "itemDataSpec" not in inner.value
        ):
            inner = inner.data()
        spec["itemDataSpec"] = _data_spec(inner.key("itemDataSpec"))
    elif spec["type"] == "file" and spec.get("fileType", "ANY") not in FILE_TYPES:
        raise flat.key("fileType").fail(f"one of {', '.join(FILE_TYPES)}")
    elif spec["type"] in ("number", "string"):
        allowed = spec.get("allowedValues")
        if allowed is not None and not isinstance(allowed, list):
            raise flat.key("allowedValues").fail("a list or null")
    return spec


def _lane(item: _At, store_ids: set[str]) -> LaneSchema:
    data = item.data()
    iterator = data.key("storeIteratorSpec")
    iterated = None
    if iterator.value not in (_MISSING, None):
        iterator_data = iterator.data() if "_data" in iterator.obj() else iterator
        iterated_at = iterator_data.key("storeSchemaId")
        iterated = iterated_at.string()
        if iterated not in store_ids:
            raise iterated_at.fail("the id of a store of the revision")
    retries = data.key("maxRetries")
    return LaneSchema(
        id=data.key("id").string(),
        name=data.key("name").string(),
        iterated_store_id=iterated,
        parallel_boxes=tuple(_box(box) for box in data.key("parallelBoxes").items()),
        max_retries=0 if retries.value is _MISSING else retries.integer(low=0),
    )


def _box(item: _At) -> ParallelBox:
    data = item.data()
    return ParallelBox(
        id=data.key("id").string(),
        name=data.key("name").string(empty=True),
        tasks=tuple(_task(task) for task in data.key("tasks").items()),
    )


def _task(item: _At) -> Task:
    data = item.data()
    return Task(
        id=data.key("id").string(),
        name=data.key("name").string(empty=True),
        lambda_id=data.key("lambdaId").string(),
        lambda_revision_number=data.key("lambdaRevisionNumber").integer(),
    )


def _lambdas(at: _At) -> dict[str, dict[int, LambdaRevision]]:
    if at.value is _MISSING:
        return {}
    lambdas: dict[str, dict[int, LambdaRevision]] = {}
    for lambda_id in at.obj():
        revisions_at = at.key(lambda_id)
        by_number: dict[int, LambdaRevision] = {}
        for number_text in revisions_at.obj():
            one = revisions_at.key(number_text)
            if (
                not number_text.isascii()
                or not number_text.isdigit()
                or number_text.startswith("0")
            ):
                raise one.fail("a revision number as its key (1, 2, ...)")
            revision = one.key("revision")
            data = revision.key("atmLambdaRevision").data()
            operation = data.key("operationSpec")
            operation_data = operation.data() if "_data" in operation.obj() else operation
            by_number[int(number_text)] = LambdaRevision(
                number=int(number_text),
                name=data.key("name").string(empty=True),
                engine=operation_data.key("engine").string(),
                schema_format_version=max(
                    one.key("schemaFormatVersion").integer(),
                    revision.key("schemaFormatVersion").integer(),
                ),
            )
        lambdas[lambda_id] = by_number
    return lambdas
