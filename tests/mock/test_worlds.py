"""Worlds: the shipped ones do what their description says; bad world files are explained."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from oneprovider_mock import MockApp, World, WorldError

from tests import seed
from tests.mock.helpers import (
    SCHEDULE_URL,
    InProcessTransport,
    checked_client,
    details_path,
    user_id,
)

#: What the seed request, with each shipped world's ids and token, gets.
SEED_REQUEST_OUTCOME: dict[str, tuple[int, str]] = {
    "default": (201, "finished"),
    "executions-in-every-state": (201, "finished"),
    "failing-schema": (201, "failed"),
    "no-privilege": (403, "forbidden"),
    "not-in-inventory": (403, "forbidden"),
    "unsupported-space": (400, "spaceNotSupportedBy"),
    "no-lanes": (400, "atmWorkflowEmpty"),
    "empty-lane": (400, "atmLaneEmpty"),
    "empty-parallel-box": (400, "atmParallelBoxEmpty"),
    "required-store-missing": (400, "atmStoreCreationFailed"),
    "no-openfaas": (400, "atmOpenfaasNotConfigured"),
}


def test_every_shipped_world_is_listed_here() -> None:
    assert sorted(SEED_REQUEST_OUTCOME) == World.names()


@pytest.mark.parametrize("name", sorted(SEED_REQUEST_OUTCOME))
def test_the_seed_request_in_each_shipped_world(
    name: str, make_app: Callable[..., MockApp]
) -> None:
    world = World.named(name)
    assert world.name == name
    assert world.description
    app = make_app(world, phase_seconds=0)
    status, outcome = SEED_REQUEST_OUTCOME[name]
    text = seed.curl_body_text(world.defaults.space_id, world.defaults.atm_workflow_schema_id)
    headers = {"X-Auth-Token": world.default_token, "Content-Type": "application/json"}
    with checked_client("http://testserver", transport=InProcessTransport(app)) as client:
        # The seed's curl body, and the example the CLI prints: the same outcome.
        for content in (text, json.dumps(world.example_request())):
            response = client.post(SCHEDULE_URL, content=content, headers=headers)
            assert response.status_code == status, response.text
            if status == 201:
                details = client.get(details_path(response), headers=headers).json()
                assert details["status"] == outcome
            else:
                assert response.json()["error"]["id"] == outcome


def test_extends_replaces_keys_and_merges_defaults() -> None:
    world = World.from_dict(
        {
            "extends": "default",
            "name": "mine",
            "phaseSeconds": 0,
            "defaults": {"userId": user_id("bob")},
        }
    )
    assert (world.name, world.phase_seconds, world.defaults.user_id) == (
        "mine",
        0.0,
        user_id("bob"),
    )
    assert world.defaults.space_id == seed.SPACE_ID
    assert set(world.workflow_schemas) == set(World.default().workflow_schemas)


def test_a_world_file(tmp_path: Path) -> None:
    path = tmp_path / "lab.json"
    path.write_text(json.dumps({"extends": "failing-schema", "description": "a lab"}))
    world = World.load(str(path))
    assert (world.name, world.description) == ("lab", "a lab")
    assert World.load("no-privilege").name == "no-privilege"


def _default_document() -> dict[str, Any]:
    folder = Path(__file__).resolve().parents[2] / "mock" / "oneprovider_mock" / "worlds"
    data = json.loads((folder / "default.json").read_text())
    assert isinstance(data, dict)
    return data


def _broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = _default_document()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("provider"), "world: missing 'provider'"),
        (
            lambda d: d["users"][0].update(tokens="abc"),
            "world.users[0].tokens: expected a list of strings",
        ),
        (lambda d: d["users"].append(dict(d["users"][0])), "two users have the id"),
        (lambda d: d["spaces"][0]["members"].update(nobody=[]), "no user with id 'nobody'"),
        (
            lambda d: d["inventories"][0]["workflowSchemas"][0]["revisions"][1].update(number=0),
            "expected an integer >= 1",
        ),
        (
            lambda d: d["inventories"][0]["workflowSchemas"][0]["revisions"][1].update(
                outcome="paused"
            ),
            "outcome: expected one of",
        ),
        (
            lambda d: d["inventories"][0]["workflowSchemas"][0]["revisions"][1]["stores"][0].update(
                type="queue"
            ),
            "type: expected one of",
        ),
        (
            lambda d: d["inventories"][0]["workflowSchemas"][0]["revisions"][1]["stores"][0].update(
                config={"itemDataSpec": {"type": "blob"}}
            ),
            "config.itemDataSpec: expected a data spec",
        ),
        (
            lambda d: d["inventories"][0]["workflowSchemas"][0]["revisions"][1]["lanes"][0].update(
                storeIteratorSpec={"storeSchemaId": "nope"}
            ),
            "iterates over unknown store 'nope'",
        ),
        (lambda d: d["defaults"].update(userId="nobody"), "world.defaults.userId: no user"),
        (
            lambda d: d.update(phaseSeconds=-1),
            "phaseSeconds: expected a number from 0 to 1,000,000,000",
        ),
        (lambda d: d.update(extends="atlantis"), "no shipped world named 'atlantis'"),
    ],
)
def test_malformed_worlds_are_explained(
    change: Callable[[dict[str, Any]], None], message: str
) -> None:
    with pytest.raises(WorldError, match=message.replace("[", r"\[").replace("]", r"\]")):
        World.from_dict(_broken(change))


def test_unreadable_world_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json")
    with pytest.raises(WorldError, match="cannot read world file"):
        World.from_file(path)


def test_the_app_serves_a_copy(make_app: Callable[..., MockApp]) -> None:
    world = World.default()
    app = make_app(world)
    world.users.clear()
    assert app.backend.world.users
    assert app.backend.world is not world


def test_tokens_stay_out_of_reprs() -> None:
    world = World.default()
    assert world.default_token not in repr(world)
