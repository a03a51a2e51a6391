"""The client against the mock provider: sync over the threaded mock, async in-process."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from oneprovider_automation import (
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    AsyncOneprovider,
    BadRequestError,
    ExecutionStatus,
    ForbiddenError,
    InternalServerError,
    NotFoundError,
    Oneprovider,
    UnauthorizedError,
    UnexpectedResponseError,
    WaitTimeoutError,
    file_reference,
)
from oneprovider_mock import MockProvider, World, create_app
from oneprovider_mock.pytest_plugin import MockProviderFactory

from tests import seed

from .servers import BAD_GATEWAY_PAGE, bad_gateway, closed_port, silent

WORKFLOWS = "/automation/execution/workflows"


def _seed_arguments(world: World | None = None) -> dict[str, Any]:
    """The seed request, with the ids of ``world``'s defaults (the seed's own by default)."""
    if world is None:
        body = seed.request_body()
    else:
        body = seed.request_body(world.defaults.space_id, world.defaults.atm_workflow_schema_id)
    return {
        "space_id": body["spaceId"],
        "workflow_schema_id": body["atmWorkflowSchemaId"],
        "revision": body["atmWorkflowSchemaRevisionNumber"],
        "store_initial_content": body["storeInitialContentOverlay"],
        "log_level": body["logLevel"],
        "callback": body["callback"],
    }


def _client(provider: MockProvider, **options: Any) -> Oneprovider:
    return Oneprovider(provider.url, provider.token, **options)


def test_seed_request_schedule_get_wait_sync(oneprovider_mock: MockProvider) -> None:
    with _client(oneprovider_mock) as client:
        scheduled = client.workflow_executions.schedule(**_seed_arguments())
        assert scheduled.url == f"{oneprovider_mock.api_url}{WORKFLOWS}/{scheduled.id}"
        # The header as a provider sends it: its own domain, no slash after /oneprovider.
        provider = oneprovider_mock.world.provider
        assert scheduled.location == (
            f"https://{provider.domain}:{provider.https_port}"
            f"/api/v3/oneproviderautomation/execution/workflows/{scheduled.id}"
        )
        execution = client.workflow_executions.get(scheduled.id)
        assert execution.id == scheduled.id
        assert execution.space_id == seed.SPACE_ID
        assert execution.schedule_time is not None
        assert execution.status in set(ExecutionStatus)
        finished = client.workflow_executions.wait(scheduled.id, timeout=30, poll_interval=0.02)
    assert finished.status is ExecutionStatus.FINISHED
    assert finished.finish_time is not None
    assert finished.start_time is not None
    assert finished.suspend_time is None
    assert finished.finish_time >= finished.start_time >= finished.schedule_time  # type: ignore[operator]
    assert [lane.runs[0].status.value for lane in finished.lanes] == ["finished", "finished"]
    assert scheduled.id in oneprovider_mock.world.executions


def test_seed_request_schedule_get_wait_async_in_process() -> None:
    world = World.default()
    app = create_app(world, phase_seconds=0.05)

    async def scenario() -> tuple[str, str | None, ExecutionStatus, ExecutionStatus]:
        transport = httpx.ASGITransport(app=app)
        async with AsyncOneprovider(
            "http://provider.test",
            world.default_token,
            http_client=httpx.AsyncClient(transport=transport),
        ) as client:
            scheduled = await client.workflow_executions.schedule(**_seed_arguments())
            first = await client.workflow_executions.get(scheduled.id)
            last = await client.workflow_executions.wait(
                scheduled.id, timeout=30, poll_interval=0.02
            )
            return scheduled.id, scheduled.url, first.status, last.status

    try:
        execution_id, location, first, last = asyncio.run(scenario())
    finally:
        app.backend.close()
    assert location == f"http://provider.test/api/v3/oneprovider{WORKFLOWS}/{execution_id}"
    assert first in (
        ExecutionStatus.SCHEDULED,
        ExecutionStatus.ACTIVE,
        ExecutionStatus.STOPPING,
        ExecutionStatus.FINISHED,
    )
    assert last is ExecutionStatus.FINISHED
    assert list(app.backend.world.executions) == [execution_id]


def test_a_failing_schema_is_waited_for_until_failed(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(World.named("failing-schema"))
    with _client(provider) as client:
        scheduled = client.workflow_executions.schedule(**_seed_arguments(provider.world))
        execution = client.workflow_executions.wait(scheduled.id, timeout=30, poll_interval=0.02)
    assert execution.status is ExecutionStatus.FAILED
    assert execution.status.is_ended


def _raw_error(error: ApiStatusError) -> dict[str, Any]:
    body = error.response.json()["error"]
    assert isinstance(body, dict)
    return body


def _assert_intact(error: ApiStatusError, provider: MockProvider) -> None:
    raw = _raw_error(error)
    assert error.id == raw["id"]
    assert error.description == raw["description"]
    assert error.details == raw.get("details", {})
    assert error.ctx == raw["ctx"]
    assert error.ctx is not None
    assert error.ctx["serviceId"] == provider.world.provider.id
    assert str(error).startswith(f"{error.id} ({error.status_code}): {error.description}")


@pytest.mark.parametrize(
    ("world", "cls", "error_id", "details_keys"),
    [
        ("unsupported-space", BadRequestError, "spaceNotSupportedBy", {"spaceId", "providerId"}),
        (
            "required-store-missing",
            BadRequestError,
            "atmStoreCreationFailed",
            {"atmStoreSchemaId", "specificError"},
        ),
        ("no-lanes", BadRequestError, "atmWorkflowEmpty", None),
        ("no-privilege", ForbiddenError, "forbidden", None),
        ("not-in-inventory", ForbiddenError, "forbidden", None),
    ],
)
def test_each_refusal_of_the_seed_request_raises_its_class(
    oneprovider_mock_factory: MockProviderFactory,
    world: str,
    cls: type[ApiStatusError],
    error_id: str,
    details_keys: set[str] | None,
) -> None:
    provider = oneprovider_mock_factory(World.named(world))
    with _client(provider) as client, pytest.raises(ApiStatusError) as caught:
        client.workflow_executions.schedule(**_seed_arguments(provider.world))
    error = caught.value
    assert type(error) is cls
    assert error.id == error_id
    if details_keys is not None:
        assert set(error.details) == details_keys
    _assert_intact(error, provider)
    assert provider.world.executions == {}


def test_bad_initial_content_details_keep_the_inner_error(oneprovider_mock: MockProvider) -> None:
    arguments = _seed_arguments()
    arguments["store_initial_content"] = {
        **arguments["store_initial_content"],
        "83cf895501eb11f9bc71e4b2b41a252e8561b5": 5,
    }
    with _client(oneprovider_mock) as client, pytest.raises(BadRequestError) as caught:
        client.workflow_executions.schedule(**arguments)
    assert caught.value.id == "atmStoreCreationFailed"
    inner = caught.value.details["specificError"]
    assert isinstance(inner, dict)
    assert inner["id"] == "atmDataTypeUnverified"
    _assert_intact(caught.value, oneprovider_mock)


def test_a_callback_that_is_no_url_is_a_bad_request(oneprovider_mock: MockProvider) -> None:
    arguments = {**_seed_arguments(), "callback": "ftp://files.example.com/x"}
    with _client(oneprovider_mock) as client, pytest.raises(BadRequestError) as caught:
        client.workflow_executions.schedule(**arguments)
    assert (caught.value.id, caught.value.details.get("key")) == ("badData", "callback")


def test_a_bad_token_is_unauthorized_with_the_reason(oneprovider_mock: MockProvider) -> None:
    with Oneprovider(oneprovider_mock.url, "MDAxnot-a-token") as client:
        with pytest.raises(UnauthorizedError) as caught:
            client.workflow_executions.schedule(**_seed_arguments())
        with pytest.raises(UnauthorizedError):
            client.workflow_executions.get("anything")
    auth_error = caught.value.details["authError"]
    assert isinstance(auth_error, dict)
    assert auth_error["id"] == "badToken"
    _assert_intact(caught.value, oneprovider_mock)


def test_unknown_revision_and_unknown_execution_are_not_found(
    oneprovider_mock: MockProvider,
) -> None:
    with _client(oneprovider_mock) as client:
        with pytest.raises(NotFoundError) as on_schedule:
            client.workflow_executions.schedule(seed.SPACE_ID, seed.ATM_WORKFLOW_SCHEMA_ID, 99)
        with pytest.raises(NotFoundError) as on_get:
            client.workflow_executions.get("0123456789abcdef0123456789abcdefch0000")
    for caught in (on_schedule, on_get):
        assert caught.value.id == "notFound"
        _assert_intact(caught.value, oneprovider_mock)


def test_a_crash_on_schedule_is_raised_not_retried(oneprovider_mock: MockProvider) -> None:
    oneprovider_mock.fail_next_requests(1)
    with _client(oneprovider_mock) as client, pytest.raises(InternalServerError) as caught:
        client.workflow_executions.schedule(**_seed_arguments())
    assert caught.value.id == "internalServerError"
    assert "reference" in caught.value.details
    _assert_intact(caught.value, oneprovider_mock)
    # Not retried: had it been, the second attempt would have scheduled an execution.
    assert oneprovider_mock.world.executions == {}


def test_a_get_is_retried_through_two_crashes(oneprovider_mock: MockProvider) -> None:
    with _client(oneprovider_mock) as client:
        client._sleep = lambda _: None
        scheduled = client.workflow_executions.schedule(**_seed_arguments())
        oneprovider_mock.fail_next_requests(2)
        assert client.workflow_executions.get(scheduled.id).id == scheduled.id
        oneprovider_mock.fail_next_requests(3)
        with pytest.raises(InternalServerError):
            client.workflow_executions.get(scheduled.id)


def test_a_provider_that_is_down_is_a_connection_error_after_retries() -> None:
    with Oneprovider(closed_port(), "token", max_retries=2) as client:
        client._sleep = lambda _: None
        with pytest.raises(ApiConnectionError) as caught:
            client.workflow_executions.schedule(seed.SPACE_ID, seed.ATM_WORKFLOW_SCHEMA_ID, 3)
    assert not isinstance(caught.value, ApiTimeoutError)
    assert caught.value.request_sent is False
    assert "after 3 attempts" in str(caught.value)


def test_a_provider_that_never_answers_is_a_timeout_and_schedule_is_not_resent() -> None:
    with (
        silent() as url,
        Oneprovider(url, "token", timeout=0.3) as client,
        pytest.raises(ApiTimeoutError) as caught,
    ):
        client.workflow_executions.schedule(seed.SPACE_ID, seed.ATM_WORKFLOW_SCHEMA_ID, 3)
    assert caught.value.request_sent is True
    assert "(after" not in str(caught.value)
    assert "may have reached the provider" in str(caught.value)


def test_a_proxys_html_502_is_an_unexpected_response() -> None:
    with bad_gateway() as (url, hits), Oneprovider(url, "token") as client:
        client._sleep = lambda _: None
        with pytest.raises(UnexpectedResponseError) as on_get:
            client.workflow_executions.get("e1")
        with pytest.raises(UnexpectedResponseError) as on_schedule:
            client.workflow_executions.schedule(seed.SPACE_ID, seed.ATM_WORKFLOW_SCHEMA_ID, 3)
    assert on_get.value.status_code == 502
    assert on_get.value.body_excerpt == BAD_GATEWAY_PAGE.decode()
    assert on_schedule.value.status_code == 502
    # The GET was retried (a 502 is worth another try), the schedule was not.
    assert sum(hit.startswith("GET") for hit in hits) == 3
    assert sum(hit.startswith("POST") for hit in hits) == 1


def test_wait_gives_up_with_the_last_state(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=3600)
    with _client(provider) as client:
        scheduled = client.workflow_executions.schedule(
            seed.SPACE_ID,
            seed.ATM_WORKFLOW_SCHEMA_ID,
            3,
            store_initial_content={
                "de6d2e524459dd235f80aa8652a68879b5dbe9": [
                    file_reference(
                        "0000000000523261677569642330376134636136616638613431366334386338343366356338643562323662"
                    )
                ]
            },
        )
        with pytest.raises(WaitTimeoutError) as caught:
            client.workflow_executions.wait(scheduled.id, timeout=0.2, poll_interval=0.05)
    assert caught.value.execution.status is ExecutionStatus.SCHEDULED
    assert caught.value.execution.id == scheduled.id
