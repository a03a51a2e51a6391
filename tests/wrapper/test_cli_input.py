"""The CLI without a provider: dry runs, and bad usage or input (exit 2, one line)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from oneprovider_automation.cli._main import main

from .router import TOKEN

HOST = "provider.example.com"
WORKFLOWS_URL = f"https://{HOST}/api/v3/oneprovider/automation/execution/workflows"


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", HOST)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", TOKEN)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    monkeypatch.chdir(tmp_path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _curl(out: str) -> list[str]:
    words = shlex.split(out)
    assert words[0] == "curl"
    return words


def _body(words: list[str]) -> object:
    return json.loads(words[words.index("-d") + 1])


def test_dry_run_schedule_prints_curl_reading_the_token_from_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "files.json").write_text('[{"fileId": "f1"}]')
    code, out, err = _run(
        capsys,
        "--dry-run",
        "schedule",
        "--space",
        "s1",
        "--schema",
        "w1",
        "--revision",
        "3",
        "--store",
        "list=@files.json",
        "--store",
        'one={"fileId": "f2"}',
        "--log-level",
        "DEBUG",
        "--callback",
        "https://me.test/cb?a=1&b=2",
    )
    assert (code, err) == (0, "")
    assert TOKEN not in out
    words = _curl(out)
    assert words[1:4] == ["-X", "POST", WORKFLOWS_URL]
    assert "X-Auth-Token: $ONEPROVIDER_API_KEY" in words
    assert "Content-Type: application/json" in words
    assert _body(words) == {
        "spaceId": "s1",
        "atmWorkflowSchemaId": "w1",
        "atmWorkflowSchemaRevisionNumber": 3,
        "storeInitialContentOverlay": {"list": [{"fileId": "f1"}], "one": {"fileId": "f2"}},
        "logLevel": "debug",
        "callback": "https://me.test/cb?a=1&b=2",
    }


def test_dry_run_needs_no_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ONEPROVIDER_API_KEY")
    code, out, _ = _run(capsys, "get", "e1", "--dry-run")
    assert code == 0
    assert _curl(out)[1:4] == ["-X", "GET", f"{WORKFLOWS_URL}/e1"]


def test_rest_cli_syntax_dry_run(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "--dry-run",
        "scheduleWorkflowExecution",
        "spaceId==X",
        "atmWorkflowSchemaId==Y",
        "atmWorkflowSchemaRevisionNumber==3",
        'storeInitialContentOverlay:={"st": {"start": 0, "end": 5, "step": 1}}',
        "logLevel==warning",
    )
    assert code == 0
    assert _body(_curl(out)) == {
        "spaceId": "X",
        "atmWorkflowSchemaId": "Y",
        "atmWorkflowSchemaRevisionNumber": 3,
        "storeInitialContentOverlay": {"st": {"start": 0, "end": 5, "step": 1}},
        "logLevel": "warning",
    }
    code, out, _ = _run(capsys, "getWorkflowExecutionDetails", "wid=abc", "--dry-run")
    assert code == 0
    assert _curl(out)[3] == f"{WORKFLOWS_URL}/abc"


def test_dry_run_batch_prints_one_curl_per_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = [
        {"spaceId": "s", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": n}
        for n in (1, 2, 3)
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(map(json.dumps, lines)) + "\n\n")
    code, out, _ = _run(capsys, "--dry-run", "schedule", "--batch", "in.jsonl")
    assert code == 0
    bodies = [_body(shlex.split(line)) for line in out.splitlines()]
    assert bodies == lines
    assert not (tmp_path / "results.jsonl").exists()


def test_wait_dry_run_prints_one_poll(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "wait", "e1", "--dry-run")
    assert code == 0
    assert _curl(out)[1:4] == ["-X", "GET", f"{WORKFLOWS_URL}/e1"]


SCHEDULE = ["schedule", "--space", "s", "--schema", "w", "--revision", "3"]

BAD_INPUTS = [
    (["--store", "st={not json"], "--store st: malformed JSON"),
    (["--store", "st"], "expected STORE_ID=JSON or STORE_ID=@FILE"),
    (["--store", "st=@missing.json"], "--store st: file not found: missing.json"),
    (["--store", "st=1", "--store", "st=2"], "store 'st' given twice"),
    (["--log-level", "verbose"], "--log-level: unknown log level 'verbose'"),
    (["--output", "r.jsonl"], "--output goes with --batch"),
]


@pytest.mark.parametrize(("extra", "message"), BAD_INPUTS, ids=[b[1] for b in BAD_INPUTS])
def test_bad_schedule_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *SCHEDULE, *extra)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("oneprovider-automation: error: ")
    assert message in err


OTHER_BAD_INPUTS = [
    (["schedule", "--space", "s"], "schedule needs --schema, --revision"),
    (
        ["schedule", "--space", "s", "--schema", "w", "--revision", "x"],
        "--revision: the revision must be an integer",
    ),
    (["schedule", "--space", "s", "--schema", "w", "--revision", "0"], "must be >= 1"),
    (["schedule", "--space", "", "--schema", "w", "--revision", "1"], "--space must not be empty"),
    (["schedule", "--batch", "nope.jsonl", "--output", "r"], "--batch: file not found: nope.jsonl"),
    (["schedule", "--batch", "in.jsonl", "--space", "s"], "drop --space"),
    (["schedule", "--batch", "in.jsonl"], "--batch needs --output FILE"),
    (["schedule", "--batch", "in.jsonl", "--output", "r", "--retry-unknown", "x"], "3,7 or 'all'"),
    (["scheduleWorkflowExecution", "spaceId"], "cannot read 'spaceId'"),
    (["scheduleWorkflowExecution", "spaceId=X"], "takes no path or query parameter"),
    (["scheduleWorkflowExecution", "spaceId==X"], "missing atmWorkflowSchemaId"),
    (
        ["scheduleWorkflowExecution", "spaceId==X", "atmWorkflowSchemaId==Y", "foo==1"],
        "unknown field 'foo'",
    ),
    (
        [
            "scheduleWorkflowExecution",
            "spaceId==X",
            "atmWorkflowSchemaId==Y",
            "atmWorkflowSchemaRevisionNumber==3.0",
        ],
        "the revision must be an integer, got '3.0'",
    ),
    (
        [
            "scheduleWorkflowExecution",
            "spaceId==X",
            "atmWorkflowSchemaId==Y",
            "atmWorkflowSchemaRevisionNumber:=3",
            "logLevel==loud",
        ],
        "unknown log level 'loud'",
    ),
    (["scheduleWorkflowExecution", "storeInitialContentOverlay:={"], "malformed JSON"),
    (["getWorkflowExecutionDetails"], "needs wid=ID"),
    (["getWorkflowExecutionDetails", "wid=a", "x==1"], "takes only wid=ID"),
    (["get"], "Missing argument 'ID'"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["--max-retries", "-1", "get", "e"], "--max-retries"),
    (["--host", "ftp://x", "get", "e"], "--host: host must be an http(s) URL"),
]


@pytest.mark.parametrize(
    ("argv", "message"), OTHER_BAD_INPUTS, ids=[b[1] for b in OTHER_BAD_INPUTS]
)
def test_bad_usage_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    (tmp_path / "in.jsonl").write_text(
        '{"spaceId": "s", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 1}\n'
    )
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1, err
    assert message in err


def test_missing_host_and_token_are_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ONEPROVIDER_API_KEY")
    code, _, err = _run(capsys, "get", "e1")
    assert code == 2
    assert "no token given: set ONEPROVIDER_API_KEY" in err
    monkeypatch.delenv("ONEPROVIDER_HOST")
    code, _, err = _run(capsys, "get", "e1")
    assert code == 2
    assert "no provider given: pass --host or set ONEPROVIDER_HOST" in err


BATCH_PROBLEMS = [
    ('{"spaceId": "s"', "in.jsonl:2: malformed JSON: Expecting ',' delimiter (line 1, column 16)"),
    ("[1, 2]", "in.jsonl:2: expected a JSON object (a schedule request body), got an array"),
    (
        '{"spaceId": "s"}',
        "in.jsonl:2: missing atmWorkflowSchemaId, atmWorkflowSchemaRevisionNumber",
    ),
    (
        '{"spaceId": "s", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 1, '
        '"logLevel": "chatty"}',
        "in.jsonl:2: logLevel: unknown log level 'chatty'",
    ),
    (
        '{"spaceId": "", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 1}',
        "in.jsonl:2: spaceId must be a non-empty string",
    ),
]


@pytest.mark.parametrize(("line", "message"), BATCH_PROBLEMS, ids=[b[1] for b in BATCH_PROBLEMS])
def test_a_bad_batch_line_is_named_by_number_before_anything_is_sent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, message: str
) -> None:
    good = '{"spaceId": "s", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 1}'
    (tmp_path / "in.jsonl").write_text(f"{good}\n{line}\n{good}\n")
    # The host does not exist: had anything been sent, the exit code would be 1.
    code, out, err = _run(
        capsys, "--host", "http://127.0.0.1:9", "schedule", "--batch", "in.jsonl", "--output", "r"
    )
    assert (code, out) == (2, "")
    assert message in err
    assert not (tmp_path / "r").exists()


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert "Exit codes: 0 success; 1" in out
    assert "2 bad usage or input" in out
    assert "130, 143 a batch stopped by SIGINT, SIGTERM" in " ".join(out.split())
