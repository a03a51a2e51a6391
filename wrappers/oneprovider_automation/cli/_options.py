"""What every CLI command shares: the group's options, output, dry runs, single calls."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypedDict

import attrs
import click
import httpx

from .._client import AsyncOneprovider, Oneprovider
from .._constants import DEFAULT_TIMEOUT, HOST_ENV, TOKEN_ENV
from .._request import Call, base_url_for, get_call, schedule_call
from .._secrets import MASK, Secret
from ._dry_run import curl_command
from ._input import BadInput, ScheduleRequest

PROG = "oneprovider-automation"


@attrs.frozen
class Options:
    """The group's options, shared by every command."""

    host: str | None
    token: str | None = attrs.field(repr=False)
    request_timeout: float | None
    max_retries: int
    insecure: bool
    dry_run: bool

    def with_dry_run(self, dry_run: bool) -> Options:
        """These options, dry-running also when a command's own ``--dry-run`` says so."""
        return attrs.evolve(self, dry_run=self.dry_run or dry_run)

    def secret(self) -> Secret:
        return Secret(self.token or "")

    def base_url(self) -> str:
        if not self.host:
            raise BadInput(f"no provider given: pass --host or set {HOST_ENV}")
        try:
            return base_url_for(self.host)
        except ValueError as err:
            raise BadInput(f"--host: {err}") from None

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
        if not self.token:
            raise BadInput(f"no token given: set {TOKEN_ENV} (or pass --token)")
        return host, self.token

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
    for call in calls:
        click.echo(curl_command(call.build_standalone(MASK), options.secret()))


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


def schedule_one(options: Options, request: ScheduleRequest, dry_run: bool) -> None:
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


def get_one(options: Options, execution_id: str, dry_run: bool) -> None:
    if dry_run or options.dry_run:
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
