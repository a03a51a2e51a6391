"""Creating a revision's stores: each store's initial content checked as op-worker does.

Stores are created in the revision's order and the first that fails answers
``atmStoreCreationFailed`` with the store schema id and the inner error
(``atm_workflow_execution_factory:create_global_stores/1``). For each store the
overlay's value is used; an absent key or ``null`` means the store's default
content. No content at all is an error only for a store that requires it
(``atmStoreMissingRequiredInitialContent``). Content is then checked by store
type (``atm_*_store_container:create/1``):

- ``singleValue``: one item of ``config.itemDataSpec``;
- ``list``, ``treeForest``: an array of such items;
- ``range``: a range ``{"end", "start"?, "step"?}`` whose step goes the right way;
- ``auditLog``: an array of log entries (``{"content", "severity"?}`` or bare
  content); entries below the execution's log level are dropped, the rest's
  content must fit ``config.logContentDataSpec``;
- ``timeSeries``: takes no initial content (``badData`` with a hint).

Items are checked against their data spec (``atm_value:validate_constraints/3``):
first the type (``atmDataTypeUnverified``), then its constraints
(``atmDataValueConstraintUnverified``): allowed values, integers only, the file
or dataset belonging to the execution's space, the file type, an array's items
(the failing item's error under ``$[index]``). A file id that names no file of
the world is ``posix`` ``enoent`` if it looks like an object id (hex) and
``atmDataTypeUnverified`` otherwise; an unknown dataset is ``notFound``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import _errors
from ._json import BigInt
from ._model import SchemaRevision, Space, StoreSchema
from ._sanitize import LOG_LEVELS

#: Store types and, for those that hold items, the config key of their items' data spec.
STORE_ITEM_SPEC_KEYS: Mapping[str, str | None] = {
    "singleValue": "itemDataSpec",
    "list": "itemDataSpec",
    "treeForest": "itemDataSpec",
    "range": None,
    "auditLog": "logContentDataSpec",
    "timeSeries": None,
}
#: Data types of Onedata's automation (``atm_data_type:type_to_json/1``).
DATA_TYPES = (
    "array",
    "boolean",
    "dataset",
    "file",
    "group",
    "number",
    "object",
    "range",
    "string",
    "timeSeriesMeasurement",
)

_OBJECT_ID = re.compile(r"(?:[0-9a-fA-F]{2})+")


@dataclass(frozen=True)
class ContentContext:
    """Where content is checked: the execution's space, among all spaces of the world."""

    space: Space
    spaces: Mapping[str, Space]
    log_level: str


def create_stores(
    revision: SchemaRevision, overlay: Mapping[str, Any], context: ContentContext
) -> dict[str, Any]:
    """The initial content of each store (``None`` for an empty one), in schema order.

    Raises ``atmStoreCreationFailed`` for the first store that refuses its content.
    Overlay keys that name no store of the revision are ignored.
    """
    contents: dict[str, Any] = {}
    for store in revision.stores:
        try:
            contents[store.id] = _initial_content(store, overlay.get(store.id), context)
        except _errors.OnedataError as err:
            raise _errors.atm_store_creation_failed(store.id, err) from err
    return contents


def _initial_content(store: StoreSchema, given: Any, context: ContentContext) -> Any:
    if given is None and store.requires_initial_content and store.default_initial_content is None:
        raise _errors.atm_store_missing_required_initial_content()
    content = given if given is not None else store.default_initial_content
    if content is None:
        return None
    if store.type == "timeSeries":
        raise _errors.bad_data(
            "initialContent",
            hint="Time series store does not accept initial content",
            module="atm_time_series_store_container",
            line=96,
        )
    if store.type == "range":
        check_value(content, {"type": "range"}, context)
    elif store.type == "singleValue":
        check_value(content, store.config["itemDataSpec"], context)
    elif store.type == "auditLog":
        _check_audit_log(content, store.config["logContentDataSpec"], context)
    else:  # list, treeForest
        check_value(
            content, {"type": "array", "itemDataSpec": store.config["itemDataSpec"]}, context
        )
    return content


def _check_audit_log(content: Any, entry_spec: dict[str, Any], context: ContentContext) -> None:
    if not isinstance(content, list):
        raise _errors.atm_data_type_unverified(content, "array")
    threshold = LOG_LEVELS.index(context.log_level)
    kept = []
    for entry in content:
        severity, entry_content = _audit_log_entry(entry)
        # Severities rise from debug to emergency; entries below the level are dropped.
        if LOG_LEVELS.index(severity) >= threshold:
            kept.append(entry_content)
    check_value(kept, {"type": "array", "itemDataSpec": entry_spec}, context)


def _audit_log_entry(entry: Any) -> tuple[str, Any]:
    if isinstance(entry, dict) and "content" in entry:
        return _severity(entry.get("severity")), entry["content"]
    if isinstance(entry, dict) and "severity" in entry:
        return _severity(entry["severity"]), {k: v for k, v in entry.items() if k != "severity"}
    return "info", entry


def _severity(value: Any) -> str:
    return value if isinstance(value, str) and value in LOG_LEVELS else "info"


# --- data specs --------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, BigInt)) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, BigInt)) and not isinstance(value, bool)


def _has_string(value: Any, key: str) -> bool:
    return isinstance(value, dict) and isinstance(value.get(key), str)


def _is_range(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and _is_int(value.get("end"))
        and _is_int(value.get("start", 0))
        and _is_int(value.get("step", 1))
    )


def _is_measurement(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("tsName"), str)
        and _is_int(value.get("timestamp"))
        and value["timestamp"] >= 0
        and _is_number(value.get("value"))
    )


# atm_data_type:is_instance/2; Python's bool is an int, Erlang's booleans are atoms.
_IS_INSTANCE: Mapping[str, Callable[[Any], bool]] = {
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "dataset": lambda v: _has_string(v, "datasetId"),
    "file": lambda v: _has_string(v, "fileId"),
    "group": lambda v: _has_string(v, "groupId"),
    "number": _is_number,
    "object": lambda v: isinstance(v, dict),
    "range": _is_range,
    "string": lambda v: isinstance(v, str),
    "timeSeriesMeasurement": _is_measurement,
}


def check_value(value: Any, spec: Mapping[str, Any], context: ContentContext) -> None:
    """Raise the error a provider gives when ``value`` does not fit data ``spec``."""
    data_type = spec["type"]
    if not _IS_INSTANCE[data_type](value):
        raise _errors.atm_data_type_unverified(value, data_type)
    constraint_check = _CONSTRAINTS.get(data_type)
    if constraint_check is not None:
        constraint_check(value, spec, context)


def _member(value: Any, allowed: list[Any]) -> bool:
    # Erlang's lists:member/2 compares exactly: 1 and 1.0 differ.
    return any(type(item) is type(value) and item == value for item in allowed)


def _check_array(value: Any, spec: Mapping[str, Any], context: ContentContext) -> None:
    for index, item in enumerate(value):
        try:
            check_value(item, spec["itemDataSpec"], context)
        except _errors.OnedataError as err:
            raise _errors.atm_data_value_constraint_unverified(
                value, "array", {f"$[{index}]": err}
            ) from err


def _check_number(value: Any, spec: Mapping[str, Any], context: ContentContext) -> None:
    if spec.get("integersOnly") and not _is_int(value):
        raise _errors.atm_data_value_constraint_unverified(value, "number", {"integersOnly": True})
    _check_allowed(value, spec, "number")


def _check_string(value: Any, spec: Mapping[str, Any], context: ContentContext) -> None:
    _check_allowed(value, spec, "string")


def _check_allowed(value: Any, spec: Mapping[str, Any], data_type: str) -> None:
    allowed = spec.get("allowedValues")
    if allowed is not None and not _member(value, allowed):
        raise _errors.atm_data_value_constraint_unverified(
            value, data_type, {"allowedValues": allowed}
        )


def _check_range(value: Any, spec: Mapping[str, Any], context: ContentContext) -> None:
    start, end, step = value.get("start", 0), value["end"], value.get("step", 1)
    if not ((start <= end and step > 0) or (start >= end and step < 0)):
        raise _errors.atm_data_value_constraint_unverified(value, "range", "invalid step direction")


def _check_file(value: Any, spec: Mapping[str, Any], context: ContentContext) -> None:
    file_id = value["fileId"]
    file = context.space.files.get(file_id)
    if file is None:
        if any(file_id in space.files for space in context.spaces.values()):
            raise _errors.atm_data_value_constraint_unverified(
                value, "file", {"inSpace": context.space.id}
            )
        if _OBJECT_ID.fullmatch(file_id):
            raise _errors.posix("enoent", module="atm_file_value", line=230)
        raise _errors.atm_data_type_unverified(value, "file")
    wanted = spec.get("fileType", "ANY")
    if wanted != "ANY" and file.type != wanted:
        raise _errors.atm_data_value_constraint_unverified(value, "file", {"fileType": wanted})


def _check_dataset(value: Any, spec: Mapping[str, Any], context: ContentContext) -> None:
    dataset_id = value["datasetId"]
    if dataset_id in context.space.datasets:
        return
    if any(dataset_id in space.datasets for space in context.spaces.values()):
        raise _errors.atm_data_value_constraint_unverified(
            value, "dataset", {"inSpace": context.space.id}
        )
    raise _errors.not_found(module="dataset_api", line=187)


def _check_group(value: Any, spec: Mapping[str, Any], context: ContentContext) -> None:
    if value["groupId"] not in context.space.groups:
        raise _errors.atm_data_value_constraint_unverified(value, "group", {"hasAccess": True})


_CONSTRAINTS: Mapping[str, Callable[[Any, Mapping[str, Any], ContentContext], None]] = {
    "array": _check_array,
    "number": _check_number,
    "string": _check_string,
    "range": _check_range,
    "file": _check_file,
    "dataset": _check_dataset,
    "group": _check_group,
}
