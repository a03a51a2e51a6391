"""Files and JSON given to the CLI that would hang it or crash it get a one-line error (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from oneprovider_automation.cli._main import main

from tests.automation_examples import dump_path


def _check(capsys: pytest.CaptureFixture[str], *store: str) -> tuple[int, str]:
    args = ["check", "--workflow-schema", str(dump_path("echo"))]
    for value in store:
        args += ["--store", value]
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_file_is_refused_after_its_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = _check(capsys, "input=@/dev/zero")
    assert code == 2, output
    assert "/dev/zero is larger than 64 MiB" in output


def test_json_nested_too_deep_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    code, output = _check(capsys, f"input=@{deep}")
    assert code == 2, output
    assert "JSON nested too deep" in output
    assert "Traceback" not in output
    code, output = _check(capsys, "input=" + "[" * 100_000 + "]" * 100_000)
    assert code == 2, output
    assert "JSON nested too deep" in output


def test_a_file_that_is_not_utf8_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'["caf\xe9"]')
    code, output = _check(capsys, f"input=@{latin}")
    assert code == 2, output
    assert f"{latin} is not UTF-8 text" in output
