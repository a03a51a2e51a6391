"""A journal that cannot be read is refused with the record at fault, and nothing is sent.

Only a last record cut short (no newline after it: a run killed while
writing it) may be ignored; any other record that cannot be read would make
the run forget what it did, and send lines again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider

from tests import seed


@pytest.fixture
def batch_dir(
    oneprovider_mock: MockProvider, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    monkeypatch.setenv("ONEPROVIDER_HOST", oneprovider_mock.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", oneprovider_mock.token)
    body = seed.request_body()
    (tmp_path / "requests.jsonl").write_text("\n".join(json.dumps(body) for _ in range(3)) + "\n")
    return tmp_path


def _digest(batch_dir: Path) -> str:
    from oneprovider_automation.batch._run import read_batch

    return read_batch(batch_dir / "requests.jsonl")[0].digest


def _record(batch_dir: Path, **fields: object) -> str:
    record: dict[str, object] = {
        "line": 1,
        "request": _digest(batch_dir),
        "state": "scheduled",
        "at": "2026-01-01T00:00:00.000+00:00",
        "atmWorkflowExecutionId": "e1",
    }
    record.update(fields)
    return json.dumps({k: v for k, v in record.items() if v is not _MISSING})


_MISSING = object()


def _run(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["schedule", "--batch", "requests.jsonl", "--output", "results.jsonl"])
    out, err = capsys.readouterr()
    return code, out, err


def _refused(
    batch_dir: Path, oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> str:
    code, out, err = _run(capsys)
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert oneprovider_mock.world.executions == {}, "lines were sent"
    return err


def test_a_utf16_journal_is_refused_not_taken_as_empty(
    batch_dir: Path, oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _record(batch_dir) + "\n" + _record(batch_dir, line=2) + "\n"
    (batch_dir / "results.jsonl").write_bytes(text.encode("utf-16"))
    err = _refused(batch_dir, oneprovider_mock, capsys)
    assert "results.jsonl:1: not UTF-8 JSON lines (a UTF-16 file?)" in err


@pytest.mark.parametrize(
    "garbage",
    [b"\x00\x01\x02 garbage \xff\xfe\n\x89PNG\r\n", b"hello\nworld\n", b"not json at all"],
)
def test_a_journal_of_garbage_is_refused(
    batch_dir: Path,
    oneprovider_mock: MockProvider,
    capsys: pytest.CaptureFixture[str],
    garbage: bytes,
) -> None:
    (batch_dir / "results.jsonl").write_bytes(garbage)
    err = _refused(batch_dir, oneprovider_mock, capsys)
    assert "results.jsonl:1: " in err


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"line": "3"}, '"line" must be a line number of the batch, got "3"'),
        ({"line": 3.5}, '"line" must be a line number of the batch, got 3.5'),
        ({"line": True}, '"line" must be a line number of the batch, got true'),
        ({"line": None}, '"line" must be a line number of the batch, got null'),
        ({"line": -1}, '"line" must be a line number of the batch, got -1'),
        ({"line": 0}, '"line" must be a line number of the batch, got 0'),
        ({"state": "done"}, 'unknown state "done"'),
        ({"state": None}, "unknown state null"),
        ({"request": 7}, '"request" must be a string, got 7'),
        ({"at": _MISSING}, 'missing "at"'),
        ({"line": _MISSING}, 'missing "line"'),
        ({"state": _MISSING}, 'missing "state"'),
        ({"atmWorkflowExecutionId": _MISSING}, 'missing "atmWorkflowExecutionId"'),
        ({"atmWorkflowExecutionId": 12}, '"atmWorkflowExecutionId" must be a string, got 12'),
    ],
)
def test_a_record_with_wrong_fields_is_refused_with_its_line_number(
    batch_dir: Path,
    oneprovider_mock: MockProvider,
    capsys: pytest.CaptureFixture[str],
    fields: dict[str, object],
    problem: str,
) -> None:
    good = _record(batch_dir, line=2)
    (batch_dir / "results.jsonl").write_text(
        good + "\n\n" + _record(batch_dir, **fields) + "\n" + good + "\n"
    )
    err = _refused(batch_dir, oneprovider_mock, capsys)
    assert f"results.jsonl:3: {problem}" in err


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[1, 2]", "not a JSON object"),
        ('"scheduled"', "not a JSON object"),
        ('{"line": 1, "request": ', "not JSON"),
    ],
)
def test_an_unreadable_record_before_the_last_is_refused(
    batch_dir: Path,
    oneprovider_mock: MockProvider,
    capsys: pytest.CaptureFixture[str],
    text: str,
    problem: str,
) -> None:
    (batch_dir / "results.jsonl").write_text(
        _record(batch_dir, line=2) + "\n" + text + "\n" + _record(batch_dir, line=3) + "\n"
    )
    err = _refused(batch_dir, oneprovider_mock, capsys)
    assert f"results.jsonl:2: {problem}" in err


def test_a_last_record_cut_short_is_still_ignored(
    batch_dir: Path, oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    (batch_dir / "results.jsonl").write_text(
        _record(batch_dir, line=2) + "\n" + _record(batch_dir, line=3)[:30]
    )
    code, out, err = _run(capsys)
    assert code == 0, err
    assert "results.jsonl:2: unreadable record ignored" in err
    assert json.loads(out)["scheduled"] == 3
    assert len(oneprovider_mock.world.executions) == 2  # lines 1 and 3 (its record was cut)


def test_a_record_of_another_batch_keeps_its_message(
    batch_dir: Path, oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    (batch_dir / "results.jsonl").write_text(_record(batch_dir, line=9) + "\n")
    err = _refused(batch_dir, oneprovider_mock, capsys)
    assert "results.jsonl:1 records line 9 of another batch" in err


def test_a_token_quoted_from_a_bad_record_is_masked(
    batch_dir: Path, oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    token = oneprovider_mock.token
    (batch_dir / "results.jsonl").write_text(
        _record(batch_dir, state="x" * 50 + token) + "\n" + _record(batch_dir, line=2) + "\n"
    )
    err = _refused(batch_dir, oneprovider_mock, capsys)
    assert "results.jsonl:1: unknown state" in err
    assert token not in err
    assert token[:8] not in err
