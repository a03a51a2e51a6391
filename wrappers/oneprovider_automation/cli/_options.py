"""What every CLI command shares: the group's options, output, dry runs, single calls."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypedDict

import attrs
import click
import httpx

from .._client import AsyncOneprovider, Oneprovider
from .._constants import DEFAULT_TIMEOUT, HOST_ENV, TOKEN_ENV
from .._request import Call, base_url_for, get_call, schedule_call
from .._secrets import MASK, Secret, token_problem
from ._dry_run import curl_command
from ._input import BadInput, ScheduleRequest

PROG = "oneprovider-automation"


#: How a message names where the host or the token came from.
HOST_OPTION = "--host"
TOKEN_OPTION = "--token"  # noqa: S105 (an option's name)


@attrs.frozen
class Options:
    """The group's options, shared by every command.

    ``host_from`` and ``token_from`` say where each came from (``--host`` or
    ``ONEPROVIDER_HOST``, ``--token`` or ``ONEPROVIDER_API_KEY``), for messages.
    """

    host: str | None
    token: str | None = attrs.field(repr=False)
    request_timeout: float | None
    max_retries: int
    insecure: bool
    dry_run: bool
    host_from: str = HOST_OPTION
    token_from: str = TOKEN_OPTION

    def with_dry_run(self, dry_run: bool) -> Options:
        """These options, dry-running also when a command's own ``--dry-run`` says so."""
        return attrs.evolve(self, dry_run=self.dry_run or dry_run)

    def given_on_command(self, name: str, value: object) -> Options:
        """These options with ``name`` (a field) given on the command line after the command."""
        changes: dict[str, Any] = {name: value}
        if name == "host":
            changes["host_from"] = HOST_OPTION
        elif name == "token":
            changes["token_from"] = TOKEN_OPTION
        return attrs.evolve(self, **changes)

    def secret(self) -> Secret:
        return Secret(self.token or "")

    def base_url(self) -> str:
        if self.host is None:
            raise BadInput(f"no provider given: pass --host or set {HOST_ENV}")
        try:
            return base_url_for(self.host)
        except ValueError as err:
            raise BadInput(f"{self.host_from}: {err}") from None

    def checked_token(self) -> str | None:
        """The token (``None`` when none was given); :class:`BadInput` when it cannot be sent.

        A real run and a dry run both check it here, with the client's own rule.
        """
        if self.token is None:
            return None
        problem = token_problem(self.token)
        if problem is not None:
            raise BadInput(f"{self.token_from}: {problem}")
        return self.token

    def client(self) -> Oneprovider:
        """The sync client; :class:`BadInput` naming what is missing or wrong."""
        host, token = self._client_arguments()
        try:
            return Oneprovider(host, token, **self._client_options())
        except ValueError as err:
            raise BadInput(str(err)) from None

    def async_client(self) -> AsyncOneprovider:
        """The async client; :class:`BadInput` naming what is missing or wrong."""
        host, token = self._client_arguments()
        try:
            return AsyncOneprovider(host, token, **self._client_options())
        except ValueError as err:
            raise BadInput(str(err)) from None

    def _client_arguments(self) -> tuple[str, str]:
        host = self.base_url()
        token = self.checked_token()
        if token is None:
            raise BadInput(f"no token given: set {TOKEN_ENV} (or pass --token)")
        return host, token

    def _client_options(self) -> _ClientOptions:
        return {
            "timeout": self.request_timeout or DEFAULT_TIMEOUT,
            "max_retries": self.max_retries,
            "verify": not self.insecure,
        }


class _ClientOptions(TypedDict):
    timeout: float | httpx.Timeout
    max_retries: int
    verify: bool


def emit(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def say(message: str) -> None:
    click.echo(message, err=True)


def print_dry_run(options: Options, *calls: Call) -> None:
    """Print the curl command of each call, after checking the token as a real run would."""
    options.checked_token()
    for call in calls:
        click.echo(curl_command(call.build_standalone(MASK), options.secret()))
    if options.token is None:
        _note_once(
            f"note: the command reads the token from ${TOKEN_ENV}, which is empty or not set here"
        )
    elif options.token_from == TOKEN_OPTION:
        _note_once(
            f"note: the command reads the token from ${TOKEN_ENV}, not from --token "
            f"(never printed); set {TOKEN_ENV} before running it"
        )


def _note_once(message: str) -> None:
    # A command may print its calls in several goes (audit-log): one note is enough.
    ctx = click.get_current_context(silent=True)
    said = ctx.meta.setdefault("oneprovider_automation.notes", set()) if ctx else set()
    if message not in said:
        said.add(message)
        say(message)


def schedule_call_for(options: Options, request: ScheduleRequest) -> Call:
    return schedule_call(
        options.base_url(),
        space_id=request.space_id,
        workflow_schema_id=request.workflow_schema_id,
        revision=request.revision,
        store_initial_content=request.store_initial_content,
        log_level=request.log_level,
        callback=request.callback,
        repeatable=False,
    )


def schedule_one(options: Options, request: ScheduleRequest, dry_run: bool = False) -> None:
    if dry_run or options.dry_run:
        print_dry_run(options, schedule_call_for(options, request))
        return
    with options.client() as client:
        scheduled = client.workflow_executions.schedule(
            request.space_id,
            request.workflow_schema_id,
            request.revision,
            store_initial_content=request.store_initial_content,
            log_level=request.log_level,
            callback=request.callback,
        )
    emit(
        {
            "atmWorkflowExecutionId": scheduled.id,
            "url": scheduled.url,
            "location": scheduled.location,
        }
    )


def get_one(options: Options, execution_id: str) -> None:
    if options.dry_run:
        print_dry_run(options, get_call(options.base_url(), execution_id))
        return
    with options.client() as client:
        execution = client.workflow_executions.get(execution_id)
    emit(execution.raw)


def emit_line(data: object) -> None:
    """One JSON object on one line (for streams: ``| jq``, ``| head``)."""
    click.echo(json.dumps(data, ensure_ascii=False))


@contextmanager
def stops_quietly_when_the_reader_goes() -> Iterator[None]:
    """Around a stream of lines: a reader gone (``| head``) ends it without a traceback.

    stdout then points at the null device, so that Python's flush at exit
    does not fail again.
    """
    try:
        yield
    except BrokenPipeError:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
