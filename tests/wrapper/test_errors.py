"""Errors: the class for each status, the provider's fields kept, messages that read well."""

from __future__ import annotations

from typing import Any

import httpx
import oneprovider_automation._exceptions as exceptions_module
import pytest
from oneprovider_automation import (
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    BadRequestError,
    ForbiddenError,
    InternalServerError,
    NotFoundError,
    OneproviderError,
    UnauthorizedError,
    UnexpectedResponseError,
    WaitTimeoutError,
)

from .router import WORKFLOWS, Router, client, error_body

CTX = {
    "timestamp": 1750762637248,
    "serviceReleaseVersion": "25.0",
    "serviceId": "a7ee2722915b8bf7fb064eb65087cc61ch9357",
    "serviceDomain": "dev-oneprovider-krakow.default.svc.cluster.local",
    "serviceBuildVersion": "231-g8d26f953c3",
    "service": "opw",
    "onedataErrorsRevision": "ca3af8cb",
    "module": "metadata_req",
    "line": 45,
    "futureField": None,
}

CASES: list[tuple[int, dict[str, Any], type[ApiStatusError]]] = [
    (
        400,
        error_body(
            "badValueTooLow",
            'Bad value for key "atmWorkflowSchemaRevisionNumber" - must be greater than or equal'
            " to 1.",
            {"key": "atmWorkflowSchemaRevisionNumber", "limit": 1},
            CTX,
        ),
        BadRequestError,
    ),
    (
        401,
        error_body(
            "unauthorized",
            "You must authenticate yourself to perform this operation.",
            {
                "authError": {
                    "id": "badToken",
                    "description": "Provided token could not be understood.",
                }
            },
        ),
        UnauthorizedError,
    ),
    (
        403,
        error_body("forbidden", "You are not authorized to perform this operation.", {"hint": "h"}),
        ForbiddenError,
    ),
    (404, error_body("notFound", "The resource could not be found."), NotFoundError),
    (
        500,
        error_body(
            "internalServerError", "The server has encountered an error.", {"reference": "r1"}
        ),
        InternalServerError,
    ),
    (503, error_body("serviceUnavailable", "Try later."), InternalServerError),
    (409, error_body("forbidden", "Gateway said no."), ForbiddenError),
    (418, error_body("teapot", "I am a teapot."), ApiStatusError),
]


@pytest.mark.parametrize(("status", "body", "cls"), CASES, ids=[str(c[0]) for c in CASES])
def test_status_error_class_and_fields(
    status: int, body: dict[str, Any], cls: type[ApiStatusError]
) -> None:
    router = Router().add("POST", WORKFLOWS, httpx.Response(status, json=body))
    with pytest.raises(ApiStatusError) as caught:
        client(router, max_retries=0).workflow_executions.schedule("s", "w", 3)
    error = caught.value
    assert type(error) is cls
    assert error.status_code == status
    assert error.id == body["error"]["id"]
    assert error.description == body["error"]["description"]
    assert error.details == body["error"].get("details", {})
    assert error.ctx == body["error"].get("ctx")
    assert error.response.status_code == status
    assert str(error).startswith(f"{error.id} ({status}): {error.description}")


def test_message_reads_well_with_details() -> None:
    body = error_body(
        "forbidden", "You are not authorized to perform this operation.", {"hint": "no privilege"}
    )
    router = Router().add("GET", f"{WORKFLOWS}/e1", httpx.Response(403, json=body))
    with pytest.raises(ForbiddenError) as caught:
        client(router).workflow_executions.get("e1")
    assert str(caught.value) == (
        'forbidden (403): You are not authorized to perform this operation. [hint="no privilege"]'
    )


def test_long_details_are_cut_in_the_message_but_kept_whole() -> None:
    details = {"key": "x" * 1000}
    router = Router().add(
        "POST", WORKFLOWS, httpx.Response(400, json=error_body("badData", "Bad data.", details))
    )
    with pytest.raises(BadRequestError) as caught:
        client(router).workflow_executions.schedule("s", "w", 3)
    assert len(str(caught.value)) < 400
    assert str(caught.value).endswith("...]")
    assert caught.value.details == details


def test_a_non_json_502_is_an_unexpected_response() -> None:
    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    router = Router().add(
        "GET",
        f"{WORKFLOWS}/e1",
        httpx.Response(502, text=page, headers={"Content-Type": "text/html"}),
    )
    with pytest.raises(UnexpectedResponseError) as caught:
        client(router, max_retries=0).workflow_executions.get("e1")
    error = caught.value
    assert error.status_code == 502
    assert error.body_excerpt == page
    assert "502 Bad Gateway (text/html)" in str(error)
    assert "not a Onedata error body" in str(error)


def test_a_non_json_502_on_schedule_is_not_retried_and_not_a_crash() -> None:
    router = Router().add("POST", WORKFLOWS, httpx.Response(502, text="<html>bad gateway</html>"))
    with pytest.raises(UnexpectedResponseError):
        client(router).workflow_executions.schedule("s", "w", 3)
    assert router.count("POST", WORKFLOWS) == 1


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(201, json={}),
        httpx.Response(201, json={"atmWorkflowExecutionId": ""}),
        httpx.Response(201, json={"atmWorkflowExecutionId": 7}),
        httpx.Response(201, json=["e1"]),
        httpx.Response(201, text="created"),
    ],
    ids=["no id", "empty id", "number id", "array", "not json"],
)
def test_a_201_without_an_id_is_unexpected_and_says_it_may_be_scheduled(
    response: httpx.Response,
) -> None:
    router = Router().add("POST", WORKFLOWS, response)
    with pytest.raises(UnexpectedResponseError) as caught:
        client(router).workflow_executions.schedule("s", "w", 3)
    assert "probably scheduled" in str(caught.value)


def test_a_200_to_schedule_is_unexpected() -> None:
    router = Router().add(
        "POST", WORKFLOWS, httpx.Response(200, json={"atmWorkflowExecutionId": "e"})
    )
    with pytest.raises(UnexpectedResponseError, match="may have been scheduled"):
        client(router).workflow_executions.schedule("s", "w", 3)


@pytest.mark.parametrize(
    "body",
    [
        {"error": {"description": "no id"}},
        {"error": "forbidden"},
        {"message": "Forbidden"},
        ["error"],
    ],
)
def test_an_error_status_without_a_onedata_error_is_unexpected(body: object) -> None:
    router = Router().add("GET", f"{WORKFLOWS}/e1", httpx.Response(403, json=body))
    with pytest.raises(UnexpectedResponseError, match="not a Onedata error body"):
        client(router).workflow_executions.get("e1")


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        '{"atmWorkflowExecutionId": "e1"}',
        '{"atmWorkflowExecutionId": "e1", "status": "done"}',
    ],
)
def test_details_that_are_not_details_are_unexpected(body: str) -> None:
    router = Router().add("GET", f"{WORKFLOWS}/e1", httpx.Response(200, text=body))
    with pytest.raises(UnexpectedResponseError, match="not a workflow execution's details"):
        client(router).workflow_executions.get("e1")


def test_a_redirect_is_explained() -> None:
    router = Router().add(
        "GET",
        f"{WORKFLOWS}/e1",
        httpx.Response(301, headers={"Location": "https://elsewhere.test/"}),
    )
    with pytest.raises(UnexpectedResponseError, match=r"a redirect to https://elsewhere\.test/"):
        client(router).workflow_executions.get("e1")


def test_timeouts_are_connection_errors_and_everything_is_a_oneprovider_error() -> None:
    assert issubclass(ApiTimeoutError, ApiConnectionError)
    for cls in (
        ApiConnectionError,
        ApiStatusError,
        UnexpectedResponseError,
        WaitTimeoutError,
        BadRequestError,
        UnauthorizedError,
        ForbiddenError,
        NotFoundError,
        InternalServerError,
    ):
        assert issubclass(cls, OneproviderError)


def test_the_module_docstring_draws_the_hierarchy_as_it_is() -> None:
    classes = {
        name: value
        for name, value in vars(exceptions_module).items()
        if isinstance(value, type) and issubclass(value, OneproviderError)
    }
    tree_lines = [
        line for line in (exceptions_module.__doc__ or "").splitlines() if "Error" in line
    ]
    drawn: dict[str, str | None] = {}
    parents: list[tuple[int, str]] = []  # (depth, name) of the open branches
    for line in tree_lines[1:]:
        if "── " not in line and not line.strip().startswith("OneproviderError"):
            continue
        name = line.split("── ")[-1].split()[0] if "── " in line else "OneproviderError"
        depth = line.find(name)
        while parents and parents[-1][0] >= depth:
            parents.pop()
        drawn[name] = parents[-1][1] if parents else None
        parents.append((depth, name))
    assert set(drawn) == set(classes)
    for name, parent in drawn.items():
        base = classes[name].__bases__[0]
        assert (base.__name__ if parent else None) == parent or base is Exception, name
        assert (classes[name].__doc__ or "").strip(), name
