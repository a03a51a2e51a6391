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
        "url": "/automation/execution/workflows/{wid}/retry".format(
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
    """Retry workflow execution

     Runs an ended workflow execution again from the given lane run, over
    only the items that failed in it (its exception store): a new run of
    that lane (`runType` `retry`), then the lanes after it, as for
    `rerun_workflow_execution`.

    The order of checks is that of `rerun_workflow_execution`; the last
    check is that the run can be retried (400
    `atmLaneExecutionRetryFailed`): the execution must not be `crashed`,
    and the run must have `failed` after processing all its items, some
    of which failed (a run that failed because it was stopped cannot be
    retried; see `isRetriable`).

    **Corrections to the official definition:** the official document
    lists no error answer, and types both numbers as plain integers.

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
    """Retry workflow execution

     Runs an ended workflow execution again from the given lane run, over
    only the items that failed in it (its exception store): a new run of
    that lane (`runType` `retry`), then the lanes after it, as for
    `rerun_workflow_execution`.

    The order of checks is that of `rerun_workflow_execution`; the last
    check is that the run can be retried (400
    `atmLaneExecutionRetryFailed`): the execution must not be `crashed`,
    and the run must have `failed` after processing all its items, some
    of which failed (a run that failed because it was stopped cannot be
    retried; see `isRetriable`).

    **Corrections to the official definition:** the official document
    lists no error answer, and types both numbers as plain integers.

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
    """Retry workflow execution

     Runs an ended workflow execution again from the given lane run, over
    only the items that failed in it (its exception store): a new run of
    that lane (`runType` `retry`), then the lanes after it, as for
    `rerun_workflow_execution`.

    The order of checks is that of `rerun_workflow_execution`; the last
    check is that the run can be retried (400
    `atmLaneExecutionRetryFailed`): the execution must not be `crashed`,
    and the run must have `failed` after processing all its items, some
    of which failed (a run that failed because it was stopped cannot be
    retried; see `isRetriable`).

    **Corrections to the official definition:** the official document
    lists no error answer, and types both numbers as plain integers.

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
    """Retry workflow execution

     Runs an ended workflow execution again from the given lane run, over
    only the items that failed in it (its exception store): a new run of
    that lane (`runType` `retry`), then the lanes after it, as for
    `rerun_workflow_execution`.

    The order of checks is that of `rerun_workflow_execution`; the last
    check is that the run can be retried (400
    `atmLaneExecutionRetryFailed`): the execution must not be `crashed`,
    and the run must have `failed` after processing all its items, some
    of which failed (a run that failed because it was stopped cannot be
    retried; see `isRetriable`).

    **Corrections to the official definition:** the official document
    lists no error answer, and types both numbers as plain integers.

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
