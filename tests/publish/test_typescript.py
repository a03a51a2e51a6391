"""``make check-typescript`` has teeth: a type error in the usage file fails it.

The committed example is copied into ``tmp_path``, one line of it is broken,
and the target ``make test`` runs is pointed at the copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.openapi_support import ROOT
from tests.publish import make

EXAMPLE = ROOT / "examples" / "typescript"
USAGE = "schedule.ts"

# (what is broken, text in the usage file, its broken replacement, tsc's error code)
BREAKS = [
    (
        "a log level outside the enum",
        '  logLevel: "debug",\n',
        '  logLevel: "loud",\n',
        "TS2322",
    ),
    (
        "a required field left out",
        '  spaceId: "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c",\n',
        "",
        "TS2741",
    ),
    (
        "an error field the spec does not have",
        "const { id, description, details } = body.error;",
        "const { identifier: id, description, details } = body.error;",
        "TS2339",
    ),
    (
        "details read as a string",
        "this.details = details ?? {};",
        "this.details = details ?? '';",
        "TS2322",
    ),
]


def check_copy(folder: Path) -> tuple[int, str]:
    done = make.check("check-typescript", TS_EXAMPLE=str(folder))
    return done.returncode, done.stdout + done.stderr


def copy_example(tmp_path: Path) -> Path:
    folder = tmp_path / "typescript"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_the_committed_example_type_checks(tmp_path: Path) -> None:
    status, output = check_copy(copy_example(tmp_path))
    assert status == 0, output
    assert "check-typescript:" in output


@pytest.mark.parametrize(
    ("broken", "text", "replacement", "code"), BREAKS, ids=[b[0] for b in BREAKS]
)
def test_a_type_error_in_the_example_fails_the_check(
    tmp_path: Path, broken: str, text: str, replacement: str, code: str
) -> None:
    folder = copy_example(tmp_path)
    usage = folder / USAGE
    source = usage.read_text(encoding="utf-8")
    assert source.count(text) == 1, f"{broken}: {text!r} is not in {USAGE} once"
    usage.write_text(source.replace(text, replacement), encoding="utf-8")
    status, output = check_copy(folder)
    assert status != 0, f"{broken}: tsc passed:\n{output}"
    assert f"error {code}" in output, output
