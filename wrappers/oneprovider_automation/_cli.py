"""The ``oneprovider-automation`` command.

JSON results go to stdout, messages to stderr. Exit codes: 0 success, 1 the
provider refused or could not be reached (or a batch left lines not
scheduled), 2 bad usage or input.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import attrs
import click

from . import _batch
from ._cli_input import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROVIDER_ERROR,
    BadInput,
    ScheduleRequest,
    log_level_option,
    parse_store_options,
    request_from_body,
)
from ._client import AsyncOneprovider, Oneprovider
from ._constants import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_POLL_INTERVAL,
    DEFAULT_TIMEOUT,
    DEFAULT_WAIT_TIMEOUT,
    HOST_ENV,
    TOKEN_ENV,
    __version__,
)
from ._curl import curl_command
from ._exceptions import OneproviderError
from ._logging import setup_logging
from ._models import WorkflowExecution
from ._request import Call, base_url_for, get_call, schedule_call
from ._restcli import parse_rest_args
from ._secrets import MASK, Secret

PROG = "oneprovider-automation"


@attrs.frozen
class Options:
    """The group's options, shared by every command."""

    host: str | None
    token: str | None
    request_timeout: float | None
    max_retries: int
    insecure: bool
    dry_run: bool

    def secret(self) -> Secret:
        return Secret(self.token or "")

    def base_url(self) -> str:
        if not self.host:
            raise BadInput(f"no provider given: pass --host or set {HOST_ENV}")
        try:
            return base_url_for(self.host)
        except ValueError as err:
            raise BadInput(f"--host: {err}") from None

    def _client_arguments(self) -> tuple[str, str]:
        host = self.base_url()
        if not self.token:
            raise BadInput(f"no token given: set {TOKEN_ENV} (or pass --token)")
        return host, self.token

    def client(self) -> Oneprovider:
        host, token = self._client_arguments()
        try:
            return Oneprovider(
                host,
                token,
                timeout=self.request_timeout or DEFAULT_TIMEOUT,
                max_retries=self.max_retries,
                verify=not self.insecure,
            )
        except ValueError as err:
            raise BadInput(str(err)) from None

    def async_client(self) -> AsyncOneprovider:
        host, token = self._client_arguments()
        try:
            return AsyncOneprovider(
                host,
                token,
                timeout=self.request_timeout or DEFAULT_TIMEOUT,
                max_retries=self.max_retries,
                verify=not self.insecure,
            )
        except ValueError as err:
            raise BadInput(str(err)) from None


def _emit(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _say(message: str) -> None:
    click.echo(message, err=True)


def _dry_run(options: Options, *calls: Call) -> None:
    for call in calls:
        click.echo(curl_command(call.build_standalone(MASK), options.secret()))


def _schedule_call(options: Options, request: ScheduleRequest) -> Call:
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


def _schedule_one(options: Options, request: ScheduleRequest, dry_run: bool) -> None:
    if dry_run or options.dry_run:
        _dry_run(options, _schedule_call(options, request))
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
    _emit({"atmWorkflowExecutionId": scheduled.id, "location": scheduled.location})


def _get_one(options: Options, execution_id: str, dry_run: bool) -> None:
    if dry_run or options.dry_run:
        _dry_run(options, get_call(options.base_url(), execution_id))
        return
    with options.client() as client:
        execution = client.workflow_executions.get(execution_id)
    _emit(execution.raw)


_HELP = f"""Schedule and follow automation workflow executions on a Oneprovider.

The provider and token come from --host/--token or, like Onedata's own
oneprovider-rest-cli, from {HOST_ENV} and {TOKEN_ENV}.

Exit codes: 0 success; 1 the provider refused, failed or could not be
reached; 2 bad usage or input.
"""


@click.group(help=_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--host", envvar=HOST_ENV, metavar="URL", help=f"Provider host or URL [env {HOST_ENV}]."
)
@click.option(
    "--token",
    envvar=TOKEN_ENV,
    metavar="TOKEN",
    help=f"Access token [env {TOKEN_ENV}; prefer it: arguments show in process lists].",
)
@click.option(
    "--request-timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Timeout of each request [default: 30, connect 10].",
)
@click.option(
    "--max-retries",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_RETRIES,
    show_default=True,
    help="Retries of a failed request (schedule: only when it never left).",
)
@click.option("--insecure", is_flag=True, help="Do not verify the provider's TLS certificate.")
@click.option("--dry-run", is_flag=True, help="Print the equivalent curl command; send nothing.")
@click.version_option(__version__, prog_name=PROG)
@click.pass_context
def cli(
    ctx: click.Context,
    host: str | None,
    token: str | None,
    request_timeout: float | None,
    max_retries: int,
    insecure: bool,
    dry_run: bool,
) -> None:
    setup_logging()
    ctx.obj = Options(host, token, request_timeout, max_retries, insecure, dry_run)


@cli.command()
@click.option("--space", "space_id", metavar="ID", help="Id of the space.")
@click.option("--schema", "schema_id", metavar="ID", help="Id of the workflow schema.")
@click.option("--revision", metavar="N", help="Revision number of the workflow schema.")
@click.option(
    "--store",
    "stores",
    multiple=True,
    metavar="STORE_ID=JSON|STORE_ID=@FILE",
    help="Initial content of a store; repeat for more stores.",
)
@click.option("--log-level", metavar="LEVEL", help="debug, info (the default), notice, ...")
@click.option("--callback", metavar="URL", help="URL the provider POSTs to when the run stops.")
@click.option(
    "--batch",
    "batch_file",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Schedule each line of FILE (a JSON request body per line).",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="With --batch: the results journal; rerun with the same FILE to resume.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="With --batch: requests in flight at once.",
)
@click.option(
    "--retry-unknown",
    metavar="LINES",
    help="With --batch: resend these lines (comma-separated, or 'all') whose outcome is unknown.",
)
@click.option(
    "--mark-scheduled",
    "marks",
    multiple=True,
    metavar="LINE=ID",
    help="With --batch: record that a line of unknown outcome was scheduled as execution ID.",
)
@click.option("--dry-run", is_flag=True, help="Print the equivalent curl command; send nothing.")
@click.pass_obj
def schedule(
    options: Options,
    space_id: str | None,
    schema_id: str | None,
    revision: str | None,
    stores: tuple[str, ...],
    log_level: str | None,
    callback: str | None,
    batch_file: Path | None,
    output: Path | None,
    concurrency: int,
    retry_unknown: str | None,
    marks: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Schedule a workflow execution (or a batch of them); print its id and location.

    A batch (--batch FILE --output RESULTS) appends each outcome to RESULTS as
    it happens; rerun the same command to resume: lines already scheduled are
    skipped, lines refused are sent again, lines whose outcome is unknown are
    reported and wait for --retry-unknown or --mark-scheduled.
    """
    single = {
        "--space": space_id,
        "--schema": schema_id,
        "--revision": revision,
        "--store": stores or None,
        "--log-level": log_level,
        "--callback": callback,
    }
    if batch_file is not None:
        given = [name for name, value in single.items() if value is not None]
        if given:
            raise BadInput(f"--batch takes its requests from the file; drop {', '.join(given)}")
        _run_batch(options, batch_file, output, concurrency, retry_unknown, marks, dry_run)
        return
    for name, value in (
        ("--output", output),
        ("--retry-unknown", retry_unknown),
        ("--mark-scheduled", marks or None),
    ):
        if value is not None:
            raise BadInput(f"{name} goes with --batch")
    missing = [name for name in ("--space", "--schema", "--revision") if single[name] is None]
    if missing:
        raise BadInput(f"schedule needs {', '.join(missing)} (or --batch FILE)")
    body: dict[str, object] = {
        "spaceId": space_id,
        "atmWorkflowSchemaId": schema_id,
        "atmWorkflowSchemaRevisionNumber": revision,
    }
    request = request_from_body(body, "schedule")
    request = attrs.evolve(
        request,
        store_initial_content=parse_store_options(stores),
        log_level=log_level_option(log_level),
        callback=callback,
    )
    _schedule_one(options, request, dry_run)


@cli.command()
@click.argument("execution_id", metavar="ID")
@click.option("--dry-run", is_flag=True, help="Print the equivalent curl command; send nothing.")
@click.pass_obj
def get(options: Options, execution_id: str, dry_run: bool) -> None:
    """Print the details of a workflow execution."""
    _get_one(options, execution_id, dry_run)


@cli.command()
@click.argument("execution_id", metavar="ID")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_WAIT_TIMEOUT,
    show_default=True,
    help="Give up (exit 1) after this many seconds.",
)
@click.option(
    "--poll-interval",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_POLL_INTERVAL,
    show_default=True,
    help="Seconds before the first poll; later ones grow slowly.",
)
@click.option("--dry-run", is_flag=True, help="Print the curl command of one poll; send nothing.")
@click.pass_obj
def wait(
    options: Options, execution_id: str, timeout: float, poll_interval: float, dry_run: bool
) -> None:
    """Wait until a workflow execution stops; print its details.

    Stopped means finished, failed, cancelled, crashed, paused or
    interrupted; check "status" in the output (e.g. jq -e '.status == "finished"').
    """
    if dry_run or options.dry_run:
        _dry_run(options, get_call(options.base_url(), execution_id))
        return
    _say(f"waiting for workflow execution {execution_id} (up to {timeout:g} s)")
    with options.client() as client:
        execution: WorkflowExecution = client.workflow_executions.wait(
            execution_id, timeout=timeout, poll_interval=poll_interval
        )
    _say(f"workflow execution {execution_id} is {execution.status.value}")
    _emit(execution.raw)


_REST_CONTEXT = {"ignore_unknown_options": True, "allow_interspersed_args": False}


@cli.command("scheduleWorkflowExecution", context_settings=_REST_CONTEXT)
@click.argument("args", nargs=-1, metavar="spaceId==ID atmWorkflowSchemaId==ID ...")
@click.pass_obj
def schedule_workflow_execution(options: Options, args: tuple[str, ...]) -> None:
    """oneprovider-rest-cli syntax: key==string, key:=JSON (or :=@FILE) body fields."""
    args, dry_run = _take_dry_run(args)
    parsed = parse_rest_args("scheduleWorkflowExecution", args)
    if parsed.params:
        name = next(iter(parsed.params))
        raise BadInput(
            f"scheduleWorkflowExecution takes no path or query parameter ({name}=...); "
            f"for a body field write {name}==VALUE or {name}:=JSON"
        )
    if parsed.headers:
        raise BadInput(
            "scheduleWorkflowExecution: headers are not supported "
            f"({next(iter(parsed.headers))}:...)"
        )
    _schedule_one(options, request_from_body(parsed.body, "scheduleWorkflowExecution"), dry_run)


@cli.command("getWorkflowExecutionDetails", context_settings=_REST_CONTEXT)
@click.argument("args", nargs=-1, metavar="wid=ID")
@click.pass_obj
def get_workflow_execution_details(options: Options, args: tuple[str, ...]) -> None:
    """oneprovider-rest-cli syntax: wid=ID."""
    args, dry_run = _take_dry_run(args)
    parsed = parse_rest_args("getWorkflowExecutionDetails", args)
    extra = sorted(set(parsed.params) - {"wid"} | set(parsed.body) | set(parsed.headers))
    if "wid" not in parsed.params or not parsed.params["wid"]:
        raise BadInput("getWorkflowExecutionDetails needs wid=ID")
    if extra:
        raise BadInput(f"getWorkflowExecutionDetails takes only wid=ID, not {extra[0]!r}")
    _get_one(options, parsed.params["wid"], dry_run)


def _take_dry_run(args: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    # The rest-cli takes its options before the operation; accept --dry-run after it too.
    rest = tuple(arg for arg in args if arg != "--dry-run")
    return rest, len(rest) != len(args)


def _parse_retry_unknown(value: str | None) -> set[int] | Literal["all"]:
    if value is None:
        return set()
    if value.strip() == "all":
        return "all"
    try:
        numbers = {int(part) for part in value.split(",") if part.strip()}
    except ValueError:
        raise BadInput(
            f"--retry-unknown: expected line numbers like 3,7 or 'all', got {value!r}"
        ) from None
    if not numbers:
        raise BadInput("--retry-unknown: no line numbers given")
    return numbers


def _parse_marks(values: tuple[str, ...]) -> dict[int, str]:
    marks: dict[int, str] = {}
    for value in values:
        number, sep, execution_id = value.partition("=")
        if not sep or not number.strip().isdigit() or not execution_id.strip():
            raise BadInput(f"--mark-scheduled: expected LINE=EXECUTION_ID, got {value!r}")
        marks[int(number)] = execution_id.strip()
    return marks


def _run_batch(
    options: Options,
    batch_file: Path,
    output: Path | None,
    concurrency: int,
    retry_unknown_text: str | None,
    mark_texts: tuple[str, ...],
    dry_run: bool,
) -> None:
    dry_run = dry_run or options.dry_run
    lines = _batch.read_batch(batch_file)
    retry_unknown = _parse_retry_unknown(retry_unknown_text)
    marks = _parse_marks(mark_texts)
    both = set(marks) & (set() if retry_unknown == "all" else retry_unknown)
    if both or (marks and retry_unknown == "all"):
        raise BadInput("a line cannot be given to both --retry-unknown and --mark-scheduled")
    if dry_run:
        _dry_run(options, *(_schedule_call(options, line.request) for line in lines))
        return
    if output is None:
        raise BadInput("--batch needs --output FILE (the journal that makes reruns safe)")
    options.async_client()  # no provider or token: say so before touching the journal
    journal = _batch.Journal(output, lines)
    try:
        for warning in journal.warnings:
            _say(f"warning: {warning}")
        if marks:
            _batch.check_unknown(lines, journal, marks, "--mark-scheduled")
            by_number = {line.number: line for line in lines}
            asyncio.run(_mark(options, journal, [(by_number[n], i) for n, i in marks.items()]))
        plan = _batch.plan(lines, journal, retry_unknown)
        failed: list[int] = []
        unknown = list(plan.unknown)
        if plan.done_before:
            _say(f"{len(plan.done_before)} of {len(lines)} lines were scheduled before; skipped")
        with click.progressbar(
            length=len(plan.todo), label="scheduling", file=sys.stderr, show_pos=True
        ) as bar:

            def done(line: _batch.BatchLine, state: _batch.State) -> None:
                if state == "failed":
                    failed.append(line.number)
                elif state == "unknown":
                    unknown.append(line.number)
                bar.update(1)

            asyncio.run(_run(options, plan, journal, concurrency, done))
    finally:
        journal.close()
    failed.sort()
    unknown.sort()
    scheduled = sum(1 for line in lines if journal.state(line.number) == "scheduled")
    _emit(
        {
            "lines": len(lines),
            "scheduled": scheduled,
            "failed": failed,
            "unknown": unknown,
            "output": str(output),
        }
    )
    if failed:
        _say(
            f"{len(failed)} lines failed (lines {_numbers(failed)}): nothing was scheduled for "
            f"them; see {output}, fix the cause and rerun the same command to send them again"
        )
    if unknown:
        _say(
            f"{len(unknown)} lines have an unknown outcome (lines {_numbers(unknown)}): "
            "their request was sent but no answer came, so the provider may have scheduled "
            "them. They are not sent again. Check the provider for their executions, then "
            "rerun with --mark-scheduled LINE=ID for those that exist and --retry-unknown "
            f"{','.join(map(str, unknown))} (or some of them) for those that do not"
        )
    if failed or unknown:
        raise click.exceptions.Exit(EXIT_PROVIDER_ERROR)


async def _run(
    options: Options,
    plan: _batch.Plan,
    journal: _batch.Journal,
    concurrency: int,
    done: Callable[[_batch.BatchLine, _batch.State], None],
) -> None:
    async with options.async_client() as client:
        await _batch.run(client, plan.todo, journal, concurrency=concurrency, on_done=done)


async def _mark(
    options: Options, journal: _batch.Journal, marks: list[tuple[_batch.BatchLine, str]]
) -> None:
    async with options.async_client() as client:
        for line, execution_id in marks:
            await _batch.mark_scheduled(client, journal, line, execution_id)
            _say(f"line {line.number}: recorded as scheduled ({execution_id})")


def _numbers(numbers: Sequence[int]) -> str:
    shown = ", ".join(map(str, numbers[:20]))
    return shown + (", ..." if len(numbers) > 20 else "")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (the console script exits with it)."""
    try:
        # Without standalone mode click returns the code of an early exit
        # (--help, --version, a batch with lines not scheduled) instead of exiting.
        result = cli.main(
            args=list(argv) if argv is not None else None, prog_name=PROG, standalone_mode=False
        )
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.UsageError as err:
        click.echo(f"{PROG}: error: {err.format_message()} (see '{PROG} --help')", err=True)
        return EXIT_BAD_INPUT
    except click.ClickException as err:
        click.echo(f"{PROG}: error: {err.format_message()}", err=True)
        return err.exit_code
    except click.exceptions.Abort:
        click.echo(f"{PROG}: interrupted", err=True)
        return 130
    except OneproviderError as err:
        click.echo(f"{PROG}: error: {err}", err=True)
        return EXIT_PROVIDER_ERROR
    return result if isinstance(result, int) else EXIT_OK
