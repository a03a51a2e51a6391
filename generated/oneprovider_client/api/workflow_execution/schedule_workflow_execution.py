from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.atm_workflow_execution_schedule_request import (
    AtmWorkflowExecutionScheduleRequest,
)
from ...models.atm_workflow_execution_schedule_response import (
    AtmWorkflowExecutionScheduleResponse,
)
from ...models.error_json import ErrorJson
from ...types import Response


def _get_kwargs(
    *,
    body: AtmWorkflowExecutionScheduleRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/automation/execution/workflows",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | AtmWorkflowExecutionScheduleResponse | ErrorJson | None:
    if response.status_code == 201:
        response_201 = AtmWorkflowExecutionScheduleResponse.from_dict(response.json())

        return response_201

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
) -> Response[Any | AtmWorkflowExecutionScheduleResponse | ErrorJson]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AtmWorkflowExecutionScheduleRequest,
) -> Response[Any | AtmWorkflowExecutionScheduleResponse | ErrorJson]:
    """Schedule workflow execution

     Schedules a workflow execution based on the specified workflow schema
    revision. The execution is asynchronous: the answer carries its id and
    its URI, and its progress is read with `get_workflow_execution_details`
    (or received through `callback`).

    Requires the space privilege `space_schedule_atm_workflow_executions`;
    the requesting user must also belong to the automation inventory that
    holds the workflow schema.

    A provider checks a request in this order, answering with the first
    failure: a token that is sent must be valid (401, checked as the
    request arrives, before the body is read); `Accept` must allow JSON
    (406); the body must be sent as `application/json` (415); the body must be a JSON
    object (400 `malformedData`); each field is sanitized (400 with
    `details.key`); a token must be present (401); the space privilege
    (403, also for an unknown space); the space must be supported by this
    provider (400 `spaceNotSupportedBy`); the workflow schema and revision
    must exist (404 `notFound`) and the user must belong to the schema's
    inventory (403); the revision must have lanes with parallel boxes
    (400 `atmWorkflowEmpty`, `atmLaneEmpty`, `atmParallelBoxEmpty`); and
    the lambdas of its tasks must exist and be accessible (404, 403) and
    runnable here (400 `notSupported`, `atmOpenfaasNotConfigured`); and
    each store's initial content must fit the store
    (400 `atmStoreCreationFailed`).

    **Corrections to the official definition:** the official document
    lists no 401, although a provider answers it for a missing or bad
    token; and it describes 404 as "Workflow execution with provided Id was
    not found", while on this operation 404 means that the workflow schema
    or its revision does not exist.

    Args:
        body (AtmWorkflowExecutionScheduleRequest): Workflow execution properties. Unknown keys
            are ignored by the server.

            `null` means absent: in a required field it is answered with 400
            `missingRequiredValue`, and an optional field that is `null` is as if
            it were not sent. A provider also takes `true` and `false` in place of
            the string fields (as the strings `"true"` and `"false"`); this
            document does not invite that, and such a request usually ends in 403
            or 404.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AtmWorkflowExecutionScheduleResponse | ErrorJson]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AtmWorkflowExecutionScheduleRequest,
) -> Any | AtmWorkflowExecutionScheduleResponse | ErrorJson | None:
    """Schedule workflow execution

     Schedules a workflow execution based on the specified workflow schema
    revision. The execution is asynchronous: the answer carries its id and
    its URI, and its progress is read with `get_workflow_execution_details`
    (or received through `callback`).

    Requires the space privilege `space_schedule_atm_workflow_executions`;
    the requesting user must also belong to the automation inventory that
    holds the workflow schema.

    A provider checks a request in this order, answering with the first
    failure: a token that is sent must be valid (401, checked as the
    request arrives, before the body is read); `Accept` must allow JSON
    (406); the body must be sent as `application/json` (415); the body must be a JSON
    object (400 `malformedData`); each field is sanitized (400 with
    `details.key`); a token must be present (401); the space privilege
    (403, also for an unknown space); the space must be supported by this
    provider (400 `spaceNotSupportedBy`); the workflow schema and revision
    must exist (404 `notFound`) and the user must belong to the schema's
    inventory (403); the revision must have lanes with parallel boxes
    (400 `atmWorkflowEmpty`, `atmLaneEmpty`, `atmParallelBoxEmpty`); and
    the lambdas of its tasks must exist and be accessible (404, 403) and
    runnable here (400 `notSupported`, `atmOpenfaasNotConfigured`); and
    each store's initial content must fit the store
    (400 `atmStoreCreationFailed`).

    **Corrections to the official definition:** the official document
    lists no 401, although a provider answers it for a missing or bad
    token; and it describes 404 as "Workflow execution with provided Id was
    not found", while on this operation 404 means that the workflow schema
    or its revision does not exist.

    Args:
        body (AtmWorkflowExecutionScheduleRequest): Workflow execution properties. Unknown keys
            are ignored by the server.

            `null` means absent: in a required field it is answered with 400
            `missingRequiredValue`, and an optional field that is `null` is as if
            it were not sent. A provider also takes `true` and `false` in place of
            the string fields (as the strings `"true"` and `"false"`); this
            document does not invite that, and such a request usually ends in 403
            or 404.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AtmWorkflowExecutionScheduleResponse | ErrorJson
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AtmWorkflowExecutionScheduleRequest,
) -> Response[Any | AtmWorkflowExecutionScheduleResponse | ErrorJson]:
    """Schedule workflow execution

     Schedules a workflow execution based on the specified workflow schema
    revision. The execution is asynchronous: the answer carries its id and
    its URI, and its progress is read with `get_workflow_execution_details`
    (or received through `callback`).

    Requires the space privilege `space_schedule_atm_workflow_executions`;
    the requesting user must also belong to the automation inventory that
    holds the workflow schema.

    A provider checks a request in this order, answering with the first
    failure: a token that is sent must be valid (401, checked as the
    request arrives, before the body is read); `Accept` must allow JSON
    (406); the body must be sent as `application/json` (415); the body must be a JSON
    object (400 `malformedData`); each field is sanitized (400 with
    `details.key`); a token must be present (401); the space privilege
    (403, also for an unknown space); the space must be supported by this
    provider (400 `spaceNotSupportedBy`); the workflow schema and revision
    must exist (404 `notFound`) and the user must belong to the schema's
    inventory (403); the revision must have lanes with parallel boxes
    (400 `atmWorkflowEmpty`, `atmLaneEmpty`, `atmParallelBoxEmpty`); and
    the lambdas of its tasks must exist and be accessible (404, 403) and
    runnable here (400 `notSupported`, `atmOpenfaasNotConfigured`); and
    each store's initial content must fit the store
    (400 `atmStoreCreationFailed`).

    **Corrections to the official definition:** the official document
    lists no 401, although a provider answers it for a missing or bad
    token; and it describes 404 as "Workflow execution with provided Id was
    not found", while on this operation 404 means that the workflow schema
    or its revision does not exist.

    Args:
        body (AtmWorkflowExecutionScheduleRequest): Workflow execution properties. Unknown keys
            are ignored by the server.

            `null` means absent: in a required field it is answered with 400
            `missingRequiredValue`, and an optional field that is `null` is as if
            it were not sent. A provider also takes `true` and `false` in place of
            the string fields (as the strings `"true"` and `"false"`); this
            document does not invite that, and such a request usually ends in 403
            or 404.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | AtmWorkflowExecutionScheduleResponse | ErrorJson]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AtmWorkflowExecutionScheduleRequest,
) -> Any | AtmWorkflowExecutionScheduleResponse | ErrorJson | None:
    """Schedule workflow execution

     Schedules a workflow execution based on the specified workflow schema
    revision. The execution is asynchronous: the answer carries its id and
    its URI, and its progress is read with `get_workflow_execution_details`
    (or received through `callback`).

    Requires the space privilege `space_schedule_atm_workflow_executions`;
    the requesting user must also belong to the automation inventory that
    holds the workflow schema.

    A provider checks a request in this order, answering with the first
    failure: a token that is sent must be valid (401, checked as the
    request arrives, before the body is read); `Accept` must allow JSON
    (406); the body must be sent as `application/json` (415); the body must be a JSON
    object (400 `malformedData`); each field is sanitized (400 with
    `details.key`); a token must be present (401); the space privilege
    (403, also for an unknown space); the space must be supported by this
    provider (400 `spaceNotSupportedBy`); the workflow schema and revision
    must exist (404 `notFound`) and the user must belong to the schema's
    inventory (403); the revision must have lanes with parallel boxes
    (400 `atmWorkflowEmpty`, `atmLaneEmpty`, `atmParallelBoxEmpty`); and
    the lambdas of its tasks must exist and be accessible (404, 403) and
    runnable here (400 `notSupported`, `atmOpenfaasNotConfigured`); and
    each store's initial content must fit the store
    (400 `atmStoreCreationFailed`).

    **Corrections to the official definition:** the official document
    lists no 401, although a provider answers it for a missing or bad
    token; and it describes 404 as "Workflow execution with provided Id was
    not found", while on this operation 404 means that the workflow schema
    or its revision does not exist.

    Args:
        body (AtmWorkflowExecutionScheduleRequest): Workflow execution properties. Unknown keys
            are ignored by the server.

            `null` means absent: in a required field it is answered with 400
            `missingRequiredValue`, and an optional field that is `null` is as if
            it were not sent. A provider also takes `true` and `false` in place of
            the string fields (as the strings `"true"` and `"false"`); this
            document does not invite that, and such a request usually ends in 403
            or 404.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | AtmWorkflowExecutionScheduleResponse | ErrorJson
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
