"""A ``prism mock`` of the spec, shared by the tests of a module, always stopped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contract_tests.prism import run_prism


@pytest.fixture(scope="module")
def prism_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API base URL of ``prism mock`` serving the spec on 127.0.0.1."""
    with run_prism("mock", tmp_path_factory.mktemp("prism-mock")) as url:
        yield url
