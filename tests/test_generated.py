"""The committed client, generated from the spec, imports and round-trips."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from oneprovider_client import AuthenticatedClient, Client
from oneprovider_client.api.workflow_execution import (
    get_workflow_execution_details,
    schedule_workflow_execution,
)
from oneprovider_client.models import (
    AtmWorkflowExecutionDetails,
    AtmWorkflowExecutionScheduleRequest,
    AtmWorkflowExecutionStatus,
    ErrorJson,
    LogLevel,
    OnedataErrorContext,
)

from tests import seed
from tests.openapi_support import ROOT, spec


def test_generated_client_exposes_both_operations() -> None:
    assert callable(schedule_workflow_execution.sync_detailed)
    assert callable(get_workflow_execution_details.sync_detailed)
    assert Client(base_url="https://h").__class__.__name__ == "Client"
    assert AuthenticatedClient(base_url="https://h", token="t").token == "t"


def test_seed_request_round_trips() -> None:
    body = seed.request_body()
    model = AtmWorkflowExecutionScheduleRequest.from_dict(body)
    assert model.log_level is LogLevel.DEBUG
    assert model.atm_workflow_schema_revision_number == 3
    assert model.to_dict() == body


def test_details_example_round_trips() -> None:
    example = spec()["components"]["schemas"]["AtmWorkflowExecutionDetails"]["example"]
    model = AtmWorkflowExecutionDetails.from_dict(example)
    assert model.status is AtmWorkflowExecutionStatus.ACTIVE
    assert model.lanes[0].runs[0].origin_run_number is None
    assert model.to_dict() == example


def test_seed_error_round_trips() -> None:
    example = seed.error_example()
    model = ErrorJson.from_dict(example)
    assert isinstance(model.error.ctx, OnedataErrorContext)
    assert model.error.ctx.service == "opw"
    assert model.to_dict() == example


def _copy_for_generation(dest: Path) -> None:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "openapi", dest / "openapi")
    shutil.copytree(
        ROOT / "generated", dest / "generated", ignore=shutil.ignore_patterns("__pycache__")
    )


@pytest.mark.slow
def test_check_generated_fails_on_a_hand_edit(tmp_path: Path) -> None:
    _copy_for_generation(tmp_path)
    venv = ROOT / ".venv"
    make = ["make", "--no-print-directory", "check-generated", f"VENV={venv}", "STAMP="]
    clean = subprocess.run(make, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    edited = tmp_path / "generated" / "oneprovider_client" / "models" / "log_level.py"
    edited.write_text(edited.read_text() + "\n# edited by hand\n")
    dirty = subprocess.run(make, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert dirty.returncode != 0
    assert "edited by hand" in dirty.stdout
    assert "run 'make generate'" in dirty.stderr
