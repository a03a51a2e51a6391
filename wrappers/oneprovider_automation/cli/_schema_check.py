"""``--workflow-schema FILE``: store content by name, checked as a provider would, before sending.

``check`` prints what a schedule would send (the overlay by store id) and the
checks only the provider can make; ``schedule`` and the batch send only content
that passes. Content a provider would refuse is a :class:`ContentRefused`
(exit 1, the refusal as JSON on stdout); a dump that cannot be read, a store
name the schema lacks or ids that are not the dump's are :class:`BadInput`
(exit 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs
import click

from .._models import LogLevel
from ..workflow_schema import StoreContentError, WorkflowSchema, WorkflowSchemaError
from ..workflow_schema._problems import ContentProblem, plain
from ._input import (
    EXIT_PROVIDER_ERROR,
    BadInput,
    ScheduleRequest,
    log_level_option,
    parse_store_options,
    request_from_body,
)
from ._options import emit, say


class ContentRefused(click.ClickException):
    """Store content a provider would refuse; nothing was sent (exit 1)."""

    exit_code = EXIT_PROVIDER_ERROR

    def __init__(self, error: StoreContentError, suffix: str = "") -> None:
        super().__init__(f"{error}{suffix}")
        self.error = error


@attrs.frozen
class Checked:
    """A request whose store content passed the schema's rules, and what is left to check."""

    request: ScheduleRequest
    left_to_provider: tuple[str, ...]


def load_schema(path: Path) -> WorkflowSchema:
    """The dump at ``path``; :class:`BadInput` naming the file and the field."""
    try:
        return WorkflowSchema.from_file(path)
    except WorkflowSchemaError as err:
        raise BadInput(f"--workflow-schema: {err}") from None


def _key_error_text(err: KeyError) -> str:
    return err.args[0] if err.args and isinstance(err.args[0], str) else str(err)


def check_request(
    schema: WorkflowSchema,
    *,
    space_id: str | None,
    workflow_schema_id: str | None,
    revision: int | None,
    content: Mapping[str, object] | None,
    log_level: LogLevel | None,
    callback: str | None,
    where: str,
    stores_where: str | None = None,
) -> Checked:
    """The request to send, its content by store id and checked.

    ``where`` starts every message (``--store``, ``requests.jsonl:3``);
    ``stores_where``, if given, those about a store name. Content a provider
    would refuse raises :class:`StoreContentError` (the caller shows it: see
    :func:`refused`); everything else wrong, :class:`BadInput`. ``space_id``
    ``None`` (``check`` without ``--space``) leaves the space of each file to
    the provider.
    """
    try:
        overlay = schema.overlay(content or {})
    except KeyError as err:
        raise BadInput(f"{stores_where or where}: {_key_error_text(err)}") from None
    for name, value, wanted in (
        ("atmWorkflowSchemaId", workflow_schema_id, schema.id),
        ("atmWorkflowSchemaRevisionNumber", revision, schema.revision_number),
    ):
        if value is not None and value != wanted:
            raise BadInput(
                f"{where}: {name} {value!r} is not the one of --workflow-schema "
                f"{schema.source} ({wanted!r}); drop it to take the dump's"
            )
    level = (log_level or LogLevel.INFO).value
    left = schema.check_content(overlay, space_id=space_id, log_level=level)
    request = ScheduleRequest(
        space_id=space_id or "",
        workflow_schema_id=schema.id,
        revision=schema.revision_number,
        store_initial_content=overlay if content is not None else None,
        log_level=log_level,
        callback=callback,
    )
    return Checked(request, tuple(left))


def refusal(error: StoreContentError) -> dict[str, object]:
    """The JSON ``check`` (and ``schedule``) print for content a provider would refuse."""
    problem = error.problem
    inner = problem.details.get("specificError") if problem.details else None
    specific = inner if isinstance(inner, ContentProblem) else problem
    innermost = specific.innermost()
    return {
        "ok": False,
        "store": error.store.name,
        "storeId": error.store.id,
        "path": specific.path(),
        "error": {
            "id": innermost.id,
            "description": innermost.description,
            "details": plain(innermost.details),
        },
        "providerError": plain(problem),
    }


def refused(error: StoreContentError, suffix: str = "") -> ContentRefused:
    """Print the refusal as JSON on stdout; the exception that ends the command (exit 1)."""
    emit(refusal(error))
    return ContentRefused(error, suffix)


def check_command(
    schema_file: Path,
    stores: tuple[str, ...],
    space_id: str | None,
    log_level: str | None,
) -> None:
    """``check``: the store content checked with the dump's rules; nothing is sent."""
    schema = load_schema(schema_file)
    if space_id is not None and not space_id:
        raise BadInput("--space must not be empty")
    reason = schema.unsupported_reason
    if reason is not None:
        say(f"warning: a provider would not run {schema.source}: {reason}")
    try:
        checked = check_request(
            schema,
            space_id=space_id,
            workflow_schema_id=None,
            revision=None,
            content=parse_store_options(stores),
            log_level=log_level_option(log_level),
            callback=None,
            where="--store",
        )
    except StoreContentError as err:
        raise refused(err) from None
    emit(
        {
            "ok": True,
            "atmWorkflowSchemaId": schema.id,
            "atmWorkflowSchemaRevisionNumber": schema.revision_number,
            "storeInitialContentOverlay": checked.request.store_initial_content or {},
            "leftToProvider": list(checked.left_to_provider),
        }
    )


def checked_body(schema: WorkflowSchema, body: object, where: str) -> object:
    """A batch line's request body with the dump's ids and its overlay by store id, checked.

    The schema id and revision default to the dump's; stores may be named.
    Content a provider would refuse is :class:`BadInput` naming ``where`` (the
    line), the store, the path and the provider's error: the whole file is
    read before anything is sent, so no line is sent.
    """
    if not isinstance(body, dict):
        return body  # request_from_body names what is wrong with it
    filled = dict(body)
    filled.setdefault("atmWorkflowSchemaId", schema.id)
    filled.setdefault("atmWorkflowSchemaRevisionNumber", schema.revision_number)
    request = request_from_body(filled, where)
    try:
        checked = check_request(
            schema,
            space_id=request.space_id,
            workflow_schema_id=request.workflow_schema_id,
            revision=request.revision,
            content=request.store_initial_content,
            log_level=request.log_level,
            callback=request.callback,
            where=where,
            stores_where=f"{where}: storeInitialContentOverlay",
        )
    except StoreContentError as err:
        raise BadInput(f"{where}: {err} Nothing was sent.") from None
    if checked.request.store_initial_content is not None:
        filled["storeInitialContentOverlay"] = dict(checked.request.store_initial_content)
    return filled
