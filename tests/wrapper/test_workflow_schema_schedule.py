"""``schedule(..., workflow_schema=schema)``: stores by name, content checked before sending.

Requests are counted with ``httpx.MockTransport`` (``router``) and, for the
in-process mock, on the client's transport: content a provider would refuse
sends nothing.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import oneprovider_automation
import pytest
from oneprovider_automation import Oneprovider, StoreContentError, WorkflowSchema
from oneprovider_mock import MockProvider

from .router import WORKFLOWS, Router, async_client, client, scheduled
from .workflow_examples import (
    BAD_ITEMS,
    OTHER_SPACE,
    SPACE,
    dump_params,
    dump_path,
    file_id,
    good_by_name,
    good_overlay,
    item_type,
)

DUMPS = dump_params()


def _schema(path: Path) -> WorkflowSchema:
    return WorkflowSchema.from_file(dump_path(path))


def _router() -> Router:
    return Router().add("POST", WORKFLOWS, scheduled("e1"))


def _body(router: Router) -> Any:
    (request,) = router.requests
    return json.loads(request.content)


def test_the_schema_types_are_exported() -> None:
    for name in ("WorkflowSchema", "StoreContentError", "WorkflowSchemaError"):
        assert name in oneprovider_automation.__all__
        assert getattr(oneprovider_automation, name) is not None
    assert issubclass(oneprovider_automation.StoreContentError, ValueError)
    assert issubclass(oneprovider_automation.WorkflowSchemaError, ValueError)


@pytest.mark.parametrize("path", DUMPS)
def test_content_by_store_name_goes_by_id_with_the_dumps_ids(path: Path) -> None:
    schema, router = _schema(path), _router()
    with client(router) as c:
        execution = c.workflow_executions.schedule(
            SPACE, workflow_schema=schema, store_initial_content=good_by_name(schema)
        )
    assert execution.id == "e1"
    assert _body(router) == {
        "spaceId": SPACE,
        "atmWorkflowSchemaId": schema.id,
        "atmWorkflowSchemaRevisionNumber": schema.revision_number,
        "storeInitialContentOverlay": good_overlay(schema),
    }


@pytest.mark.parametrize("path", DUMPS)
def test_refused_content_raises_and_sends_nothing(path: Path) -> None:
    schema = _schema(path)
    for store in schema.stores:
        router = _router()
        content = {**good_by_name(schema), store.name: [BAD_ITEMS[item_type(store)]]}
        with client(router) as c, pytest.raises(StoreContentError) as caught:
            c.workflow_executions.schedule(
                SPACE, workflow_schema=schema, store_initial_content=content
            )
        assert caught.value.store is store
        assert "$[0]: atmDataTypeUnverified" in str(caught.value)
        assert router.requests == []


@pytest.mark.parametrize("path", DUMPS)
def test_a_required_store_left_out_sends_nothing(path: Path) -> None:
    schema, router = _schema(path), _router()
    with client(router) as c, pytest.raises(StoreContentError) as caught:
        c.workflow_executions.schedule(SPACE, workflow_schema=schema)
    specific = (caught.value.problem.details or {})["specificError"]
    assert specific.id == "atmStoreMissingRequiredInitialContent"
    assert router.requests == []


@pytest.mark.parametrize("path", DUMPS)
def test_a_file_of_another_space_than_the_executions_sends_nothing(path: Path) -> None:
    schema, router = _schema(path), _router()
    store = next(store for store in schema.stores if item_type(store) == "file")
    content = {**good_by_name(schema), store.name: [{"fileId": file_id(3, OTHER_SPACE)}]}
    with client(router) as c, pytest.raises(StoreContentError, match="inSpace"):
        c.workflow_executions.schedule(SPACE, workflow_schema=schema, store_initial_content=content)
    assert router.requests == []


@pytest.mark.parametrize("path", DUMPS)
def test_an_unknown_store_name_is_a_value_error_naming_the_close_ones(path: Path) -> None:
    schema, router = _schema(path), _router()
    name = schema.stores[0].name
    with client(router) as c, pytest.raises(ValueError, match="did you mean") as caught:
        c.workflow_executions.schedule(
            SPACE, workflow_schema=schema, store_initial_content={name + "s": []}
        )
    assert not isinstance(caught.value, StoreContentError)
    assert repr(name) in str(caught.value)
    assert router.requests == []


@pytest.mark.parametrize("path", DUMPS)
def test_ids_given_with_the_schema_must_be_the_dumps(path: Path) -> None:
    schema = _schema(path)
    content = good_by_name(schema)
    router = _router()
    with client(router) as c:
        for args in (
            ("other-schema", schema.revision_number),
            (schema.id, schema.revision_number + 1),
        ):
            with pytest.raises(ValueError, match="workflow schema given"):
                c.workflow_executions.schedule(
                    SPACE, *args, workflow_schema=schema, store_initial_content=content
                )
        assert router.requests == []
        c.workflow_executions.schedule(
            SPACE,
            schema.id,
            schema.revision_number,
            workflow_schema=schema,
            store_initial_content=content,
        )
    assert _body(router)["storeInitialContentOverlay"] == good_overlay(schema)


def test_without_a_schema_the_positional_signature_is_unchanged() -> None:
    router = _router()
    with client(router) as c:
        c.workflow_executions.schedule("s1", "w1", 3, store_initial_content={"any-id": [1]})
        with pytest.raises(TypeError, match="revision"):
            c.workflow_executions.schedule("s1", "w1")
        with pytest.raises(TypeError, match="workflow_schema_id and revision"):
            c.workflow_executions.schedule("s1")
    assert _body(router) == {
        "spaceId": "s1",
        "atmWorkflowSchemaId": "w1",
        "atmWorkflowSchemaRevisionNumber": 3,
        "storeInitialContentOverlay": {"any-id": [1]},
    }


@pytest.mark.parametrize("path", DUMPS)
def test_the_async_twin_checks_the_same(path: Path) -> None:
    schema = _schema(path)
    store = next(store for store in schema.stores if item_type(store) == "file")

    async def go(router: Router, content: dict[str, Any]) -> None:
        async with async_client(router) as c:
            await c.workflow_executions.schedule(
                SPACE, workflow_schema=schema, store_initial_content=content
            )

    refused = _router()
    with pytest.raises(StoreContentError):
        asyncio.run(go(refused, {**good_by_name(schema), store.name: ["a string"]}))
    assert refused.requests == []
    sent = _router()
    asyncio.run(go(sent, good_by_name(schema)))
    assert _body(sent)["storeInitialContentOverlay"] == good_overlay(schema)
    assert _body(sent)["atmWorkflowSchemaId"] == schema.id


class _Counting(httpx.HTTPTransport):
    """The client's real transport, counting what it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return super().handle_request(request)


@pytest.mark.parametrize("path", DUMPS)
def test_refused_content_reaches_no_mock_provider(
    path: Path, oneprovider_mock: MockProvider
) -> None:
    schema = _schema(path)
    space = oneprovider_mock.world.defaults.space_id
    transport = _Counting()
    http = httpx.Client(transport=transport, base_url=oneprovider_mock.url)
    with Oneprovider(oneprovider_mock.url, oneprovider_mock.token, http_client=http) as c:
        with pytest.raises(StoreContentError):
            c.workflow_executions.schedule(space, workflow_schema=schema)
        assert transport.sent == []
        assert oneprovider_mock.world.executions == {}
        # The same client does reach the mock: the count above could have been 1.
        c.workflow_executions.schedule(
            space,
            oneprovider_mock.world.defaults.atm_workflow_schema_id,
            3,
        )
    assert len(transport.sent) == 1
    assert len(oneprovider_mock.world.executions) == 1
