"""Listing a space's executions of one phase, as op-worker pages through its phase lists.

``GET /spaces/{sid}/automation/execution/workflows`` (``space_atm_middleware_handler.erl``)
takes ``phase`` (default ``ongoing``), ``index``, ``token``, ``offset`` (default 0)
and ``limit`` (1..1000, default 1000) from the query string, sanitized in the
order Erlang lists a small map's keys (sorted: index, limit, offset, phase,
token). Then: no token 401; no ``space_view_atm_workflow_executions`` (or no
such space) 403; a space this provider does not support 400 ``spaceNotSupportedBy``.

Each phase list is sorted by a link name (``atm_workflow_executions_forest.erl``):
``str(9999999999 - time) + id``, ``time`` being the phase's own (waiting:
``scheduleTime``, ongoing: ``startTime``, suspended: ``suspendTime``, ended:
``finishTime``), so newest first and equal seconds by id. ``index`` starts at
the first name >= it; a ``token`` is the base64url (no padding) of the last name
returned, and starts just after it (it adds 1 to ``offset``; ``index`` is then
ignored). A negative offset counts back from the start point, clamped at the
first entry; with no start point it counts as 0 (``datastore_links_iter.erl``).
A page with fewer than ``limit`` entries is the last (``nextPageToken`` null).

A token that is not base64url would crash op-worker's decoding (a 500); the mock
answers 400 ``badData`` for ``token`` instead, as it never answers bad input with 500.
"""

from __future__ import annotations

import base64
import binascii
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from . import _errors
from . import _transitions as t
from ._index import link_name
from ._model import SPACE_VIEW_ATM_WORKFLOW_EXECUTIONS
from ._rules import authenticate
from ._sanitize import as_integer, as_string, query_parameters
from ._world import World

__all__ = ["MAX_LIMIT", "ListQuery", "encode_token", "link_name", "list_executions"]

MAX_LIMIT = 1000


@dataclass(frozen=True)
class ListQuery:
    """A list request's parameters, sanitized."""

    phase: str = t.ONGOING
    index: str | None = None
    token: str | None = None
    offset: int = 0
    limit: int = MAX_LIMIT


def sanitize_list_query(query_string: str) -> ListQuery:
    """The parameters of ``query_string``; raises the first sanitizing error."""
    data = query_parameters(query_string)
    index = None if data.get("index") is None else as_string("index", data["index"])
    limit = MAX_LIMIT
    if data.get("limit") is not None:
        limit = as_integer("limit", data["limit"])
        if not 1 <= limit <= MAX_LIMIT:
            raise _errors.bad_value_not_in_range("limit", 1, MAX_LIMIT)
    offset = 0 if data.get("offset") is None else as_integer("offset", data["offset"])
    phase = t.ONGOING
    if data.get("phase") is not None:
        raw = data["phase"]
        if isinstance(raw, list):
            raise _errors.bad_value_string("phase")
        # A bare "?phase" is the atom true: no phase either.
        phase = raw if isinstance(raw, str) else "true"
        if phase not in t.PHASES:
            raise _errors.bad_value_not_allowed("phase", t.PHASES)
    token = None
    if data.get("token") is not None:
        token = as_string("token", data["token"])
        if token == "":
            raise _errors.bad_value_empty("token")
    return ListQuery(phase=phase, index=index, token=token, offset=int(offset), limit=int(limit))


def encode_token(name: str) -> str:
    """The page token after the entry ``name``."""
    return base64.urlsafe_b64encode(name.encode()).rstrip(b"=").decode()


def _decode_token(token: str) -> str:
    try:
        padded = token + "=" * (-len(token) % 4)
        # Any bytes make a start name (latin-1 keeps their order); only the base64 may fail.
        return base64.b64decode(padded, altchars=b"-_", validate=True).decode("latin-1")
    except (binascii.Error, ValueError) as err:
        raise _errors.bad_data("token") from err


def list_executions(
    world: World, *, token: str | None, space_id: str, query: ListQuery
) -> dict[str, Any]:
    """The page a provider answers (``atmWorkflowExecutions``, ``nextPageToken``, ``isLast``)."""
    user = authenticate(world, token)
    if user is None:
        raise _errors.unauthorized()
    space = world.spaces.get(space_id)
    if space is None or not space.holds(user.id, SPACE_VIEW_ATM_WORKFLOW_EXECUTIONS):
        raise _errors.forbidden(module="space_middleware_plugin", line=240)
    if world.provider.id not in space.supported_by:
        raise _errors.space_not_supported_by(space.id, world.provider.id)
    start_name = None if query.token is None else _decode_token(query.token)
    # Sorted by (name, id); (name,) sorts before every entry of that name.
    names = world.index.phase_list(space_id, query.phase)
    offset = query.offset
    if start_name is not None:
        start, offset = bisect_left(names, (start_name,)), offset + 1
    elif query.index is not None:
        start = bisect_left(names, (query.index,))
    else:
        start, offset = 0, max(offset, 0)
    first = max(0, start + offset)
    page = names[first : first + query.limit]
    is_last = len(page) < query.limit
    return {
        "atmWorkflowExecutions": [execution_id for _, execution_id in page],
        "nextPageToken": None if is_last else encode_token(page[-1][0]),
        "isLast": is_last,
    }
