from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_json import ErrorJson
from ...types import Response


def _get_kwargs(
    wid: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/automation/execution/workflows/{wid}".format(
            wid=quote(str(wid), safe=""),
        ),
    }

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
) -> Response[Any | ErrorJson]:
    """Delete workflow execution

     Deletes a stopped (suspended or ended) workflow execution: it is gone
    from lists and its details, and its stores (audit logs included) can
    no longer be read. No callback is sent.

    The execution's creator needs the space privilege
    `space_schedule_atm_workflow_executions`; anyone else
    `space_manage_atm_workflow_executions` (a creator who holds only the
    second gets 403).

    A provider checks a token (401), that the execution exists (404),
    the privilege (403), then the state: an execution that is waiting or
    ongoing is 400 `atmWorkflowExecutionNotStopped`. A second delete of
    the same execution is 404.

    **Corrections to the official definition:** the official document
    lists no error answer at all; it says "Deletes stopped workflow
    execution" without saying that stopped means suspended or ended.

    Args:
        wid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorJson]
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
) -> Any | ErrorJson | None:
    """Delete workflow execution

     Deletes a stopped (suspended or ended) workflow execution: it is gone
    from lists and its details, and its stores (audit logs included) can
    no longer be read. No callback is sent.

    The execution's creator needs the space privilege
    `space_schedule_atm_workflow_executions`; anyone else
    `space_manage_atm_workflow_executions` (a creator who holds only the
    second gets 403).

    A provider checks a token (401), that the execution exists (404),
    the privilege (403), then the state: an execution that is waiting or
    ongoing is 400 `atmWorkflowExecutionNotStopped`. A second delete of
    the same execution is 404.

    **Corrections to the official definition:** the official document
    lists no error answer at all; it says "Deletes stopped workflow
    execution" without saying that stopped means suspended or ended.

    Args:
        wid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorJson
    """

    return sync_detailed(
        wid=wid,
        client=client,
    ).parsed


async def asyncio_detailed(
    wid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorJson]:
    """Delete workflow execution

     Deletes a stopped (suspended or ended) workflow execution: it is gone
    from lists and its details, and its stores (audit logs included) can
    no longer be read. No callback is sent.

    The execution's creator needs the space privilege
    `space_schedule_atm_workflow_executions`; anyone else
    `space_manage_atm_workflow_executions` (a creator who holds only the
    second gets 403).

    A provider checks a token (401), that the execution exists (404),
    the privilege (403), then the state: an execution that is waiting or
    ongoing is 400 `atmWorkflowExecutionNotStopped`. A second delete of
    the same execution is 404.

    **Corrections to the official definition:** the official document
    lists no error answer at all; it says "Deletes stopped workflow
    execution" without saying that stopped means suspended or ended.

    Args:
        wid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorJson]
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
) -> Any | ErrorJson | None:
    """Delete workflow execution

     Deletes a stopped (suspended or ended) workflow execution: it is gone
    from lists and its details, and its stores (audit logs included) can
    no longer be read. No callback is sent.

    The execution's creator needs the space privilege
    `space_schedule_atm_workflow_executions`; anyone else
    `space_manage_atm_workflow_executions` (a creator who holds only the
    second gets 403).

    A provider checks a token (401), that the execution exists (404),
    the privilege (403), then the state: an execution that is waiting or
    ongoing is 400 `atmWorkflowExecutionNotStopped`. A second delete of
    the same execution is 404.

    **Corrections to the official definition:** the official document
    lists no error answer at all; it says "Deletes stopped workflow
    execution" without saying that stopped means suspended or ended.

    Args:
        wid (str):

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
        )
    ).parsed
