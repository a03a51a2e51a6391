"""Which 400s for a schema-valid body the suite lets through: exactly the documented ones."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.catalogue import CATALOGUE, SEMANTIC_BAD_REQUESTS, SHAPE_BAD_REQUESTS
from contract_tests.schema import REVISION, documented_rejection

BODY = {"spaceId": "s", "atmWorkflowSchemaId": "w", REVISION: 3}


@pytest.mark.parametrize("error_id", sorted(SEMANTIC_BAD_REQUESTS))
def test_the_worlds_400s_are_documented(error_id: str) -> None:
    assert documented_rejection(400, BODY, {"id": error_id})


@pytest.mark.parametrize("error_id", sorted(SHAPE_BAD_REQUESTS))
def test_a_sanitizing_400_for_a_valid_body_is_not(error_id: str) -> None:
    assert not documented_rejection(400, BODY, {"id": error_id, "details": {"key": REVISION}})


def test_a_whole_float_revision_is_documented_only_as_bad_value_integer() -> None:
    sent: dict[str, Any] = {**BODY, REVISION: 3.0}
    error = {"id": "badValueInteger", "details": {"key": REVISION}}
    assert documented_rejection(400, sent, error)
    assert not documented_rejection(400, BODY, error)
    assert not documented_rejection(400, sent, {**error, "details": {"key": "spaceId"}})
    assert not documented_rejection(400, sent, {"id": "badValueTooLow", "details": {}})


@pytest.mark.parametrize("status", [401, 403, 404, 500])
def test_only_400s_are_considered(status: int) -> None:
    assert not documented_rejection(status, BODY, {"id": "atmStoreCreationFailed"})
    assert all(
        kind.status == 400 for name, kind in CATALOGUE.items() if name in SEMANTIC_BAD_REQUESTS
    )
