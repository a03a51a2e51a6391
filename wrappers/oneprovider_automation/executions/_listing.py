"""Listing a space's workflow executions by phase: one page, or every id lazily.

:class:`Pager` holds the walk over pages (which page to ask for next, when
to stop, the ``limit``) with no I/O in it; the sync and async
``list()`` only send the calls it makes and feed it the pages.
"""

from __future__ import annotations

import attrs
import httpx

from .._exceptions import ErrorContext
from .._models import ExecutionPhase
from .._request import Call, api_call, raise_error, require_id, unexpected
from .._secrets import Secret

#: The most ids a provider returns in one page (and its default).
MAX_PAGE_SIZE = 1000


@attrs.frozen
class ExecutionPage:
    """One page of a phase's execution ids, newest first.

    Pass ``next_page_token`` as ``token`` to get the next page; it is ``None``
    on the last page. A page that is exactly full is not the last one: the
    next page is then empty.
    """

    ids: tuple[str, ...]
    next_page_token: str | None
    is_last: bool
    phase: ExecutionPhase


def parse_phase(value: ExecutionPhase | str) -> ExecutionPhase:
    """``value`` as an :class:`ExecutionPhase`; :class:`ValueError` names the allowed ones."""
    if isinstance(value, ExecutionPhase):
        return value
    try:
        return ExecutionPhase(value)
    except ValueError:
        allowed = ", ".join(phase.value for phase in ExecutionPhase)
        raise ValueError(f"phase must be one of {allowed}; got {value!r}") from None


def _check_int(value: object, name: str, low: int | None, high: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f">= {low}"
        raise ValueError(f"{name} must be {bounds}, got {value}")
    return value


def list_call(
    base_url: str,
    space_id: str,
    *,
    phase: ExecutionPhase | str,
    limit: int,
    token: str | None,
    offset: int,
    index: str | None,
) -> Call:
    """The request for one page; :class:`ValueError`/:class:`TypeError` name a bad argument."""
    from oneprovider_client.api.workflow_execution import list_workflow_executions
    from oneprovider_client.models import AtmWorkflowExecutionPhase
    from oneprovider_client.types import UNSET

    require_id(space_id, "space_id")
    chosen = parse_phase(phase)
    _check_int(limit, "limit", 1, MAX_PAGE_SIZE)
    _check_int(offset, "offset", None, None)
    if token is not None:
        require_id(token, "token")
    if index is not None and not isinstance(index, str):
        raise TypeError(f"index must be a string, got {index!r}")
    kwargs = list_workflow_executions._get_kwargs(
        sid=space_id,
        phase=AtmWorkflowExecutionPhase(chosen.value),
        limit=limit,
        offset=offset,
        token=UNSET if token is None else token,
        index=UNSET if index is None else index,
    )
    return api_call(base_url, kwargs, repeatable=True)


def parse_page(response: httpx.Response, secret: Secret, phase: ExecutionPhase) -> ExecutionPage:
    """The page from a 200; raises our error for anything else."""
    if response.status_code != 200:
        if response.is_success:
            unexpected(response, secret, f"expected 200 OK, got {response.status_code}")
        raise_error(response, secret, ErrorContext("list"))
    try:
        data = response.json()
    except ValueError as err:
        unexpected(response, secret, f"not a page of execution ids: {err}")
    ids = data.get("atmWorkflowExecutions") if isinstance(data, dict) else None
    token = data.get("nextPageToken") if isinstance(data, dict) else None
    is_last = data.get("isLast") if isinstance(data, dict) else None
    if (
        not isinstance(ids, list)
        or not all(isinstance(i, str) and i for i in ids)
        or not isinstance(is_last, bool)
        or not (token is None or (isinstance(token, str) and token))
    ):
        unexpected(response, secret, "not a page of execution ids")
    if not is_last and token is None:
        unexpected(response, secret, "a page that is not the last has no nextPageToken")
    return ExecutionPage(tuple(ids), None if is_last else token, is_last, phase)


class Pager:
    """The walk over every page of a phase, up to ``limit`` ids (``None``: all).

    :meth:`next_call` is the request for the next page, or ``None`` when the
    walk is over; :meth:`take` absorbs that page and returns its ids to
    yield. A page is asked for only after the previous one was taken.
    """

    def __init__(
        self,
        base_url: str,
        space_id: str,
        *,
        phase: ExecutionPhase | str,
        limit: int | None,
        page_size: int,
    ) -> None:
        if limit is not None:
            _check_int(limit, "limit", 0, None)
        _check_int(page_size, "page_size", 1, MAX_PAGE_SIZE)
        self.phase = parse_phase(phase)
        self._base_url = base_url
        self._space_id = space_id
        self._remaining = limit
        self._page_size = page_size
        self._token: str | None = None
        self._tokens_seen: set[str] = set()
        self._done = limit == 0
        # The space id is checked now, not at the first page (the rest is
        # checked above); building a first call only to check it cost a
        # second URL parse per list.
        require_id(space_id, "space_id")

    def _call(self, token: str | None) -> Call:
        size = self._page_size
        if self._remaining is not None:
            size = max(1, min(size, self._remaining))
        return list_call(
            self._base_url,
            self._space_id,
            phase=self.phase,
            limit=size,
            token=token,
            offset=0,
            index=None,
        )

    def next_call(self) -> Call | None:
        """The request for the next page, or ``None`` when every id asked for was given."""
        return None if self._done else self._call(self._token)

    def take(self, page: ExecutionPage, response: httpx.Response, secret: Secret) -> list[str]:
        """The ids of ``page`` to yield (cut to the limit); moves the walk on."""
        ids = list(page.ids)
        if self._remaining is not None:
            ids = ids[: self._remaining]
            self._remaining -= len(ids)
        token = page.next_page_token
        if page.is_last or token is None or self._remaining == 0:
            self._done = True
        elif token in self._tokens_seen:
            # A provider that hands out the same token again would be walked forever.
            unexpected(response, secret, f"nextPageToken {token!r} was already given")
        else:
            self._tokens_seen.add(token)
            self._token = token
        return ids
