"""A dry run prints a command that bash runs as written: curl, the token read from the environment.

Each printed command is run with ``bash -c`` and the real curl against the
mock on loopback, ONEPROVIDER_API_KEY holding the mock's token: the status and
body must be what the CLI itself would get. A ``.curlrc`` in ``CURL_HOME``
makes curl write the status after the body, so the command runs unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider, World
from oneprovider_mock.pytest_plugin import MockProviderFactory

from tests import seed

LIST_STORE = "de6d2e524459dd235f80aa8652a68879b5dbe9"
REFERENCE_STORE = "83cf895501eb11f9bc71e4b2b41a252e8561b5"
ONGOING = "03eeeeeeeeeeeeeeeeeeeeeeeeeeeeeech0000"
ENDED = "08eeeeeeeeeeeeeeeeeeeeeeeeeeeeeech0000"
TOKEN_HEADER = '-H "X-Auth-Token: $ONEPROVIDER_API_KEY"'

needs_curl = pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("bash") is None,
    reason="needs bash and curl ('make unit-test' installs curl)",
)


def _dry_run(
    capsys: pytest.CaptureFixture[str], provider: MockProvider, *argv: str
) -> tuple[str, str]:
    """The command ``--dry-run`` prints for ``argv``, the token in the environment."""
    capsys.readouterr()
    assert main(["--dry-run", *argv]) == 0
    out, err = capsys.readouterr()
    assert provider.token not in out + err
    assert out.count("\n") == 1, out
    assert TOKEN_HEADER in out
    return out, err


def _bash(command: str, tmp_path: Path, token: str) -> tuple[int, str]:
    """Run ``command`` as written with bash; the status and body curl got."""
    home = tmp_path / "curl-home"
    home.mkdir(exist_ok=True)
    (home / ".curlrc").write_text('silent\nshow-error\nwrite-out = "\\n%{http_code}"\n')
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "CURL_HOME": str(home),
        "ONEPROVIDER_API_KEY": token,
    }
    done = subprocess.run(
        ["bash", "-c", command],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    body, _, status = done.stdout.rpartition("\n")
    return int(status), body


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    monkeypatch.chdir(tmp_path)


@needs_curl
def test_a_printed_schedule_with_a_store_file_runs_in_bash_and_schedules(
    oneprovider_mock: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    environment: None,
) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", oneprovider_mock.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", oneprovider_mock.token)
    overlay = seed.request_body()["storeInitialContentOverlay"]
    (tmp_path / "files.json").write_text(json.dumps(overlay[LIST_STORE]))
    command, _ = _dry_run(
        capsys,
        oneprovider_mock,
        "schedule",
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
    )
    assert oneprovider_mock.world.executions == {}
    status, body = _bash(command, tmp_path, oneprovider_mock.token)
    assert status == 201, body
    execution_id = json.loads(body)["atmWorkflowExecutionId"]
    assert list(oneprovider_mock.world.executions) == [execution_id]
    recorded = oneprovider_mock.world.executions[execution_id]
    assert recorded.store_initial_content[LIST_STORE] == overlay[LIST_STORE]


@pytest.fixture
def every_state(
    oneprovider_mock_factory: MockProviderFactory, monkeypatch: pytest.MonkeyPatch
) -> MockProvider:
    provider = oneprovider_mock_factory(
        World.named("executions-in-every-state"), phase_seconds=None
    )
    monkeypatch.setenv("ONEPROVIDER_HOST", provider.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", provider.token)
    return provider


@needs_curl
@pytest.mark.parametrize("syntax", ["ours", "rest-cli"])
def test_a_printed_get_runs_in_bash_and_reads_the_details(
    every_state: MockProvider,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    environment: None,
    syntax: str,
) -> None:
    argv = ["get", ENDED] if syntax == "ours" else ["getWorkflowExecutionDetails", f"wid={ENDED}"]
    command, _ = _dry_run(capsys, every_state, *argv)
    status, body = _bash(command, tmp_path, every_state.token)
    assert status == 200, body
    assert json.loads(body)["atmWorkflowExecutionId"] == ENDED


@needs_curl
@pytest.mark.parametrize("syntax", ["ours", "rest-cli"])
def test_a_printed_action_runs_in_bash_and_the_provider_applies_it(
    every_state: MockProvider,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    environment: None,
    syntax: str,
) -> None:
    argv = (
        ["cancel", ONGOING] if syntax == "ours" else ["cancelWorkflowExecution", f"wid={ONGOING}"]
    )
    command, _ = _dry_run(capsys, every_state, *argv)
    assert every_state.world.executions[ONGOING].status == "active"
    status, body = _bash(command, tmp_path, every_state.token)
    assert (status, body) == (204, "")
    assert every_state.world.executions[ONGOING].status in {"stopping", "cancelled"}


@needs_curl
def test_a_printed_command_without_the_variable_is_refused_by_the_provider(
    every_state: MockProvider,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    environment: None,
) -> None:
    # The token comes from the shell, not from the printed text.
    command, _ = _dry_run(capsys, every_state, "get", ENDED)
    status, _ = _bash(command, tmp_path, "")
    assert status == 401


# --- quoting, without a provider (nor curl: a shell function stands for it) -------------

AWKWARD = 'it\'s $HOME `id` $(id) \\ "q" ; & | * ? ~ é'


@pytest.mark.parametrize("shell", ["bash", "sh"])
def test_every_argument_reaches_curl_as_it_was_built(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environment: None,
    shell: str,
) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"needs {shell}")
    monkeypatch.setenv("ONEPROVIDER_HOST", "provider.example.com")
    monkeypatch.setenv("ONEPROVIDER_API_KEY", "tok")
    capsys.readouterr()
    argv = ["schedule", "--space", AWKWARD, "--schema", AWKWARD, "--revision", "1"]
    assert main([*argv, "--callback", f"https://cb.test/?q={AWKWARD}", "--dry-run"]) == 0
    command = capsys.readouterr().out
    # A curl that prints its arguments, one per line-ending NUL.
    shown = f'curl() {{ printf "%s\\0" "$@"; }}\n{command}'
    done = subprocess.run(
        [shell, "-c", shown],
        env={"PATH": os.environ["PATH"], "ONEPROVIDER_API_KEY": "the token"},
        capture_output=True,
        timeout=60,
        check=True,
    )
    words = done.stdout.decode("utf-8").split("\0")[:-1]
    assert words[:2] == ["-X", "POST"]
    assert (
        words[2] == "https://provider.example.com/api/v3/oneprovider/automation/execution/workflows"
    )
    headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
    assert "X-Auth-Token: the token" in headers
    body = json.loads(words[words.index("-d") + 1])
    assert body["spaceId"] == body["atmWorkflowSchemaId"] == AWKWARD
    assert body["callback"] == f"https://cb.test/?q={AWKWARD}"


# --- where the token comes from -----------------------------------------------------------


def test_the_token_never_shows_and_the_command_reads_the_variable(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environment: None,
) -> None:
    token = "MDAxY2xvY2F0aW9uIG9uZXpvbmUKMDAzMGlkZW50aWZpZXIgMi9ubWQvdXNyLXRva2Vu"
    monkeypatch.setenv("ONEPROVIDER_HOST", "provider.example.com")
    monkeypatch.setenv("ONEPROVIDER_API_KEY", token)
    capsys.readouterr()
    assert main(["--dry-run", "get", "e1"]) == 0
    out, err = capsys.readouterr()
    assert token not in out + err
    assert TOKEN_HEADER in out
    assert err == ""


def test_a_token_given_by_option_is_not_printed_and_stderr_says_what_the_command_reads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environment: None,
) -> None:
    token = "MDAxY2xvY2F0aW9uIG9uZXpvbmUKMDAzMGlkZW50aWZpZXIgMi9ubWQvdXNyLXRva2Vu"
    monkeypatch.setenv("ONEPROVIDER_HOST", "provider.example.com")
    monkeypatch.delenv("ONEPROVIDER_API_KEY", raising=False)
    capsys.readouterr()
    assert main(["--token", token, "--dry-run", "list", "s", "--all-phases"]) == 0
    out, err = capsys.readouterr()
    assert token not in out + err
    assert out.count(TOKEN_HEADER) == 4
    # Said once, however many commands are printed.
    assert err.count("\n") == 1
    assert "ONEPROVIDER_API_KEY" in err
    assert "--token" in err
