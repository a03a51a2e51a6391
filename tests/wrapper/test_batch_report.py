"""What a batch tells: progress lines when stderr is not a terminal, and the summary's shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
    return tmp_path


def _write_requests(path: Path, count: int, *, bad: int | None = None) -> None:
    lines = []
    for number in range(1, count + 1):
        body = seed.request_body()
        if number == bad:
            body["atmWorkflowSchemaRevisionNumber"] = 99
        lines.append(json.dumps(body))
    path.write_text("\n".join(lines) + "\n")


def _batch(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["schedule", "--batch", "requests.jsonl", "--output", "results.jsonl", *extra])
    out, err = capsys.readouterr()
    return code, out, err


_PROGRESS = re.compile(
    r"scheduling: (\d+)/(\d+) sent \(scheduled (\d+), failed (\d+), unknown (\d+)\)"
)


def test_progress_on_a_pipe_is_a_line_every_tenth_and_at_the_end(
    in_tmp: Path, oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_requests(in_tmp / "requests.jsonl", 40, bad=7)
    oneprovider_mock.fail_next_requests(1)
    code, _, err = _batch(capsys, "--concurrency", "1")
    assert code == 1
    matches = map(_PROGRESS.fullmatch, err.splitlines())
    progress = [tuple(map(int, m.groups())) for m in matches if m]
    assert [p[0] for p in progress] == list(range(4, 41, 4))
    assert {p[1] for p in progress} == {40}
    assert all(p[2] + p[3] + p[4] == p[0] for p in progress)
    assert progress[-1] == (40, 40, 38, 1, 1)


def test_progress_lines_are_bounded_in_number(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_requests(in_tmp / "requests.jsonl", 3)
    code, _, err = _batch(capsys)
    assert code == 0, err
    progress = [m.group(1) for m in map(_PROGRESS.fullmatch, err.splitlines()) if m]
    assert progress == ["1", "2", "3"]


def test_the_summary_gives_counts_first_then_lists(
    in_tmp: Path, oneprovider_mock: MockProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_requests(in_tmp / "requests.jsonl", 5, bad=3)
    oneprovider_mock.fail_next_requests(1)  # line 1: the provider crashes, outcome unknown
    code, out, _ = _batch(capsys, "--concurrency", "1")
    assert code == 1
    summary = json.loads(out)
    assert summary == {
        "lines": 5,
        "scheduled": 3,
        "failed": 1,
        "unknown": 1,
        "failedLines": [3],
        "unknownLines": [1],
        "output": "results.jsonl",
    }
    assert list(summary) == [
        "lines",
        "scheduled",
        "failed",
        "unknown",
        "failedLines",
        "unknownLines",
        "output",
    ]
