from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.atm_workflow_execution_details import AtmWorkflowExecutionDetails
from ...models.error_json import ErrorJson
from ...types import Response


def _get_kwargs(
    wid: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/automation/execution/workflows/{wid}".format(
            wid=quote(str(wid), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | AtmWorkflowExecutionDetails | ErrorJson | None:
    if response.status_code == 200:
        response_200 = AtmWorkflowExecutionDetails.from_dict(response.json())

        return response_200

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

    if response.status_code == 500:
        response_500 = ErrorJson.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | AtmWorkflowExecutionDetails | ErrorJson]:
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
) -> Response[Any | AtmWorkflowExecutionDetails | ErrorJson]:
    """Get workflow execution details

     Returns the details of a workflow execution. Requires the space
    privilege `space_view_atm_workflow_executions`.

    **Correction to the official definition:** the official document
    lists no 401, and its example shows statuses (`enqueued` for the
    execution, `pending` for a lane run) that its own enums do not allow,
    and a lane run's `parallelBoxes` as an object instead of an array.

    Args:
        wid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AtmWorkflowExecutionDetails | ErrorJson]
    """

    kwargs = _get_kwargs(
        wid=wid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    wid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | AtmWorkflowExecutionDetails | ErrorJson | None:
    """Get workflow execution details

     Returns the details of a workflow execution. Requires the space
    privilege `space_view_atm_workflow_executions`.

    **Correction to the official definition:** the official document
    lists no 401, and its example shows statuses (`enqueued` for the
    execution, `pending` for a lane run) that its own enums do not allow,
    and a lane run's `parallelBoxes` as an object instead of an array.

    Args:
        wid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AtmWorkflowExecutionDetails | ErrorJson
    """

    return sync_detailed(
        wid=wid,
        client=client,
    ).parsed


async def asyncio_detailed(
    wid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | AtmWorkflowExecutionDetails | ErrorJson]:
    """Get workflow execution details

     Returns the details of a workflow execution. Requires the space
    privilege `space_view_atm_workflow_executions`.

    **Correction to the official definition:** the official document
    lists no 401, and its example shows statuses (`enqueued` for the
    execution, `pending` for a lane run) that its own enums do not allow,
    and a lane run's `parallelBoxes` as an object instead of an array.

    Args:
        wid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AtmWorkflowExecutionDetails | ErrorJson]
    """

    kwargs = _get_kwargs(
        wid=wid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    wid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | AtmWorkflowExecutionDetails | ErrorJson | None:
    """Get workflow execution details

     Returns the details of a workflow execution. Requires the space
    privilege `space_view_atm_workflow_executions`.

    **Correction to the official definition:** the official document
    lists no 401, and its example shows statuses (`enqueued` for the
    execution, `pending` for a lane run) that its own enums do not allow,
    and a lane run's `parallelBoxes` as an object instead of an array.

    Args:
        wid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AtmWorkflowExecutionDetails | ErrorJson
    """

    return (
        await asyncio_detailed(
            wid=wid,
            client=client,
        )
    ).parsed
