"""The Onedata error catalogue for this API: which HTTP status each error id comes with.

Built from the facts about a real provider (the ``onedata-errors`` catalogue as the
server applies it) and kept equal to the table in the spec's ``OnedataError`` schema by a test,
so the two cannot drift apart. :func:`error_problems` and :func:`ctx_problems` say what is
wrong with an error body; the contract checks and the property tests both use them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Detail keys an error may carry, as alternatives; the empty set means "no details".
DetailShapes = tuple[frozenset[str], ...]

NO_DETAILS: frozenset[str] = frozenset()
KEY = frozenset({"key"})


@dataclass(frozen=True)
class ErrorKind:
    """What the catalogue says about one error id."""

    status: int
    details: DetailShapes


def _kind(status: int, *shapes: frozenset[str]) -> ErrorKind:
    return ErrorKind(status=status, details=shapes)


#: Every top-level error id this API answers with, by id.
CATALOGUE: Mapping[str, ErrorKind] = {
    # Sanitizing a field: details.key names it.
    "badValueJSON": _kind(400, KEY),
    "missingRequiredValue": _kind(400, KEY),
    "badValueString": _kind(400, KEY),
    "badValueEmpty": _kind(400, KEY),
    "badValueInteger": _kind(400, KEY),
    "badValueIdentifier": _kind(400, KEY),
    "badValueBoolean": _kind(400, KEY),
    "badValueTooLow": _kind(400, frozenset({"key", "limit"})),
    "badValueNotAllowed": _kind(400, frozenset({"key", "allowed"})),
    "badValueNotInRange": _kind(400, frozenset({"key", "low", "high"})),
    # 25.x renders every declared argument: a badData without a hint has ``hint: null``.
    "badData": _kind(400, frozenset({"key", "hint"}), frozenset({"key", "specificError"})),
    "malformedData": _kind(400, NO_DETAILS),
    # Checks after authorization.
    "notSupported": _kind(400, NO_DETAILS),
    "atmOpenfaasNotConfigured": _kind(400, NO_DETAILS),
    "spaceNotSupportedBy": _kind(400, frozenset({"spaceId", "providerId"})),
    "atmWorkflowEmpty": _kind(400, NO_DETAILS, frozenset({"atmWorkflowSchemaId"})),
    "atmLaneEmpty": _kind(400, frozenset({"atmLaneSchemaId"})),
    "atmParallelBoxEmpty": _kind(400, NO_DETAILS, frozenset({"atmParallelBoxSchemaId"})),
    "atmStoreCreationFailed": _kind(400, frozenset({"atmStoreSchemaId", "specificError"})),
    # The execution's state does not allow the operation.
    "atmWorkflowExecutionEnded": _kind(400, NO_DETAILS),
    "atmWorkflowExecutionNotEnded": _kind(400, NO_DETAILS),
    "atmWorkflowExecutionNotResumable": _kind(400, NO_DETAILS),
    "atmWorkflowExecutionNotStopped": _kind(400, NO_DETAILS),
    "atmInvalidStatusTransition": _kind(400, frozenset({"prevStatus", "newStatus"})),
    "atmLaneExecutionRerunFailed": _kind(400, NO_DETAILS),
    "atmLaneExecutionRetryFailed": _kind(400, NO_DETAILS),
    # Without a token ``authError`` is null (25.x renders every declared argument).
    "unauthorized": _kind(401, frozenset({"authError"})),
    "forbidden": _kind(403, NO_DETAILS, frozenset({"hint"})),
    "notFound": _kind(404, NO_DETAILS),
    "internalServerError": _kind(500, NO_DETAILS, frozenset({"reference"})),
}

#: 400s that a request of the right shape can still get: the body is fine, the world says no.
SEMANTIC_BAD_REQUESTS = frozenset(
    {
        "spaceNotSupportedBy",
        "atmWorkflowEmpty",
        "atmLaneEmpty",
        "atmParallelBoxEmpty",
        "atmStoreCreationFailed",
        # A schema or lambda this provider cannot run, or no OpenFaaS to run it on.
        "notSupported",
        "atmOpenfaasNotConfigured",
        # An operation the execution's current state does not allow.
        "atmWorkflowExecutionEnded",
        "atmWorkflowExecutionNotEnded",
        "atmWorkflowExecutionNotResumable",
        "atmWorkflowExecutionNotStopped",
        "atmInvalidStatusTransition",
        "atmLaneExecutionRerunFailed",
        "atmLaneExecutionRetryFailed",
    }
)

#: 400s about the shape of the request: a schema-valid body must never get one.
SHAPE_BAD_REQUESTS = (
    frozenset(name for name, kind in CATALOGUE.items() if kind.status == 400)
    - SEMANTIC_BAD_REQUESTS
)

# Detail values that are themselves errors, and the JSON type of the others.
_NESTED_ERROR_DETAILS = frozenset({"specificError", "authError"})
_DETAIL_TYPES: Mapping[str, tuple[type, ...]] = {
    "key": (str,),
    "limit": (int,),
    "allowed": (list,),
    "hint": (str,),
    "spaceId": (str,),
    "providerId": (str,),
    "atmWorkflowSchemaId": (str,),
    "atmLaneSchemaId": (str,),
    "atmParallelBoxSchemaId": (str,),
    "atmStoreSchemaId": (str,),
    "reference": (str,),
    "low": (int,),
    "high": (int,),
    "prevStatus": (str,),
    "newStatus": (str,),
}
#: Detail values that may be ``null``, by error id: the arguments 25.x renders when absent.
_NULLABLE_DETAILS: Mapping[str, frozenset[str]] = {
    "badData": frozenset({"hint"}),
    "unauthorized": frozenset({"authError"}),
}

#: The documented ``ctx`` fields and their JSON types; each may also be ``null``.
CTX_FIELDS: Mapping[str, type] = {
    "timestamp": int,
    "service": str,
    "serviceId": str,
    "serviceDomain": str,
    "serviceReleaseVersion": str,
    "serviceBuildVersion": str,
    "onedataErrorsRevision": str,
    "module": str,
    "line": int,
}

# A ctx timestamp is in milliseconds; any moment after 1973 in ms is above this, while a
# timestamp mistakenly sent in seconds stays below it until the year 5138.
_MIN_MILLISECOND_TIMESTAMP = 10**11


def expected_status(error_id: str) -> int | None:
    """The HTTP status the catalogue gives ``error_id``; ``None`` when the id is not in it."""
    kind = CATALOGUE.get(error_id)
    return None if kind is None else kind.status


def _json_int(value: object) -> int | None:
    """``value`` if it is a JSON integer (not a boolean), else ``None``."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _has_type(value: object, types: tuple[type, ...]) -> bool:
    if int in types and isinstance(value, bool):
        return False
    return isinstance(value, types)


def ctx_problems(ctx: object, *, at: str = "ctx") -> list[str]:
    """What is wrong with an error's ``ctx``, per the documented shape; empty when it fits.

    Unknown fields are allowed (releases add them); each known field is ``null`` or of its type.
    """
    if not isinstance(ctx, Mapping):
        return [f"{at} must be an object, got {ctx!r}"]
    problems: list[str] = []
    for name, kind in CTX_FIELDS.items():
        if name not in ctx or ctx[name] is None:
            continue
        value = ctx[name]
        if not _has_type(value, (kind,)):
            problems.append(f"{at}.{name} must be {kind.__name__} or null, got {value!r}")
    timestamp = _json_int(ctx.get("timestamp"))
    if timestamp is not None and timestamp < _MIN_MILLISECOND_TIMESTAMP:
        problems.append(
            f"{at}.timestamp must be in milliseconds since the epoch, got {timestamp!r} "
            "(seconds, perhaps?)"
        )
    line = _json_int(ctx.get("line"))
    if line is not None and line < 0:
        problems.append(f"{at}.line must not be negative, got {line!r}")
    return problems


def nested_error_problems(error: object, *, at: str) -> list[str]:
    """What is wrong with an error object inside ``details`` (any id, no status to fit).

    Its ``ctx`` is left to :func:`error_ctx_problems`.
    """
    if not isinstance(error, Mapping):
        return [f"{at} must be an error object, got {error!r}"]
    problems: list[str] = []
    error_id = error.get("id")
    if not isinstance(error_id, str) or not error_id:
        problems.append(f"{at}.id must be a non-empty string, got {error_id!r}")
    if not isinstance(error.get("description"), str):
        problems.append(f"{at}.description must be a string, got {error.get('description')!r}")
    if "details" in error and not isinstance(error["details"], Mapping):
        problems.append(f"{at}.details must be an object, got {error['details']!r}")
    return problems


def details_problems(error_id: str, details: object) -> list[str]:
    """What is wrong with ``details`` for ``error_id``, per the catalogue."""
    kind = CATALOGUE.get(error_id)
    if kind is None:
        return []
    if details is None:
        fields: Mapping[str, object] = {}
    elif isinstance(details, Mapping):
        fields = details
    else:
        return [f"details of {error_id} must be an object, got {details!r}"]
    keys = frozenset(fields)
    if keys not in kind.details:
        shapes = " or ".join(_shape(shape) for shape in kind.details)
        return [f"details of {error_id} must be {shapes}, got keys {sorted(keys)}"]
    problems: list[str] = []
    for name in sorted(keys):
        value = fields[name]
        if value is None and name in _NULLABLE_DETAILS.get(error_id, NO_DETAILS):
            continue
        if name in _NESTED_ERROR_DETAILS:
            problems.extend(nested_error_problems(value, at=f"details.{name}"))
        elif not _has_type(value, _DETAIL_TYPES[name]):
            expected = "/".join(t.__name__ for t in _DETAIL_TYPES[name])
            problems.append(f"details.{name} of {error_id} must be {expected}, got {value!r}")
    if error_id == "badValueTooLow" and not problems and fields["limit"] != 1:
        # Every lower bound in this API (revision, lane index, run number) is 1.
        problems.append(f"details.limit of badValueTooLow must be 1, got {fields['limit']!r}")
    return problems


def _shape(keys: frozenset[str]) -> str:
    return "{" + ", ".join(sorted(keys)) + "}" if keys else "none"


def _error_object(body: object) -> Mapping[str, Any] | None:
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        error: Mapping[str, Any] = body["error"]
        return error
    return None


def id_problems(status: int, body: object) -> list[str]:
    """What is wrong with an error response's id and details: the id must fit ``status``.

    ``body`` is the whole decoded response body (``{"error": {...}}``).
    """
    error = _error_object(body)
    if error is None:
        return [f"an error body must be {{'error': {{...}}}}, got {body!r}"]
    error_id = error.get("id")
    if not isinstance(error_id, str):
        return [f"error.id must be a string, got {error_id!r}"]
    wanted = expected_status(error_id)
    if wanted is None:
        return [f"error id {error_id!r} is not in the catalogue (answered with HTTP {status})"]
    problems: list[str] = []
    if wanted != status:
        problems.append(f"error id {error_id!r} comes with HTTP {wanted}, not {status}")
    problems.extend(details_problems(error_id, error.get("details")))
    return problems


def error_ctx_problems(body: object) -> list[str]:
    """What is wrong with the ``ctx`` of an error response and of the errors in its details."""
    error = _error_object(body)
    if error is None:
        return []
    problems: list[str] = []
    # ``ctx`` is absent before 25.x and ``null`` when the error carries no context.
    if error.get("ctx") is not None:
        problems.extend(ctx_problems(error["ctx"]))
    details = error.get("details")
    if isinstance(details, Mapping):
        for name in sorted(_NESTED_ERROR_DETAILS):
            nested = details.get(name)
            if isinstance(nested, Mapping) and nested.get("ctx") is not None:
                problems.extend(ctx_problems(nested["ctx"], at=f"details.{name}.ctx"))
    return problems


def error_problems(status: int, body: object) -> list[str]:
    """Everything wrong with an error response: id and status, details, ``ctx``."""
    return id_problems(status, body) + error_ctx_problems(body)
