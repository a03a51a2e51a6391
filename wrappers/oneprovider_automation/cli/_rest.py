"""The Workflow execution tag in Onedata's ``oneprovider-rest-cli`` syntax.

``listWorkflowExecutions sid=ID phase=ended limit=10``, ``cancelWorkflowExecution
wid=ID``, ``rerunWorkflowExecution wid=ID laneIndex:=2 laneRunNumber:=1``, ...:
the operation name, then ``key=value`` path and query parameters and
``key==string`` / ``key:=JSON`` body fields (see ``cli._restcli_syntax``). Each operation
names what it takes, and a wrong or missing argument is a :class:`BadInput`
naming the argument and the operation.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import click

from .._models import ExecutionPhase
from ..executions._listing import MAX_PAGE_SIZE, list_call
from . import _executions as _cli_executions
from ._global_options import command as global_command
from ._input import BadInput, positive_integer
from ._options import Options, emit, print_dry_run
from ._restcli_syntax import RestArgs, parse_rest_args

#: The arguments are ``key=value`` words; options (the global ones) may come among them.
REST_CONTEXT = {"ignore_unknown_options": True, "allow_interspersed_args": True}


@attrs.frozen
class RestOperation:
    """What one operation takes: path/query parameters, and body fields."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    body: tuple[str, ...] = ()

    def usage(self) -> str:
        words = [f"{name}=..." for name in self.required]
        words += [f"{name}==VALUE|{name}:=JSON" for name in self.body]
        words += [f"[{name}=...]" for name in self.optional]
        return " ".join(words)

    def check(self, parsed: RestArgs) -> None:
        """:class:`BadInput` naming the first argument that does not belong, or is missing."""
        takes = f"(it takes {self.usage()})"
        params = set(self.required) | set(self.optional)
        for name in parsed.params:
            if name in self.body:
                raise BadInput(
                    f"{self.name}: {name} is a body field: write {name}:=JSON or {name}==VALUE"
                )
            if name not in params:
                raise BadInput(f"{self.name}: unknown parameter {name!r} {takes}")
        for name in parsed.body:
            if name in params:
                raise BadInput(
                    f"{self.name}: {name} is a path or query parameter: write {name}=VALUE"
                )
            if name not in self.body:
                raise BadInput(f"{self.name}: unknown body field {name!r} {takes}")
        if parsed.headers:
            raise BadInput(
                f"{self.name}: headers are not supported ({next(iter(parsed.headers))}:...)"
            )
        for name in self.required:
            if not parsed.params.get(name):
                raise BadInput(f"{self.name} needs {name}=... {takes}")
        for name in self.body:
            if name not in parsed.body:
                raise BadInput(f"{self.name} needs the body field {name} {takes}")


def _integer(text: str, what: str, low: int | None, high: int | None) -> int:
    try:
        value = int(text)
    except ValueError:
        raise BadInput(f"{what} must be an integer, got {text!r}") from None
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f">= {low}"
        raise BadInput(f"{what} must be {bounds}, got {value}")
    return value


# --- the operations -------------------------------------------------------------------

LIST = RestOperation(
    "listWorkflowExecutions", ("sid",), ("phase", "limit", "offset", "token", "index")
)


def _list(options: Options, parsed: RestArgs) -> None:
    """One page, as the provider answers it: ids, nextPageToken, isLast."""
    params = parsed.params
    where = LIST.name
    phase_text = params.get("phase", ExecutionPhase.ONGOING.value)
    if phase_text not in _cli_executions.PHASES:
        raise BadInput(
            f"{where}: phase must be one of {', '.join(_cli_executions.PHASES)}, got {phase_text!r}"
        )
    phase = ExecutionPhase(phase_text)
    limit = (
        _integer(params["limit"], f"{where}: limit", 1, MAX_PAGE_SIZE)
        if "limit" in params
        else MAX_PAGE_SIZE
    )
    offset = _integer(params["offset"], f"{where}: offset", None, None) if "offset" in params else 0
    token = params.get("token") or None
    index = params.get("index")
    if options.dry_run:
        call = list_call(
            options.base_url(),
            params["sid"],
            phase=phase,
            limit=limit,
            token=token,
            offset=offset,
            index=index,
        )
        print_dry_run(options, call)
        return
    with options.client() as client:
        page = client.workflow_executions.list_page(
            params["sid"], phase=phase, limit=limit, token=token, offset=offset, index=index
        )
    emit(
        {
            "atmWorkflowExecutions": list(page.ids),
            "nextPageToken": page.next_page_token,
            "isLast": page.is_last,
        }
    )


_ACTIONS = {
    "cancelWorkflowExecution": "cancel",
    "pauseWorkflowExecution": "pause",
    "resumeWorkflowExecution": "resume",
    "forceContinueWorkflowExecution": "force-continue",
    "deleteWorkflowExecution": "delete",
}
_REPEATS = {"rerunWorkflowExecution": "rerun", "retryWorkflowExecution": "retry"}
DUMP = RestOperation("downloadAuditLogDump", ("store_id",))


def _action(command: str) -> Callable[[Options, RestArgs], None]:
    def run(options: Options, parsed: RestArgs) -> None:
        _cli_executions.act(options, command, parsed.params["wid"])

    return run


def _repeat(operation: RestOperation, command: str) -> Callable[[Options, RestArgs], None]:
    def run(options: Options, parsed: RestArgs) -> None:
        # A provider takes a lane index or run number as a JSON integer or a
        # string of digits (laneIndex==2 as much as laneIndex:=2).
        lane_index, lane_run_number = (
            positive_integer(parsed.body[name], f"{operation.name} {name}")
            for name in ("laneIndex", "laneRunNumber")
        )
        _cli_executions.act(
            options,
            command,
            parsed.params["wid"],
            lane_run=(lane_index, lane_run_number),
        )

    return run


def _dump(options: Options, parsed: RestArgs) -> None:
    _cli_executions.audit_log(options, None, parsed.params["store_id"], None)


OPERATIONS: dict[str, tuple[RestOperation, Callable[[Options, RestArgs], None], str]] = {
    LIST.name: (LIST, _list, "One page of a space's execution ids in a phase."),
    **{
        name: (RestOperation(name, ("wid",)), _action(command), f"{command} wid=ID.")
        for name, command in _ACTIONS.items()
    },
    **{
        name: (
            operation := RestOperation(name, ("wid",), body=("laneIndex", "laneRunNumber")),
            _repeat(operation, command),
            f"{command} of a lane run: wid=ID laneIndex:=N laneRunNumber:=N.",
        )
        for name, command in _REPEATS.items()
    },
    DUMP.name: (DUMP, _dump, "An audit-log store's entries as JSON lines: store_id=ID."),
}


def _command(
    operation: RestOperation, run: Callable[[Options, RestArgs], None], help: str
) -> click.Command:
    @global_command(operation.name, context_settings=REST_CONTEXT)
    @click.argument("args", nargs=-1, metavar=operation.usage())
    @click.pass_obj
    def command(options: Options, args: tuple[str, ...]) -> None:
        parsed = parse_rest_args(operation.name, args)
        operation.check(parsed)
        run(options, parsed)

    command.help = f"oneprovider-rest-cli syntax. {help}"
    return command


COMMANDS: tuple[click.Command, ...] = tuple(
    _command(operation, run, help) for operation, run, help in OPERATIONS.values()
)
