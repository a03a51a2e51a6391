"""Our own schemathesis checks: what the spec says in prose, beyond its JSON Schemas.

Registered with ``@schemathesis.check`` when this module is imported, so every schema
loaded in the process runs them (next to the built-in checks); ``schemathesis.toml`` can
switch each off by name under ``[checks.<name>]``.

- :func:`location_points_at_execution`: a 201's ``Location`` is the GET URI of the new id.
- :func:`error_id_fits_status`: an error's ``id`` is in the catalogue, comes with the
  HTTP status the catalogue gives it, and its ``details`` have the catalogue's shape.
- :func:`error_ctx_has_documented_shape`: ``ctx`` (and the ``ctx`` of errors nested in
  ``details``) has the documented fields and types.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import schemathesis
from schemathesis import Case, CheckContext, Response

from contract_tests.catalogue import error_ctx_problems, id_problems

SCHEDULE_PATH = "/automation/execution/workflows"
_DEFAULT_PORTS = {"http": 80, "https": 443}


class ContractViolation(AssertionError):
    """Raised by a check when a response breaks what the spec's prose promises."""


def _json_body(response: Response) -> Any:
    """The decoded JSON body, or ``None`` when there is none or it is not JSON."""
    try:
        return json.loads(response.content)
    except (ValueError, TypeError):
        return None


def _declared_statuses(case: Case[Any]) -> set[str]:
    responses = case.operation.definition.raw.get("responses", {})
    return {str(status) for status in responses}


def _is_declared_error(case: Case[Any], response: Response) -> bool:
    # An undeclared status (405 for a method the spec does not list, say) is the business of
    # status_code_conformance; its body need not be an ErrorJson.
    return response.status_code >= 400 and str(response.status_code) in _declared_statuses(case)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port if parts.port is not None else _DEFAULT_PORTS.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def expected_location(request_url: str, execution_id: str) -> str:
    """The GET URI of ``execution_id``, for a schedule request sent to ``request_url``."""
    parts = urlsplit(request_url)
    path = parts.path.rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}/{quote(execution_id, safe='')}"


def location_problems(request_url: str, location: str | None, execution_id: object) -> list[str]:
    """What is wrong with a 201's ``Location``; empty when it is the new execution's GET URI."""
    if not isinstance(execution_id, str) or not execution_id:
        return [f"the 201 body holds no atmWorkflowExecutionId, got {execution_id!r}"]
    expected = expected_location(request_url, execution_id)
    if not location:
        return [f"no Location header; expected {expected}"]
    problems: list[str] = []
    got, want = urlsplit(location), urlsplit(expected)
    if not got.scheme or not got.netloc:
        problems.append(f"Location must be an absolute URI, got {location!r}")
    elif _origin(location) != _origin(expected):
        problems.append(
            f"Location must point at the provider the request went to ({want.scheme}://"
            f"{want.netloc}), got {location!r}"
        )
    if unquote(got.path) != unquote(want.path):
        problems.append(f"Location path must be {want.path!r}, got {got.path!r}")
    if got.query or got.fragment:
        problems.append(f"Location must carry no query or fragment, got {location!r}")
    return problems


@schemathesis.check
def location_points_at_execution(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """A 201 from schedule carries ``Location: <api>/automation/execution/workflows/<new id>``."""
    if case.operation.path != SCHEDULE_PATH or case.method.upper() != "POST":
        return None
    if response.status_code != 201:
        return None
    body = _json_body(response)
    execution_id = body.get("atmWorkflowExecutionId") if isinstance(body, Mapping) else None
    locations = response.headers.get("location") or []
    if len(locations) > 1:
        raise ContractViolation(f"Exactly one Location header expected, got {locations!r}")
    request_url = str(response.request.url).split("?", 1)[0]
    problems = location_problems(request_url, locations[0] if locations else None, execution_id)
    if problems:
        raise ContractViolation(
            "Location does not point at the new execution: " + "; ".join(problems)
        )
    return True


@schemathesis.check
def error_id_fits_status(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """An error's id is in the catalogue, with its status and its details' shape."""
    if not _is_declared_error(case, response):
        return None
    problems = id_problems(response.status_code, _json_body(response))
    if problems:
        raise ContractViolation(
            f"Error body does not fit the catalogue (HTTP {response.status_code}): "
            + "; ".join(problems)
        )
    return True


@schemathesis.check
def error_ctx_has_documented_shape(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """``ctx``, where an error (or an error in its details) has one, has the documented shape."""
    if not _is_declared_error(case, response):
        return None
    problems = error_ctx_problems(_json_body(response))
    if problems:
        raise ContractViolation(
            "Error ctx does not have the documented shape: " + "; ".join(problems)
        )
    return True
