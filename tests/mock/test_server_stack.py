"""The mock is served by the server stack its ``mock`` extra installs: uvicorn with
httptools on uvloop (chosen by measurement, see bench/__main__.py's NOTE)."""

from __future__ import annotations

import sys
import tomllib

import pytest
from oneprovider_mock import MockProvider

from tests.openapi_support import ROOT


def test_the_mock_extra_installs_httptools_and_uvloop() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    names = [requirement.split(">")[0].split("=")[0].strip() for requirement in extras["mock"]]
    assert {"starlette", "uvicorn", "httptools", "uvloop"} <= set(names)
    uvloop = next(requirement for requirement in extras["mock"] if requirement.startswith("uvloop"))
    # uvloop has no Windows build: the mock falls back to asyncio's loop there.
    assert "sys_platform != 'win32'" in uvloop


def test_the_threaded_server_parses_with_httptools() -> None:
    with MockProvider() as provider:
        server = provider._server
        assert server is not None
        assert server.config.http_protocol_class.__name__ == "HttpToolsProtocol"


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop has no Windows build")
def test_the_threaded_server_runs_on_uvloop() -> None:
    with MockProvider() as provider:
        server = provider._server
        assert server is not None
        loop = server.servers[0].get_loop()
        assert type(loop).__module__.startswith("uvloop"), type(loop)


def test_idle_connections_stay_open_as_long_as_a_providers() -> None:
    # uvicorn's own 5 s made a pooled connection's reuse race the server's close
    # (an httpx.ReadError in the loopback benchmark); op-worker keeps one 5 minutes.
    with MockProvider() as provider:
        server = provider._server
        assert server is not None
        assert server.config.timeout_keep_alive == 300
