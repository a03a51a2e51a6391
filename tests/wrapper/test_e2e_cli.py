"""Each CLI command against the threaded mock provider."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider, World
from oneprovider_mock.pytest_plugin import MockProviderFactory

from tests import seed
from tests.openapi_support import component

LIST_STORE = "de6d2e524459dd235f80aa8652a68879b5dbe9"
REFERENCE_STORE = "83cf895501eb11f9bc71e4b2b41a252e8561b5"


def _use(monkeypatch: pytest.MonkeyPatch, provider: MockProvider, tmp_path: Path) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", provider.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", provider.token)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    monkeypatch.chdir(tmp_path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def _seed_cli_arguments(tmp_path: Path) -> list[str]:
    overlay = seed.request_body()["storeInitialContentOverlay"]
    (tmp_path / "files.json").write_text(json.dumps(overlay[LIST_STORE]))
    return [
        "--space",
        seed.SPACE_ID,
        "--schema",
        seed.ATM_WORKFLOW_SCHEMA_ID,
        "--revision",
        "3",
        "--store",
        f"{LIST_STORE}=@files.json",
        "--store",
        f"{REFERENCE_STORE}={json.dumps(overlay[REFERENCE_STORE])}",
        "--log-level",
        "debug",
    ]


def test_schedule_get_wait(
    oneprovider_mock: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use(monkeypatch, oneprovider_mock, tmp_path)
    code, scheduled, err = _run(capsys, "schedule", *_seed_cli_arguments(tmp_path))
    assert (code, err) == (0, "")
    execution_id = scheduled["atmWorkflowExecutionId"]
    assert scheduled["url"].endswith(f"/oneprovider/automation/execution/workflows/{execution_id}")
    assert scheduled["location"].endswith(
        f"/oneproviderautomation/execution/workflows/{execution_id}"
    )
    recorded = oneprovider_mock.world.executions[execution_id]
    assert recorded.log_level == "debug"
    assert recorded.store_initial_content[LIST_STORE] == json.loads(
        (tmp_path / "files.json").read_text()
    )

    code, details, _ = _run(capsys, "get", execution_id)
    assert code == 0
    assert details["atmWorkflowExecutionId"] == execution_id
    assert component("AtmWorkflowExecutionDetails").is_valid(details)

    code, final, err = _run(
        capsys, "wait", execution_id, "--timeout", "30", "--poll-interval", "0.02"
    )
    assert code == 0
    assert final["status"] == "finished"
    assert f"workflow execution {execution_id} is finished" in err


def test_rest_cli_syntax(
    oneprovider_mock: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use(monkeypatch, oneprovider_mock, tmp_path)
    overlay = json.dumps(seed.request_body()["storeInitialContentOverlay"])
    code, scheduled, _ = _run(
        capsys,
        "scheduleWorkflowExecution",
        f"spaceId=={seed.SPACE_ID}",
        f"atmWorkflowSchemaId=={seed.ATM_WORKFLOW_SCHEMA_ID}",
        "atmWorkflowSchemaRevisionNumber==3",
        f"storeInitialContentOverlay:={overlay}",
    )
    assert code == 0
    execution_id = scheduled["atmWorkflowExecutionId"]
    assert execution_id in oneprovider_mock.world.executions
    code, details, _ = _run(capsys, "getWorkflowExecutionDetails", f"wid={execution_id}")
    assert code == 0
    assert details["spaceId"] == seed.SPACE_ID


def test_the_dry_run_curl_is_the_request(
    oneprovider_mock: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use(monkeypatch, oneprovider_mock, tmp_path)
    assert main(["--dry-run", "schedule", *_seed_cli_arguments(tmp_path)]) == 0
    words = shlex.split(capsys.readouterr().out)
    assert oneprovider_mock.world.executions == {}
    # Replay the printed command, the token filled in where it shows ***.
    method, url = words[2], words[3]
    headers = dict(words[i + 1].split(": ", 1) for i, word in enumerate(words) if word == "-H")
    headers["X-Auth-Token"] = oneprovider_mock.token
    body = words[words.index("-d") + 1]
    response = httpx.request(method, url, headers=headers, content=body)
    assert response.status_code == 201, response.text
    assert list(oneprovider_mock.world.executions) == [response.json()["atmWorkflowExecutionId"]]


@pytest.mark.parametrize(
    ("world", "argv", "message"),
    [
        ("no-privilege", ["schedule", "--revision", "3"], "forbidden (403): "),
        ("default", ["get", "0123456789abcdef0123456789abcdefch0000"], "notFound (404): "),
        ("default", ["schedule", "--revision", "99"], "notFound (404): "),
    ],
)
def test_provider_errors_exit_1_with_one_line(
    oneprovider_mock_factory: MockProviderFactory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    world: str,
    argv: list[str],
    message: str,
) -> None:
    provider = oneprovider_mock_factory(World.named(world))
    _use(monkeypatch, provider, tmp_path)
    if argv[0] == "schedule":
        defaults = provider.world.defaults
        argv = [*argv, "--space", defaults.space_id, "--schema", defaults.atm_workflow_schema_id]
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (1, None)
    assert err.startswith(f"oneprovider-automation: error: {message}")
    assert err.count("\n") == 1


def test_a_bad_token_exits_1_and_is_not_shown(
    oneprovider_mock: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use(monkeypatch, oneprovider_mock, tmp_path)
    token = "MDAxwrongTOKENthatNoUserHolds0123456789"
    code, _, err = _run(capsys, "--token", token, "get", "e1")
    assert code == 1
    assert "unauthorized (401)" in err
    assert token not in err


def test_wait_timeout_prints_the_last_state_seen_and_exits_1(
    oneprovider_mock_factory: MockProviderFactory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=3600)
    _use(monkeypatch, provider, tmp_path)
    code, scheduled, _ = _run(capsys, "schedule", *_seed_cli_arguments(tmp_path))
    assert code == 0
    execution_id = scheduled["atmWorkflowExecutionId"]
    code, last, err = _run(
        capsys, "wait", execution_id, "--timeout", "0.1", "--poll-interval", "0.05"
    )
    assert code == 1
    # The details, as wait prints them when the execution stops; the why on stderr.
    assert (last["atmWorkflowExecutionId"], last["status"]) == (execution_id, "scheduled")
    assert component("AtmWorkflowExecutionDetails").is_valid(last)
    assert err.rstrip().splitlines()[-1].startswith("oneprovider-automation: error: ")
    assert f"workflow execution {execution_id} is still scheduled" in err


def test_oneprovider_log_debug_logs_requests_with_the_token_masked(
    oneprovider_mock: MockProvider, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "ONEPROVIDER_HOST": oneprovider_mock.url,
        "ONEPROVIDER_API_KEY": oneprovider_mock.token,
        "ONEPROVIDER_LOG": "debug",
    }
    missing = "0123456789abcdef0123456789abcdefch0000"
    done = subprocess.run(
        [sys.executable, "-m", "oneprovider_automation", "get", missing],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    log = done.stderr
    assert (
        f"request: GET {oneprovider_mock.api_url}/automation/execution/workflows/{missing}" in log
    )
    assert "'x-auth-token': '***'" in log
    assert "-> 404 Not Found" in log
    assert "retry decision: stop: status 404 is final" in log
    assert log.rstrip().splitlines()[-1].startswith("oneprovider-automation: error: notFound (404)")
    assert oneprovider_mock.token not in log
