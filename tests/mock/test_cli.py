"""``oneprovider-mock``: a real server in a subprocess, and its command line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import oneprovider_automation
import pytest
from click.testing import CliRunner, Result
from oneprovider_automation.workflow_schema import space_of
from oneprovider_mock import World
from oneprovider_mock._cli import main

from contract_tests.processes import running, wait_for
from tests import seed
from tests.mock.helpers import SCHEDULE_URL, checked_client, details_path, receiver
from tests.openapi_support import ROOT

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
            "storeInitialContentOverlay": seed.request_body()["storeInitialContentOverlay"],
            "stores": [
                {
                    "id": "de6d2e524459dd235f80aa8652a68879b5dbe9",
                    "name": "input files",
                    "type": "list",
                    "requiresInitialContent": False,
                },
                {
                    "id": "83cf895501eb11f9bc71e4b2b41a252e8561b5",
                    "name": "reference file",
                    "type": "singleValue",
                    "requiresInitialContent": False,
                },
            ],
            # The seed's two example ids are no object ids, so they are not listed.
            "files": [
                {"fileId": file.id, "type": file.type, "name": file.name}
                for file in world.spaces[seed.SPACE_ID].files.values()
                if file.name not in ("input-1.txt", "input-2.txt")
            ],
        }
        assert {file["type"] for file in info["files"]} == {"REG", "DIR"}
        assert all(space_of(file["fileId"]) == seed.SPACE_ID for file in info["files"])
        assert [file["type"] for file in info["files"]] == ["REG", "REG", "DIR"]
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


# --- the command line: version, help, bad worlds ------------------------------------------


def test_version_is_the_package_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output == f"oneprovider-mock, version {oneprovider_automation.__version__}\n"


ACTIONS = {"--list-worlds", "--version", "-h, --help"}


def help_entries() -> dict[str, str]:
    """Each option of ``--help``: its first words (``--port PORT``) -> its text, unwrapped."""
    text = CliRunner().invoke(main, ["--help"]).output
    options = text.split("Options:\n", 1)[1]
    entries = re.split(r"\n(?=  -)", options.strip("\n"))
    return {
        entry.split("  ")[1].split(" ")[0].rstrip(","): " ".join(entry.split()) for entry in entries
    }


def test_help_shows_the_default_of_every_option() -> None:
    entries = help_entries()
    assert {"--host", "--port", "--world", "--ready-file", "--phase-seconds"} <= set(entries)
    for name, entry in entries.items():
        if name in {"--list-worlds", "--version", "-h"}:
            continue
        assert "[default: " in entry, entry
    # Numbers and files are named for what they are, not for their Python type.
    assert "INTEGER" not in " ".join(entries.values())
    assert "FLOAT" not in " ".join(entries.values())


def test_help_of_the_ready_file_names_every_key() -> None:
    entry = help_entries()["--ready-file"]
    for key in World.default().connection_info("http://127.0.0.1:1"):
        assert key in entry, key


def error_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_an_unknown_world_lists_the_shipped_ones_and_points_to_list_worlds() -> None:
    line = error_line(CliRunner().invoke(main, ["--world", "nosuch"]))
    assert line.startswith("oneprovider-mock: error: --world 'nosuch'")
    assert "is neither a shipped world nor a file" in line
    assert ", ".join(World.names()) in line
    assert "--list-worlds" in line


def test_a_misspelt_world_is_matched_to_the_closest() -> None:
    line = error_line(CliRunner().invoke(main, ["--world", "no-privilge"]))
    assert "--world 'no-privilge' is neither a shipped world nor a file" in line
    assert "did you mean 'no-privilege'?" in line
    assert "--list-worlds" in line


def test_a_world_file_that_is_no_world_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "lab.json"
    path.write_text(json.dumps({"extends": "default", "phaseSeconds": "fast"}))
    line = error_line(CliRunner().invoke(main, ["--world", str(path)]))
    assert f"--world: world file {str(path)!r} is not a valid world:" in line
    assert "phaseSeconds" in line


def test_a_world_file_that_is_no_json_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "lab.json"
    path.write_text('{\n  "extends": "default",\n}\n')
    line = error_line(CliRunner().invoke(main, ["--world", str(path)]))
    assert str(path) in line
    assert "line 3" in line


def test_a_ready_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    ready = blocker / "ready.json"
    line = error_line(CliRunner().invoke(main, ["--port", "0", "--ready-file", str(ready)]))
    assert line.startswith(f"oneprovider-mock: error: --ready-file {str(ready)!r}: cannot write")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--phase-seconds", "1e10"),
        ("--phase-seconds", "nan"),
        ("--phase-seconds", "inf"),
        ("--callback-backoff", "nan"),
        ("--callback-backoff", "inf"),
    ],
)
def test_a_number_out_of_range_is_one_line(option: str, value: str) -> None:
    import socket

    # On a busy port: should the value get through, the command fails instead of serving.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = str(sock.getsockname()[1])
        line = error_line(CliRunner().invoke(main, ["--port", port, option, value]))
    assert option in line
    # The range is named.
    assert "1000000000" in line.replace(",", "")


def test_a_bad_option_value_is_one_line() -> None:
    line = error_line(CliRunner().invoke(main, ["--port", "http"]))
    assert line.startswith("oneprovider-mock: error: ")
    assert "--port" in line
    assert "'http'" in line
    assert "--help" in line


# --- the banner: commands to paste ----------------------------------------------------------

BANNER_TIMEOUT = 60.0
#: A bound on the commands pasted from the banner (they schedule two executions).
PASTE_TIMEOUT = 60.0


def banner_commands(log: Path) -> str | None:
    """The banner's commands to paste into bash, once the banner is complete."""
    text = log.read_text(encoding="utf-8", errors="replace")
    if "Stop with Ctrl+C." not in text:
        return None
    block = text.split("To call it, paste into bash:\n", 1)[1].split("Stop with Ctrl+C.", 1)[0]
    return block


def run_pasted(commands: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("ONEPROVIDER_")}
    return subprocess.run(
        ["bash", "-e", "-c", commands],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=PASTE_TIMEOUT,
        check=False,
    )


def json_values(text: str) -> list[object]:
    """The JSON values printed one after another (on one line or several)."""
    decoder, values, at = json.JSONDecoder(), [], 0
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        value, at = decoder.raw_decode(text, at)
        values.append(value)
    return values


MAKE_MOCK = "make mock"


@pytest.mark.slow
@pytest.mark.parametrize("how", [MAKE_MOCK, "--ready-file", "no ready file"])
def test_the_banner_commands_work_pasted_into_bash(tmp_path: Path, how: str) -> None:
    ready = tmp_path / "ready.json"
    if how == MAKE_MOCK:
        args = [
            "make",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "mock",
            "MOCK_PORT=0",
            f"MOCK_READY_FILE={ready}",
        ]
    else:
        args = [*command(), "--port", "0", "--phase-seconds", "0"]
        if how == "--ready-file":
            args += ["--ready-file", str(ready)]
    log = tmp_path / "mock.log"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with running(args, log, cwd=ROOT) as process:
        commands = wait_for(
            lambda: banner_commands(log), process, log, timeout=BANNER_TIMEOUT, what=how
        )
        # Pasted as written, from another folder than the mock's.
        pasted = run_pasted(commands, elsewhere)
        banner = log.read_text()
    assert pasted.returncode == 0, f"{commands}\n{pasted.stdout}\n{pasted.stderr}"
    scheduled = json_values(pasted.stdout)
    # curl, then the client's CLI: each schedules one execution (201).
    assert len(scheduled) == 2, pasted.stdout
    assert all(
        isinstance(answer, dict) and "atmWorkflowExecutionId" in answer for answer in scheduled
    )
    assert "$TOKEN" not in commands
    assert "export ONEPROVIDER_HOST=" in commands
    assert 'export ONEPROVIDER_API_KEY="$(' in commands
    # The token is never shown, in the banner or in the commands.
    assert World.default().default_token not in banner
    if how != "no ready file":
        assert str(ready) in commands
    else:
        assert "/_mock/world" in commands


def test_make_mock_writes_an_ignored_ready_file_in_the_project() -> None:
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "mock"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    recipe = " ".join(dry.stdout.replace("\\\n", " ").split())
    assert recipe.endswith(
        "oneprovider-mock --host 127.0.0.1 --port 8080 --world default --ready-file mock-ready.json"
    ), recipe
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "mock-ready.json"], cwd=ROOT, timeout=60, check=False
    )
    assert ignored.returncode == 0, "mock-ready.json is not in .gitignore"


# --- the log of callback decisions, on stderr -------------------------------------------------

SETTLE_TIMEOUT = 30.0


@pytest.mark.slow
def test_callback_decisions_are_logged_on_stderr_without_secrets(tmp_path: Path) -> None:
    ready = tmp_path / "ready.json"
    args = [*command(), "--port", "0", "--ready-file", str(ready), "--phase-seconds", "0"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        info = wait_for(
            lambda: json.loads(ready.read_text()) if ready.exists() else None,
            process,
            tmp_path / "no.log",
            timeout=START_TIMEOUT,
            what="oneprovider-mock",
        )
        headers = {"X-Auth-Token": info["token"]}
        with checked_client(info["host"]) as client, receiver() as rx:
            scheme, rest = rx.url.split("://", 1)
            for url in (
                f"{scheme}://alice:hunter2@{rest}?token=s3cr3t-token",
                "https://alice:hunter2@10.1.2.3/cb?token=s3cr3t-token",
            ):
                body = seed.request_body() | {"callback": url}
                assert client.post(SCHEDULE_URL, json=body, headers=headers).status_code == 201
            deadline = time.monotonic() + SETTLE_TIMEOUT
            while not all(
                d["outcome"] in {"delivered", "refused"}
                for d in client.get("/_mock/callbacks").json()
            ):
                assert time.monotonic() < deadline, client.get("/_mock/callbacks").json()
                time.sleep(0.05)
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    log = err.decode()
    lines = [line for line in log.splitlines() if " callback of " in line]
    assert len(lines) == 2, log
    assert any(
        f"to {scheme}://alice:***@{rest}?token=***: delivered on try 1 of 31 (answered 204)" in line
        for line in lines
    ), lines
    assert any(
        "to https://alice:***@10.1.2.3/cb?token=*** refused: host '10.1.2.3' is not a loopback"
        in line
        for line in lines
    ), lines
    assert all(" INFO " in line for line in lines), lines
    assert "hunter2" not in log
    assert "s3cr3t-token" not in log
