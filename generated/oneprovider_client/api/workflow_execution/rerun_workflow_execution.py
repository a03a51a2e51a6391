from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.atm_lane_run_selector import AtmLaneRunSelector
from ...models.error_json import ErrorJson
from ...types import Response


def _get_kwargs(
    wid: str,
    *,
    body: AtmLaneRunSelector,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/automation/execution/workflows/{wid}/rerun".format(
            wid=quote(str(wid), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorJson | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = ErrorJson.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorJson.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorJson.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorJson.from_dict(response.json())

        return response_404

    if response.status_code == 406:
        response_406 = cast(Any, None)
        return response_406

    if response.status_code == 415:
        response_415 = cast(Any, None)
        return response_415

    if response.status_code == 500:
        response_500 = ErrorJson.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorJson]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    wid: str,
    *,
    client: AuthenticatedClient | Client,
    body: AtmLaneRunSelector,
) -> Response[Any | ErrorJson]:
    """Rerun workflow execution

     Runs an ended workflow execution again from the given lane run, over
    all the items that run iterated: a new run of that lane (`runType`
    `rerun`, `originRunNumber` the given run, `runNumber` the next number
    of the execution's one run counter), then the lanes after it. The
    execution goes to `scheduled`; `scheduleTime` becomes now and the
    earlier times are kept. The callback, if any, is sent again when it
    next stops.

    A provider checks, in this order: the body (400 with `details.key`),
    a token (401), that the execution exists (404), the privilege (403,
    as for `cancel_workflow_execution`), that the execution has ended
    (400 `atmWorkflowExecutionNotEnded`), that the lane and its run
    exist (404; a lane that never ran has no runs), and that the run
    can be rerun (400 `atmLaneExecutionRerunFailed`: the execution must
    not be `crashed`, the run must be `finished`, `failed` or
    `cancelled`; see `isRerunable`).

    **Corrections to the official definition:** the official document
    lists no error answer, and types both numbers as plain integers,
    while a provider also takes numeric strings and refuses numbers
    below 1.

    Args:
        wid (str):
        body (AtmLaneRunSelector): A lane (by its position) and one of its runs. Unknown keys are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorJson]
    """

    kwargs = _get_kwargs(
        wid=wid,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    wid: str,
    *,
    client: AuthenticatedClient | Client,
    body: AtmLaneRunSelector,
) -> Any | ErrorJson | None:
    """Rerun workflow execution

     Runs an ended workflow execution again from the given lane run, over
    all the items that run iterated: a new run of that lane (`runType`
    `rerun`, `originRunNumber` the given run, `runNumber` the next number
    of the execution's one run counter), then the lanes after it. The
    execution goes to `scheduled`; `scheduleTime` becomes now and the
    earlier times are kept. The callback, if any, is sent again when it
    next stops.

    A provider checks, in this order: the body (400 with `details.key`),
    a token (401), that the execution exists (404), the privilege (403,
    as for `cancel_workflow_execution`), that the execution has ended
    (400 `atmWorkflowExecutionNotEnded`), that the lane and its run
    exist (404; a lane that never ran has no runs), and that the run
    can be rerun (400 `atmLaneExecutionRerunFailed`: the execution must
    not be `crashed`, the run must be `finished`, `failed` or
    `cancelled`; see `isRerunable`).

    **Corrections to the official definition:** the official document
    lists no error answer, and types both numbers as plain integers,
    while a provider also takes numeric strings and refuses numbers
    below 1.

    Args:
        wid (str):
        body (AtmLaneRunSelector): A lane (by its position) and one of its runs. Unknown keys are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorJson
    """

    return sync_detailed(
        wid=wid,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    wid: str,
    *,
    client: AuthenticatedClient | Client,
    body: AtmLaneRunSelector,
) -> Response[Any | ErrorJson]:
    """Rerun workflow execution

     Runs an ended workflow execution again from the given lane run, over
    all the items that run iterated: a new run of that lane (`runType`
    `rerun`, `originRunNumber` the given run, `runNumber` the next number
    of the execution's one run counter), then the lanes after it. The
    execution goes to `scheduled`; `scheduleTime` becomes now and the
    earlier times are kept. The callback, if any, is sent again when it
    next stops.

    A provider checks, in this order: the body (400 with `details.key`),
    a token (401), that the execution exists (404), the privilege (403,
    as for `cancel_workflow_execution`), that the execution has ended
    (400 `atmWorkflowExecutionNotEnded`), that the lane and its run
    exist (404; a lane that never ran has no runs), and that the run
    can be rerun (400 `atmLaneExecutionRerunFailed`: the execution must
    not be `crashed`, the run must be `finished`, `failed` or
    `cancelled`; see `isRerunable`).

    **Corrections to the official definition:** the official document
    lists no error answer, and types both numbers as plain integers,
    while a provider also takes numeric strings and refuses numbers
    below 1.

    Args:
        wid (str):
        body (AtmLaneRunSelector): A lane (by its position) and one of its runs. Unknown keys are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorJson]
    """

    kwargs = _get_kwargs(
        wid=wid,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    wid: str,
    *,
    client: AuthenticatedClient | Client,
    body: AtmLaneRunSelector,
) -> Any | ErrorJson | None:
    """Rerun workflow execution

     Runs an ended workflow execution again from the given lane run, over
    all the items that run iterated: a new run of that lane (`runType`
    `rerun`, `originRunNumber` the given run, `runNumber` the next number
    of the execution's one run counter), then the lanes after it. The
    execution goes to `scheduled`; `scheduleTime` becomes now and the
    earlier times are kept. The callback, if any, is sent again when it
    next stops.

    A provider checks, in this order: the body (400 with `details.key`),
    a token (401), that the execution exists (404), the privilege (403,
    as for `cancel_workflow_execution`), that the execution has ended
    (400 `atmWorkflowExecutionNotEnded`), that the lane and its run
    exist (404; a lane that never ran has no runs), and that the run
    can be rerun (400 `atmLaneExecutionRerunFailed`: the execution must
    not be `crashed`, the run must be `finished`, `failed` or
    `cancelled`; see `isRerunable`).

    **Corrections to the official definition:** the official document
    lists no error answer, and types both numbers as plain integers,
    while a provider also takes numeric strings and refuses numbers
    below 1.

    Args:
        wid (str):
        body (AtmLaneRunSelector): A lane (by its position) and one of its runs. Unknown keys are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorJson
    """

    return (
        await asyncio_detailed(
            wid=wid,
            client=client,
            body=body,
        )
    ).parsed
