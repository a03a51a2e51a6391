"""``oneprovider-mock``: a real server in a subprocess, and its command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from oneprovider_mock import World
from oneprovider_mock._cli import main

from tests import seed
from tests.mock.helpers import SCHEDULE_URL, checked_client, details_path

START_TIMEOUT = 60.0


def command() -> list[str]:
    installed = shutil.which("oneprovider-mock", path=str(Path(sys.executable).parent))
    return [installed] if installed else [sys.executable, "-m", "oneprovider_mock"]


@pytest.mark.slow
def test_ready_file_then_requests_then_terminate(tmp_path: Path) -> None:
    ready = tmp_path / "ready.json"
    process = subprocess.Popen(
        [*command(), "--port", "0", "--ready-file", str(ready), "--phase-seconds", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not ready.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no ready file"
            time.sleep(0.05)
        info = json.loads(ready.read_text())
        world = World.default()
        assert info == {
            "host": info["host"],
            "apiUrl": info["host"] + "/api/v3/oneprovider",
            "token": world.default_token,
            "spaceId": seed.SPACE_ID,
            "atmWorkflowSchemaId": seed.ATM_WORKFLOW_SCHEMA_ID,
            "atmWorkflowSchemaRevisionNumber": 3,
        }
        assert info["host"].startswith("http://127.0.0.1:")
        headers = {"X-Auth-Token": info["token"], "Content-Type": "application/json"}
        with checked_client(info["host"]) as client:
            response = client.post(SCHEDULE_URL, content=seed.curl_body_text(), headers=headers)
            assert response.status_code == 201, response.text
            details = client.get(details_path(response), headers=headers)
            assert details.json()["status"] == "finished"
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    banner = out.decode()
    assert "oneprovider-mock: world 'default' served at http://127.0.0.1:" in banner
    # The token is never printed, only its first characters.
    assert World.default().default_token not in banner + err.decode()
    assert not ready.exists()


def test_list_worlds() -> None:
    result = CliRunner().invoke(main, ["--list-worlds"])
    assert result.exit_code == 0
    assert [line.split(":")[0] for line in result.output.splitlines()] == World.names()


def test_an_unknown_world_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--world", str(tmp_path / "missing.json")])
    assert result.exit_code == 2
    assert "--world" in result.output
    assert "missing.json" in result.output


def test_a_busy_port_is_reported(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = CliRunner().invoke(main, ["--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
