"""An independent schemathesis run: the spec, every check, default settings, no help.

Not our suite (``contract_tests/``) with its hooks, world ids and exemptions, but
``st run`` as anyone would run it: every built-in check, schemathesis's default
settings (run from a scratch folder, so our ``schemathesis.toml`` is not read), the
default world's token, one hook, which leaves out whole-number floats as the
revision (``contract_tests/independent_hooks.py``), and one setting: a provider
answers an operation its execution's state refuses (a delete of a running execution,
say) with 400 and a state error, where schemathesis expects 409, so for the seven
operations on an execution's state ``positive_data_acceptance`` also expects 400.
Against the default world over loopback it must find nothing: the spec says no more
and no less than the mock does, and the default world takes every request built from
the spec's examples.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from oneprovider_mock.pytest_plugin import MockProviderFactory

from contract_tests.schema import ROOT, SPEC_PATH

ST = Path(sys.executable).with_name("st")
#: The one setting of the run (see the module's docstring).
STATE_REFUSALS = """
[[operations]]
include-operation-id = [
  "cancel_workflow_execution", "pause_workflow_execution", "resume_workflow_execution",
  "force_continue_workflow_execution", "rerun_workflow_execution",
  "retry_workflow_execution", "delete_workflow_execution",
]
checks.positive_data_acceptance.expected-statuses = [
  "2XX", "3XX", "400", "401", "403", "404", "409", "429", "5XX",
]
"""
SEED = os.environ.get("CONTRACT_TEST_SEED", "20251127")


@pytest.mark.slow
def test_an_independent_run_of_every_check_finds_nothing(
    oneprovider_mock_factory: MockProviderFactory, tmp_path: Path
) -> None:
    provider = oneprovider_mock_factory(callback_tries=1)
    (tmp_path / "schemathesis.toml").write_text(STATE_REFUSALS, encoding="utf-8")
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "contract_tests.independent_hooks",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [
            str(ST),
            "run",
            str(SPEC_PATH),
            "--url",
            provider.api_url,
            "--checks",
            "all",
            "--header",
            f"X-Auth-Token: {provider.token}",
            "--seed",
            SEED,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert " failed" not in output.split("SUMMARY")[-1], output[-3000:]
    assert "passed" in output
    assert provider.token not in output
