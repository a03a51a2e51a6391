"""``--mark-scheduled-from FILE``: the executions found for many unknown lines, in one file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider

from tests import seed


@pytest.fixture
def in_tmp(oneprovider_mock: MockProvider, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    monkeypatch.setenv("ONEPROVIDER_HOST", oneprovider_mock.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", oneprovider_mock.token)
    body = json.dumps(seed.request_body())
    (tmp_path / "requests.jsonl").write_text("\n".join([body] * 5) + "\n")
    return tmp_path


def _batch(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, Any, str]:
    code = main(["schedule", "--batch", "requests.jsonl", "--output", "results.jsonl", *extra])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def _found_executions(capsys: pytest.CaptureFixture[str], count: int) -> list[str]:
    """Executions a person finds on the provider for the lines of unknown outcome."""
    ids = []
    for _ in range(count):
        code = main(
            [
                "schedule",
                "--space",
                seed.SPACE_ID,
                "--schema",
                seed.ATM_WORKFLOW_SCHEMA_ID,
                "--revision",
                str(seed.request_body()["atmWorkflowSchemaRevisionNumber"]),
            ]
        )
        out, _ = capsys.readouterr()
        assert code == 0
        ids.append(json.loads(out)["atmWorkflowExecutionId"])
    return ids


def _three_unknown(oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]) -> list[str]:
    oneprovider_mock.fail_next_requests(3)  # lines 1-3: the provider crashes, outcome unknown
    code, summary, err = _batch(capsys, "--concurrency", "1")
    assert (code, summary["unknownLines"]) == (1, [1, 2, 3])
    assert "--mark-scheduled-from" in err
    return _found_executions(capsys, 3)


def test_marks_from_a_file_and_a_flag_together(
    in_tmp: Path, oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _three_unknown(oneprovider_mock, capsys)
    (in_tmp / "found.txt").write_text(
        "# found on the provider\n"
        f"1={ids[0]}\n"
        "\n"
        f'{{"line": 2, "atmWorkflowExecutionId": "{ids[1]}"}}\n'
        f"1 = {ids[0]}   \n"  # the same mark twice is fine
    )
    code, summary, err = _batch(
        capsys, "--mark-scheduled-from", "found.txt", "--mark-scheduled", f"3={ids[2]}"
    )
    assert code == 0, err
    assert summary["scheduled"] == 5
    last = {}
    for text in (in_tmp / "results.jsonl").read_text().splitlines():
        record = json.loads(text)
        last[record["line"]] = record
    assert [last[n]["atmWorkflowExecutionId"] for n in (1, 2, 3)] == ids
    assert len(oneprovider_mock.world.executions) == 5


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1=abc\nx=def\n", "found.txt:2: expected LINE=EXECUTION_ID or a JSON object, got 'x=def'"),
        ("1=\n", "found.txt:1: expected LINE=EXECUTION_ID or a JSON object, got '1='"),
        ("# c\n\n1\n", "found.txt:3: expected LINE=EXECUTION_ID or a JSON object, got '1'"),
        (
            '{"line": "1", "atmWorkflowExecutionId": "a"}\n',
            'found.txt:1: "line" must be a line number',
        ),
        ('{"line": 1}\n', 'found.txt:1: missing "atmWorkflowExecutionId"'),
        ('{"line": 1, "atmWorkflowExecutionId": "a"\n', "found.txt:1: not JSON"),
        ("[1]\n", "found.txt:1: expected LINE=EXECUTION_ID or a JSON object"),
        ("1=a\n3=b\n1=c\n", "found.txt:3: line 1 is given twice with different ids (a, c)"),
        ("2=b\n", "found.txt:1: line 2 is given twice with different ids (a, b)"),
        ("", "found.txt holds no marks"),
    ],
)
def test_a_bad_marks_file_is_refused_with_its_line(
    in_tmp: Path,
    oneprovider_mock: MockProvider,
    capsys: pytest.CaptureFixture[str],
    text: str,
    problem: str,
) -> None:
    (in_tmp / "found.txt").write_text(text)
    code, summary, err = _batch(
        capsys, "--mark-scheduled-from", "found.txt", "--mark-scheduled", "2=a"
    )
    assert (code, summary) == (2, None)
    assert f"--mark-scheduled-from: {problem}" in err
    assert len(err.strip().splitlines()) == 1, err
    assert oneprovider_mock.world.executions == {}


def test_a_missing_marks_file_is_named(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _batch(capsys, "--mark-scheduled-from", "nope.txt")
    assert code == 2
    assert "--mark-scheduled-from: file not found: nope.txt" in err


def test_a_mark_for_a_line_not_unknown_is_refused(
    in_tmp: Path, oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _three_unknown(oneprovider_mock, capsys)
    (in_tmp / "found.txt").write_text(f"1={ids[0]}\n4={ids[1]}\n")
    code, _, err = _batch(capsys, "--mark-scheduled-from", "found.txt")
    assert code == 2
    assert "line 4: its state is scheduled, not unknown" in err


def test_retry_unknown_from_a_file_with_marks_from_another(
    in_tmp: Path, oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _three_unknown(oneprovider_mock, capsys)
    (in_tmp / "found.txt").write_text(f"2={ids[1]}\n")
    (in_tmp / "missing.txt").write_text("# not on the provider\n1\n3  # checked twice\n")
    code, summary, err = _batch(
        capsys, "--mark-scheduled-from", "found.txt", "--retry-unknown-from", "missing.txt"
    )
    assert code == 0, err
    assert summary["scheduled"] == 5
    assert len(oneprovider_mock.world.executions) == 3 + 2 + 2  # 2 by the batch, 3 found, 2 resent


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1\nx\n", "missing.txt:2: expected line numbers like 3,7 or 'all', got 'x'"),
        ("1,0\n", "missing.txt:1: expected line numbers like 3,7 or 'all', got '1,0'"),
        ("# none\n\n", "missing.txt holds no line numbers"),
    ],
)
def test_a_bad_retry_file_is_refused_with_its_line(
    in_tmp: Path,
    oneprovider_mock: MockProvider,
    capsys: pytest.CaptureFixture[str],
    text: str,
    problem: str,
) -> None:
    (in_tmp / "missing.txt").write_text(text)
    code, summary, err = _batch(capsys, "--retry-unknown-from", "missing.txt")
    assert (code, summary) == (2, None)
    assert f"--retry-unknown-from: {problem}" in err
    assert oneprovider_mock.world.executions == {}
