"""The group's options work before or after the subcommand, and every command's --help lists them.

After the subcommand an option wins over the same one before it and over the
environment. A host or token that is wrong is named by where it came from.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import click
import pytest
from oneprovider_automation import Oneprovider
from oneprovider_automation.cli._main import cli, main
from oneprovider_automation.cli._options import Options
from oneprovider_mock import MockProvider

from .test_e2e_cli_executions import DRY_RUNS

GLOBAL_OPTIONS = (
    "--host",
    "--token",
    "--request-timeout",
    "--max-retries",
    "--insecure",
    "--dry-run",
)
ELSEWHERE = "http://127.0.0.1:9"

#: One call of each command (a dry run sends nothing).
EVERY_COMMAND = [
    ["schedule", "--space", "s", "--schema", "w", "--revision", "1"],
    ["batch", "in.jsonl", "--output", "r.jsonl"],
    ["get", "e1"],
    ["wait", "e1"],
    [
        "scheduleWorkflowExecution",
        "spaceId==s",
        "atmWorkflowSchemaId==w",
        "atmWorkflowSchemaRevisionNumber:=1",
    ],
    ["getWorkflowExecutionDetails", "wid=e1"],
    ["audit-log", "e1"],
    *(argv for argv, _, _ in DRY_RUNS),
]


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("ONEPROVIDER_HOST", "ONEPROVIDER_API_KEY", "ONEPROVIDER_LOG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.jsonl").write_text(
        '{"spaceId": "s", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 1}\n'
    )


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


#: Commands that never talk to a provider (tests/wrapper/test_workflow_schema_cli.py).
SENDS_NOTHING = {"check"}


def test_every_command_is_tried() -> None:
    assert {argv[0] for argv in EVERY_COMMAND} | SENDS_NOTHING == set(cli.commands)


@pytest.mark.parametrize("argv", EVERY_COMMAND, ids=lambda argv: argv[0])
def test_host_token_and_dry_run_work_after_every_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", ELSEWHERE)
    code, out, err = _run(
        capsys, *argv, "--host", "after.example.com", "--token", "tok", "--dry-run"
    )
    assert code == 0, err
    urls = [shlex.split(line)[3] for line in out.splitlines() if line.startswith("curl")]
    assert urls
    assert all(url.startswith("https://after.example.com/api/v3/oneprovider/") for url in urls)


def test_get_with_host_and_token_after_it_reads_from_the_mock(
    oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    with Oneprovider(oneprovider_mock.url, oneprovider_mock.token) as client:
        execution_id = client.workflow_executions.schedule(
            oneprovider_mock.world.defaults.space_id,
            oneprovider_mock.world.defaults.atm_workflow_schema_id,
            3,
        ).id
    code, out, err = _run(
        capsys,
        "get",
        execution_id,
        "--host",
        oneprovider_mock.url,
        "--token",
        oneprovider_mock.token,
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["atmWorkflowExecutionId"] == execution_id


def test_an_option_after_the_command_wins(
    oneprovider_mock: MockProvider,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", ELSEWHERE)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", "not-the-token")
    code, out, err = _run(
        capsys,
        "--host",
        ELSEWHERE,
        "--dry-run",
        "getWorkflowExecutionDetails",
        "wid=e1",
        "--host",
        oneprovider_mock.url,
        "--token",
        oneprovider_mock.token,
    )
    assert code == 0, err
    assert shlex.split(out)[3].startswith(oneprovider_mock.url)


@pytest.mark.parametrize(
    "argv",
    [["get", "e1"], ["cancel", "e1"], ["listWorkflowExecutions", "sid=s"], ["list", "s"]],
    ids=lambda argv: argv[0],
)
def test_the_request_options_after_the_command_reach_the_client(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    seen: list[Options] = []

    def client(self: Options) -> None:
        seen.append(self)
        raise click.UsageError("stop here")

    monkeypatch.setattr(Options, "client", client)
    after = ["--request-timeout", "7", "--max-retries", "5", "--insecure"]
    code, _, err = _run(
        capsys, "--max-retries", "1", *argv, "--host", "h.test", "--token", "t", *after
    )
    assert code == 2
    assert "stop here" in err
    (options,) = seen
    assert (options.host, options.token) == ("h.test", "t")
    assert (options.request_timeout, options.max_retries, options.insecure) == (7, 5, True)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_help_lists_the_global_options(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, out, _ = _run(capsys, command, "--help")
    assert code == 0
    own, _, shared = out.partition("\nGlobal options:\n")
    assert shared, out
    for option in GLOBAL_OPTIONS:
        assert f"  {option} " in shared or f"  {option}\n" in shared, (option, shared)
        assert f"  {option} " not in own


def test_cancel_help_shows_host(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "cancel", "--help")
    assert code == 0
    assert "--host URL" in out
    assert "ONEPROVIDER_HOST" in out


# --- where a wrong host came from ---------------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "argv", "message"),
    [
        ({"ONEPROVIDER_HOST": "ftp://x"}, [], "ONEPROVIDER_HOST: host must be an http(s) URL"),
        ({"ONEPROVIDER_HOST": "  "}, [], "ONEPROVIDER_HOST: host must be a provider's host name"),
        (
            {"ONEPROVIDER_HOST": "https://user:pw@h.test"},
            [],
            "ONEPROVIDER_HOST: host must not carry credentials",
        ),
        ({}, ["--host", "ftp://x"], "--host: host must be an http(s) URL"),
        ({}, ["--host", ""], "--host: host must be a provider's host name"),
        ({"ONEPROVIDER_HOST": "h.test"}, ["--host", "ftp://x"], "--host: host must be an http(s)"),
    ],
)
@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("dry_run", [False, True])
def test_a_wrong_host_is_named_by_where_it_came_from(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
    argv: list[str],
    message: str,
    where: str,
    dry_run: bool,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", "tok")
    command = ["get", "e1", *(["--dry-run"] if dry_run else [])]
    full = [*argv, *command] if where == "before" else [*command, *argv]
    code, out, err = _run(capsys, *full)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert message in err
