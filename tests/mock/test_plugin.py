"""The pytest plugin: the fixture users get, and a plugin that imports nothing heavy."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import httpx
import pytest
from oneprovider_mock import MockProvider, World
from oneprovider_mock.pytest_plugin import MockProviderFactory

from tests import seed
from tests.mock.helpers import SCHEDULE_URL, checked_client


def test_the_fixture_serves_a_fresh_default_world(oneprovider_mock: MockProvider) -> None:
    assert oneprovider_mock.url.startswith("http://127.0.0.1:")
    assert oneprovider_mock.api_url == oneprovider_mock.url + "/api/v3/oneprovider"
    assert oneprovider_mock.world.name == "default"
    assert oneprovider_mock.world.executions == {}
    assert oneprovider_mock.token == World.default().default_token
    with checked_client(oneprovider_mock.api_url) as client:
        response = client.post(
            "automation/execution/workflows",
            json=seed.request_body(),
            headers={"X-Auth-Token": oneprovider_mock.token},
        )
    assert response.status_code == 201
    assert set(oneprovider_mock.world.executions) == {response.json()["atmWorkflowExecutionId"]}
    oneprovider_mock.reset()
    assert oneprovider_mock.world.executions == {}


def test_the_factory_starts_as_many_as_needed(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    first = oneprovider_mock_factory()
    second = oneprovider_mock_factory(World.named("no-privilege"))
    assert first.url != second.url
    assert repr(second) == f"<MockProvider {second.url} world='no-privilege'>"
    with checked_client(second.url) as client:
        refused = client.post(
            SCHEDULE_URL, json=seed.request_body(), headers={"X-Auth-Token": second.token}
        )
    assert refused.status_code == 403


def test_a_stopped_provider_no_longer_answers() -> None:
    provider = MockProvider(phase_seconds=0)
    with provider:
        url = provider.url
        assert httpx.get(url + "/_mock/world").status_code == 200
    try:
        httpx.get(url + "/_mock/world", timeout=2)
    except httpx.TransportError:
        pass
    else:
        raise AssertionError("the server still answers after stop()")
    with pytest.raises(RuntimeError, match="create a new MockProvider"):
        provider.start()


def test_loading_the_plugin_imports_no_server_code() -> None:
    # pytest imports every installed plugin; without the mock extra that must still work.
    script = textwrap.dedent(
        """
        import sys
        import oneprovider_mock.pytest_plugin
        import oneprovider_mock
        loaded = sorted(m for m in ("starlette", "uvicorn") if m in sys.modules)
        assert not loaded, loaded
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
