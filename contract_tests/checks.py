"""Our own schemathesis checks: what the spec says in prose, beyond its JSON Schemas.

Registered with ``@schemathesis.check`` when this module is imported, so every schema
loaded in the process runs them (next to the built-in checks); ``schemathesis.toml`` can
switch each off by name under ``[checks.<name>]``.

- :func:`location_points_at_execution`: a 201's ``Location`` names the new execution
  (a provider's known defects of it are counted in the summary, not failed).
- :func:`error_id_fits_status`: an error's ``id`` is in the catalogue, comes with the
  HTTP status the catalogue gives it, and its ``details`` have the catalogue's shape.
- :func:`error_ctx_has_documented_shape`: ``ctx`` (and the ``ctx`` of errors nested in
  ``details``) has the documented fields and types.
- :func:`someone_elses_execution_is_forbidden`: a second user, neither the creator nor a
  holder of the manage privilege, gets 403 for every change to the execution.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import schemathesis
from schemathesis import Case, CheckContext, Response
from schemathesis.specs.openapi._auth_retry import send_probe

from contract_tests.catalogue import SEMANTIC_BAD_REQUESTS, error_ctx_problems, id_problems
from contract_tests.operations import CHANGES, DELETE, operation_id
from contract_tests.summary import COUNTER
from contract_tests.target import TOKEN_HEADER

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


def _declares_a_body(case: Case[Any], status: int) -> bool:
    # 406 and 415 are cowboy's, declared without content: there is no error body to check.
    declared = case.operation.definition.raw.get("responses", {}).get(str(status), {})
    if "$ref" in declared:
        name = declared["$ref"].rsplit("/", 1)[-1]
        declared = case.operation.schema.raw_schema["components"]["responses"].get(name, {})
    return "content" in declared


def _is_declared_error(case: Case[Any], response: Response) -> bool:
    # An undeclared status (405 for a method the spec does not list, say) is the business of
    # status_code_conformance; its body need not be an ErrorJson.
    return (
        response.status_code >= 400
        and str(response.status_code) in _declared_statuses(case)
        and _declares_a_body(case, response.status_code)
    )


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port if parts.port is not None else _DEFAULT_PORTS.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


#: Known provider defects of ``Location`` (``shared/ONEDATA_API.md`` section 3,
#: op-worker ``oneprovider:build_rest_url/1``): reported in the summary, never failed.
MISSING_SLASH = "Location lacks the slash after /oneprovider"
PROVIDER_DOMAIN = "Location names the provider's own domain, not the request's host"


def expected_location(request_url: str, execution_id: str) -> str:
    """The GET URI of ``execution_id``, for a schedule request sent to ``request_url``."""
    parts = urlsplit(request_url)
    path = parts.path.rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}/{quote(execution_id, safe='')}"


def _without_slash(path: str) -> str:
    # What build_rest_url/1 makes of the API path: "/oneprovider" and the rest joined.
    return path.replace("/oneprovider/", "/oneprovider", 1)


def location_findings(
    request_url: str, location: str | None, execution_id: object
) -> tuple[list[str], list[str]]:
    """``(problems, known defects)`` of a 201's ``Location``.

    A problem fails the check: no header, not absolute, a query or fragment, or a path
    that names anything but the new execution. A provider's two known defects do not:
    the missing slash after ``/oneprovider``, and an origin that is the provider's own
    domain and port rather than the host the request went to.
    """
    if not isinstance(execution_id, str) or not execution_id:
        return [f"the 201 body holds no atmWorkflowExecutionId, got {execution_id!r}"], []
    expected = expected_location(request_url, execution_id)
    if not location:
        return [f"no Location header; expected {expected}"], []
    problems: list[str] = []
    defects: list[str] = []
    got, want = urlsplit(location), urlsplit(expected)
    if not got.scheme or not got.netloc:
        problems.append(f"Location must be an absolute URI, got {location!r}")
    elif _origin(location) != _origin(expected):
        defects.append(PROVIDER_DOMAIN)
    path = unquote(got.path)
    if path == _without_slash(unquote(want.path)) and path != unquote(want.path):
        defects.append(MISSING_SLASH)
    elif path != unquote(want.path):
        problems.append(
            f"Location path must be {want.path!r} (or, as providers send it, "
            f"{_without_slash(want.path)!r}), got {got.path!r}"
        )
    if got.query or got.fragment:
        problems.append(f"Location must carry no query or fragment, got {location!r}")
    return problems, defects


def location_problems(request_url: str, location: str | None, execution_id: object) -> list[str]:
    """What is wrong with a 201's ``Location``, known provider defects aside."""
    return location_findings(request_url, location, execution_id)[0]


@schemathesis.check
def location_points_at_execution(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """A 201 from schedule carries ``Location`` naming the new execution.

    The provider's known defects are counted in the summary, not failed.
    """
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
    problems, defects = location_findings(
        request_url, locations[0] if locations else None, execution_id
    )
    COUNTER.known_defects.update(defects)
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


@dataclass
class SecondIdentity:
    """The token the suite sends its cases with, and a second user's (see the check below)."""

    owner_token: str | None = field(default=None, repr=False)
    peer_token: str | None = field(default=None, repr=False)


#: Set by the suite from its target; without a peer token the check below does nothing.
SECOND_IDENTITY = SecondIdentity()
# The answers after which the execution is known to exist and the owner got past the body.
_PROBED_AFTER = frozenset({204, 400, 403})


@schemathesis.check
def someone_elses_execution_is_forbidden(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> bool | None:
    """A user who is not the execution's creator and lacks the manage privilege gets 403.

    After a case that changes an execution (cancel, pause, resume, force_continue, rerun,
    retry, delete) reached the execution as its owner, the same request is sent again with
    the second user's token: a provider checks the privilege before the state, so the
    answer must be 403 (or 404 when the owner's request just deleted it). A 400 about the
    body, which a provider answers before looking at anyone, is not probed.
    """
    owner, peer = SECOND_IDENTITY.owner_token, SECOND_IDENTITY.peer_token
    operation = operation_id(case)
    if peer is None or operation not in CHANGES or response.status_code not in _PROBED_AFTER:
        return None
    if case.headers.get(TOKEN_HEADER) != owner:
        return None
    if response.status_code == 400 and _error_id(response) not in SEMANTIC_BAD_REQUESTS:
        return None
    probe = case.derive()
    probe.headers[TOKEN_HEADER] = peer
    answer = send_probe(ctx, case, probe)
    deleted = operation == DELETE and response.status_code == 204
    if answer.status_code == 403 or (deleted and answer.status_code == 404):
        return True
    raise ContractViolation(
        f"{operation} of another user's execution, sent by a user of the space who is not "
        "its creator and lacks space_manage_atm_workflow_executions, was answered "
        f"{answer.status_code} (expected 403)"
    )


def _error_id(response: Response) -> object:
    body = _json_body(response)
    error = body.get("error") if isinstance(body, Mapping) else None
    return error.get("id") if isinstance(error, Mapping) else None
