"""The README's section on workflow schemas: its Python example runs, its commands do as it says.

The example reads ``echo.json`` from the shared dumps folder (the test runs
there, writing nothing in it); requests are answered on the httpx client and
counted, so the refused schedule is seen sending nothing.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import httpx
import pytest
from oneprovider_automation import WorkflowSchema
from oneprovider_automation.cli._main import main

from .test_readme import _code_blocks, _section
from .workflow_examples import EXAMPLES, dump_path

TITLE = "Checking store content against a workflow schema"
SPACE_ID = "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c"


@pytest.fixture
def echo() -> Path:
    return dump_path(EXAMPLES / "echo.json")


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    """Schedule requests answered 201 (no provider), each recorded."""
    requests: list[httpx.Request] = []

    def send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        requests.append(request)
        return httpx.Response(
            201,
            json={"atmWorkflowExecutionId": "e1"},
            headers={"Location": f"{request.url}/e1"},
            request=request,
        )

    monkeypatch.setattr(httpx.Client, "send", send)
    return requests


def test_the_section_follows_the_cli_section() -> None:
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    titles = re.findall(r"^## (.*)$", text, re.MULTILINE)
    assert titles[titles.index("The CLI") + 1] == TITLE


def test_the_python_example_runs_as_written(
    echo: Path,
    sent: list[httpx.Request],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(echo.parent)
    monkeypatch.setenv("ONEPROVIDER_HOST", "provider.example.com")
    monkeypatch.setenv("ONEPROVIDER_API_KEY", "token-of-the-example")
    (example,) = _code_blocks(_section(TITLE), "python")
    exec(compile(example, "README.md", "exec"), {"__name__": "__readme__"})
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["input list True", "output list False", "input atmStoreCreationFailed", "e1"]
    (request,) = sent  # the refused one sent nothing
    schema = WorkflowSchema.from_file(echo)
    body = json.loads(request.content)
    assert body["atmWorkflowSchemaId"] == schema.id
    assert body["atmWorkflowSchemaRevisionNumber"] == schema.revision_number
    (content,) = body["storeInitialContentOverlay"].values()
    assert list(body["storeInitialContentOverlay"]) == [schema.store("input").id]
    assert content[0]["fileId"].endswith(SPACE_ID.encode().hex().upper())


def test_the_commands_exit_as_the_section_says(
    echo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    from oneprovider_automation.workflow_schema import object_id

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ONEPROVIDER_HOST", "provider.example.com")
    monkeypatch.setenv("ONEPROVIDER_API_KEY", "token-of-the-example")
    (tmp_path / "input.json").write_text(json.dumps([{"fileId": object_id("u1", SPACE_ID)}]))
    (block,) = _code_blocks(_section(TITLE), "sh")
    commands = [line for line in block.splitlines() if line.startswith("oneprovider-automation")]
    assert len(commands) == 3
    outputs = []
    for line, exit_code in zip(commands, (0, 1, 0), strict=True):
        argv = shlex.split(line.replace('"$SPACE_ID"', SPACE_ID))[1:]
        argv = [str(echo) if arg == "echo.json" else arg for arg in argv]
        if argv[0] == "schedule":
            argv = ["--dry-run", *argv]
        capsys.readouterr()
        assert main(argv) == exit_code, line
        outputs.append(capsys.readouterr().out)
    ok = json.loads(outputs[0])
    assert ok["ok"] is True
    assert set(ok) == {
        "ok",
        "atmWorkflowSchemaId",
        "atmWorkflowSchemaRevisionNumber",
        "storeInitialContentOverlay",
        "leftToProvider",
    }
    (shown,) = _code_blocks(_section(TITLE), "json")
    refused = json.loads(outputs[1])
    assert {key: refused[key] for key in json.loads(shown)} == json.loads(shown)
    assert refused["providerError"]["id"] == "atmStoreCreationFailed"
    assert outputs[2].startswith("curl ")


def test_the_broken_dump_message_is_the_one_shown(
    echo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(echo.read_text(encoding="utf-8"))
    del data["revision"]["atmWorkflowSchemaRevision"]["_data"]["stores"][0]["_data"]["type"]
    broken = tmp_path / "echo.json"
    broken.write_text(json.dumps(data))
    assert main(["check", "--workflow-schema", str(broken)]) == 2
    message = capsys.readouterr().err
    shown = re.search(r"`echo\.json: (.*?)`", " ".join(_section(TITLE).split()), re.DOTALL)
    assert shown
    start, _, end = shown.group(1).partition("...")
    assert f"{broken}: {start}" in message
    assert message.rstrip().endswith(end.strip())
