"""The live runner's hand-over from the mock's ready file, and the case-count guard."""

from __future__ import annotations

import json
from pathlib import Path

from contract_tests.live import read_ready_file, target_env
from contract_tests.target import (
    DEFAULT_SPACE_ID,
    DEFAULT_STORE_INITIAL_CONTENT,
    DEFAULT_WORKFLOW_SCHEMA_ID,
    target_from_env,
)
from tests.contract.suite_runs import run_suite

READY = {
    "host": "http://127.0.0.1:4321",
    "apiUrl": "http://127.0.0.1:4321/api/v3/oneprovider",
    "token": "ready-token",
    "spaceId": DEFAULT_SPACE_ID,
    "atmWorkflowSchemaId": DEFAULT_WORKFLOW_SCHEMA_ID,
    "atmWorkflowSchemaRevisionNumber": 3,
}


def test_a_ready_file_counts_only_once_complete(tmp_path: Path) -> None:
    ready = tmp_path / "ready.json"
    assert read_ready_file(ready) is None
    ready.write_text('{"apiUrl": "http://127.0.0.1:4321/api/v3/oneprovider"')
    assert read_ready_file(ready) is None
    ready.write_text(json.dumps({"apiUrl": READY["apiUrl"]}))
    assert read_ready_file(ready) is None
    ready.write_text(json.dumps(READY))
    assert read_ready_file(ready) == READY


def test_the_ready_file_becomes_the_users_variables() -> None:
    env = target_env(READY)
    target = target_from_env(env)
    assert target.is_live
    assert target.api_url == READY["apiUrl"]
    assert (target.token, target.space_id, target.revision) == ("ready-token", DEFAULT_SPACE_ID, 3)
    assert target.store_initial_content == DEFAULT_STORE_INITIAL_CONTENT


def test_another_worlds_ids_get_no_store_content() -> None:
    env = target_env({**READY, "spaceId": "other-space"})
    assert "ONEPROVIDER_TEST_STORE_INITIAL_CONTENT" not in env
    assert target_from_env(env).store_initial_content == {}


def test_too_few_cases_fail_the_run(tmp_path: Path) -> None:
    run = run_suite(
        tmp_path, {}, "-k", "test_every_operation_of_the_spec_has_a_test", "--contract-min-cases=1"
    )
    assert run.returncode == 1, run.output
    lines = run.output.splitlines()
    assert "contract-test: FAILED: 0 cases ran, at least 1 wanted" in lines
    assert lines[-2:] == [
        "contract-test: target embedded mock (in-process): 0 cases (fewer than 1), 0 failures",
        lines[-1],
    ]
    assert lines[-1].startswith("1 passed")
    assert run.counts["cases"] == 0
