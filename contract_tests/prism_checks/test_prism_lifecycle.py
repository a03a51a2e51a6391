"""Prism is served on loopback, answers once ready, and is stopped on the way out."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from contract_tests.prism import run_prism


def _refuses(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _use_then_fail(workdir: Path, seen: list[int]) -> None:
    with run_prism("mock", workdir) as url:
        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1"
        assert parts.port is not None
        seen.append(parts.port)
        answer = httpx.get(url + "/automation/execution/workflows/x", timeout=30)
        # No token: Prism answers for the security requirement.
        assert answer.status_code == 401
        raise RuntimeError("a failing test")


def test_prism_is_stopped_even_when_the_test_fails(tmp_path: Path) -> None:
    seen: list[int] = []
    with pytest.raises(RuntimeError, match="a failing test"):
        _use_then_fail(tmp_path, seen)
    (port,) = seen
    assert _refuses(port)
