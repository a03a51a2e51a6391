from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.atm_workflow_execution_list import AtmWorkflowExecutionList
from ...models.atm_workflow_execution_phase import AtmWorkflowExecutionPhase
from ...models.error_json import ErrorJson
from ...types import UNSET, Response, Unset


def _get_kwargs(
    sid: str,
    *,
    phase: AtmWorkflowExecutionPhase | Unset = UNSET,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    token: str | Unset = UNSET,
    index: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_phase: str | Unset = UNSET
    if not isinstance(phase, Unset):
        json_phase = phase.value

    params["phase"] = json_phase

    params["limit"] = limit

    params["offset"] = offset

    params["token"] = token

    params["index"] = index

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/spaces/{sid}/automation/execution/workflows".format(
            sid=quote(str(sid), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | AtmWorkflowExecutionList | ErrorJson | None:
    if response.status_code == 200:
        response_200 = AtmWorkflowExecutionList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorJson.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorJson.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorJson.from_dict(response.json())

        return response_403

    if response.status_code == 406:
        response_406 = cast(Any, None)
        return response_406

    if response.status_code == 500:
        response_500 = ErrorJson.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | AtmWorkflowExecutionList | ErrorJson]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
    phase: AtmWorkflowExecutionPhase | Unset = UNSET,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    token: str | Unset = UNSET,
    index: str | Unset = UNSET,
) -> Response[Any | AtmWorkflowExecutionList | ErrorJson]:
    """List workflow executions

     Returns the ids of the space's workflow executions in one phase,
    newest first by the time the execution entered that phase
    (`scheduleTime` for waiting, `startTime` for ongoing, `suspendTime`
    for suspended, `finishTime` for ended; equal seconds by id), one
    page at a time. Requires the space privilege
    `space_view_atm_workflow_executions`. Deleted executions are not
    listed. The phases are: waiting (`scheduled`, `resuming`), ongoing
    (`active`, `stopping`), suspended (`paused`, `interrupted`) and
    ended (`finished`, `failed`, `cancelled`, `crashed`).

    Paging: a page with fewer than `limit` ids is the last (`isLast`
    true, `nextPageToken` null). A full page is never marked last, even
    when nothing follows: its `nextPageToken` then leads to an empty
    last page. A token names a position (the last id of its page), not
    a snapshot: executions added meanwhile do not shift later pages, and
    one that changes phase meanwhile leaves this phase's list.

    A provider checks the query (400 with `details.key`), a token (401),
    the privilege (403, also for an unknown space), then that this
    provider supports the space (400 `spaceNotSupportedBy`).

    **Corrections to the official definition:** the official document
    lists no error answer, gives `token` the default value `"null"` (the
    string; there is no default), shows a hex string as a token while a
    provider sends base64url, leaves out `index`, and does not name the
    response model (generated clients call it `InlineResponse2004`).

    Args:
        sid (str):
        phase (AtmWorkflowExecutionPhase | Unset): A phase groups statuses: waiting (`scheduled`,
            `resuming`), ongoing
            (`active`, `stopping`), suspended (`paused`, `interrupted`), ended
            (`finished`, `failed`, `cancelled`, `crashed`). Any other value is
            400 `badValueNotAllowed`; values are case-sensitive.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        token (str | Unset):
        index (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AtmWorkflowExecutionList | ErrorJson]
    """

    kwargs = _get_kwargs(
        sid=sid,
        phase=phase,
        limit=limit,
        offset=offset,
        token=token,
        index=index,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
    phase: AtmWorkflowExecutionPhase | Unset = UNSET,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    token: str | Unset = UNSET,
    index: str | Unset = UNSET,
) -> Any | AtmWorkflowExecutionList | ErrorJson | None:
    """List workflow executions

     Returns the ids of the space's workflow executions in one phase,
    newest first by the time the execution entered that phase
    (`scheduleTime` for waiting, `startTime` for ongoing, `suspendTime`
    for suspended, `finishTime` for ended; equal seconds by id), one
    page at a time. Requires the space privilege
    `space_view_atm_workflow_executions`. Deleted executions are not
    listed. The phases are: waiting (`scheduled`, `resuming`), ongoing
    (`active`, `stopping`), suspended (`paused`, `interrupted`) and
    ended (`finished`, `failed`, `cancelled`, `crashed`).

    Paging: a page with fewer than `limit` ids is the last (`isLast`
    true, `nextPageToken` null). A full page is never marked last, even
    when nothing follows: its `nextPageToken` then leads to an empty
    last page. A token names a position (the last id of its page), not
    a snapshot: executions added meanwhile do not shift later pages, and
    one that changes phase meanwhile leaves this phase's list.

    A provider checks the query (400 with `details.key`), a token (401),
    the privilege (403, also for an unknown space), then that this
    provider supports the space (400 `spaceNotSupportedBy`).

    **Corrections to the official definition:** the official document
    lists no error answer, gives `token` the default value `"null"` (the
    string; there is no default), shows a hex string as a token while a
    provider sends base64url, leaves out `index`, and does not name the
    response model (generated clients call it `InlineResponse2004`).

    Args:
        sid (str):
        phase (AtmWorkflowExecutionPhase | Unset): A phase groups statuses: waiting (`scheduled`,
            `resuming`), ongoing
            (`active`, `stopping`), suspended (`paused`, `interrupted`), ended
            (`finished`, `failed`, `cancelled`, `crashed`). Any other value is
            400 `badValueNotAllowed`; values are case-sensitive.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        token (str | Unset):
        index (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AtmWorkflowExecutionList | ErrorJson
    """

    return sync_detailed(
        sid=sid,
        client=client,
        phase=phase,
        limit=limit,
        offset=offset,
        token=token,
        index=index,
    ).parsed


async def asyncio_detailed(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
    phase: AtmWorkflowExecutionPhase | Unset = UNSET,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    token: str | Unset = UNSET,
    index: str | Unset = UNSET,
) -> Response[Any | AtmWorkflowExecutionList | ErrorJson]:
    """List workflow executions

     Returns the ids of the space's workflow executions in one phase,
    newest first by the time the execution entered that phase
    (`scheduleTime` for waiting, `startTime` for ongoing, `suspendTime`
    for suspended, `finishTime` for ended; equal seconds by id), one
    page at a time. Requires the space privilege
    `space_view_atm_workflow_executions`. Deleted executions are not
    listed. The phases are: waiting (`scheduled`, `resuming`), ongoing
    (`active`, `stopping`), suspended (`paused`, `interrupted`) and
    ended (`finished`, `failed`, `cancelled`, `crashed`).

    Paging: a page with fewer than `limit` ids is the last (`isLast`
    true, `nextPageToken` null). A full page is never marked last, even
    when nothing follows: its `nextPageToken` then leads to an empty
    last page. A token names a position (the last id of its page), not
    a snapshot: executions added meanwhile do not shift later pages, and
    one that changes phase meanwhile leaves this phase's list.

    A provider checks the query (400 with `details.key`), a token (401),
    the privilege (403, also for an unknown space), then that this
    provider supports the space (400 `spaceNotSupportedBy`).

    **Corrections to the official definition:** the official document
    lists no error answer, gives `token` the default value `"null"` (the
    string; there is no default), shows a hex string as a token while a
    provider sends base64url, leaves out `index`, and does not name the
    response model (generated clients call it `InlineResponse2004`).

    Args:
        sid (str):
        phase (AtmWorkflowExecutionPhase | Unset): A phase groups statuses: waiting (`scheduled`,
            `resuming`), ongoing
            (`active`, `stopping`), suspended (`paused`, `interrupted`), ended
            (`finished`, `failed`, `cancelled`, `crashed`). Any other value is
            400 `badValueNotAllowed`; values are case-sensitive.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        token (str | Unset):
        index (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AtmWorkflowExecutionList | ErrorJson]
    """

    kwargs = _get_kwargs(
        sid=sid,
        phase=phase,
        limit=limit,
        offset=offset,
        token=token,
        index=index,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    sid: str,
    *,
    client: AuthenticatedClient | Client,
    phase: AtmWorkflowExecutionPhase | Unset = UNSET,
    limit: int | Unset = 1000,
    offset: int | Unset = 0,
    token: str | Unset = UNSET,
    index: str | Unset = UNSET,
) -> Any | AtmWorkflowExecutionList | ErrorJson | None:
    """List workflow executions

     Returns the ids of the space's workflow executions in one phase,
    newest first by the time the execution entered that phase
    (`scheduleTime` for waiting, `startTime` for ongoing, `suspendTime`
    for suspended, `finishTime` for ended; equal seconds by id), one
    page at a time. Requires the space privilege
    `space_view_atm_workflow_executions`. Deleted executions are not
    listed. The phases are: waiting (`scheduled`, `resuming`), ongoing
    (`active`, `stopping`), suspended (`paused`, `interrupted`) and
    ended (`finished`, `failed`, `cancelled`, `crashed`).

    Paging: a page with fewer than `limit` ids is the last (`isLast`
    true, `nextPageToken` null). A full page is never marked last, even
    when nothing follows: its `nextPageToken` then leads to an empty
    last page. A token names a position (the last id of its page), not
    a snapshot: executions added meanwhile do not shift later pages, and
    one that changes phase meanwhile leaves this phase's list.

    A provider checks the query (400 with `details.key`), a token (401),
    the privilege (403, also for an unknown space), then that this
    provider supports the space (400 `spaceNotSupportedBy`).

    **Corrections to the official definition:** the official document
    lists no error answer, gives `token` the default value `"null"` (the
    string; there is no default), shows a hex string as a token while a
    provider sends base64url, leaves out `index`, and does not name the
    response model (generated clients call it `InlineResponse2004`).

    Args:
        sid (str):
        phase (AtmWorkflowExecutionPhase | Unset): A phase groups statuses: waiting (`scheduled`,
            `resuming`), ongoing
            (`active`, `stopping`), suspended (`paused`, `interrupted`), ended
            (`finished`, `failed`, `cancelled`, `crashed`). Any other value is
            400 `badValueNotAllowed`; values are case-sensitive.
        limit (int | Unset):  Default: 1000.
        offset (int | Unset):  Default: 0.
        token (str | Unset):
        index (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AtmWorkflowExecutionList | ErrorJson
    """

    return (
        await asyncio_detailed(
            sid=sid,
            client=client,
            phase=phase,
            limit=limit,
            offset=offset,
            token=token,
            index=index,
        )
    ).parsed
