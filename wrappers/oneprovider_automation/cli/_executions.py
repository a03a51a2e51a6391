"""The CLI commands on existing executions: list, the actions, the audit log.

Each command is a thin shell over a runner (:func:`list_executions`,
:func:`act`, :func:`audit_log`) that the rest-cli syntax (``cli._rest``)
calls too, so both syntaxes send the same requests and print the same JSON.
"""

from __future__ import annotations

from pathlib import Path

import click

from .._models import ExecutionPhase
from .._request import get_call
from ..executions._actions import action_call, repeat_call
from ..executions._audit_log import AuditLogEntry, dump_call
from ..executions._listing import MAX_PAGE_SIZE, list_call
from ._global_options import command as global_command
from ._input import BadInput
from ._options import (
    Options,
    emit,
    emit_line,
    print_dry_run,
    stops_quietly_when_the_reader_goes,
)

#: The actions that take only the execution id: CLI command -> library method.
SIMPLE_ACTIONS = {
    "cancel": "cancel",
    "pause": "pause",
    "resume": "resume",
    "force-continue": "force_continue",
    "delete": "delete",
}
#: The actions that repeat a lane run.
REPEATS = {"rerun": "rerun", "retry": "retry"}
PHASES = tuple(phase.value for phase in ExecutionPhase)
#: Stands for the store id a dry run cannot know without reading the execution.
STORE_PLACEHOLDER = "SYSTEM_AUDIT_LOG_STORE_ID"


class ExecutionProblem(click.ClickException):
    """The provider's answer leaves nothing to do (exit 1), e.g. an execution without a log."""

    exit_code = 1


# --- runners, shared by both syntaxes -------------------------------------------------


def list_executions(
    options: Options, space_id: str, phases: tuple[ExecutionPhase, ...], limit: int | None
) -> None:
    """Print ``{"atmWorkflowExecutionId", "phase"}`` per line, pages fetched as needed."""
    if not space_id:
        raise BadInput("the space id must not be empty")
    if options.dry_run:
        size = MAX_PAGE_SIZE if limit is None else max(1, min(limit, MAX_PAGE_SIZE))
        calls = [
            list_call(
                options.base_url(),
                space_id,
                phase=phase,
                limit=size,
                token=None,
                offset=0,
                index=None,
            )
            for phase in phases
        ]
        print_dry_run(options, *calls)
        return
    remaining = limit
    with options.client() as client, stops_quietly_when_the_reader_goes():
        for phase in phases:
            if remaining == 0:
                break
            for execution_id in client.workflow_executions.list(
                space_id, phase=phase, limit=remaining
            ):
                emit_line({"atmWorkflowExecutionId": execution_id, "phase": phase.value})
                if remaining is not None:
                    remaining -= 1


def act(
    options: Options, command: str, execution_id: str, *, lane_run: tuple[int, int] | None = None
) -> None:
    """Run one action and print ``{"atmWorkflowExecutionId", "action", "done"}``.

    ``lane_run`` is the lane index and run number of a rerun or retry.
    """
    if not execution_id:
        raise BadInput(f"{command}: the execution id must not be empty")
    result: dict[str, object] = {"atmWorkflowExecutionId": execution_id, "action": command}
    if command in REPEATS:
        if lane_run is None:
            raise BadInput(f"{command} needs --lane-index N and --lane-run-number N")
        lane_index, lane_run_number = lane_run
        _repeat(options, REPEATS[command], execution_id, lane_index, lane_run_number)
        result |= {"laneIndex": lane_index, "laneRunNumber": lane_run_number}
    else:
        operation = SIMPLE_ACTIONS[command]
        if options.dry_run:
            print_dry_run(options, action_call(options.base_url(), operation, execution_id))
            return
        with options.client() as client:
            getattr(client.workflow_executions, operation)(execution_id)
    if not options.dry_run:
        emit({**result, "done": True})


def _repeat(
    options: Options, operation: str, execution_id: str, lane_index: int, lane_run_number: int
) -> None:
    if options.dry_run:
        call = repeat_call(
            options.base_url(),
            operation,
            execution_id,
            lane_index=lane_index,
            lane_run_number=lane_run_number,
        )
        print_dry_run(options, call)
        return
    with options.client() as client:
        getattr(client.workflow_executions, operation)(
            execution_id, lane_index=lane_index, lane_run_number=lane_run_number
        )


def audit_log(
    options: Options, execution_id: str | None, store_id: str | None, output: str | None
) -> None:
    """Print the entries as JSON lines, or save the dump to ``output`` and print a summary.

    ``execution_id`` may be ``None`` only with ``store_id`` (the rest-cli dump
    names the store alone).
    """
    if execution_id == "" or store_id == "":
        raise BadInput("audit-log: the execution and store ids must not be empty")
    if options.dry_run:
        base = options.base_url()
        if store_id is not None:
            print_dry_run(options, dump_call(base, store_id))
        else:
            assert execution_id is not None
            print_dry_run(options, get_call(base, execution_id))
            click.echo(f"# then, {STORE_PLACEHOLDER} being the systemAuditLogStoreId it shows:")
            print_dry_run(options, dump_call(base, STORE_PLACEHOLDER))
        return
    # Given a store, the library reads the dump by the store alone; the
    # execution id is then only checked to be an id.
    reader_id = execution_id if execution_id is not None else str(store_id)
    shown: dict[str, object] = {}
    if execution_id is not None:
        shown["atmWorkflowExecutionId"] = execution_id
    if store_id is not None:
        shown["storeId"] = store_id
    with options.client() as client:
        executions = client.workflow_executions
        try:
            if output is not None and output != "-":
                saved = executions.save_audit_log(reader_id, Path(output), store_id=store_id)
                emit(
                    {
                        **shown,
                        "path": str(saved.path),
                        "bytes": saved.bytes_written,
                        "entries": saved.entries,
                        "providerFilename": saved.provider_filename,
                    }
                )
                return
            with stops_quietly_when_the_reader_goes():
                for entry in executions.audit_log(reader_id, store_id=store_id):
                    emit_line(entry_json(entry))
        except ValueError as err:
            # An execution whose log store was never created: nothing to read.
            raise ExecutionProblem(str(err)) from None


def entry_json(entry: AuditLogEntry) -> dict[str, object]:
    """An entry as the provider sends it in a dump."""
    data: dict[str, object] = {
        "index": str(entry.index),
        "timestamp": round(entry.timestamp.timestamp() * 1000),
        "severity": entry.severity.value,
    }
    if entry.source is not None:
        data["source"] = entry.source
    data["content"] = entry.content
    return data


# --- our syntax -----------------------------------------------------------------------


@global_command("list")
@click.argument("space_id", metavar="SPACE_ID")
@click.option(
    "--phase",
    type=click.Choice(PHASES),
    default=ExecutionPhase.ONGOING.value,
    show_default=True,
    help="The phase to list.",
)
@click.option("--all-phases", is_flag=True, help="List every phase, one after another.")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="Print at most N ids.")
@click.pass_obj
def list_command(
    options: Options,
    space_id: str,
    phase: str,
    all_phases: bool,
    limit: int | None,
) -> None:
    """Print the space's executions in a phase, newest first: one JSON object a line.

    Pages of ids are fetched only as they are printed, so `| head` reads one.
    """
    source = click.get_current_context().get_parameter_source("phase")
    if all_phases and source is click.core.ParameterSource.COMMANDLINE:
        raise BadInput("--phase and --all-phases exclude each other")
    phases = tuple(ExecutionPhase) if all_phases else (ExecutionPhase(phase),)
    list_executions(options, space_id, phases, limit)


def _simple_action(command: str) -> click.Command:
    operation = SIMPLE_ACTIONS[command]

    @global_command(command, help=_ACTION_HELP[operation])
    @click.argument("execution_id", metavar="ID")
    @click.pass_obj
    def run(options: Options, execution_id: str) -> None:
        act(options, command, execution_id)

    return run


def _repeat_action(command: str) -> click.Command:
    @global_command(command, help=_ACTION_HELP[command])
    @click.argument("execution_id", metavar="ID")
    @click.option(
        "--lane-index",
        type=click.IntRange(min=1),
        required=True,
        metavar="N",
        help="The lane, counted from 1.",
    )
    @click.option(
        "--lane-run-number",
        type=click.IntRange(min=1),
        required=True,
        metavar="N",
        help="The run of that lane to repeat.",
    )
    @click.pass_obj
    def run(options: Options, execution_id: str, lane_index: int, lane_run_number: int) -> None:
        act(
            options,
            command,
            execution_id,
            lane_run=(lane_index, lane_run_number),
        )

    return run


_ACTION_HELP = {
    "cancel": "Cancel an execution (also a paused or interrupted one).",
    "pause": "Pause an execution: it stops after its running tasks.",
    "resume": "Resume a paused or interrupted execution.",
    "force_continue": "Go on after the failed lane of a failed execution.",
    "delete": "Delete a suspended or ended execution.",
    "rerun": "Run a lane of an ended execution again, from one of its runs, all items.",
    "retry": "Run a lane of an ended execution again for the items that failed in a run.",
}


@global_command("audit-log")
@click.argument("execution_id", metavar="ID")
@click.option("--store-id", metavar="ID", help="One of its audit-log stores [default: its own].")
@click.option(
    "--output",
    metavar="PATH|-",
    help="Save the dump (a JSON array) to PATH (a directory: the provider's file name) "
    "and print a summary; '-' or none: the entries as JSON lines on stdout.",
)
@click.pass_obj
def audit_log_command(
    options: Options, execution_id: str, store_id: str | None, output: str | None
) -> None:
    """Print an execution's audit log, oldest entry first, or save it to a file."""
    audit_log(options, execution_id, store_id, output)


COMMANDS: tuple[click.Command, ...] = (
    list_command,
    *(_simple_action(command) for command in SIMPLE_ACTIONS),
    *(_repeat_action(command) for command in REPEATS),
    audit_log_command,
)
