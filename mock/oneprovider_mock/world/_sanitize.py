"""Reading and sanitizing a schedule request, as op-worker's REST layer and sanitizer do.

The body must be empty or a JSON object (else ``malformedData``); query-string
parameters are merged over its keys (``rest_handler:get_data/3``). The fields
are then checked one at a time and the first bad one answers
(``middleware_sanitizer:sanitize_data/2``). Its order is the server's: the
required fields first, then the optional ones, each group in the order Erlang
lists the keys of a small map, which is sorted:

1. ``atmWorkflowSchemaId``, 2. ``atmWorkflowSchemaRevisionNumber``, 3. ``spaceId``,
4. ``callback``, 5. ``logLevel``, 6. ``storeInitialContentOverlay``.

So ``{"spaceId": 5}`` without ``atmWorkflowSchemaId`` is ``missingRequiredValue``
for ``atmWorkflowSchemaId``. Each field is type-checked before its value is
(``logLevel: 5`` is ``badValueString``, not ``badValueNotAllowed``).

Type rules (the server's decoder and sanitizer):

- ``null`` is absent: in a required field it is ``missingRequiredValue``, an
  optional field that is ``null`` is as if it were not sent;
- a string field takes a JSON string; ``true`` and ``false`` arrive as atoms
  and are taken as ``"true"`` and ``"false"``; numbers, arrays and objects are
  ``badValueString``;
- an integer field takes a JSON integer, or a string ``binary_to_integer/1``
  parses: an optional sign, then ASCII digits only. A JSON number with a
  fraction part (even ``3.0``) and booleans are ``badValueInteger``;
- ``storeInitialContentOverlay`` must be a JSON object, else ``badValueJSON``;
- ``callback`` must pass ``url_utils:is_valid/1`` (``_callback_url``), else
  ``badData``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from . import _callback_url, _errors, _json

#: Log levels a provider accepts, in the order its ``badValueNotAllowed`` lists them.
LOG_LEVELS = ("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency")
DEFAULT_LOG_LEVEL = "info"

# What Erlang's binary_to_integer/1 accepts. [0-9] is ASCII only, unlike \d or isdigit().
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")

SPACE_ID = "spaceId"
SCHEMA_ID = "atmWorkflowSchemaId"
REVISION_NUMBER = "atmWorkflowSchemaRevisionNumber"
OVERLAY = "storeInitialContentOverlay"
LOG_LEVEL = "logLevel"
CALLBACK = "callback"


@dataclass(frozen=True)
class ScheduleRequest:
    """A schedule request whose fields passed sanitizing."""

    space_id: str
    atm_workflow_schema_id: str
    revision_number: int
    store_initial_content_overlay: dict[str, Any]
    log_level: str
    callback: str | None


def request_data(body: bytes, query_string: str) -> dict[str, Any]:
    """The request's data: the JSON object of ``body`` with the query parameters over it.

    Raises ``malformedData`` when the body is neither empty nor a JSON object.
    """
    data = {} if body == b"" else _json_object(body)
    data.update(query_parameters(query_string))
    return data


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = _json.loads(body)
    except ValueError as err:
        raise _errors.malformed_data() from err
    if not isinstance(data, dict):
        raise _errors.malformed_data()
    return data


def query_parameters(query_string: str) -> dict[str, Any]:
    """Query parameters as cowboy parses them and op-worker collects them.

    A parameter without ``=`` is ``true``; a repeated one becomes a list, newest
    first (``http_parser:parse_query_string/1``). Either fails a string field.
    """
    parameters: dict[str, Any] = {}
    for part in query_string.split("&"):
        if not part:
            continue
        key, sep, raw = part.partition("=")
        value: Any = unquote_plus(raw) if sep else True
        name = unquote_plus(key)
        if name in parameters:
            previous = parameters[name]
            parameters[name] = [value, *(previous if isinstance(previous, list) else [previous])]
        else:
            parameters[name] = value
    return parameters


def sanitize_schedule_request(data: dict[str, Any]) -> ScheduleRequest:
    """The fields of ``data`` checked in the server's order; raises the first failure."""
    schema_id = _non_empty_string(data, SCHEMA_ID)
    revision = _revision_number(data)
    space_id = _non_empty_string(data, SPACE_ID)
    callback = _callback(data)
    log_level = _log_level(data)
    overlay = _overlay(data)
    return ScheduleRequest(
        space_id=space_id,
        atm_workflow_schema_id=schema_id,
        revision_number=revision,
        store_initial_content_overlay=overlay,
        log_level=log_level,
        callback=callback,
    )


def _required(data: dict[str, Any], key: str) -> Any:
    value = data.get(key)
    if value is None:
        raise _errors.missing_required_value(key)
    return value


def as_string(key: str, value: Any) -> str:
    """``value`` as a string field takes it; raises ``badValueString`` otherwise."""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise _errors.bad_value_string(key)


def as_integer(key: str, value: Any) -> int:
    """``value`` as an integer field takes it; raises ``badValueInteger`` otherwise.

    An integer too long for a fast ``int`` comes back as a ``BigInt``, which
    compares and hashes like one.
    """
    if isinstance(value, bool):
        raise _errors.bad_value_integer(key)
    if isinstance(value, (int, _json.BigInt)):
        return value  # type: ignore[return-value]
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value):
        return _json.integer(value.lstrip("+"))  # type: ignore[return-value]
    raise _errors.bad_value_integer(key)


def _non_empty_string(data: dict[str, Any], key: str) -> str:
    text = as_string(key, _required(data, key))
    if text == "":
        raise _errors.bad_value_empty(key)
    return text


def _revision_number(data: dict[str, Any]) -> int:
    number = as_integer(REVISION_NUMBER, _required(data, REVISION_NUMBER))
    if number < 1:
        raise _errors.bad_value_too_low(REVISION_NUMBER, 1)
    return number


def _callback(data: dict[str, Any]) -> str | None:
    if data.get(CALLBACK) is None:
        return None
    url = as_string(CALLBACK, data[CALLBACK])
    if not _callback_url.is_valid(url):
        raise _errors.bad_data(CALLBACK)
    return url


def _log_level(data: dict[str, Any]) -> str:
    if data.get(LOG_LEVEL) is None:
        return DEFAULT_LOG_LEVEL
    level = as_string(LOG_LEVEL, data[LOG_LEVEL])
    if level not in LOG_LEVELS:
        raise _errors.bad_value_not_allowed(LOG_LEVEL, LOG_LEVELS)
    return level


def _overlay(data: dict[str, Any]) -> dict[str, Any]:
    overlay = data.get(OVERLAY)
    if overlay is None:
        return {}
    if not isinstance(overlay, dict):
        raise _errors.bad_value_json(OVERLAY)
    return overlay
