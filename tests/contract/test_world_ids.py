"""Mixing the target's ids into generated bodies keeps the rest and reaches every variant."""

from __future__ import annotations

from typing import Any

from hypothesis import find, given
from hypothesis import strategies as st

from contract_tests.target import (
    DEFAULT_FILE_IDS,
    DEFAULT_STORE_INITIAL_CONTENT,
    Target,
)
from contract_tests.world_ids import OVERLAY, file_ids, mixed_bodies

TARGET = Target(
    name="t",
    api_url="http://testserver/api/v3/oneprovider",
    token="t0ken",
    space_id="space",
    workflow_schema_id="schema",
    revision=3,
    store_initial_content=DEFAULT_STORE_INITIAL_CONTENT,
)
GENERATED = {
    "spaceId": "s",
    "atmWorkflowSchemaId": "w",
    "atmWorkflowSchemaRevisionNumber": 7,
    OVERLAY: {"random": 1},
    "logLevel": "info",
    "unknown": [1],
}


def test_file_ids_are_found_at_any_depth() -> None:
    assert sorted(file_ids(DEFAULT_STORE_INITIAL_CONTENT)) == sorted(DEFAULT_FILE_IDS)


@given(mixed_bodies(TARGET, GENERATED))
def test_only_ids_revision_and_overlay_change(body: dict[str, Any]) -> None:
    assert body["logLevel"] == "info"
    assert body["unknown"] == [1]
    assert body["spaceId"] in {"s", "space"}
    assert body["atmWorkflowSchemaId"] in {"w", "schema"}
    assert body["atmWorkflowSchemaRevisionNumber"] in {7, 3, "3", "+3", "03"}


def test_every_variant_is_reachable() -> None:
    bodies = mixed_bodies(TARGET, GENERATED)
    valid = find(
        bodies,
        lambda b: (
            (b["spaceId"], b["atmWorkflowSchemaId"], b.get(OVERLAY))
            == ("space", "schema", dict(DEFAULT_STORE_INITIAL_CONTENT))
        ),
    )
    assert valid["atmWorkflowSchemaRevisionNumber"] in {3, "3", "+3", "03"}
    find(bodies, lambda b: (b["spaceId"], b["atmWorkflowSchemaId"]) == ("s", "w"))
    find(bodies, lambda b: OVERLAY not in b)
    find(bodies, lambda b: b.get(OVERLAY) == {"random": 1, **DEFAULT_STORE_INITIAL_CONTENT})
    find(bodies, lambda b: isinstance(b.get(OVERLAY), dict) and None in b[OVERLAY].values())


@given(st.data(), st.dictionaries(st.text(), st.integers()))
def test_a_target_without_known_stores_keeps_or_drops_the_overlay(
    data: st.DataObject, overlay: dict[str, int]
) -> None:
    target = Target(**{**TARGET.__dict__, "store_initial_content": {}})
    body = data.draw(mixed_bodies(target, {**GENERATED, OVERLAY: overlay}))
    assert body.get(OVERLAY, overlay) == overlay
