"""pytest fixtures for testing against the mock provider (a ``pytest11`` entry point).

``oneprovider_mock`` yields a running ``MockProvider`` with a fresh default
world; ``oneprovider_mock_factory`` starts more, with any world or settings.
Both stop their servers at the end of the test. This module imports nothing
of the ``mock`` extra until a fixture is used, so installing the package
without the extra does not break pytest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

import pytest

if TYPE_CHECKING:
    from .http._server import MockProvider
    from .world._world import World

#: Fixture speed: each automatic step of an execution (start, each lane run,
#: finishing) takes 0.05 s.
FIXTURE_PHASE_SECONDS = 0.05
FIXTURE_CALLBACK_TRIES = 3
FIXTURE_CALLBACK_BACKOFF = 0.05


class MockProviderFactory(Protocol):
    """Starts a ``MockProvider``; the fixture stops it after the test."""

    def __call__(
        self,
        world: World | None = None,
        *,
        phase_seconds: float | None = FIXTURE_PHASE_SECONDS,
        callback_tries: int = FIXTURE_CALLBACK_TRIES,
        callback_backoff: float = FIXTURE_CALLBACK_BACKOFF,
        allow_callback_hosts: Iterable[str] = (),
    ) -> MockProvider: ...


@pytest.fixture
def oneprovider_mock_factory() -> Iterator[MockProviderFactory]:
    """Start mock providers (``factory(world=None, *, phase_seconds=..., ...)``)."""
    started: list[MockProvider] = []

    def start(
        world: World | None = None,
        *,
        phase_seconds: float | None = FIXTURE_PHASE_SECONDS,
        callback_tries: int = FIXTURE_CALLBACK_TRIES,
        callback_backoff: float = FIXTURE_CALLBACK_BACKOFF,
        allow_callback_hosts: Iterable[str] = (),
    ) -> MockProvider:
        try:
            from .http._server import MockProvider
        except ImportError as err:
            raise RuntimeError(
                "the oneprovider_mock fixtures need the 'mock' extra (starlette, uvicorn): "
                "pip install 'oneprovider-automation[mock]'"
            ) from err
        provider = MockProvider(
            world,
            phase_seconds=phase_seconds,
            callback_tries=callback_tries,
            callback_backoff=callback_backoff,
            allow_callback_hosts=allow_callback_hosts,
        )
        started.append(provider.start())
        return provider

    yield start
    for provider in started:
        provider.stop()


@pytest.fixture
def oneprovider_mock(oneprovider_mock_factory: MockProviderFactory) -> MockProvider:
    """A running mock provider with a fresh default world, fast executions and callbacks."""
    return oneprovider_mock_factory()
