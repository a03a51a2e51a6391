"""Run the contract suite over the network against ``oneprovider-mock`` served on loopback.

``python -m contract_tests.live [pytest arguments]`` starts the mock's command
(``oneprovider-mock --host 127.0.0.1 --port 0 --ready-file ...``), waits for its ready
file, points the suite at it through the same variables a user sets for a real provider
(``ONEPROVIDER_HOST``, ``ONEPROVIDER_API_KEY``, ``ONEPROVIDER_TEST_*``), runs pytest with
the given arguments, and stops the mock whatever happens. The exit code is pytest's.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from contract_tests.processes import running, wait_for
from contract_tests.schema import ROOT
from contract_tests.target import (
    API_PATH,
    DEFAULT_SPACE_ID,
    DEFAULT_STORE_INITIAL_CONTENT,
    DEFAULT_WORKFLOW_SCHEMA_ID,
    ENV_API_KEY,
    ENV_HOST,
    ENV_OUTSIDER_API_KEY,
    ENV_PEER_API_KEY,
    ENV_REVISION,
    ENV_SPACE_ID,
    ENV_STORE_INITIAL_CONTENT,
    ENV_WORKFLOW_SCHEMA,
    ENV_WORKFLOW_SCHEMA_ID,
    OUTSIDER_USER,
    PEER_USER,
)

#: How long the mock may take to write its ready file.
READY_TIMEOUT = 60.0
_READY_KEYS = (
    "apiUrl",
    "token",
    "spaceId",
    "atmWorkflowSchemaId",
    "atmWorkflowSchemaRevisionNumber",
)


def read_ready_file(path: Path) -> dict[str, Any] | None:
    """The mock's ready file, once it is complete (``None`` until then)."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or not all(key in info for key in _READY_KEYS):
        return None
    return info


def target_env(info: Mapping[str, Any]) -> dict[str, str]:
    """The variables that point the suite at the mock described by its ready file."""
    api_url = str(info["apiUrl"]).rstrip("/")
    host = api_url.removesuffix(API_PATH)
    env = {
        ENV_HOST: host,
        ENV_API_KEY: str(info["token"]),
        ENV_SPACE_ID: str(info["spaceId"]),
        ENV_WORKFLOW_SCHEMA_ID: str(info["atmWorkflowSchemaId"]),
        ENV_REVISION: str(info["atmWorkflowSchemaRevisionNumber"]),
    }
    seed_schema = (info["spaceId"], info["atmWorkflowSchemaId"]) == (
        DEFAULT_SPACE_ID,
        DEFAULT_WORKFLOW_SCHEMA_ID,
    )
    if seed_schema:
        # The default world: the seed's initial content fits its revision.
        env[ENV_STORE_INITIAL_CONTENT] = json.dumps(DEFAULT_STORE_INITIAL_CONTENT)
    elif isinstance(info.get("storeInitialContentOverlay"), dict):
        # A served workflow-schema dump: the content the mock built for its required stores.
        env[ENV_STORE_INITIAL_CONTENT] = json.dumps(info["storeInitialContentOverlay"])
    if info["spaceId"] == DEFAULT_SPACE_ID:
        # The default world's second user (schedule and view, not manage) and third
        # (schedule only) are the suite's other identities.
        for name, variable in (
            (PEER_USER, ENV_PEER_API_KEY),
            (OUTSIDER_USER, ENV_OUTSIDER_API_KEY),
        ):
            token = _token_of(name)
            if token is not None:
                env[variable] = token
    return env


def _token_of(name: str) -> str | None:
    from oneprovider_mock import World

    for user in World.default().users.values():
        if user.name == name and user.tokens:
            return user.tokens[0]
    return None


def mock_command(ready_file: Path, env: Mapping[str, str] | None = None) -> list[str]:
    """The mock's command line, on loopback and a free port.

    ``CONTRACT_TEST_WORKFLOW_SCHEMA`` in ``env`` (default: the process's) adds each dump
    with ``--workflow-schema``; the first is then the ready file's example.
    """
    env = os.environ if env is None else env
    dumps = [p for p in env.get(ENV_WORKFLOW_SCHEMA, "").split(os.pathsep) if p.strip()]
    return [
        sys.executable,
        "-m",
        "oneprovider_mock",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--ready-file",
        str(ready_file),
        *(arg for dump in dumps for arg in ("--workflow-schema", str(Path(dump).resolve()))),
    ]


def _exit_on_sigterm(signum: int, frame: object) -> None:
    # `timeout` (and CI) stop a run with SIGTERM; exiting through SystemExit runs the
    # cleanup that stops the mock.
    sys.exit(128 + signum)


def main(pytest_args: Sequence[str]) -> int:
    """Serve the mock, run pytest against it with ``pytest_args``, stop the mock."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with tempfile.TemporaryDirectory(prefix="contract-live-") as tmp:
        ready_file = Path(tmp) / "ready.json"
        log = Path(tmp) / "oneprovider-mock.log"
        with running(mock_command(ready_file), log, cwd=ROOT) as mock:
            info = wait_for(
                lambda: read_ready_file(ready_file),
                mock,
                log,
                timeout=READY_TIMEOUT,
                what="oneprovider-mock",
            )
            print(f"contract-test-live: oneprovider-mock serves {info['apiUrl']}", flush=True)
            env = {
                name: value
                for name, value in os.environ.items()
                if not name.startswith(("ONEPROVIDER_", "CONTRACT_TEST_APP"))
            }
            env.update(target_env(info))
            command = [sys.executable, "-m", "pytest", *pytest_args]
            return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
