"""Options and the case summary of the schemathesis suite (see :mod:`contract_tests.summary`)."""

from __future__ import annotations

import pytest

from contract_tests import summary


def pytest_addoption(parser: pytest.Parser) -> None:
    summary.addoption(parser)


def pytest_configure(config: pytest.Config) -> None:
    summary.configure(config)
