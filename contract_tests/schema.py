"""The spec loaded for schemathesis, aimed at a target, with our checks, auth and hooks.

Settings come from ``schemathesis.toml`` at the repository root (phases, checks, counts);
what depends on the target is set here: the base URL (or the in-process app), the token,
the hook that mixes the target's ids into generated bodies, and the precise exemptions from
``positive_data_acceptance`` that the spec itself documents (see :func:`keep_failure`).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis import Case, HookContext, Response
from schemathesis.config import SchemathesisConfig
from schemathesis.config._auth import WFCAuthConfig
from schemathesis.core.failures import Failure
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.schemas import OpenApiSchema
from schemathesis.wfc.integration import register_wfc_auth

import contract_tests.checks  # (registers our checks with schemathesis)
from contract_tests import case_hooks, in_process
from contract_tests.catalogue import SEMANTIC_BAD_REQUESTS
from contract_tests.executions import ExecutionPool
from contract_tests.target import TOKEN_HEADER, Target
from contract_tests.tokens import keep_token
from contract_tests.world_ids import mix_world_ids

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "oneprovider-automation.yaml"
CONFIG_PATH = ROOT / "schemathesis.toml"

REVISION = "atmWorkflowSchemaRevisionNumber"
#: Integer fields of request bodies: a provider answers 3.0 in them with badValueInteger.
INTEGER_FIELDS = frozenset({REVISION, "laneIndex", "laneRunNumber"})


def load_config(path: Path = CONFIG_PATH) -> SchemathesisConfig:
    """The schemathesis settings of this project."""
    return SchemathesisConfig.from_path(path)


def _error(response: Response) -> Mapping[str, Any]:
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError):
        return {}
    error = body.get("error") if isinstance(body, Mapping) else None
    return error if isinstance(error, Mapping) else {}


def documented_rejection(status: int, sent: object, error: Mapping[str, Any]) -> bool:
    """Whether the spec documents this 400 for a schema-valid body (see :func:`keep_failure`).

    ``sent`` is the request body as sent, ``error`` the answer's ``error`` object.
    """
    if status != 400:
        return False
    if error.get("id") in SEMANTIC_BAD_REQUESTS:
        return True
    details = error.get("details")
    key = details.get("key") if isinstance(details, Mapping) else None
    sent_value = sent.get(key) if isinstance(sent, Mapping) and isinstance(key, str) else None
    return (
        key in INTEGER_FIELDS
        and isinstance(sent_value, float)
        and error.get("id") == "badValueInteger"
    )


def keep_failure(
    context: HookContext, failure: Failure, case: Case[Any], response: Response
) -> bool:
    """Whether a check failure counts; a ``filter_failure`` hook.

    ``positive_data_acceptance`` expects a schema-valid request never to get a 400. Two
    kinds of 400 that a schema-valid body does get are documented by the spec, and only
    those are let through, each recognized by its error id:

    - the checks a provider makes *after* reading the body, against its world (the space
      must be supported here, the revision must have lanes and parallel boxes, each
      store's initial content must fit the store: ``storeInitialContentOverlay`` is
      ``additionalProperties: true``, its values cannot be described by the schema): the
      ids in :data:`SEMANTIC_BAD_REQUESTS`;
    - a revision number, lane index or lane run number sent as a JSON number with a
      fraction part, even ``3.0``: JSON Schema counts it as an integer, a provider answers
      ``badValueInteger`` (the spec's "Differences a JSON Schema cannot express").

    Any other 400 for a schema-valid body (a sanitizing error) still fails, and so does
    every other check's failure.
    """
    if isinstance(failure, RejectedPositiveData):
        return not documented_rejection(response.status_code, case.body, _error(response))
    return True


def token_auth(token: str) -> type:
    """An auth provider class that sends ``token`` in ``X-Auth-Token``."""

    class TokenAuth:
        def get(self, case: Case[Any], context: schemathesis.AuthContext) -> str:
            return token

        def set(self, case: Case[Any], data: str, context: schemathesis.AuthContext) -> None:
            case.headers[TOKEN_HEADER] = data

    return TokenAuth


#: The names the identities have in the auth document (and in schemathesis's reports).
OWNER, OUTSIDER = "owner", "outsider"


def register_identities(schema: OpenApiSchema, target: Target) -> None:
    """Send every case as the target's user; let ``object_level_authorization`` replay
    that user's reads as the outsider, who may not view executions.

    The two tokens go to schemathesis as a Web Fuzzing Commons auth document, in a file
    only this user can read, removed when the process ends.
    """
    document = {
        "auth": [
            {"name": name, "fixedHeaders": [{"name": TOKEN_HEADER, "value": token}]}
            for name, token in ((OWNER, target.token), (OUTSIDER, target.outsider_token))
        ]
    }
    handle, path = tempfile.mkstemp(prefix="contract-identities-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(document, file)
    atexit.register(_remove, path)
    register_wfc_auth(schema, WFCAuthConfig(path=path, user=OWNER, peers=[OWNER, OUTSIDER]))


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def load_schema(
    target: Target,
    *,
    config: SchemathesisConfig | None = None,
    pool: ExecutionPool | None = None,
) -> OpenApiSchema:
    """The spec, from its file, aimed at ``target`` with our checks, auth and hooks.

    With a ``pool``, generated paths name its executions and stores, each case is counted
    and prepared by :mod:`contract_tests.case_hooks`, and the second identity's check is
    armed with the target's tokens.
    """
    schema = schemathesis.openapi.from_path(SPEC_PATH, config=config or load_config())
    schema.config.update(base_url=target.api_url)
    if target.app is not None:
        schema.app = target.app
        in_process.install()
    if target.outsider_token is not None:
        register_identities(schema, target)
    else:
        # No caching or re-login: the token is fixed, and a 401 must stay a 401.
        schema.auth.auth(refresh_interval=None, retry_on=[])(token_auth(target.token))
    schema.hooks.register_hook_with_name(keep_token(target.token), "flatmap_case")
    schema.hooks.register_hook_with_name(mix_world_ids(target, pool), "flatmap_case")
    schema.hooks.register_hook_with_name(keep_failure, "filter_failure")
    if pool is not None:
        case_hooks.register(schema, pool)
        contract_tests.checks.SECOND_IDENTITY.owner_token = target.token
        contract_tests.checks.SECOND_IDENTITY.peer_token = target.peer_token
    return schema
