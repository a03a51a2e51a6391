"""Choosing the target from the environment, the way users and CI do."""

from __future__ import annotations

import json

import pytest

from contract_tests.target import (
    DEFAULT_REVISION,
    DEFAULT_SPACE_ID,
    DEFAULT_STORE_INITIAL_CONTENT,
    DEFAULT_WORKFLOW_SCHEMA_ID,
    TargetError,
    normalize_host,
    target_from_env,
)
from tests import seed

LIVE = {
    "ONEPROVIDER_HOST": "provider.example.com",
    "ONEPROVIDER_API_KEY": "MDAxY-secret",
    "ONEPROVIDER_TEST_SPACE_ID": "s1",
    "ONEPROVIDER_TEST_WORKFLOW_SCHEMA_ID": "w1",
    "ONEPROVIDER_TEST_REVISION": "2",
}


def test_the_default_world_ids_are_the_seeds() -> None:
    body = seed.request_body()
    assert body["spaceId"] == DEFAULT_SPACE_ID == seed.SPACE_ID
    assert body["atmWorkflowSchemaId"] == DEFAULT_WORKFLOW_SCHEMA_ID == seed.ATM_WORKFLOW_SCHEMA_ID
    assert int(body["atmWorkflowSchemaRevisionNumber"]) == DEFAULT_REVISION
    assert body["storeInitialContentOverlay"] == DEFAULT_STORE_INITIAL_CONTENT


def test_a_live_target_comes_from_the_environment() -> None:
    target = target_from_env({**LIVE, "ONEPROVIDER_TEST_STORE_INITIAL_CONTENT": '{"st": [1]}'})
    assert target.is_live
    assert target.api_url == "https://provider.example.com/api/v3/oneprovider"
    assert (target.space_id, target.workflow_schema_id, target.revision) == ("s1", "w1", 2)
    assert target.store_initial_content == {"st": [1]}
    assert target.name == "live provider https://provider.example.com"
    assert "MDAxY-secret" not in repr(target)


@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("provider.example.com", "https://provider.example.com"),
        ("provider.example.com:8443", "https://provider.example.com:8443"),
        ("http://127.0.0.1:9000/", "http://127.0.0.1:9000"),
        ("https://p.example.com/api/v3/oneprovider", "https://p.example.com"),
    ],
)
def test_hosts_with_and_without_scheme(host: str, origin: str) -> None:
    assert normalize_host(host) == origin


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"ONEPROVIDER_API_KEY": ""}, "ONEPROVIDER_API_KEY"),
        ({"ONEPROVIDER_TEST_SPACE_ID": ""}, "ONEPROVIDER_TEST_SPACE_ID"),
        ({"ONEPROVIDER_TEST_WORKFLOW_SCHEMA_ID": " "}, "ONEPROVIDER_TEST_WORKFLOW_SCHEMA_ID"),
        ({"ONEPROVIDER_TEST_REVISION": "0"}, "ONEPROVIDER_TEST_REVISION"),
        ({"ONEPROVIDER_TEST_REVISION": "three"}, "ONEPROVIDER_TEST_REVISION"),
        ({"ONEPROVIDER_TEST_STORE_INITIAL_CONTENT": "[1]"}, "JSON object"),
        ({"ONEPROVIDER_TEST_STORE_INITIAL_CONTENT": "{"}, "JSON object"),
        ({"ONEPROVIDER_HOST": "ftp://x"}, "ONEPROVIDER_HOST"),
    ],
)
def test_an_incomplete_live_target_is_refused(change: dict[str, str], named: str) -> None:
    with pytest.raises(TargetError, match=named) as raised:
        target_from_env({**LIVE, **change})
    assert "MDAxY-secret" not in str(raised.value)


def test_without_a_host_the_target_is_the_embedded_mock() -> None:
    target = target_from_env({})
    assert not target.is_live
    assert target.name == "embedded mock (in-process)"
    assert target.api_url == "http://testserver/api/v3/oneprovider"
    assert (target.space_id, target.revision) == (DEFAULT_SPACE_ID, DEFAULT_REVISION)
    assert json.dumps(target.store_initial_content)
