"""``oneprovider-mock``: the mock provider as a real server, in the foreground."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from .http._app import create_app
from .http._server import ReadyServer, bind, server_config, url_of
from .world._world import World, WorldError


def _masked(token: str) -> str:
    return token[:4] + "…" if len(token) > 8 else "…"


def _write_atomically(path: Path, text: str) -> None:
    # Readers poll for the file: it must appear complete or not at all.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ready-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _banner(world: World, url: str) -> str:
    info = world.connection_info(url)
    body = json.dumps(world.example_request())
    return "\n".join(
        [
            f"oneprovider-mock: world {world.name!r} served at {url}",
            f"  {world.description}" if world.description else "",
            f"  API       {info['apiUrl']}",
            f"  token     {_masked(info['token'])} (masked; the full one is in the ready file "
            f"and in GET {url}/_mock/world)",
            '  schedule  curl -X POST -H "X-Auth-Token: $TOKEN" '
            "-H 'Content-Type: application/json' \\",
            f"              {info['apiUrl']}/automation/execution/workflows -d '{body}'",
            f"  controls  {url}/_mock/world, /_mock/reset, /_mock/callbacks, /_mock/timing, "
            "/_mock/fail-next",
            "Stop with Ctrl+C.",
        ]
    ).replace("\n\n", "\n")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--world",
    "world_name",
    default="default",
    show_default=True,
    metavar="NAME|FILE",
    help="A shipped world (see --list-worlds) or a world JSON file.",
)
@click.option(
    "--ready-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Once the server accepts connections, write there a JSON object with host, "
    "apiUrl, token, spaceId, atmWorkflowSchemaId and atmWorkflowSchemaRevisionNumber.",
)
@click.option(
    "--allow-callback-host",
    "allow_callback_hosts",
    multiple=True,
    metavar="HOST",
    help="Also deliver callbacks to HOST (as written in the URL); by default only "
    "localhost, 127.0.0.0/8 and ::1 are called. Repeatable.",
)
@click.option(
    "--phase-seconds",
    type=click.FloatRange(min=0),
    default=None,
    help="How long executions stay scheduled, then active (default: the world's).",
)
@click.option(
    "--callback-tries",
    type=click.IntRange(min=1),
    default=None,
    help="Tries per callback, the first included (default: a provider's 31).",
)
@click.option(
    "--callback-backoff",
    type=click.FloatRange(min=0),
    default=None,
    help="Seconds before the second try, doubling for each next one (default: a "
    "provider's random 1-2000 ms, capped at 2 h).",
)
@click.option("--access-log/--no-access-log", default=False, help="Log every request.")
@click.option("--list-worlds", is_flag=True, help="List the shipped worlds and exit.")
def main(
    host: str,
    port: int,
    world_name: str,
    ready_file: Path | None,
    allow_callback_hosts: tuple[str, ...],
    phase_seconds: float | None,
    callback_tries: int | None,
    callback_backoff: float | None,
    access_log: bool,
    list_worlds: bool,
) -> None:
    """Serve a stateful fake Oneprovider (automation workflow executions)."""
    if list_worlds:
        for name in World.names():
            click.echo(f"{name}: {World.named(name).description}")
        return
    try:
        world = World.load(world_name)
    except WorldError as err:
        raise click.BadParameter(str(err), param_hint="--world") from err
    app = create_app(
        world,
        phase_seconds=phase_seconds,
        callback_tries=callback_tries,
        callback_backoff=callback_backoff,
        allow_callback_hosts=allow_callback_hosts,
    )
    try:
        sock = bind(host, port)
    except OSError as err:
        raise click.ClickException(f"cannot listen on {host}:{port}: {err}") from err
    url = url_of(sock)

    def ready() -> None:
        if ready_file is not None:
            _write_atomically(ready_file, json.dumps(world.connection_info(url), indent=2))
        click.echo(_banner(world, url))

    def shutdown() -> None:
        app.backend.close()
        if ready_file is not None:
            ready_file.unlink(missing_ok=True)

    server = ReadyServer(
        server_config(app, access_log=access_log), on_ready=ready, on_shutdown=shutdown
    )
    server.run(sockets=[sock])
