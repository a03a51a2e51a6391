"""Where the real workflow-schema dumps are: ``../shared/automation-examples`` of the project.

They are Onezone's exports of Onedata's public ``automation-examples``, kept next to
the project and read from there, never copied into it. ``AUTOMATION_EXAMPLES`` names
another folder. A missing folder fails the tests that need it, with this message.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.openapi_support import ROOT

ENV_FOLDER = "AUTOMATION_EXAMPLES"
FOLDER = Path(os.environ.get(ENV_FOLDER) or ROOT.parent / "shared" / "automation-examples")
#: The dumps the folder's README lists; each must be there.
NAMES = (
    "calculate-checksums-rest",
    "demo",
    "detect-file-formats",
    "detect-file-mime-formats",
    "echo",
)


def dump_path(name: str) -> Path:
    """The path of one dump; fails the test (not skips it) when it is not there."""
    path = FOLDER / f"{name}.json"
    if not path.is_file():
        pytest.fail(
            f"the workflow-schema dump {path} is missing: the tests read the real dumps from "
            f"{FOLDER} (set {ENV_FOLDER} to the folder that holds them)",
            pytrace=False,
        )
    return path
