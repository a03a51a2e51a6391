"""Scheduling from a workflow-schema dump: store content by name, checked before sending.

``schedule(..., workflow_schema=schema)`` takes ``store_initial_content`` keyed
by store name (or id), turns it into the ``storeInitialContentOverlay`` the
provider takes (by store id) and runs the provider's store-creation rules on it
(``WorkflowSchema.check_content``); a refusal raises ``StoreContentError`` and
nothing is sent. The schema's id and revision number are those of the dump
unless given (and then they must agree with it).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .._models import LogLevel
from .._request import parse_log_level, require_id
from ..workflow_schema import WorkflowSchema


@attrs.frozen
class Resolved:
    """What a schedule request sends once the schema is applied."""

    workflow_schema_id: str
    revision: int
    overlay: Mapping[str, object] | None
    #: The checks only the provider can make (a file's existence and type, ...).
    left_to_provider: tuple[str, ...] = ()


def unknown_store(err: KeyError) -> ValueError:
    """A ``KeyError`` of ``WorkflowSchema.store`` as the ``ValueError`` a caller sees."""
    message = err.args[0] if err.args and isinstance(err.args[0], str) else str(err)
    return ValueError(f"store_initial_content: {message}")


def resolve(
    schema: WorkflowSchema | None,
    *,
    space_id: str,
    workflow_schema_id: str | None,
    revision: int | None,
    store_initial_content: Mapping[str, object] | None,
    log_level: LogLevel | str | None,
) -> Resolved:
    """The schema id, revision and overlay to send; content checked when ``schema`` is given.

    Without a schema the ids are required and the content goes as it is.
    Raises ``TypeError`` for a missing id, ``ValueError`` for ids that disagree
    with the schema or an unknown store name, ``StoreContentError`` (a
    ``ValueError``) for content the provider would refuse.
    """
    if schema is None:
        if workflow_schema_id is None or revision is None:
            missing = [
                name
                for name, value in (
                    ("workflow_schema_id", workflow_schema_id),
                    ("revision", revision),
                )
                if value is None
            ]
            raise TypeError(
                f"schedule needs {' and '.join(missing)} (or workflow_schema= to take them from)"
            )
        return Resolved(workflow_schema_id, revision, store_initial_content)
    require_id(space_id, "space_id")
    if not isinstance(schema, WorkflowSchema):
        raise TypeError(f"workflow_schema must be a WorkflowSchema, got {type(schema).__name__}")
    if workflow_schema_id is not None and workflow_schema_id != schema.id:
        raise ValueError(
            f"workflow_schema_id {workflow_schema_id!r} is not the id of the workflow schema "
            f"given ({schema.name!r}, {schema.id}, read from {schema.source})"
        )
    if revision is not None and revision != schema.revision_number:
        raise ValueError(
            f"revision {revision!r} is not the revision of the workflow schema given "
            f"({schema.name!r} is revision {schema.revision_number}, read from {schema.source})"
        )
    if store_initial_content is not None and not isinstance(store_initial_content, Mapping):
        raise TypeError(
            "store_initial_content must map store names (or ids) to content, got "
            f"{type(store_initial_content).__name__}"
        )
    try:
        overlay = schema.overlay(store_initial_content or {})
    except KeyError as err:
        raise unknown_store(err) from None
    level = parse_log_level(log_level).value if log_level is not None else LogLevel.INFO.value
    left = schema.check_content(overlay, space_id=space_id, log_level=level)
    return Resolved(
        schema.id,
        schema.revision_number,
        overlay if store_initial_content is not None else None,
        tuple(left),
    )
