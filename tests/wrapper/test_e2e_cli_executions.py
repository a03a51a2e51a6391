"""The CLI's commands on existing executions, in both syntaxes, against the threaded mock."""

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
from oneprovider_automation import ExecutionPhase, Oneprovider
from oneprovider_automation.cli._executions import entry_json
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider, World
from oneprovider_mock.pytest_plugin import MockProviderFactory

EVERY_STATE = "executions-in-every-state"
SPACE = "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c"


def wid(prefix: str) -> str:
    return f"{prefix}{'e' * 30}ch0000"


@pytest.fixture
def every_state(
    oneprovider_mock_factory: MockProviderFactory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> MockProvider:
    provider = oneprovider_mock_factory(World.named(EVERY_STATE), phase_seconds=None)
    monkeypatch.setenv("ONEPROVIDER_HOST", provider.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", provider.token)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    monkeypatch.chdir(tmp_path)
    return provider


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


# --- list -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        ("waiting", ["01", "02"]),
        ("ongoing", ["03", "04", "05"]),
        ("suspended", ["06", "07", "0d"]),
        ("ended", ["08", "09", "0a", "0b", "0c"]),
    ],
)
def test_list_prints_one_object_a_line_for_the_phase(
    every_state: MockProvider, capsys: pytest.CaptureFixture[str], phase: str, expected: list[str]
) -> None:
    code, out, err = _run(capsys, "list", SPACE, "--phase", phase)
    assert (code, err) == (0, "")
    listed = _lines(out)
    assert sorted(item["atmWorkflowExecutionId"] for item in listed) == [wid(p) for p in expected]
    assert {item["phase"] for item in listed} == {phase}


def test_list_all_phases_and_a_limit(
    every_state: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "list", SPACE, "--all-phases")
    assert code == 0
    listed = _lines(out)
    assert len(listed) == 13
    assert [item["phase"] for item in listed] == sorted(
        (item["phase"] for item in listed), key=[p.value for p in ExecutionPhase].index
    )
    code, out, _ = _run(capsys, "list", SPACE, "--all-phases", "--limit", "4")
    assert [item["phase"] for item in _lines(out)] == ["waiting", "waiting", "ongoing", "ongoing"]
    code, out, _ = _run(capsys, "list", SPACE, "--phase", "ended", "--limit", "2")
    assert len(_lines(out)) == 2
    code, _, err = _run(capsys, "list", SPACE, "--all-phases", "--phase", "ended")
    assert code == 2
    assert "--phase and --all-phases exclude each other" in err


def test_list_into_a_closed_pipe_ends_quietly(every_state: MockProvider) -> None:
    # Like `| head -1` that has exited: nobody reads the pipe any more.
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "ONEPROVIDER_HOST": every_state.url}
    env["ONEPROVIDER_API_KEY"] = every_state.token
    env.pop("ONEPROVIDER_LOG", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "oneprovider_automation", "list", SPACE, "--all-phases"],
            env=env,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr.decode() == ""
    assert done.returncode == 0


# --- the actions ------------------------------------------------------------------------

ACTIONS = [
    # (our syntax, rest-cli syntax, execution, the status it is in after)
    (["cancel"], ["cancelWorkflowExecution"], "03", {"stopping", "cancelled"}),
    (["pause"], ["pauseWorkflowExecution"], "03", {"stopping", "paused"}),
    (["resume"], ["resumeWorkflowExecution"], "06", {"resuming", "active"}),
    (["force-continue"], ["forceContinueWorkflowExecution"], "09", {"resuming", "active"}),
    (
        ["rerun", "--lane-index", "1", "--lane-run-number", "1"],
        ["rerunWorkflowExecution", "laneIndex:=1", "laneRunNumber:=1"],
        "09",
        {"scheduled", "active"},
    ),
    (
        ["retry", "--lane-index", "1", "--lane-run-number", "1"],
        ["retryWorkflowExecution", "laneIndex==1", "laneRunNumber==1"],
        "09",
        {"scheduled", "active"},
    ),
]


@pytest.mark.parametrize("syntax", ["ours", "rest-cli"])
@pytest.mark.parametrize(("ours", "rest", "execution", "after"), ACTIONS)
def test_an_action_prints_what_was_done_and_the_provider_applied_it(
    every_state: MockProvider,
    capsys: pytest.CaptureFixture[str],
    syntax: str,
    ours: list[str],
    rest: list[str],
    execution: str,
    after: set[str],
) -> None:
    if syntax == "ours":
        argv = [ours[0], wid(execution), *ours[1:]]
    else:
        argv = [rest[0], f"wid={wid(execution)}", *rest[1:]]
    code, out, err = _run(capsys, *argv)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["atmWorkflowExecutionId"] == wid(execution)
    assert (result["action"], result["done"]) == (ours[0], True)
    if ours[0] in ("rerun", "retry"):
        assert (result["laneIndex"], result["laneRunNumber"]) == (1, 1)
    with Oneprovider(every_state.url, every_state.token) as client:
        assert client.workflow_executions.get(wid(execution)).status.value in after


@pytest.mark.parametrize("syntax", ["ours", "rest-cli"])
def test_delete_removes_the_execution(
    every_state: MockProvider, capsys: pytest.CaptureFixture[str], syntax: str
) -> None:
    argv = (
        ["delete", wid("08")]
        if syntax == "ours"
        else ["deleteWorkflowExecution", f"wid={wid('08')}"]
    )
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    assert json.loads(out) == {
        "atmWorkflowExecutionId": wid("08"),
        "action": "delete",
        "done": True,
    }
    assert every_state.world.executions[wid("08")].deleted


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["cancel", wid("08")], "has already ended, so it cannot be cancelled"),
        (["pause", wid("06")], "cannot be paused now: its status cannot go from paused"),
        (["resume", wid("01")], "cannot be resumed: only a paused or interrupted execution can"),
        (["force-continue", wid("0a")], "cannot be force-continued"),
        (["delete", wid("03")], "is still waiting or ongoing, so it cannot be deleted"),
        (
            ["rerun", wid("03"), "--lane-index", "1", "--lane-run-number", "1"],
            "has not ended, so its lane 1 run 1 cannot be rerun",
        ),
        (
            ["retry", wid("0a"), "--lane-index", "2", "--lane-run-number", "1"],
            "lane 2 run 1 of workflow execution",
        ),
        (["cancelWorkflowExecution", f"wid={wid('0b')}"], "has already ended"),
        (
            ["retryWorkflowExecution", f"wid={wid('0a')}", "laneIndex:=2", "laneRunNumber:=1"],
            "cannot be retried",
        ),
    ],
)
def test_a_refusal_exits_1_naming_the_execution_and_its_state(
    every_state: MockProvider, capsys: pytest.CaptureFixture[str], argv: list[str], problem: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (1, "")
    assert err.startswith("oneprovider-automation: error: ")
    execution = next(arg.removeprefix("wid=") for arg in argv if arg.endswith("ch0000"))
    assert f"workflow execution {execution}" in err
    assert problem in err
    assert err.count("\n") == 1


# --- rest-cli arguments -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["cancelWorkflowExecution"], "cancelWorkflowExecution needs wid=..."),
        (
            ["pauseWorkflowExecution", "wid=a", "x=1"],
            "pauseWorkflowExecution: unknown parameter 'x'",
        ),
        (
            ["rerunWorkflowExecution", "wid=a", "laneIndex:=1"],
            "rerunWorkflowExecution needs the body field laneRunNumber",
        ),
        (
            ["retryWorkflowExecution", "wid=a", "laneIndex=1", "laneRunNumber:=1"],
            "retryWorkflowExecution: laneIndex is a body field: write laneIndex:=JSON",
        ),
        (
            ["rerunWorkflowExecution", "wid=a", "laneIndex==two", "laneRunNumber:=1"],
            "rerunWorkflowExecution laneIndex: the value must be an integer, got 'two'",
        ),
        (
            ["rerunWorkflowExecution", "wid=a", "laneIndex:=0", "laneRunNumber:=1"],
            "rerunWorkflowExecution laneIndex: the value must be >= 1, got 0",
        ),
        (
            ["deleteWorkflowExecution", "wid==a"],
            "wid is a path or query parameter: write wid=VALUE",
        ),
        (["listWorkflowExecutions", "phase=ended"], "listWorkflowExecutions needs sid=..."),
        (
            ["listWorkflowExecutions", "sid=s", "phase=done"],
            "listWorkflowExecutions: phase must be one of waiting, ongoing, suspended, ended",
        ),
        (["listWorkflowExecutions", "sid=s", "limit=0"], "limit must be between 1 and 1000"),
        (["listWorkflowExecutions", "sid=s", "sort=asc"], "unknown parameter 'sort'"),
        (["downloadAuditLogDump", "wid=a"], "downloadAuditLogDump: unknown parameter 'wid'"),
        (["downloadAuditLogDump"], "downloadAuditLogDump needs store_id=..."),
        (["rerun", "a", "--lane-index", "1"], "Missing option '--lane-run-number'"),
    ],
)
def test_a_wrong_or_missing_argument_exits_2_naming_it_and_the_operation(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", "127.0.0.1:1")
    monkeypatch.setenv("ONEPROVIDER_API_KEY", "t")
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    assert message in err


def test_rest_cli_list_gives_one_page_and_its_token(
    every_state: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "listWorkflowExecutions", f"sid={SPACE}", "phase=ended", "limit=3")
    assert code == 0
    page = json.loads(out)
    assert (len(page["atmWorkflowExecutions"]), page["isLast"]) == (3, False)
    code, out, _ = _run(
        capsys,
        "listWorkflowExecutions",
        f"sid={SPACE}",
        "phase=ended",
        f"token={page['nextPageToken']}",
    )
    rest = json.loads(out)
    assert (len(rest["atmWorkflowExecutions"]), rest["isLast"]) == (2, True)
    assert set(page["atmWorkflowExecutions"]).isdisjoint(rest["atmWorkflowExecutions"])


# --- the audit log --------------------------------------------------------------------------


def test_audit_log_prints_the_entries_and_saves_the_dump(
    every_state: MockProvider, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with Oneprovider(every_state.url, every_state.token) as client:
        expected = [entry_json(e) for e in client.workflow_executions.audit_log(wid("09"))]
        store = client.workflow_executions.get(wid("09")).system_audit_log_store_id
    assert expected
    code, out, err = _run(capsys, "audit-log", wid("09"))
    assert (code, err) == (0, "")
    assert _lines(out) == expected
    code, out, _ = _run(capsys, "downloadAuditLogDump", f"store_id={store}")
    assert _lines(out) == expected

    code, out, _ = _run(capsys, "audit-log", wid("09"), "--output", str(tmp_path))
    assert code == 0
    summary = json.loads(out)
    saved = Path(summary["path"])
    assert saved.parent == tmp_path
    assert summary["bytes"] == saved.stat().st_size
    assert summary["entries"] == len(expected) == len(json.loads(saved.read_text()))
    assert (summary["atmWorkflowExecutionId"], summary["providerFilename"]) == (
        wid("09"),
        saved.name,
    )
    code, out, _ = _run(capsys, "audit-log", wid("09"), "--store-id", str(store), "--output", "-")
    assert _lines(out) == expected


def test_audit_log_of_an_unknown_execution_exits_1(
    every_state: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    unknown = "0123456789abcdef0123456789abcdefch0000"
    code, out, err = _run(capsys, "audit-log", unknown)
    assert (code, out) == (1, "")
    assert f"workflow execution {unknown} does not exist" in err


# --- dry runs -------------------------------------------------------------------------------

DRY_RUNS = [
    (
        ["list", SPACE, "--phase", "ended", "--limit", "5"],
        "GET",
        f"/spaces/{SPACE}/automation/execution/workflows?",
    ),
    (["listWorkflowExecutions", f"sid={SPACE}", "phase=ended", "limit=5"], "GET", "phase=ended"),
    (["cancel", wid("03")], "POST", f"/workflows/{wid('03')}/cancel"),
    (["cancelWorkflowExecution", f"wid={wid('03')}"], "POST", f"/workflows/{wid('03')}/cancel"),
    (["pause", wid("03")], "POST", "/pause"),
    (["pauseWorkflowExecution", f"wid={wid('03')}"], "POST", "/pause"),
    (["resume", wid("06")], "POST", "/resume"),
    (["resumeWorkflowExecution", f"wid={wid('06')}"], "POST", "/resume"),
    (["force-continue", wid("09")], "POST", "/force_continue"),
    (["forceContinueWorkflowExecution", f"wid={wid('09')}"], "POST", "/force_continue"),
    (["delete", wid("08")], "DELETE", f"/workflows/{wid('08')}"),
    (["deleteWorkflowExecution", f"wid={wid('08')}"], "DELETE", f"/workflows/{wid('08')}"),
    (["rerun", wid("09"), "--lane-index", "1", "--lane-run-number", "1"], "POST", "/rerun"),
    (
        ["rerunWorkflowExecution", f"wid={wid('09')}", "laneIndex:=1", "laneRunNumber:=1"],
        "POST",
        "/rerun",
    ),
    (["retry", wid("09"), "--lane-index", "1", "--lane-run-number", "1"], "POST", "/retry"),
    (
        ["retryWorkflowExecution", f"wid={wid('09')}", "laneIndex==1", "laneRunNumber==1"],
        "POST",
        "/retry",
    ),
    (["audit-log", wid("09"), "--store-id", "s1"], "GET", "/stores/s1/dump"),
    (["downloadAuditLogDump", "store_id=s1"], "GET", "/stores/s1/dump"),
]


@pytest.mark.parametrize("where", ["group", "command"])
@pytest.mark.parametrize(("argv", "method", "url_part"), DRY_RUNS)
def test_dry_run_prints_the_curl_command_and_sends_nothing(
    every_state: MockProvider,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    method: str,
    url_part: str,
    where: str,
) -> None:
    before = {e.id: (e.status, e.deleted) for e in every_state.world.executions.values()}
    full = ["--dry-run", *argv] if where == "group" else [*argv, "--dry-run"]
    code, out, err = _run(capsys, *full)
    assert (code, err) == (0, "")
    words = shlex.split(out)
    assert words[:3] == ["curl", "-X", method]
    assert url_part in words[3]
    assert "X-Auth-Token: $ONEPROVIDER_API_KEY" in words
    assert every_state.token not in out
    assert {e.id: (e.status, e.deleted) for e in every_state.world.executions.values()} == before


def test_a_dry_run_rerun_replayed_with_the_token_is_accepted(
    every_state: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    # laneIndex==1 (a string, as a provider accepts) goes as the integer.
    _, out, _ = _run(
        capsys,
        "--dry-run",
        "rerunWorkflowExecution",
        f"wid={wid('09')}",
        "laneIndex==1",
        "laneRunNumber:=1",
    )
    words = shlex.split(out)
    headers = dict(words[i + 1].split(": ", 1) for i, word in enumerate(words) if word == "-H")
    headers["X-Auth-Token"] = every_state.token
    body = words[words.index("-d") + 1]
    assert json.loads(body) == {"laneIndex": 1, "laneRunNumber": 1}
    response = httpx.request(words[2], words[3], headers=headers, content=body)
    assert response.status_code == 204, response.text


def test_a_dry_run_audit_log_without_a_store_shows_both_requests(
    every_state: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--dry-run", "audit-log", wid("09"))
    assert code == 0
    first, note, second = out.splitlines()
    assert shlex.split(first)[3].endswith(f"/workflows/{wid('09')}")
    assert note.startswith("# then")
    assert "/stores/SYSTEM_AUDIT_LOG_STORE_ID/dump" in second
    assert every_state.token not in out
