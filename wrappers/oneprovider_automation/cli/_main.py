"""The ``oneprovider-automation`` command.

JSON results go to stdout, messages to stderr. Exit codes: 0 success, 1 the
provider refused or could not be reached (or a batch left lines not
scheduled), 2 bad usage or input, 130 and 143 a batch stopped by SIGINT or SIGTERM.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .._constants import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT, HOST_ENV, TOKEN_ENV
from .._exceptions import OneproviderError, WaitTimeoutError
from .._logging import setup_logging
from .._models import WorkflowExecution
from .._request import get_call
from .._version import __version__
from ..batch._settle import DEFAULT_CLOCK_SKEW
from ..executions._waiting import Until
from ..workflow_schema import StoreContentError
from . import _batch as _cli_batch
from . import _executions as _cli_executions
from . import _rest as _cli_rest
from . import _schema_check
from ._global_options import Group, group_options, options_from_group
from ._input import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_PROVIDER_ERROR,
    BadInput,
    ScheduleRequest,
    log_level_option,
    parse_store_options,
    request_from_body,
    revision_value,
)
from ._options import PROG, Options, emit, get_one, print_dry_run, say, schedule_one
from ._restcli_syntax import parse_rest_args

_HELP = f"""Schedule and follow automation workflow executions on a Oneprovider.

The provider and token come from --host/--token or, like Onedata's own
oneprovider-rest-cli, from {HOST_ENV} and {TOKEN_ENV}.

Exit codes: 0 success; 1 the provider refused, failed or could not be
reached; 2 bad usage or input; 130, 143 a batch stopped by SIGINT, SIGTERM
(rerun it to resume).
"""


@click.group(
    cls=Group,
    params=group_options(),
    help=_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
    ctx.obj = options_from_group(
        ctx,
        host=host,
        token=token,
        request_timeout=request_timeout,
        max_retries=max_retries,
        insecure=insecure,
        dry_run=dry_run,
    )


@cli.command()
@click.option("--space", "space_id", metavar="ID", help="Id of the space.")
@click.option("--schema", "schema_id", metavar="ID", help="Id of the workflow schema.")
@click.option("--revision", metavar="N", help="Revision number of the workflow schema.")
@click.option(
    "--store",
    "stores",
    multiple=True,
    metavar="STORE_ID=JSON|STORE_ID=@FILE",
    help="Initial content of a store (by name with --workflow-schema); repeat for more stores.",
)
@click.option("--log-level", metavar="LEVEL", help="debug, info (the default), notice, ...")
@click.option("--callback", metavar="URL", help="URL the provider POSTs to when the run stops.")
@click.option(
    "--workflow-schema",
    "schema_file",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="A workflow-schema dump (Onezone's JSON): stores by name, content checked before "
    "sending, --schema and --revision taken from it.",
)
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
    "--retry-unknown-from",
    "retry_files",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="With --batch: --retry-unknown for the line numbers in FILE (# comments).",
)
@click.option(
    "--mark-scheduled",
    "marks",
    multiple=True,
    metavar="LINE=ID",
    help="With --batch: record that a line of unknown outcome was scheduled as execution ID.",
)
@click.option(
    "--mark-scheduled-from",
    "mark_files",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="With --batch: --mark-scheduled for each LINE=ID line of FILE (# comments).",
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
    schema_file: Path | None,
    batch_file: Path | None,
    output: Path | None,
    concurrency: int,
    retry_unknown: str | None,
    marks: tuple[str, ...],
    mark_files: tuple[Path, ...],
    retry_files: tuple[Path, ...],
    dry_run: bool,
) -> None:
    """Schedule a workflow execution (or a batch of them); print its id and location.

    A batch (--batch FILE --output RESULTS) appends each outcome to RESULTS as
    it happens; rerun the same command to resume: lines already scheduled are
    skipped, lines refused are sent again, lines whose outcome is unknown are
    reported and wait for --retry-unknown or --mark-scheduled. One run at a
    time holds RESULTS (a lock in RESULTS.lock); SIGINT or SIGTERM stops
    sending, prints the summary and exits 130 or 143.

    With --workflow-schema FILE (a dump exported from Onezone) stores are
    named, --schema and --revision default to the dump's, and the content is
    checked as the provider would before anything is sent: content it would
    refuse exits 1 with the refusal as JSON (see check), a batch line exits 2.
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
        _cli_batch.run_batch(
            options,
            batch_file,
            output,
            concurrency,
            retry_unknown,
            marks,
            dry_run,
            mark_files=mark_files,
            retry_files=retry_files,
            schema=_schema_check.load_schema(schema_file) if schema_file else None,
        )
        return
    for name, value in (
        ("--output", output),
        ("--retry-unknown", retry_unknown),
        ("--mark-scheduled", marks or None),
        ("--mark-scheduled-from", mark_files or None),
        ("--retry-unknown-from", retry_files or None),
    ):
        if value is not None:
            raise BadInput(f"{name} goes with --batch")
    if schema_file is not None:
        _schedule_checked(options, single, schema_file, dry_run)
        return
    missing = [name for name in ("--space", "--schema", "--revision") if single[name] is None]
    if missing:
        raise BadInput(f"schedule needs {', '.join(missing)} (or --batch FILE)")
    for name in ("--space", "--schema"):
        if not single[name]:
            raise BadInput(f"{name} must not be empty")
    request = ScheduleRequest(
        space_id=str(space_id),
        workflow_schema_id=str(schema_id),
        revision=revision_value(revision, "--revision"),
        store_initial_content=parse_store_options(stores),
        log_level=log_level_option(log_level),
        callback=callback,
    )
    schedule_one(options, request, dry_run)


def _schedule_checked(
    options: Options, single: dict[str, Any], schema_file: Path, dry_run: bool
) -> None:
    """``schedule --workflow-schema``: the content checked with the dump's rules, then sent."""
    schema = _schema_check.load_schema(schema_file)
    space_id = single["--space"]
    if space_id is None:
        raise BadInput("schedule needs --space (or --batch FILE)")
    for name in ("--space", "--schema"):
        if single[name] is not None and not single[name]:
            raise BadInput(f"{name} must not be empty")
    revision = single["--revision"]
    given = {
        "--schema": (single["--schema"], schema.id),
        "--revision": (
            revision_value(revision, "--revision") if revision is not None else None,
            schema.revision_number,
        ),
    }
    for name, (value, wanted) in given.items():
        if value is not None and value != wanted:
            raise BadInput(
                f"{name} {value!r} is not the one of --workflow-schema {schema.source} "
                f"({wanted!r}); drop {name} to take the dump's"
            )
    try:
        checked = _schema_check.check_request(
            schema,
            space_id=space_id,
            workflow_schema_id=None,
            revision=None,
            content=parse_store_options(single["--store"] or ()),
            log_level=log_level_option(single["--log-level"]),
            callback=single["--callback"],
            where="--store",
        )
    except StoreContentError as err:
        raise _schema_check.refused(err, " Nothing was sent.") from None
    schedule_one(options, checked.request, dry_run)


@cli.command()
@click.option(
    "--workflow-schema",
    "schema_file",
    required=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="A workflow-schema dump (Onezone's JSON export).",
)
@click.option(
    "--store",
    "stores",
    multiple=True,
    metavar="NAME=JSON|NAME=@FILE",
    help="Initial content of a store, by name (or id); repeat for more stores.",
)
@click.option(
    "--space", "space_id", metavar="ID", help="The space: each file must be of it (inSpace)."
)
@click.option("--log-level", metavar="LEVEL", help="The execution's log level (default info).")
def check(
    schema_file: Path, stores: tuple[str, ...], space_id: str | None, log_level: str | None
) -> None:
    """Check store content against a workflow schema's rules; send nothing.

    Needs no provider or token. Prints {"ok": true, ...} with the
    storeInitialContentOverlay a schedule would send (by store id) and the
    checks only the provider can make (a file's existence and type, datasets,
    groups); content a provider would refuse exits 1 with {"ok": false,
    "store", "storeId", "path", "error"}; an unreadable dump or an unknown
    store exits 2.
    """
    _schema_check.check_command(schema_file, stores, space_id, log_level)


@cli.command()
@click.argument("batch_file", metavar="FILE", type=click.Path(path_type=Path))
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="The results journal; rerun with the same FILE to resume.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Requests in flight at once.",
)
@click.option(
    "--retry-unknown",
    metavar="LINES",
    help="Resend these lines (comma-separated, or 'all') whose outcome is unknown.",
)
@click.option(
    "--retry-unknown-from",
    "retry_files",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="--retry-unknown for the line numbers in FILE (# comments).",
)
@click.option(
    "--mark-scheduled",
    "marks",
    multiple=True,
    metavar="LINE=ID",
    help="Record that a line of unknown outcome was scheduled as execution ID.",
)
@click.option(
    "--mark-scheduled-from",
    "mark_files",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="--mark-scheduled for each LINE=ID line of FILE (# comments).",
)
@click.option(
    "--settle-unknown",
    is_flag=True,
    help="Decide lines of unknown outcome from the space's executions, where they can tell.",
)
@click.option(
    "--clock-skew",
    type=click.FloatRange(min=0),
    default=DEFAULT_CLOCK_SKEW,
    show_default=True,
    metavar="SECONDS",
    help="With --settle-unknown: how far the provider's clock may be from this one's.",
)
@click.option("--wait", is_flag=True, help="Then wait for every execution the batch scheduled.")
@click.option(
    "--until",
    type=click.Choice(["stopped", "ended"]),
    default="stopped",
    show_default=True,
    help="With --wait: stopped includes paused and interrupted.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_WAIT_TIMEOUT,
    show_default=True,
    help="With --wait: give up (exit 1) after this many seconds.",
)
@click.option(
    "--poll-interval",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_POLL_INTERVAL,
    show_default=True,
    help="With --wait: seconds before the first poll; later ones grow slowly.",
)
@click.option(
    "--workflow-schema",
    "schema_file",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="A workflow-schema dump: stores by name, every line checked before anything is sent.",
)
@click.option("--dry-run", is_flag=True, help="Print the curl commands; send nothing.")
@click.pass_obj
def batch(
    options: Options,
    batch_file: Path,
    output: Path | None,
    concurrency: int,
    retry_unknown: str | None,
    marks: tuple[str, ...],
    mark_files: tuple[Path, ...],
    retry_files: tuple[Path, ...],
    settle_unknown: bool,
    clock_skew: float,
    wait: bool,
    until: Until,
    timeout: float,
    poll_interval: float,
    schema_file: Path | None,
    dry_run: bool,
) -> None:
    """Schedule each line of FILE (a request body per line), journaled in --output.

    As schedule --batch; --settle-unknown first decides lines of unknown
    outcome from the provider's list and details where they can tell (others
    stay held back, their candidates named), and --wait then waits for every
    execution of the batch and journals how each one stopped (exit 1 unless
    all finished). SIGINT or SIGTERM stops the run cleanly (exit 130 or 143).
    With --workflow-schema a line's storeInitialContentOverlay may name
    stores, its schema id and revision default to the dump's, and a line
    whose content a provider would refuse exits 2 before anything is sent.
    """
    follow_up = _cli_batch.FollowUp(
        settle_unknown=settle_unknown,
        clock_skew=clock_skew,
        wait=wait,
        until=until,
        timeout=timeout,
        poll_interval=poll_interval,
    )
    _cli_batch.run_batch(
        options,
        batch_file,
        output,
        concurrency,
        retry_unknown,
        marks,
        dry_run,
        follow_up,
        mark_files=mark_files,
        retry_files=retry_files,
        schema=_schema_check.load_schema(schema_file) if schema_file else None,
    )


@cli.command()
@click.argument("execution_id", metavar="ID")
@click.pass_obj
def get(options: Options, execution_id: str) -> None:
    """Print the details of a workflow execution."""
    get_one(options, execution_id)


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
@click.pass_obj
def wait(options: Options, execution_id: str, timeout: float, poll_interval: float) -> None:
    """Wait until a workflow execution stops; print its details.

    Stopped means finished, failed, cancelled, crashed, paused or
    interrupted; check "status" in the output (e.g. jq -e '.status == "finished"').
    When --timeout runs out, the details last seen are printed and the exit
    code is 1. A dry run prints the request of one poll.
    """
    if options.dry_run:
        print_dry_run(options, get_call(options.base_url(), execution_id))
        return
    say(f"waiting for workflow execution {execution_id} (up to {timeout:g} s)")
    with options.client() as client:
        try:
            execution: WorkflowExecution = client.workflow_executions.wait(
                execution_id, timeout=timeout, poll_interval=poll_interval
            )
        except WaitTimeoutError as err:
            # A script still gets the state it would have waited on; main() says why.
            emit(err.execution.raw)
            raise
    say(f"workflow execution {execution_id} is {execution.status.value}")
    emit(execution.raw)


_REST_CONTEXT = _cli_rest.REST_CONTEXT


@cli.command("scheduleWorkflowExecution", context_settings=_REST_CONTEXT)
@click.argument("args", nargs=-1, metavar="spaceId==ID atmWorkflowSchemaId==ID ...")
@click.pass_obj
def schedule_workflow_execution(options: Options, args: tuple[str, ...]) -> None:
    """oneprovider-rest-cli syntax: key==string, key:=JSON (or :=@FILE) body fields."""
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
    schedule_one(options, request_from_body(parsed.body, "scheduleWorkflowExecution"))


@cli.command("getWorkflowExecutionDetails", context_settings=_REST_CONTEXT)
@click.argument("args", nargs=-1, metavar="wid=ID")
@click.pass_obj
def get_workflow_execution_details(options: Options, args: tuple[str, ...]) -> None:
    """oneprovider-rest-cli syntax: wid=ID."""
    parsed = parse_rest_args("getWorkflowExecutionDetails", args)
    extra = sorted(set(parsed.params) - {"wid"} | set(parsed.body) | set(parsed.headers))
    if "wid" not in parsed.params or not parsed.params["wid"]:
        raise BadInput("getWorkflowExecutionDetails needs wid=ID")
    if extra:
        raise BadInput(f"getWorkflowExecutionDetails takes only wid=ID, not {extra[0]!r}")
    get_one(options, parsed.params["wid"])


for _command in (*_cli_executions.COMMANDS, *_cli_rest.COMMANDS):
    cli.add_command(_command)


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
