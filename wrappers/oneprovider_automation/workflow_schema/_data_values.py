"""Whether a value fits a data spec, as a provider checks it (``atm_value:validate_constraints/3``).

First the type (``atm_data_type:is_instance/2``; ``atmDataTypeUnverified``), then
the type's constraints (``op-worker: src/modules/automation/data/values/``;
``atmDataValueConstraintUnverified``):

- number: ``integersOnly``, then ``allowedValues`` (compared exactly: 1 and 1.0 differ);
- string: ``allowedValues``;
- range: the step goes from ``start`` towards ``end``;
- array: each item against ``itemDataSpec``, the first failing one under ``$[index]``;
- file: the object id must read (else ``atmDataTypeUnverified``) and name the
  execution's space (``inSpace``); then the file must exist (``posix`` ``enoent``)
  and be of ``fileType`` unless ``ANY``;
- dataset: it must exist (``notFound``) and be of the execution's space (``inSpace``);
- group: the user must see it through the space (``hasAccess``);
- timeSeriesMeasurement: its ``tsName`` must match one of ``specs``
  (``exact`` or ``hasPrefix``).

Data specs are in the plain JSON of ``atm_data_spec:to_json/1``
(``{"type": "file", "fileType": "REG"}``); ``flatten_data_spec`` reads the
versioned form of a workflow-schema dump into it.

What only the provider knows (whether a file, dataset or group exists and what
it is) comes from ``ProviderFacts``. Without them (the client, before sending)
those checks are listed in ``ContentChecker.left_to_provider`` instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import _problems
from ._object_ids import space_of
from ._problems import ContentProblem

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
#: File types a file data spec may require (``atm_file_data_spec``).
FILE_TYPES = ("REG", "DIR", "SYMLNK", "ANY")


class ProviderFacts(Protocol):
    """What a provider looks up about the execution's space and user."""

    def file_type(self, file_id: str) -> str | None:
        """``REG``, ``DIR`` or ``SYMLNK``; ``None`` when there is no such file."""

    def listed_file_space(self, file_id: str) -> str | None:
        """The space of a file whose id is no object id yet is known anyway (else ``None``)."""

    def dataset_space(self, dataset_id: str) -> str | None:
        """The space of the dataset's root file; ``None`` when there is no such dataset."""

    def can_view_group(self, group_id: str) -> bool:
        """Whether the user sees the group through the space."""


@dataclass
class ContentChecker:
    """Where content is checked: the execution's space, and the provider's facts if known.

    ``space_id`` ``None`` leaves the space checks to the provider too.
    """

    space_id: str | None
    facts: ProviderFacts | None = None
    #: The execution's log level: audit-log entries below it are dropped, not checked.
    log_level: str = "info"
    #: Checks only the provider can make, as ``"$[0]: file ... exists and is a REG"``.
    left_to_provider: list[str] = field(default_factory=list)

    def leave(self, where: str, what: str) -> None:
        """Note a check that needs the provider."""
        self.left_to_provider.append(f"{where}: {what}")


def flatten_data_spec(spec: Any) -> Any:
    """The plain data spec of a versioned one (``{"_version", "_data"}``), nested ones too.

    Version 2 (``{"type", "_version", "_data": {constraints}}``) and version 1
    (``{"type", "valueConstraints"}``, ``atm_data_spec:upgrade_encoded_record/2``)
    are read; anything else is returned as it is, for the caller to refuse.
    """
    if not isinstance(spec, dict):
        return spec
    if "_data" in spec and "type" not in spec and isinstance(spec["_data"], dict):
        spec = spec["_data"]
    if "valueConstraints" in spec and "_data" not in spec:
        constraints = spec["valueConstraints"]
        spec = {
            "type": spec.get("type"),
            "_data": constraints if isinstance(constraints, dict) else {},
        }
    flat = {key: value for key, value in spec.items() if key not in ("_version", "_data")}
    inner = spec.get("_data")
    if isinstance(inner, dict):
        flat.update(inner)
    if "itemDataSpec" in flat:
        flat["itemDataSpec"] = flatten_data_spec(flat["itemDataSpec"])
    return flat


def is_integer(value: Any) -> bool:
    """A JSON integer (not a bool); the mock's ``BigInt`` says so of itself."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or getattr(value, "is_json_integer", False) is True


def _is_number(value: Any) -> bool:
    return is_integer(value) or isinstance(value, float)


def _has_string(value: Any, key: str) -> bool:
    return isinstance(value, dict) and isinstance(value.get(key), str)


def _is_range(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and is_integer(value.get("end"))
        and is_integer(value.get("start", 0))
        and is_integer(value.get("step", 1))
    )


def _is_measurement(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("tsName"), str)
        and is_integer(value.get("timestamp"))
        and not _less(value["timestamp"], 0)
        and _is_number(value.get("value"))
    )


def _less(a: Any, b: Any) -> bool:
    # Only ``<`` and ``==`` are asked of numbers, so the mock's BigInt (which defines
    # just those) compares with ints either way round.
    if isinstance(a, int | float) and not isinstance(b, int | float):
        return not (b < a or b == a)
    return bool(a < b)


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


def check_value(
    value: Any, spec: Mapping[str, Any], checker: ContentChecker, where: str = "$"
) -> None:
    """Raise the ``ContentProblem`` a provider gives when ``value`` does not fit ``spec``."""
    data_type = spec["type"]
    if not _IS_INSTANCE[data_type](value):
        raise _problems.data_type_unverified(value, data_type)
    constraint_check = _CONSTRAINTS.get(data_type)
    if constraint_check is not None:
        constraint_check(value, spec, checker, where)


def _member(value: Any, allowed: list[Any]) -> bool:
    # Erlang's lists:member/2 compares exactly: 1 and 1.0 differ.
    return any(type(item) is type(value) and item == value for item in allowed)


def _check_array(value: Any, spec: Mapping[str, Any], checker: ContentChecker, where: str) -> None:
    for index, item in enumerate(value):
        try:
            check_value(item, spec["itemDataSpec"], checker, f"{where}[{index}]")
        except ContentProblem as err:
            raise _problems.constraint_unverified(value, "array", {f"$[{index}]": err}) from err


def _check_number(value: Any, spec: Mapping[str, Any], checker: ContentChecker, where: str) -> None:
    if spec.get("integersOnly") and not is_integer(value):
        raise _problems.constraint_unverified(value, "number", {"integersOnly": True})
    _check_allowed(value, spec, "number")


def _check_string(value: Any, spec: Mapping[str, Any], checker: ContentChecker, where: str) -> None:
    _check_allowed(value, spec, "string")


def _check_allowed(value: Any, spec: Mapping[str, Any], data_type: str) -> None:
    allowed = spec.get("allowedValues")
    if allowed is not None and not _member(value, allowed):
        raise _problems.constraint_unverified(value, data_type, {"allowedValues": allowed})


def _check_range(value: Any, spec: Mapping[str, Any], checker: ContentChecker, where: str) -> None:
    start, end, step = value.get("start", 0), value["end"], value.get("step", 1)
    forward = not _less(end, start) and _less(0, step)
    backward = not _less(start, end) and _less(step, 0)
    if not (forward or backward):
        raise _problems.constraint_unverified(value, "range", "invalid step direction")


def _check_file(value: Any, spec: Mapping[str, Any], checker: ContentChecker, where: str) -> None:
    file_id = value["fileId"]
    facts = checker.facts
    space = space_of(file_id)
    if space is None and facts is not None:
        space = facts.listed_file_space(file_id)
    if space is None:
        raise _problems.data_type_unverified(value, "file")
    wanted = spec.get("fileType", "ANY")
    if checker.space_id is None:
        checker.leave(where, f"file {file_id} is of space {space}: it must be the execution's")
    elif space != checker.space_id:
        raise _problems.constraint_unverified(value, "file", {"inSpace": checker.space_id})
    if facts is None:
        kind = "a file" if wanted == "ANY" else f"a {wanted}"
        checker.leave(where, f"file {file_id} exists and is {kind} the user may read")
        return
    found = facts.file_type(file_id)
    if found is None:
        raise _problems.posix("enoent", module="atm_file_value", line=230)
    if wanted != "ANY" and found != wanted:
        raise _problems.constraint_unverified(value, "file", {"fileType": wanted})


def _check_dataset(
    value: Any, spec: Mapping[str, Any], checker: ContentChecker, where: str
) -> None:
    dataset_id = value["datasetId"]
    if checker.facts is None or checker.space_id is None:
        checker.leave(where, f"dataset {dataset_id} exists in the execution's space")
        return
    space = checker.facts.dataset_space(dataset_id)
    if space is None:
        raise _problems.not_found(module="dataset_api", line=187)
    if space != checker.space_id:
        raise _problems.constraint_unverified(value, "dataset", {"inSpace": checker.space_id})


def _check_group(value: Any, spec: Mapping[str, Any], checker: ContentChecker, where: str) -> None:
    if checker.facts is None:
        checker.leave(where, f"group {value['groupId']} is seen by the user through the space")
        return
    if not checker.facts.can_view_group(value["groupId"]):
        raise _problems.constraint_unverified(value, "group", {"hasAccess": True})


def _check_measurement(
    value: Any, spec: Mapping[str, Any], checker: ContentChecker, where: str
) -> None:
    specs = spec.get("specs")
    if not isinstance(specs, list):
        return
    name = value["tsName"]
    for measurement_spec in specs:
        matcher = (
            measurement_spec.get("nameMatcher") if isinstance(measurement_spec, dict) else None
        )
        kind = (
            measurement_spec.get("nameMatcherType") if isinstance(measurement_spec, dict) else None
        )
        if not isinstance(matcher, str):
            continue
        if (kind == "exact" and name == matcher) or (
            kind == "hasPrefix" and name.startswith(matcher)
        ):
            return
    raise _problems.constraint_unverified(value, "timeSeriesMeasurement", {"specs": specs})


_Check = Callable[[Any, Mapping[str, Any], ContentChecker, str], None]
_CONSTRAINTS: Mapping[str, _Check] = {
    "array": _check_array,
    "number": _check_number,
    "string": _check_string,
    "range": _check_range,
    "file": _check_file,
    "dataset": _check_dataset,
    "group": _check_group,
    "timeSeriesMeasurement": _check_measurement,
}
