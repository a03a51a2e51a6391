"""``oneprovider-mock``: the mock provider as a real server, in the foreground."""

from __future__ import annotations

import difflib
import json
import logging
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Any, TextIO

import click

from ._banner import banner
from .http._app import create_app
from .http._server import ReadyServer, bind, server_config, url_of
from .world._model import MAX_PHASE_SECONDS
from .world._world import World, WorldError

PROG = "oneprovider-mock"
#: Exit code of bad input: a bad option, an unknown world, a world file that is no world.
EXIT_BAD_INPUT = 2


class CommandError(click.ClickException):
    """Raised when the server cannot run (a busy port); one line, exit 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"{PROG}: error: {self.format_message()}", err=True)


class BadInput(CommandError):
    """Raised for bad input (an option, an unknown world, a world file that is no world); exit 2."""

    exit_code = EXIT_BAD_INPUT


class _Command(click.Command):
    """A command whose usage errors are one line, like every other bad input."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as err:
            raise BadInput(f"{err.format_message()} (see '{PROG} --help')") from err


class Seconds(click.FloatRange):
    """A number of seconds from 0 to ``MAX_PHASE_SECONDS``; nan and inf are refused."""

    def __init__(self) -> None:
        super().__init__(min=0, max=MAX_PHASE_SECONDS)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number from 0 to {MAX_PHASE_SECONDS:,.0f}", param, ctx)
        return number


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


def _check_writable(path: Path) -> None:
    """Fail now, not once serving, if the ready file cannot be written at ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ready-", dir=path.parent)
        os.close(fd)
        Path(tmp).unlink()
    except OSError as err:
        raise BadInput(f"--ready-file {str(path)!r}: cannot write there: {err}") from err


def _load_world(value: str) -> World:
    """The shipped world named ``value``, or the world in the file at ``value``."""
    names = World.names()
    if value not in names and not Path(value).exists():
        close = difflib.get_close_matches(value, names, n=3)
        if close:
            known = "did you mean " + " or ".join(repr(name) for name in close) + "?"
        else:
            known = "shipped: " + ", ".join(names)
        raise BadInput(
            f"--world {value!r} is neither a shipped world nor a file; {known} "
            f"(see '{PROG} --list-worlds')"
        )
    try:
        return World.load(value)
    except WorldError as err:
        raise BadInput(f"--world: {err}") from err


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    # The distribution's one version, the client's; imported only when asked for, since
    # importing it imports the whole client.
    from oneprovider_automation._version import __version__

    click.echo(f"{PROG}, version {__version__}")
    ctx.exit()


class _StderrHandler(logging.StreamHandler[TextIO]):
    """The handler the command adds to the mock's logger (once)."""


def _log_to_stderr() -> None:
    """The mock's own log (each callback decision) on stderr, from INFO up."""
    logger = logging.getLogger("oneprovider_mock")
    if any(isinstance(handler, _StderrHandler) for handler in logger.handlers):
        return
    handler = _StderrHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


@click.command(
    cls=_Command,
    context_settings={"help_option_names": ["-h", "--help"], "show_default": True},
    epilog="What the ready file holds is also served at GET /_mock/world; the README's "
    "'The mock provider' lists every control under /_mock/.",
)
@click.option("--host", default="127.0.0.1", metavar="HOST", help="Address to listen on.")
@click.option(
    "--port",
    default=8080,
    type=click.IntRange(0, 65535),
    metavar="PORT",
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--world",
    "world_name",
    default="default",
    metavar="NAME|FILE",
    help="A shipped world (see --list-worlds) or a world JSON file.",
)
@click.option(
    "--workflow-schema",
    "workflow_schemas",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    show_default="none",
    help="Also serve this workflow-schema dump (Onezone's 'Download JSON') in the world's "
    "space, under its own schema id and revision; the first one becomes the example "
    "request of the ready file. Repeatable.",
)
@click.option(
    "--ready-file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    show_default="none",
    help="Once the server accepts connections, write there a JSON object with host, "
    "apiUrl, token, spaceId, atmWorkflowSchemaId, atmWorkflowSchemaRevisionNumber, "
    "storeInitialContentOverlay (the example's), stores (the revision's) and files "
    "(the space's); removed when the server stops.",
)
@click.option(
    "--allow-callback-host",
    "allow_callback_hosts",
    multiple=True,
    metavar="HOST",
    show_default="none: only localhost, 127.0.0.0/8 and ::1",
    help="Also deliver callbacks to HOST (as written in the URL). Repeatable.",
)
@click.option(
    "--phase-seconds",
    type=Seconds(),
    metavar="SECONDS",
    default=None,
    show_default="the world's",
    help="How long executions stay scheduled, then active; 0: no wait.",
)
@click.option(
    "--callback-tries",
    type=click.IntRange(min=1),
    metavar="N",
    default=None,
    show_default="a provider's 31",
    help="Tries per callback, the first included.",
)
@click.option(
    "--callback-backoff",
    type=Seconds(),
    metavar="SECONDS",
    default=None,
    show_default="a provider's random 1-2000 ms",
    help="Wait before the second try of a callback; it doubles for each next one, up to 2 h.",
)
@click.option("--access-log/--no-access-log", default=False, help="Log every request.")
@click.option("--list-worlds", is_flag=True, help="List the shipped worlds and exit.")
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def main(
    host: str,
    port: int,
    world_name: str,
    workflow_schemas: tuple[Path, ...],
    ready_file: Path | None,
    allow_callback_hosts: tuple[str, ...],
    phase_seconds: float | None,
    callback_tries: int | None,
    callback_backoff: float | None,
    access_log: bool,
    list_worlds: bool,
) -> None:
    """Serve a stateful fake Oneprovider (automation workflow executions).

    It prints how to call it and logs each callback decision on stderr.
    """
    if list_worlds:
        for name in World.names():
            click.echo(f"{name}: {World.named(name).description}")
        return
    world = _load_world(world_name)
    for index, dump_path in enumerate(workflow_schemas):
        try:
            world.serve_workflow_schema(dump_path, example=True if index == 0 else None)
        except WorldError as err:
            raise BadInput(f"--workflow-schema: {err}") from err
    ready_path = None if ready_file is None else ready_file.resolve()
    if ready_path is not None:
        _check_writable(ready_path)
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
        raise CommandError(f"cannot listen on {host}:{port}: {err}") from err
    url = url_of(sock)

    def ready() -> None:
        if ready_path is not None:
            _write_atomically(ready_path, json.dumps(world.connection_info(url), indent=2))
        click.echo(banner(world, url, ready_path))

    def shutdown() -> None:
        app.backend.close()
        if ready_path is not None:
            ready_path.unlink(missing_ok=True)

    _log_to_stderr()
    server = ReadyServer(
        server_config(app, access_log=access_log), on_ready=ready, on_shutdown=shutdown
    )
    server.run(sockets=[sock])
