"""Callback delivery: retries with backoff, giving up, and never leaving the machine."""

from __future__ import annotations

import itertools
import logging
import socket

import httpx
import pytest
from oneprovider_mock import CallbackPolicy, MockProvider, refusal_reason
from oneprovider_mock._callback_log import masked_url, redacted
from oneprovider_mock.pytest_plugin import MockProviderFactory

from tests import seed
from tests.mock.helpers import SCHEDULE_URL, checked_client, details_path, receiver


def closed_port_url() -> str:
    """A loopback URL nothing listens on (the port was just free)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/callback"


def test_a_receiver_failing_twice_gets_the_third_try(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=0, callback_tries=3, callback_backoff=0.05)
    with checked_client(provider.url) as client, receiver([500, 503, 200]) as rx:
        body = seed.request_body() | {"callback": rx.url}
        response = client.post(SCHEDULE_URL, json=body, headers={"X-Auth-Token": provider.token})
        wid = response.json()["atmWorkflowExecutionId"]
        delivery = provider.wait_for_callback(wid)
    assert delivery.outcome == "delivered"
    assert [attempt.status_code for attempt in delivery.attempts] == [500, 503, 200]
    assert rx.received == [{"atmWorkflowExecutionId": wid, "status": "finished"}] * 3
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(delivery.attempts)]
    # The waits double: 0.05 s, then 0.1 s (at least; never less).
    assert gaps[0] >= 0.05
    assert gaps[1] >= 0.1


def test_a_dead_receiver_is_given_up_while_the_api_keeps_answering(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=0, callback_tries=4, callback_backoff=0.1)
    headers = {"X-Auth-Token": provider.token}
    with checked_client(provider.url) as client:
        body = seed.request_body() | {"callback": closed_port_url()}
        wid = client.post(SCHEDULE_URL, json=body, headers=headers).json()["atmWorkflowExecutionId"]
        answered = 0
        while not any(d.settled for d in provider.callbacks()):
            # Meanwhile the API answers as usual.
            scheduled = client.post(SCHEDULE_URL, json=seed.request_body(), headers=headers)
            assert scheduled.status_code == 201
            assert client.get(details_path(scheduled), headers=headers).status_code == 200
            answered += 1
            assert answered < 10_000, "the delivery never settled"
        delivery = provider.wait_for_callback(wid)
    assert delivery.outcome == "gaveUp"
    assert len(delivery.attempts) == 4
    assert all(a.status_code is None and a.error for a in delivery.attempts)
    assert delivery.reason == "no 2xx answer in 4 tries"
    assert answered > 0


def test_a_redirect_is_not_followed(oneprovider_mock_factory: MockProviderFactory) -> None:
    provider = oneprovider_mock_factory(phase_seconds=0, callback_tries=2, callback_backoff=0)
    with checked_client(provider.url) as client, receiver([307]) as rx:
        body = seed.request_body() | {"callback": rx.url}
        response = client.post(SCHEDULE_URL, json=body, headers={"X-Auth-Token": provider.token})
        delivery = provider.wait_for_callback(response.json()["atmWorkflowExecutionId"])
    assert delivery.outcome == "gaveUp"
    assert [attempt.status_code for attempt in delivery.attempts] == [307, 307]


def test_callbacks_are_listed_by_the_controls(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=0)
    with checked_client(provider.url) as client, receiver() as rx:
        for url in (rx.url, "http://10.1.2.3/callback"):
            body = seed.request_body() | {"callback": url}
            wid = client.post(
                SCHEDULE_URL, json=body, headers={"X-Auth-Token": provider.token}
            ).json()["atmWorkflowExecutionId"]
            provider.wait_for_callback(wid)
        listed = client.get("/_mock/callbacks").json()
    assert [(d["url"], d["outcome"], len(d["attempts"])) for d in listed] == [
        (rx.url, "delivered", 1),
        ("http://10.1.2.3/callback", "refused", 0),
    ]
    assert listed[0]["attempts"][0]["statusCode"] == 204
    assert "not a loopback address" in listed[1]["reason"]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("http://localhost:8080/cb", True),
        ("http://LOCALHOST/cb", True),
        ("http://127.0.0.1/cb", True),
        ("https://127.200.3.4:9/cb", True),
        ("http://[::1]:8080/cb", True),
        ("http://[::ffff:127.0.0.1]/cb", True),
        ("http://localhost.:8080/cb", False),
        ("http://localhost.example.com/cb", False),
        ("http://127.1/cb", False),
        ("http://2130706433/cb", False),
        ("http://0.0.0.0/cb", False),
        ("http://10.0.0.1/cb", False),
        ("http://[::2]/cb", False),
        ("https://my-server.example.com/execution-callback", False),
        ("http://127.0.0.1.nip.io/cb", False),
        ("http://127.0.0.1\\@evil.example/cb", False),
        ("ftp://127.0.0.1/cb", False),
        ("http:///cb", False),
        # Read as a provider reads them: no scheme is plain http.
        ("localhost:8080/cb", True),
        ("127.0.0.1:9/cb", True),
        ("[::1]:9/cb", True),
        ("http://host:70000/cb", False),
        ("http+unix://%2Fsock/cb", False),
    ],
)
def test_only_loopback_hosts_as_written(url: str, allowed: bool) -> None:
    assert (refusal_reason(url) is None) is allowed


def test_other_hosts_only_when_allowed() -> None:
    url = "https://receiver.test:8443/cb"
    assert refusal_reason(url) is not None
    assert refusal_reason(url, {"receiver.test"}) is None
    assert refusal_reason(url, {"other.test"}) is not None


def test_backoff_doubles_up_to_its_cap() -> None:
    policy = CallbackPolicy(tries=30, first_backoff=0.5, max_backoff=4.0)
    first = policy.first_wait()
    assert [policy.backoff(n, first) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_the_default_policy_is_a_providers() -> None:
    # op-worker atm_workflow_execution_handler: 1 + 30 tries, a random first wait of
    # 1..2000 ms, doubling, capped at two hours.
    policy = CallbackPolicy()
    assert policy.tries == 31
    assert policy.max_backoff == 7200.0
    waits = {policy.first_wait() for _ in range(200)}
    assert all(0.001 <= wait <= 2.0 for wait in waits)
    assert len(waits) > 100
    assert policy.backoff(30, 2.0) == 7200.0


def _schedule_with_callback(provider: MockProvider, url: str) -> str:
    with checked_client(provider.url) as client:
        body = seed.request_body() | {"callback": url}
        response = client.post(SCHEDULE_URL, json=body, headers={"X-Auth-Token": provider.token})
        return str(response.json()["atmWorkflowExecutionId"])


def test_a_callback_to_ipv6_loopback_is_delivered(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=0, callback_tries=1)
    with receiver(host="::1") as rx:
        assert rx.url.startswith("http://[::1]:")
        delivery = provider.wait_for_callback(_schedule_with_callback(provider, rx.url))
    assert delivery.outcome == "delivered", delivery


def test_a_callback_without_a_scheme_goes_over_http(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=0, callback_tries=1)
    with receiver() as rx:
        bare = rx.url.removeprefix("http://")
        delivery = provider.wait_for_callback(_schedule_with_callback(provider, bare))
    assert delivery.outcome == "delivered", delivery


def test_a_redirect_is_a_failed_try_and_not_followed(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=0, callback_tries=2, callback_backoff=0.01)
    with receiver([302]) as rx:
        delivery = provider.wait_for_callback(_schedule_with_callback(provider, rx.url))
    assert delivery.outcome == "gaveUp"
    assert [attempt.status_code for attempt in delivery.attempts] == [302, 302]
    assert len(rx.received) == 2


def test_the_host_is_decided_before_any_name_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_lookup(*args: object, **kwargs: object) -> None:
        raise AssertionError("a name was looked up")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    monkeypatch.setattr(socket, "gethostbyname", no_lookup)
    assert refusal_reason("http://callbacks.example.org/cb") is not None
    assert refusal_reason("http://localhost.example.com/cb") is not None


@pytest.mark.parametrize(
    "options",
    [{"tries": 0}, {"first_backoff": -1.0}, {"timeout": 0.0}],
)
def test_policy_refuses_nonsense(options: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="callback"):
        CallbackPolicy(**options)  # type: ignore[arg-type]


# --- a callback per stop (atm_workflow_execution_handler:notify_stopped/1) -----------------


def test_a_callback_per_stop_with_the_status_it_stopped_in(
    oneprovider_mock_factory: MockProviderFactory,
) -> None:
    provider = oneprovider_mock_factory(phase_seconds=3600, callback_tries=1)
    headers = {"X-Auth-Token": provider.token}
    with httpx.Client(base_url=provider.api_url) as client, receiver() as rx:
        body = seed.request_body() | {"callback": rx.url}
        wid = client.post("/automation/execution/workflows", json=body, headers=headers).json()[
            "atmWorkflowExecutionId"
        ]
        url = f"/automation/execution/workflows/{wid}"
        # A pause overtaken by a cancel: only "cancelled" is sent.
        assert client.post(url + "/pause", headers=headers).status_code == 204
        assert client.post(url + "/cancel", headers=headers).status_code == 204
        provider.backend.set_execution_phase_seconds(wid, 0)
        assert rx.wait_for(1) == [{"atmWorkflowExecutionId": wid, "status": "cancelled"}]
        # After a rerun the next stop calls back again.
        rerun = client.post(
            url + "/rerun", json={"laneIndex": 1, "laneRunNumber": 1}, headers=headers
        )
        assert rerun.status_code == 204
        assert [r["status"] for r in rx.wait_for(2)] == ["cancelled", "finished"]
        # Delete sends none.
        assert client.delete(url, headers=headers).status_code == 204
    assert [d.status for d in provider.callbacks()] == ["cancelled", "finished"]


def test_a_crash_calls_back_crashed(oneprovider_mock_factory: MockProviderFactory) -> None:
    provider = oneprovider_mock_factory(phase_seconds=3600, callback_tries=1)
    with httpx.Client(base_url=provider.url) as client, receiver() as rx:
        body = seed.request_body() | {"callback": rx.url}
        wid = client.post(
            "/api/v3/oneprovider/automation/execution/workflows",
            json=body,
            headers={"X-Auth-Token": provider.token},
        ).json()["atmWorkflowExecutionId"]
        assert client.post(f"/_mock/executions/{wid}/crash").status_code == 200
        assert rx.wait_for(1) == [{"atmWorkflowExecutionId": wid, "status": "crashed"}]
        assert client.post(f"/_mock/executions/{wid}/crash").status_code == 400
        assert client.post("/_mock/executions/nope/interrupt").status_code == 404
        listed = client.get("/_mock/executions").json()
    assert [(e["atmWorkflowExecutionId"], e["status"]) for e in listed] == [(wid, "crashed")]


# --- what the mock logs of its callback decisions --------------------------------------------

#: Credentials a callback URL may carry; no log line may show them.
SECRETS = ("hunter2", "s3cr3t-token", "n0nce")


def with_secrets(url: str) -> str:
    """``url`` (``http://host:port/path``) with a password and a token in its query."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://alice:hunter2@{rest}?token=s3cr3t-token&nonce=n0nce"


def masked(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://alice:***@{rest}?token=***&nonce=***"


def callback_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The INFO lines of the mock's logger about callbacks; none holds a secret."""
    records = [r for r in caplog.records if r.name.startswith("oneprovider_mock")]
    lines = [r.getMessage() for r in records if r.levelno == logging.INFO]
    for record in records:
        for secret in SECRETS:
            assert secret not in record.getMessage(), record.getMessage()
            assert secret not in repr(record.args), record.args
    return [line for line in lines if line.startswith("callback ")]


def test_a_refused_callback_is_logged_with_its_reason(
    oneprovider_mock_factory: MockProviderFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="oneprovider_mock")
    provider = oneprovider_mock_factory(phase_seconds=0)
    url = with_secrets("https://10.1.2.3:8443/cb")
    wid = _schedule_with_callback(provider, url)
    assert provider.wait_for_callback(wid).outcome == "refused"
    assert callback_lines(caplog) == [
        f"callback of {wid} (finished) to {masked('https://10.1.2.3:8443/cb')} refused: "
        "host '10.1.2.3' is not a loopback address; the mock only calls back to localhost, "
        "127.0.0.0/8 and ::1 unless the host is allowed "
        "(--allow-callback-host, allow_callback_hosts=)"
    ]


def test_a_failed_try_then_a_delivery_are_logged(
    oneprovider_mock_factory: MockProviderFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="oneprovider_mock")
    provider = oneprovider_mock_factory(phase_seconds=0, callback_tries=3, callback_backoff=0.05)
    with receiver([503, 204]) as rx:
        wid = _schedule_with_callback(provider, with_secrets(rx.url))
        assert provider.wait_for_callback(wid).outcome == "delivered"
    to = f"callback of {wid} (finished) to {masked(rx.url)}"
    assert callback_lines(caplog) == [
        f"{to}: try 1 of 3 failed (answered 503); next try in 0.05 s",
        f"{to}: delivered on try 2 of 3 (answered 204)",
    ]


def test_giving_up_is_logged(
    oneprovider_mock_factory: MockProviderFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="oneprovider_mock")
    provider = oneprovider_mock_factory(phase_seconds=0, callback_tries=2, callback_backoff=0.01)
    url = closed_port_url()
    wid = _schedule_with_callback(provider, with_secrets(url))
    assert provider.wait_for_callback(wid).outcome == "gaveUp"
    lines = callback_lines(caplog)
    to = f"callback of {wid} (finished) to {masked(url)}"
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{to}: try 1 of 2 failed (ConnectError: ")
    assert lines[0].endswith("); next try in 0.01 s")
    assert lines[1].startswith(f"{to}: try 2 of 2 failed (ConnectError: ")
    assert lines[1].endswith("); gave up after 2 tries")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://127.0.0.1:9/cb", "http://127.0.0.1:9/cb"),
        ("http://127.0.0.1:9/cb?", "http://127.0.0.1:9/cb?"),
        ("http://127.0.0.1:9/cb?token=abc", "http://127.0.0.1:9/cb?token=***"),
        ("http://h/cb?a=1&b=&c", "http://h/cb?a=***&b=***&***"),
        ("http://h/cb?a=1;b=2", "http://h/cb?a=***;b=***"),
        ("http://u:pw@h/cb", "http://u:***@h/cb"),
        ("http://u:@h/cb", "http://u:***@h/cb"),
        # A user name alone may be a token.
        ("https://ghp_abcdef@h/cb", "https://***@h/cb"),
        # An '@' in the password: everything up to the last '@' is userinfo.
        ("http://u:p@ss@h/cb", "http://u:***@h/cb"),
        ("http://u:p/w@h/cb", "http://***@h/cb"),
        ("localhost:8080/cb?key=v", "localhost:8080/cb?key=***"),
        ("u:pw@localhost/cb", "u:***@localhost/cb"),
        ("http://h/cb#access_token=abc", "http://h/cb#***"),
        ("http://h?k=v", "http://h?k=***"),
        ("http://[::1]:9/cb?k=v", "http://[::1]:9/cb?k=***"),
    ],
)
def test_a_logged_url_shows_no_credentials(url: str, shown: str) -> None:
    assert masked_url(url) == shown


def test_a_refusal_reason_quoting_part_of_a_password_is_masked() -> None:
    # hackney takes the userinfo to the first '@': the rest of the password reads as a host.
    url = "http://u:pass@word-one@10.0.0.1/cb"
    reason = refusal_reason(url)
    assert reason is not None
    assert "word-one" in reason
    assert "word-one" not in redacted(reason, url)
