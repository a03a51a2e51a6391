"""``make check-languages`` fails on a spec that brings back a defect users met.

Each test writes a copy of the spec with one defect put back and runs the
check on the one language that meets it (the full check on the real spec is
a target of ``make test`` itself).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.openapi_support import SPEC_PATH
from tests.publish.make import check

pytestmark = pytest.mark.slow


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = SPEC_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "spec.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _check(tmp_path: Path, spec: Path, languages: str) -> str:
    done = check(
        "check-languages",
        LANGUAGES_SPEC=str(spec),
        LANGUAGES_BUILD=str(tmp_path / "build"),
        CHECK_LANGUAGES=languages,
    )
    assert done.returncode != 0, done.stdout
    return done.stdout + done.stderr


def test_a_schema_named_like_the_typescript_runtime_fails_tsc(tmp_path: Path) -> None:
    spec = _broken(tmp_path, "OnedataErrorContext", "ErrorContext")
    output = _check(tmp_path, spec, "typescript")
    assert "typescript: tsc failed" in output
    assert "TS2308" in output
    assert "'ErrorContext'" in output


def test_a_millisecond_timestamp_without_int64_fails_decoding_in_go(tmp_path: Path) -> None:
    old = "        timestamp:\n          type: [integer, 'null']\n          format: int64\n"
    spec = _broken(tmp_path, old, "        timestamp:\n          type: [integer, 'null']\n")
    output = _check(tmp_path, spec, "go")
    assert "go: decode failed" in output
    assert "of type int32" in output


def test_the_revision_as_one_of_fails_reading_a_request_in_go(tmp_path: Path) -> None:
    old = "      anyOf:\n        - type: integer\n          format: int64\n          minimum: 1\n"
    spec = _broken(tmp_path, old, old.replace("anyOf", "oneOf"))
    output = _check(tmp_path, spec, "go")
    assert "request-seed.json" in output
    assert "failed to match schemas in oneOf(AtmWorkflowSchemaRevisionNumber)" in output
