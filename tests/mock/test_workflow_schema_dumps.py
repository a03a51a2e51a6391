"""The mock serves the workflow-schema dumps users export from Onezone (every shared one).

For each dump of ``../shared/automation-examples``: the example content the mock
builds is scheduled and runs to ``finished`` with the dump's lanes and boxes; each
required store left out, and a bad item for each store, get a provider's answer;
other revisions are 404; a file of another space, a hex id that is no object id
and a file of the wrong type are refused as a provider refuses them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from oneprovider_automation.workflow_schema import (
    WorkflowSchema,
    WorkflowSchemaError,
    object_id,
    space_of,
)
from oneprovider_mock import MockApp, World, WorldError
from oneprovider_mock._banner import banner
from oneprovider_mock._cli import main

from tests.automation_examples import NAMES, dump_path
from tests.mock.helpers import SCHEDULE_URL, InProcessTransport, checked_client


def _serving(name: str) -> tuple[World, WorkflowSchema]:
    world = World.default()
    dump = world.serve_workflow_schema(dump_path(name))
    return world, dump


def _client(app: MockApp) -> httpx.Client:
    return checked_client("http://testserver", transport=InProcessTransport(app))


def _body(world: World, overlay: dict[str, Any]) -> dict[str, Any]:
    return {
        "spaceId": world.defaults.space_id,
        "atmWorkflowSchemaId": world.defaults.atm_workflow_schema_id,
        "atmWorkflowSchemaRevisionNumber": world.defaults.revision_number,
        "storeInitialContentOverlay": overlay,
    }


def _schedule(api: httpx.Client, world: World, overlay: dict[str, Any]) -> httpx.Response:
    return api.post(
        SCHEDULE_URL, json=_body(world, overlay), headers={"X-Auth-Token": world.default_token}
    )


def _specific_error(response: httpx.Response, store_id: str) -> dict[str, Any]:
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["id"] == "atmStoreCreationFailed", error
    assert error["details"]["atmStoreSchemaId"] == store_id
    return dict(error["details"]["specificError"])


def _bad_item(spec: dict[str, Any]) -> Any:
    # A value of the wrong data type for the spec.
    return "not-an-object" if spec["type"] != "string" else {"not": "a string"}


@pytest.mark.parametrize("name", NAMES)
def test_the_example_of_a_dump_runs_to_finished_with_its_lanes(
    name: str, make_app: Callable[..., MockApp]
) -> None:
    world, dump = _serving(name)
    info = world.connection_info("http://testserver")
    assert info["atmWorkflowSchemaId"] == dump.id
    assert info["atmWorkflowSchemaRevisionNumber"] == dump.revision_number
    assert [store["name"] for store in info["stores"]] == [store.name for store in dump.stores]
    required = {store.id for store in dump.stores if store.requires_initial_content}
    assert required
    assert set(info["storeInitialContentOverlay"]) == required
    assert {file["type"] for file in info["files"]} == {"REG", "DIR"}
    assert all(space_of(file["fileId"]) == info["spaceId"] for file in info["files"])
    with _client(make_app(world, phase_seconds=0)) as api:
        scheduled = _schedule(api, world, info["storeInitialContentOverlay"])
        assert scheduled.status_code == 201, scheduled.text
        wid = scheduled.json()["atmWorkflowExecutionId"]
        details = api.get(
            f"{SCHEDULE_URL}/{wid}", headers={"X-Auth-Token": world.default_token}
        ).json()
    assert details["status"] == "finished", details
    assert details["name"] == dump.name
    assert set(details["storeRegistry"]) == {store.id for store in dump.stores}
    assert [lane["schemaId"] for lane in details["lanes"]] == [lane.id for lane in dump.lanes]
    for lane, schema_lane in zip(details["lanes"], dump.lanes, strict=True):
        boxes = lane["runs"][0]["parallelBoxes"]
        assert [box["schemaId"] for box in boxes] == [b.id for b in schema_lane.parallel_boxes]
        for box, schema_box in zip(boxes, schema_lane.parallel_boxes, strict=True):
            assert set(box["taskRegistry"]) == {task.id for task in schema_box.tasks}
    assert set(details["lambdaSnapshotRegistry"]) == set(dump.lambdas)


@pytest.mark.parametrize("name", NAMES)
def test_each_required_store_left_out_is_refused(
    name: str, make_app: Callable[..., MockApp]
) -> None:
    world, dump = _serving(name)
    example = world.defaults.store_initial_content_overlay
    required = [store for store in dump.stores if store.requires_initial_content]
    with _client(make_app(world, phase_seconds=0)) as api:
        for store in required:
            for left_out in ({}, {store.id: None}):
                overlay = {k: v for k, v in example.items() if k != store.id} | left_out
                error = _specific_error(_schedule(api, world, overlay), store.id)
                assert error["id"] == "atmStoreMissingRequiredInitialContent", error


@pytest.mark.parametrize("name", NAMES)
def test_a_bad_item_for_each_store_gets_the_providers_answer(
    name: str, make_app: Callable[..., MockApp]
) -> None:
    world, dump = _serving(name)
    example = world.defaults.store_initial_content_overlay
    with _client(make_app(world, phase_seconds=0)) as api:
        for store in dump.stores:
            spec = dict(store.config["itemDataSpec"])
            bad = _bad_item(spec)
            overlay = copy.deepcopy(example) | {store.id: [bad]}
            error = _specific_error(_schedule(api, world, overlay), store.id)
            # A list's item is checked inside the array: the item's error under $[0].
            assert error["id"] == "atmDataValueConstraintUnverified", error
            inner = error["details"]["valueConstraints"]["$[0]"]
            assert inner["id"] == "atmDataTypeUnverified"
            assert inner["details"] == {"value": bad, "expType": spec["type"]}
            # Not a list at all.
            error = _specific_error(_schedule(api, world, example | {store.id: bad}), store.id)
            assert error["id"] == "atmDataTypeUnverified"
            assert error["details"] == {"value": bad, "expType": "array"}


@pytest.mark.parametrize("name", NAMES)
def test_files_are_refused_as_a_provider_refuses_them(
    name: str, make_app: Callable[..., MockApp]
) -> None:
    world, dump = _serving(name)
    store = next(s for s in dump.stores if s.requires_initial_content)
    space_id = world.defaults.space_id
    other_space = next(s for s in world.spaces.values() if s.id != space_id)
    cases: list[tuple[str, dict[str, Any]]] = [
        (object_id("ab" * 16, other_space.id), {"inSpace": space_id}),
        ("0000000000AB", {}),  # hex, yet no object id
        (object_id("cd" * 16, space_id), {"errno": "enoent"}),  # of the space, no such file
    ]
    with _client(make_app(world, phase_seconds=0)) as api:
        for file_id, expected in cases:
            item = {"fileId": file_id}
            error = _specific_error(_schedule(api, world, {store.id: [item]}), store.id)
            inner = error["details"]["valueConstraints"]["$[0]"]
            if "inSpace" in expected:
                assert inner["id"] == "atmDataValueConstraintUnverified"
                assert inner["details"]["valueConstraints"] == expected
            elif "errno" in expected:
                assert inner["id"] == "posix"
                assert inner["details"] == expected
            else:
                assert inner["id"] == "atmDataTypeUnverified"
        wanted = store.config["itemDataSpec"]["fileType"]
        directory = next(f for f in world.spaces[space_id].files.values() if f.type == "DIR")
        response = _schedule(api, world, {store.id: [{"fileId": directory.id}]})
        if wanted == "ANY":
            assert response.status_code == 201, response.text
        else:
            inner = _specific_error(response, store.id)["details"]["valueConstraints"]["$[0]"]
            assert inner["details"]["valueConstraints"] == {"fileType": wanted}


def test_other_revisions_are_not_found_and_two_dumps_are_served(
    make_app: Callable[..., MockApp],
) -> None:
    world = World.default()
    echo = world.serve_workflow_schema(dump_path("echo"))
    demo = world.serve_workflow_schema(dump_path("demo"))
    assert world.defaults.atm_workflow_schema_id == echo.id  # the first is the example
    with _client(make_app(world, phase_seconds=0)) as api:
        for dump in (echo, demo):
            for number, status in ((dump.revision_number, 400), (dump.revision_number + 1, 404)):
                body = {
                    "spaceId": world.defaults.space_id,
                    "atmWorkflowSchemaId": dump.id,
                    "atmWorkflowSchemaRevisionNumber": number,
                }
                response = api.post(
                    SCHEDULE_URL, json=body, headers={"X-Auth-Token": world.default_token}
                )
                # The revision served lacks its required content (400); others are 404.
                assert response.status_code == status, response.text


def test_a_dump_of_a_format_a_provider_does_not_run_is_not_supported(
    tmp_path: Path, make_app: Callable[..., MockApp]
) -> None:
    data = json.loads(dump_path("echo").read_text())
    data["schemaFormatVersion"] = 9
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data))
    world = World.default()
    dump = world.serve_workflow_schema(newer)
    assert dump.unsupported_reason is not None
    with _client(make_app(world, phase_seconds=0)) as api:
        response = _schedule(api, world, world.defaults.store_initial_content_overlay)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["id"] == "notSupported"


def test_a_dump_the_mock_cannot_read_names_the_file_and_the_field(tmp_path: Path) -> None:
    data = json.loads(dump_path("echo").read_text())
    del data["revision"]["atmWorkflowSchemaRevision"]["_data"]["stores"][0]["_data"]["type"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    with pytest.raises(WorldError) as caught:
        World.default().serve_workflow_schema(broken)
    assert str(broken) in str(caught.value)
    assert "revision.atmWorkflowSchemaRevision._data.stores[0]._data.type" in str(caught.value)
    result = CliRunner().invoke(main, ["--workflow-schema", str(broken), "--port", "0"])
    assert result.exit_code == 2, result.output
    assert str(broken) in result.output
    assert "stores[0]._data.type: expected one of" in result.output


def test_a_world_file_serves_dumps_relative_to_itself(tmp_path: Path) -> None:
    dump = dump_path("demo")
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "demo.json").write_bytes(dump.read_bytes())
    world_file = tmp_path / "mine.json"
    world_file.write_text(
        json.dumps({"extends": "default", "workflowSchemaFiles": ["schemas/demo.json"]})
    )
    world = World.from_file(world_file)
    demo = WorkflowSchema.from_file(dump)
    assert world.defaults.atm_workflow_schema_id == demo.id
    assert demo.revision_number in world.workflow_schemas[demo.id].revisions
    world_file.write_text(json.dumps({"extends": "default", "workflowSchemaFiles": ["nope.json"]}))
    with pytest.raises(WorldError, match=r"workflowSchemaFiles\[0\].*nope\.json"):
        World.from_file(world_file)


def test_a_world_sent_over_http_reads_no_files(make_app: Callable[..., MockApp]) -> None:
    with _client(make_app()) as api:
        sent = {"extends": "default", "workflowSchemaFiles": [str(dump_path("echo"))]}
        response = api.post("/_mock/world", json=sent)
    assert response.status_code == 400
    assert "workflowSchemaFiles" in response.text
    assert "--workflow-schema" in response.text


def test_a_dump_nested_too_deep_is_refused_at_start_up(tmp_path: Path) -> None:
    text = dump_path("echo").read_text()
    depth = 100_000  # deeper than the JSON reader goes
    deep = tmp_path / "deep.json"
    deep.write_text(text.replace('"summary": ""', '"summary": ' + "[" * depth + "]" * depth, 1))
    with pytest.raises(WorldError, match=rf"{deep}: JSON nested too deep"):
        World.default().serve_workflow_schema(deep)


def test_data_specs_nested_too_deep_are_refused() -> None:
    data = json.loads(dump_path("echo").read_text())
    store = data["revision"]["atmWorkflowSchemaRevision"]["_data"]["stores"][0]["_data"]
    spec: dict[str, Any] = {"type": "file"}
    for _ in range(5000):  # arrays of arrays of ... of files
        spec = {"type": "array", "itemDataSpec": spec}
    store["config"]["_data"]["itemDataSpec"] = spec
    with pytest.raises(WorkflowSchemaError, match="nested too deep"):
        WorkflowSchema.from_dump(data, source="deep.json")


def test_the_banner_names_the_dumps_and_the_example() -> None:
    world, dump = _serving("demo")
    text = banner(world, "http://127.0.0.1:1", None)
    assert str(dump_path("demo")) in text
    assert f"schedules 'demo', revision {dump.revision_number}" in text
    assert world.description not in text  # it speaks of the seed's request
    assert dump.id in text  # the pasted commands schedule the dump


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_or_too_deep_world_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorldError, match="larger than 64 MiB"):
        World.from_file("/dev/zero")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(WorldError, match="nested too deep"):
        World.from_file(deep)
    result = CliRunner().invoke(main, ["--world", str(deep), "--port", "0"])
    assert result.exit_code == 2, result.output
    assert "nested too deep" in result.output
