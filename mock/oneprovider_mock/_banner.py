"""What ``oneprovider-mock`` prints once it serves: where, and commands to paste into bash.

The token is never printed: the commands read it from the ready file, or from
``GET /_mock/world`` without one, into ``ONEPROVIDER_API_KEY``; the samples that
follow use that variable and ``ONEPROVIDER_HOST``, the variables the client's CLI reads.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path

from .world._world import World

#: The line after which the banner's commands come, each as it is pasted.
COMMANDS_HEADER = "To call it, paste into bash:"

_PRINT_KEY = 'import json, sys; print(json.load({source})["token"])'


def masked(token: str) -> str:
    """The first characters of a long token, nothing of a short one."""
    return token[:4] + "…" if len(token) > 8 else "…"


def _client_command() -> str:
    """How to run the client's CLI installed with this mock, as a shell word."""
    script = shutil.which("oneprovider-automation", path=str(Path(sys.executable).parent))
    if script is not None:
        return shlex.quote(script)
    return f"{shlex.quote(sys.executable)} -m oneprovider_automation"


def _token_command(url: str, ready_file: Path | None) -> str:
    if ready_file is not None:
        read = _PRINT_KEY.format(source="open(sys.argv[1])")
        return f"python3 -c {shlex.quote(read)} {shlex.quote(str(ready_file))}"
    read = _PRINT_KEY.format(source="sys.stdin")
    return f"curl -sS {shlex.quote(url + '/_mock/world')} | python3 -c {shlex.quote(read)}"


def _continued(*parts: str) -> list[str]:
    """One command over several lines, each but the last ending in a backslash."""
    return [part + " \\" for part in parts[:-1]] + [parts[-1]]


def commands(world: World, url: str, ready_file: Path | None) -> list[str]:
    """Lines to paste into bash: the two variables, then a schedule with curl and with the CLI."""
    body = world.example_request()
    stores = [
        f"--store {shlex.quote(store_id + '=' + json.dumps(content))}"
        for store_id, content in body.get("storeInitialContentOverlay", {}).items()
    ]
    return [
        f"export ONEPROVIDER_HOST={shlex.quote(url)}",
        f'export ONEPROVIDER_API_KEY="$({_token_command(url, ready_file)})"',
        "# schedule the example request, with curl or with the client's CLI",
        *_continued(
            'curl -sS --fail-with-body -X POST -H "X-Auth-Token: $ONEPROVIDER_API_KEY"',
            "  -H 'Content-Type: application/json'",
            '  "$ONEPROVIDER_HOST/api/v3/oneprovider/automation/execution/workflows"',
            f"  -d {shlex.quote(json.dumps(body))}; echo",
        ),
        *_continued(
            f"{_client_command()} schedule --space {shlex.quote(body['spaceId'])}",
            f"  --schema {shlex.quote(body['atmWorkflowSchemaId'])}"
            f" --revision {body['atmWorkflowSchemaRevisionNumber']}",
            *(f"  {store}" for store in stores),
        ),
    ]


def banner(world: World, url: str, ready_file: Path | None) -> str:
    """The text printed once the server at ``url`` accepts connections."""
    token = masked(world.default_token)
    where = f"{ready_file} and in " if ready_file is not None else ""
    example = world.workflow_schemas.get(world.defaults.atm_workflow_schema_id)
    served = (
        f"  schemas   {', '.join(world.workflow_schema_sources)}; the example request "
        f"schedules {example.name!r}, revision {world.defaults.revision_number}"
        if world.workflow_schema_sources and example is not None
        else None
    )
    lines = [
        f"oneprovider-mock: world {world.name!r} served at {url}",
        # A served dump replaces the world's example, which its description is about.
        f"  {world.description}" if world.description and served is None else None,
        served,
        f"  API       {url}/api/v3/oneprovider",
        f"  token     {token} (masked; the full one is in {where}GET {url}/_mock/world)",
        f"  controls  {url}/_mock/world, /_mock/reset, /_mock/callbacks, /_mock/timing, "
        "/_mock/fail-next",
        COMMANDS_HEADER,
        *commands(world, url, ready_file),
        "Stop with Ctrl+C.",
    ]
    return "\n".join(line for line in lines if line is not None)
