"""Reading what people type and write for the CLI: JSON values, files, request bodies.

Every problem is a :class:`BadInput` whose one-line message names the
argument, file or line, and what was wrong with it (exit code 2).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import attrs
import click

from .._models import LogLevel
from .._request import parse_log_level

#: Exit codes of the CLI.
EXIT_OK = 0
EXIT_PROVIDER_ERROR = 1
EXIT_BAD_INPUT = 2

# What a provider accepts for an integer given as a string (Erlang's
# binary_to_integer): an optional sign, then ASCII digits only.
_INTEGER_STRING = re.compile(r"[+-]?[0-9]+\Z")

REQUEST_FIELDS = (
    "spaceId",
    "atmWorkflowSchemaId",
    "atmWorkflowSchemaRevisionNumber",
    "storeInitialContentOverlay",
    "logLevel",
    "callback",
)
_REQUIRED_FIELDS = REQUEST_FIELDS[:3]


class BadInput(click.ClickException):
    """Bad usage or input: the message names the problem; the exit code is 2."""

    exit_code = EXIT_BAD_INPUT


@attrs.frozen
class ScheduleRequest:
    """One schedule request, checked: the arguments of ``workflow_executions.schedule``."""

    space_id: str
    workflow_schema_id: str
    revision: int
    store_initial_content: Mapping[str, object] | None = None
    log_level: LogLevel | None = None
    callback: str | None = None


#: The largest file read for an argument (``@FILE``, batch marks): well above the 8 MB a
#: provider's request body may hold, far below what would exhaust memory (``/dev/zero``).
MAX_FILE_BYTES = 64 * 1024 * 1024


def parse_json(text: str, what: str) -> object:
    """``text`` as JSON; :class:`BadInput` naming ``what`` and the position otherwise."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise BadInput(
            f"{what}: malformed JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        ) from None
    except RecursionError:
        raise BadInput(f"{what}: JSON nested too deep") from None


def read_json_file(path: Path, what: str) -> object:
    """The JSON in the file at ``path``; :class:`BadInput` if missing, unreadable or malformed."""
    return parse_json(read_text(path, what), f"{what}: {path}")


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of the file at ``path`` (at most ``MAX_FILE_BYTES``); else ``BadInput``."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise BadInput(f"{what}: {path} is larger than {MAX_FILE_BYTES // 2**20} MiB")
        return raw.decode("utf-8")
    except FileNotFoundError:
        raise BadInput(f"{what}: file not found: {path}") from None
    except IsADirectoryError:
        raise BadInput(f"{what}: {path} is a directory, not a file") from None
    except UnicodeDecodeError as err:
        raise BadInput(f"{what}: {path} is not UTF-8 text ({err.reason})") from None
    except OSError as err:
        raise BadInput(f"{what}: cannot read {path}: {err.strerror}") from None


def json_value(text: str, what: str) -> object:
    """A JSON value written inline, or ``@FILE`` for the JSON in a file."""
    if text.startswith("@"):
        return read_json_file(Path(text[1:]), what)
    return parse_json(text, what)


def parse_store_options(values: tuple[str, ...]) -> dict[str, object] | None:
    """``--store STORE_ID=JSON`` / ``STORE_ID=@file.json`` options as an overlay."""
    if not values:
        return None
    overlay: dict[str, object] = {}
    for value in values:
        store_id, sep, content = value.partition("=")
        if not sep or not store_id:
            raise BadInput(f"--store {value!r}: expected STORE_ID=JSON or STORE_ID=@FILE")
        if store_id in overlay:
            raise BadInput(f"--store: store {store_id!r} given twice")
        overlay[store_id] = json_value(content, f"--store {store_id}")
    return overlay


def log_level_option(value: str | None, what: str = "--log-level") -> LogLevel | None:
    if value is None:
        return None
    try:
        return parse_log_level(value)
    except ValueError as err:
        raise BadInput(f"{what}: {err}") from None


def positive_integer(value: object, what: str, noun: str = "the value") -> int:
    """An integer >= 1 as a provider reads it: a JSON integer, or a string of digits."""
    if isinstance(value, str) and _INTEGER_STRING.match(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"{what}: {noun} must be an integer, got {value!r}")
    if value < 1:
        raise BadInput(f"{what}: {noun} must be >= 1, got {value}")
    return value


def revision_value(value: object, what: str) -> int:
    """A revision number as a provider reads it: an integer, or a string of digits."""
    if isinstance(value, str) and _INTEGER_STRING.match(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"{what}: the revision must be an integer, got {value!r}")
    if value < 1:
        raise BadInput(f"{what}: the revision must be >= 1, got {value}")
    return value


def request_from_body(body: object, what: str) -> ScheduleRequest:
    """A :class:`ScheduleRequest` from a request body as the API takes it (camelCase keys)."""
    if not isinstance(body, dict):
        got = "an array" if isinstance(body, list) else type(body).__name__
        raise BadInput(f"{what}: expected a JSON object (a schedule request body), got {got}")
    unknown = sorted(set(body) - set(REQUEST_FIELDS))
    if unknown:
        raise BadInput(
            f"{what}: unknown field {unknown[0]!r} (fields: {', '.join(REQUEST_FIELDS)})"
        )
    missing = [name for name in _REQUIRED_FIELDS if name not in body]
    if missing:
        raise BadInput(f"{what}: missing {', '.join(missing)}")
    for name in ("spaceId", "atmWorkflowSchemaId"):
        if not isinstance(body[name], str) or not body[name]:
            raise BadInput(f"{what}: {name} must be a non-empty string, got {body[name]!r}")
    overlay = body.get("storeInitialContentOverlay")
    if overlay is not None and not isinstance(overlay, dict):
        raise BadInput(f"{what}: storeInitialContentOverlay must be a JSON object")
    callback = body.get("callback")
    if callback is not None and not isinstance(callback, str):
        raise BadInput(f"{what}: callback must be a URL string, got {callback!r}")
    level = body.get("logLevel")
    if level is not None and not isinstance(level, str):
        raise BadInput(f"{what}: logLevel must be a string, got {level!r}")
    return ScheduleRequest(
        space_id=body["spaceId"],
        workflow_schema_id=body["atmWorkflowSchemaId"],
        revision=revision_value(body["atmWorkflowSchemaRevisionNumber"], what),
        store_initial_content=overlay,
        log_level=log_level_option(level, f"{what}: logLevel"),
        callback=callback,
    )
