"""The Onedata errors the mock answers with, built as a provider builds them.

Each is an ``OnedataError`` (``_onedata_error``, where the hierarchy is drawn).

There is one function per catalogue entry the automation API can produce
(``missing_required_value``, ``forbidden``, ``atm_workflow_empty``...).
Each knows its error id, its HTTP code, its ``details`` and its description,
worded as in Onedata's ``onedata-errors`` definitions, and the op-worker module
that raises it (for ``ctx.module`` and ``ctx.line``; the line numbers are
indicative). Errors that carry another error (``unauthorized``,
``atmStoreCreationFailed``, ``badData``, ``atmDataValueConstraintUnverified``
for arrays) keep it as an ``OnedataError`` and serialize it nested, with its
own ``ctx``, as a 25.x provider does.

The errors of store content (``atmStoreCreationFailed`` and what it carries) are
built by the rules the client shares (``oneprovider_automation.workflow_schema``)
and turned into ``OnedataError`` by ``_stores.as_onedata_error``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ._onedata_error import OnedataError, ServiceContext, with_nested_errors

__all__ = ["OnedataError", "ServiceContext"]


def _describe(text: str) -> str:
    # Onedata's od_error:format_description/2: trailing dots trimmed, one added.
    return text.rstrip(".") + "."


def _json_text(value: Any) -> str:
    # json_utils:encode/1 (jiffy) writes compact JSON.
    return json.dumps(with_nested_errors(value, None), separators=(",", ":"), ensure_ascii=False)


# --- data validation (400) ---------------------------------------------------------


def malformed_data() -> OnedataError:
    """The body is not JSON, or not a JSON object."""
    return OnedataError(
        "malformedData",
        400,
        "Malformed data; the request data could not be understood by the server.",
        module="rest_handler",
        line=324,
    )


def missing_required_value(key: str) -> OnedataError:
    """A required field is absent."""
    return OnedataError(
        "missingRequiredValue",
        400,
        _describe(f'The request data was missing a required value for "{key}"'),
        {"key": key},
        module="middleware_sanitizer",
        line=83,
    )


def bad_value_string(key: str) -> OnedataError:
    """A string field holds a number, an array or an object."""
    return OnedataError(
        "badValueString",
        400,
        _describe(f'Bad value: provided "{key}" must be a string'),
        {"key": key},
        module="middleware_sanitizer",
        line=171,
    )


def bad_value_empty(key: str) -> OnedataError:
    """A non-empty string field is ``""``."""
    return OnedataError(
        "badValueEmpty",
        400,
        _describe(f'Bad value: provided "{key}" must not be empty'),
        {"key": key},
        module="middleware_sanitizer",
        line=253,
    )


def bad_value_integer(key: str) -> OnedataError:
    """An integer field holds something that is neither an integer nor a numeric string."""
    return OnedataError(
        "badValueInteger",
        400,
        _describe(f'Bad value: provided "{key}" must be an integer'),
        {"key": key},
        module="middleware_sanitizer",
        line=200,
    )


def bad_value_too_low(key: str, limit: int) -> OnedataError:
    """An integer field is below its lower limit."""
    return OnedataError(
        "badValueTooLow",
        400,
        _describe(f'Bad value: provided "{key}" must be at least {limit}'),
        {"key": key, "limit": limit},
        module="middleware_sanitizer",
        line=263,
    )


def bad_value_not_in_range(key: str, low: int, high: int) -> OnedataError:
    """An integer field is outside its range."""
    return OnedataError(
        "badValueNotInRange",
        400,
        _describe(f'Bad value: provided "{key}" must be between <{low}, {high}>'),
        {"key": key, "low": low, "high": high},
        module="middleware_sanitizer",
        line=339,
    )


def bad_value_json(key: str) -> OnedataError:
    """A field that must be a JSON object is not one."""
    return OnedataError(
        "badValueJSON",
        400,
        _describe(f'Bad value: provided "{key}" must be a valid JSON'),
        {"key": key},
        module="middleware_sanitizer",
        line=229,
    )


def bad_value_not_allowed(key: str, allowed: Sequence[str]) -> OnedataError:
    """A field holds a value outside its allowed set."""
    return OnedataError(
        "badValueNotAllowed",
        400,
        _describe(f'Bad value: provided "{key}" must be one of: {", ".join(allowed)}'),
        {"key": key, "allowed": list(allowed)},
        module="middleware_sanitizer",
        line=281,
    )


def bad_data(
    key: str,
    *,
    hint: str | None = None,
    module: str = "middleware_sanitizer",
    line: int = 291,
) -> OnedataError:
    """A value fails a custom check (``callback`` not a URL, content a store refuses)."""
    if hint is None:
        # 25.x renders every declared argument: an absent hint is null.
        return OnedataError(
            "badData",
            400,
            _describe(f'Bad value provided for "{key}"'),
            {"key": key, "hint": None},
            module=module,
            line=line,
        )
    return OnedataError(
        "badData",
        400,
        _describe(f'Bad value provided for "{key}": {hint}'),
        {"key": key, "hint": hint},
        module=module,
        line=line,
    )


# --- authentication and authorization ---------------------------------------------------


def bad_token() -> OnedataError:
    """The token cannot be understood (the inner error of ``unauthorized``)."""
    return OnedataError(
        "badToken",
        400,
        "Provided token could not be decoded by the server. Make sure there are no "
        "missing or superfluous characters in the token string.",
        module="tokens",
        line=362,
    )


def user_not_supported() -> OnedataError:
    """A valid token of a user none of whose spaces this provider supports."""
    return OnedataError(
        "userNotSupported",
        403,
        "Authenticated user is not supported by this Oneprovider "
        "(none of the user's spaces is supported by the Oneprovider).",
        module="auth_manager",
        line=321,
    )


def unauthorized(auth_error: OnedataError | None = None) -> OnedataError:
    """No token (no details), or a token that fails authentication (``details.authError``)."""
    if auth_error is None:
        # 25.x renders every declared argument: no token is ``authError: null``.
        return OnedataError(
            "unauthorized",
            401,
            "You must authenticate yourself to perform this operation: no details available.",
            {"authError": None},
            module="middleware",
            line=320,
        )
    return OnedataError(
        "unauthorized",
        401,
        _describe(
            f"You must authenticate yourself to perform this operation: {auth_error.description}"
        ),
        {"authError": auth_error},
        module="http_auth",
        line=35,
    )


def forbidden(*, module: str = "middleware", line: int = 324) -> OnedataError:
    """The authenticated user may not do this (missing privilege, membership or space)."""
    return OnedataError(
        "forbidden",
        403,
        "You are not authorized to perform this operation.",
        module=module,
        line=line,
    )


# --- general ---------------------------------------------------------------------------


def not_found(*, module: str, line: int) -> OnedataError:
    """The workflow schema, its revision, or the workflow execution does not exist."""
    return OnedataError(
        "notFound",
        404,
        "The requested resource could not be found.",
        module=module,
        line=line,
    )


def internal_server_error(reference: str) -> OnedataError:
    """An unexpected crash; ``reference`` points at the logged traceback."""
    return OnedataError(
        "internalServerError",
        500,
        _describe(
            "The server has encountered an error while processing this request. If the "
            "problem persists, please contact the site's administrators, citing the "
            f'following reference: "{reference}"'
        ),
        {"reference": reference},
        module="middleware",
        line=48,
    )


def space_not_supported_by(space_id: str, provider_id: str) -> OnedataError:
    """The space exists but this provider does not support it."""
    return OnedataError(
        "spaceNotSupportedBy",
        400,
        _describe(f'Specified space: "{space_id}" is not supported by provider "{provider_id}"'),
        {"spaceId": space_id, "providerId": provider_id},
        module="middleware_utils",
        line=128,
    )


def not_supported() -> OnedataError:
    """The workflow schema or a lambda of it is not one this provider can run."""
    return OnedataError(
        "notSupported",
        400,
        "Operation not supported.",
        module="atm_workflow_execution_factory",
        line=232,
    )


def atm_openfaas_not_configured() -> OnedataError:
    """A lambda needs OpenFaaS and this provider has none configured."""
    return OnedataError(
        "atmOpenfaasNotConfigured",
        400,
        "OpenFaaS service is not configured.",
        module="atm_openfaas_monitor",
        line=118,
    )


# --- automation ------------------------------------------------------------------------


def atm_workflow_empty() -> OnedataError:
    """The workflow schema revision has no lanes."""
    return OnedataError(
        "atmWorkflowEmpty",
        400,
        "Bad automation workflow: no lanes defined.",
        module="atm_workflow_schema_logic",
        line=67,
    )


def atm_lane_empty(lane_schema_id: str) -> OnedataError:
    """A lane has no parallel boxes."""
    return OnedataError(
        "atmLaneEmpty",
        400,
        _describe(f'Bad automation lane: lane (ID: "{lane_schema_id}") must not be empty'),
        {"atmLaneSchemaId": lane_schema_id},
        module="atm_workflow_schema_logic",
        line=81,
    )


def atm_parallel_box_empty(box_schema_id: str) -> OnedataError:
    """A parallel box has no tasks."""
    return OnedataError(
        "atmParallelBoxEmpty",
        400,
        _describe(
            f'Bad automation parallel box: parallel box (ID: "{box_schema_id}") must not be empty'
        ),
        {"atmParallelBoxSchemaId": box_schema_id},
        module="atm_workflow_schema_logic",
        line=94,
    )


# --- workflow execution states (atm_workflow_execution_status.erl) --------------------------


def _state_error(error_id: str, description: str) -> OnedataError:
    return OnedataError(
        error_id, 400, description, module="atm_workflow_execution_status", line=211
    )


def atm_workflow_execution_ended() -> OnedataError:
    """A stop (cancel, pause) of an execution that has ended."""
    return _state_error(
        "atmWorkflowExecutionEnded", "Specified automation workflow execution has already ended."
    )


def atm_workflow_execution_not_ended() -> OnedataError:
    """A rerun or retry of an execution that has not ended."""
    return _state_error(
        "atmWorkflowExecutionNotEnded", "Specified automation workflow execution has not ended yet."
    )


def atm_workflow_execution_not_resumable() -> OnedataError:
    """A resume or force_continue of an execution in a state that does not allow it."""
    return _state_error(
        "atmWorkflowExecutionNotResumable",
        "Specified automation workflow execution cannot be resumed.",
    )


def atm_workflow_execution_not_stopped() -> OnedataError:
    """A delete of an execution that is neither suspended nor ended."""
    return _state_error(
        "atmWorkflowExecutionNotStopped",
        "Specified automation workflow execution has not stopped yet.",
    )


def atm_invalid_status_transition(previous: str, new: str) -> OnedataError:
    """A stop the current status does not allow (a pause of a paused execution)."""
    return OnedataError(
        "atmInvalidStatusTransition",
        400,
        f'Invalid status transition from "{previous}" to "{new}".',
        {"prevStatus": previous, "newStatus": new},
        module="atm_lane_execution_status",
        line=173,
    )


def atm_lane_execution_rerun_failed() -> OnedataError:
    """A rerun of a lane run that is not finished, failed or cancelled (or of a crash)."""
    return OnedataError(
        "atmLaneExecutionRerunFailed",
        400,
        "Failed to rerun specified lane execution. Lane execution can be rerun only if it is "
        'in one of the following states: "finished", "failed", "cancelled".',
        module="atm_lane_execution_status",
        line=391,
    )


def atm_lane_execution_retry_failed() -> OnedataError:
    """A retry of a lane run that did not fail with all its items processed."""
    return OnedataError(
        "atmLaneExecutionRetryFailed",
        400,
        "Failed to retry specified lane execution. Lane execution can be retried only if all "
        "items have been processed but some of them failed.",
        module="atm_lane_execution_status",
        line=391,
    )
