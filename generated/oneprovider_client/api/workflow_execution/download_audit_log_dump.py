from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_json import ErrorJson
from ...types import Response


def _get_kwargs(
    store_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/automation/execution/stores/{store_id}/dump".format(
            store_id=quote(str(store_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorJson | str | None:
    if response.status_code == 200:
        response_200 = cast(str, response.content)
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
) -> Response[Any | ErrorJson | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    store_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorJson | str]:
    """Download an audit log

     Downloads every entry of an audit-log store of a workflow execution,
    oldest first, as a JSON array (streamed). Requires membership in the
    automation inventory of the execution's workflow schema and the
    space privilege `space_view_atm_workflow_executions`.

    The route declares that it produces `application/octet-stream`, so
    `Accept` must allow that type (absent, the wildcard of every type,
    `application/*` or `application/octet-stream`): `Accept: application/json` alone is
    406. The answer itself is sent as `application/json`, with
    `Content-Disposition: attachment` and a file name.

    A provider checks a token (401), that the store exists and its
    execution is not deleted (404), inventory membership and the
    privilege (403), then the store type: a store that is not an audit
    log is 400 `notSupported`. The query string is ignored.

    Not in the official definition, which has no operation for it; its
    operationId is this spec's.

    Args:
        store_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorJson | str]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    store_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorJson | str | None:
    """Download an audit log

     Downloads every entry of an audit-log store of a workflow execution,
    oldest first, as a JSON array (streamed). Requires membership in the
    automation inventory of the execution's workflow schema and the
    space privilege `space_view_atm_workflow_executions`.

    The route declares that it produces `application/octet-stream`, so
    `Accept` must allow that type (absent, the wildcard of every type,
    `application/*` or `application/octet-stream`): `Accept: application/json` alone is
    406. The answer itself is sent as `application/json`, with
    `Content-Disposition: attachment` and a file name.

    A provider checks a token (401), that the store exists and its
    execution is not deleted (404), inventory membership and the
    privilege (403), then the store type: a store that is not an audit
    log is 400 `notSupported`. The query string is ignored.

    Not in the official definition, which has no operation for it; its
    operationId is this spec's.

    Args:
        store_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorJson | str
    """

    return sync_detailed(
        store_id=store_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    store_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorJson | str]:
    """Download an audit log

     Downloads every entry of an audit-log store of a workflow execution,
    oldest first, as a JSON array (streamed). Requires membership in the
    automation inventory of the execution's workflow schema and the
    space privilege `space_view_atm_workflow_executions`.

    The route declares that it produces `application/octet-stream`, so
    `Accept` must allow that type (absent, the wildcard of every type,
    `application/*` or `application/octet-stream`): `Accept: application/json` alone is
    406. The answer itself is sent as `application/json`, with
    `Content-Disposition: attachment` and a file name.

    A provider checks a token (401), that the store exists and its
    execution is not deleted (404), inventory membership and the
    privilege (403), then the store type: a store that is not an audit
    log is 400 `notSupported`. The query string is ignored.

    Not in the official definition, which has no operation for it; its
    operationId is this spec's.

    Args:
        store_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorJson | str]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    store_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorJson | str | None:
    """Download an audit log

     Downloads every entry of an audit-log store of a workflow execution,
    oldest first, as a JSON array (streamed). Requires membership in the
    automation inventory of the execution's workflow schema and the
    space privilege `space_view_atm_workflow_executions`.

    The route declares that it produces `application/octet-stream`, so
    `Accept` must allow that type (absent, the wildcard of every type,
    `application/*` or `application/octet-stream`): `Accept: application/json` alone is
    406. The answer itself is sent as `application/json`, with
    `Content-Disposition: attachment` and a file name.

    A provider checks a token (401), that the store exists and its
    execution is not deleted (404), inventory membership and the
    privilege (403), then the store type: a store that is not an audit
    log is 400 `notSupported`. The query string is ignored.

    Not in the official definition, which has no operation for it; its
    operationId is this spec's.

    Args:
        store_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorJson | str
    """

    return (
        await asyncio_detailed(
            store_id=store_id,
            client=client,
        )
    ).parsed
