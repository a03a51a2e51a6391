"""Fixtures of the mock's tests: fresh apps and clients whose every answer meets the spec."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from oneprovider_mock import MockApp, World, create_app

from tests.mock.helpers import InProcessTransport, checked_client

#: Each automatic step of an in-process execution takes 0.05 s.
FAST = 0.05


@pytest.fixture
def make_app() -> Iterator[Callable[..., MockApp]]:
    """Build in-process apps (``make_app(world=None, **create_app options)``); closed after."""
    apps: list[MockApp] = []

    def make(world: World | None = None, **options: Any) -> MockApp:
        options.setdefault("phase_seconds", FAST)
        app = create_app(world, **options)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.backend.close()


@pytest.fixture
def app(make_app: Callable[..., MockApp]) -> MockApp:
    """An in-process mock with a fresh default world and fast executions."""
    return make_app()


@pytest.fixture
def api(app: MockApp) -> Iterator[httpx.Client]:
    """A client of ``app``; every API answer is checked against the spec."""
    with checked_client("http://testserver", transport=InProcessTransport(app)) as client:
        yield client
