"""Servers the benchmarks measure: the mock CLI and Prism, each on loopback.

Each is started on a free port, optionally pinned to a set of cores with
``taskset``, waited for with a bound, and always stopped.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "oneprovider-automation.yaml"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Running:
    """A server that answers on loopback."""

    api_url: str
    token: str
    space_id: str
    schema_id: str
    revision: int


#: The seed's initial content, valid in the mock's default world (its revision 3
#: requires content for both stores).
_FILE_1 = "0000000000523261677569642330376134636136616638613431366334386338343366356338643562323662"
_FILE_2 = "000000000052A6E0677569642334653938663463616538386232366437366539636462393634633031653733"
SEED_OVERLAY = {
    "de6d2e524459dd235f80aa8652a68879b5dbe9": [{"fileId": _FILE_1}],
    "83cf895501eb11f9bc71e4b2b41a252e8561b5": {"fileId": _FILE_2},
}


def schedule_body(target: Running) -> dict[str, object]:
    """The request every server-side benchmark sends: the seed's, without a callback."""
    return {
        "spaceId": target.space_id,
        "atmWorkflowSchemaId": target.schema_id,
        "atmWorkflowSchemaRevisionNumber": target.revision,
        "storeInitialContentOverlay": SEED_OVERLAY,
        "logLevel": "info",
    }


def minimal_schedule_body(target: Running) -> dict[str, object]:
    """The seed's minimal request: the three required fields, the revision as a string.

    As the bash CLI sends it (the spec's ``minimal`` example); the default world's
    revision 3 requires no store content, so a provider answers it 201.
    """
    return {
        "spaceId": target.space_id,
        "atmWorkflowSchemaId": target.schema_id,
        "atmWorkflowSchemaRevisionNumber": str(target.revision),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _pinned(args: list[str], cores: str | None) -> list[str]:
    if cores is None or shutil.which("taskset") is None:
        return args
    return ["taskset", "-c", cores, *args]


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def mock_server(*, cores: str | None = None) -> Iterator[Running]:
    """``oneprovider-mock`` as a user starts it, with its default world."""
    with tempfile.TemporaryDirectory() as tmp:
        ready = Path(tmp) / "ready.json"
        # Executions stay scheduled for the whole run: their progress (timers, a
        # thread) would otherwise take the measured core at random moments.
        args = [
            sys.executable,
            "-m",
            "oneprovider_mock",
            "--port",
            "0",
            "--ready-file",
            str(ready),
            "--phase-seconds",
            "3600",
        ]
        process = subprocess.Popen(
            _pinned(args, cores), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not ready.exists():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("oneprovider-mock did not start")
                time.sleep(0.05)
            info = json.loads(ready.read_text())
            yield Running(
                api_url=info["apiUrl"],
                token=info["token"],
                space_id=info["spaceId"],
                schema_id=info["atmWorkflowSchemaId"],
                revision=int(info["atmWorkflowSchemaRevisionNumber"]),
            )
        finally:
            _stop(process)


@contextlib.contextmanager
def prism_mock(template: Running, *, cores: str | None = None) -> Iterator[Running]:
    """``prism mock`` of our spec, answering from its examples."""
    port = free_port()
    args = [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(SPEC)]
    env = os.environ | {"NO_COLOR": "1"}
    process = subprocess.Popen(
        _pinned(args, cores), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    api_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("prism mock did not start")
            try:
                httpx.get(f"{api_url}/automation/execution/workflows/x", timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield Running(
            api_url=api_url,
            token=template.token,
            space_id=template.space_id,
            schema_id=template.schema_id,
            revision=template.revision,
        )
    finally:
        _stop(process)
