"""The README's mock section holds what the code does: tables checked, the example run."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from oneprovider_mock import MockApp, MockProvider, World
from oneprovider_mock._banner import commands
from oneprovider_mock._cli import main
from oneprovider_mock.pytest_plugin import MockProviderFactory
from starlette.routing import Route

from tests.automation_examples import dump_path
from tests.mock.test_worlds import SEED_REQUEST_OUTCOME

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## The mock provider\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert match, "README has no section 'The mock provider'"
    return match.group(1)


def table(header: str) -> list[list[str]]:
    """Rows of the table whose header line starts with ``header``."""
    lines = section().split("\n" + header)[1].split("\n\n")[0].splitlines()[2:]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]


def test_the_worlds_table_lists_every_shipped_world_and_its_outcome() -> None:
    rows = {row[0].strip("`"): row[1] for row in table("| world |")}
    assert sorted(rows) == World.names()
    for name, text in rows.items():
        status, outcome = SEED_REQUEST_OUTCOME[name]
        assert text.startswith(str(status)), name
        expected = "finishes" if outcome == "finished" else f"`{outcome}`"
        assert expected in text, name


def test_the_controls_table_lists_every_control(app: MockApp) -> None:
    documented = {row[0].strip("`") for row in table("| control |")}
    served = {
        f"{method} {route.path}"
        for route in app.routes
        if isinstance(route, Route) and route.path.startswith("/_mock/")
        for method in route.methods or ()
        if method != "HEAD"
    }
    assert documented == served


def test_the_options_table_matches_the_command() -> None:
    help_text = CliRunner().invoke(main, ["--help"]).output
    documented = set(re.findall(r"`(--[a-z-]+)", "\n".join(row[0] for row in table("| option |"))))
    offered = set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help", "--no-access-log"}
    actions = {"--list-worlds", "--version"}
    assert documented == offered - actions
    for action in actions:
        assert action in section(), action


def test_the_python_example_runs(
    oneprovider_mock: MockProvider, oneprovider_mock_factory: MockProviderFactory
) -> None:
    code = re.search(r"```python\n(.*?)```", section(), re.DOTALL)
    assert code
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), "README.md", "exec"), namespace)
    namespace["test_the_workflow_finishes"](oneprovider_mock)  # type: ignore[operator]
    namespace["test_a_user_without_the_privilege"](oneprovider_mock_factory)  # type: ignore[operator]


def test_the_ready_file_sample_is_a_real_one() -> None:
    start = section().index("With `--ready-file`")
    sample = re.search(r"```json\n(.*?)```", section()[start:], re.DOTALL)
    assert sample, "no ready-file sample"
    text = sample.group(1)
    host = re.search(r'"host": "(http://127\.0\.0\.1:\d+)"', text)
    assert host, text
    real = json.dumps(World.default().connection_info(host.group(1)))
    # The sample is the real file on fewer lines, with long strings cut short by "...".
    compact = re.sub(r"(?<=[\[{])\s+|\s+(?=[\]}])", "", " ".join(text.split()))
    pattern = re.escape(compact).replace(re.escape("..."), '[^"]*')
    assert re.fullmatch(pattern, real), f"{compact}\n!=\n{real}"


def test_the_pasted_variables_are_what_the_banner_prints() -> None:
    start = section().index("commands to paste")
    block = re.search(r"```sh\n(.*?)```", section()[start:], re.DOTALL)
    assert block
    printed = commands(World.default(), "http://127.0.0.1:8080", Path("/path/to/mock-ready.json"))
    assert block.group(1).splitlines() == printed[:2]


def test_the_workflow_schema_example_is_what_the_mock_serves(tmp_path: Path) -> None:
    start = section().index("**Your own workflows.**")
    part = section()[start:]
    command = re.search(r"```sh\n(.*?)```", part, re.DOTALL)
    assert command
    args = command.group(1).split()
    assert args[0] == "oneprovider-mock"
    dump = args[args.index("--workflow-schema") + 1]
    # The README's dump is the shared one of that name, read where the tests keep them.
    world = World.default()
    world.serve_workflow_schema(dump_path(Path(dump).stem))
    real = world.connection_info("http://127.0.0.1:1")
    sample = re.search(r"```json\n(.*?)```", part, re.DOTALL)
    assert sample
    compact = re.sub(r"(?<=[\[{])\s+|\s+(?=[\]}])", "", " ".join(sample.group(1).split()))
    shown = {key: real[key] for key in re.findall(r'"(\w+)": (?=[\[{"\d])', compact) if key in real}
    pattern = re.escape(compact).replace(re.escape("..."), '[^"]*')
    assert re.fullmatch(pattern, json.dumps(shown)), f"{compact}\n!=\n{json.dumps(shown)}"
    # The error the README quotes is the one the mock stops with.
    quoted = re.search(r"`echo\.json: (revision\.[^`]*?) expected one of", part)
    assert quoted
    data = json.loads(dump_path("echo").read_text())
    del data["revision"]["atmWorkflowSchemaRevision"]["_data"]["stores"][0]["_data"]["type"]
    broken = tmp_path / "echo.json"
    broken.write_text(json.dumps(data))
    result = CliRunner().invoke(main, ["--workflow-schema", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}: {quoted.group(1)} expected one of" in result.output
