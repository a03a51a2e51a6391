"""The group's options, taken before the command or after it, and listed in every command's help.

``oneprovider-automation --host URL get ID`` and ``oneprovider-automation get ID
--host URL`` are the same call. The group reads the options (and the
environment) into :class:`Options`; each command takes them again, without
environment or defaults, and one given after the command replaces what the
group read. A command's help lists them under "Global options".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from click.core import ParameterSource

from .._constants import DEFAULT_MAX_RETRIES, HOST_ENV, TOKEN_ENV
from ._help import HelpContext
from ._options import HOST_OPTION, TOKEN_OPTION, Options

#: Longer than any command's summary: none is cut.
_WHOLE_SUMMARY = 1000

#: The parameter names of the global options, as :class:`Options` names its fields.
NAMES = ("host", "token", "request_timeout", "max_retries", "insecure", "dry_run")


def _options(*, on_command: bool) -> list[click.Option]:
    """The global options: read by the group (``on_command=False``) or again by a command."""
    extra: dict[str, Any] = {"expose_value": False, "callback": _given} if on_command else {}

    def env(name: str) -> str | None:
        return None if on_command else name

    return [
        click.Option(
            [HOST_OPTION],
            envvar=env(HOST_ENV),
            metavar="URL",
            help=f"Provider host or URL [env {HOST_ENV}].",
            **extra,
        ),
        click.Option(
            [TOKEN_OPTION],
            envvar=env(TOKEN_ENV),
            metavar="TOKEN",
            help=f"Access token [env {TOKEN_ENV}; prefer it: arguments show in process lists].",
            **extra,
        ),
        click.Option(
            ["--request-timeout"],
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            help="Timeout of each request [default: 30, connect 10].",
            **extra,
        ),
        click.Option(
            ["--max-retries"],
            type=click.IntRange(min=0),
            default=None if on_command else DEFAULT_MAX_RETRIES,
            metavar="N",
            help="Retries of a failed request (schedule: only when it never left) "
            f"[default: {DEFAULT_MAX_RETRIES}].",
            **extra,
        ),
        click.Option(
            ["--insecure"],
            is_flag=True,
            help="Do not verify the provider's TLS certificate.",
            **extra,
        ),
        click.Option(
            ["--dry-run"],
            is_flag=True,
            help="Print the equivalent curl command; send nothing.",
            **extra,
        ),
    ]


def group_options() -> list[click.Option]:
    """The options as the group reads them, from the command line or the environment."""
    return _options(on_command=False)


def options_from_group(ctx: click.Context, **values: Any) -> Options:
    """:class:`Options` from the group's parameters, noting where host and token came from."""

    def source(name: str, option: str, variable: str) -> str:
        from_env = ctx.get_parameter_source(name) is ParameterSource.ENVIRONMENT
        return variable if from_env else option

    return Options(
        values["host"],
        values["token"],
        values["request_timeout"],
        values["max_retries"],
        values["insecure"],
        values["dry_run"],
        host_from=source("host", HOST_OPTION, HOST_ENV),
        token_from=source("token", TOKEN_OPTION, TOKEN_ENV),
    )


def _given(ctx: click.Context, param: click.Parameter, value: object) -> None:
    """A global option after the command: it replaces the group's value."""
    if (
        param.name is None
        or ctx.get_parameter_source(param.name) is not ParameterSource.COMMANDLINE
    ):
        return
    if not isinstance(ctx.obj, Options):
        # Shell completion parses without running the group.
        return
    ctx.obj = ctx.obj.given_on_command(param.name, value)


class Command(click.Command):
    """A command that takes the global options too, and lists them apart in its help.

    An option the command declares itself under a global name (``schedule
    --dry-run``) is kept, and listed with the global ones.
    """

    context_class = HelpContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        declared = {param.name for param in self.params}
        self.params.extend(
            option for option in _options(on_command=True) if option.name not in declared
        )

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        own: list[tuple[str, str]] = []
        shared: dict[str, tuple[str, str]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None or isinstance(param, click.Argument) or param.name is None:
                continue
            if param.name in NAMES:
                shared[param.name] = record
            else:
                own.append(record)
        in_order = [shared[name] for name in NAMES if name in shared]
        for title, records in (("Options", own), ("Global options", in_order)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


class Group(click.Group):
    """The command group: its commands are :class:`Command` (so take the global options)."""

    context_class = HelpContext
    command_class = Command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Each summary whole (its first sentence), wrapped at spaces, rather
        # than cut to what fits on one line and "...".
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=_WHOLE_SUMMARY)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not isinstance(cmd, Command):
            raise TypeError(f"command {cmd.name!r} must be a {Command.__qualname__}")
        super().add_command(cmd, name)


def command(name: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Command]:
    """``click.command(name, cls=Command, ...)``, for commands made outside the group."""
    return click.command(name, cls=Command, **kwargs)
