"""Hostile input gets a 4xx with an Onedata error body (controls: their own 4xx), never a 500.

Bodies nested deep, numbers of thousands of digits, what is not JSON, bodies larger
than a provider reads (cowboy's ``read_body/1`` default, 8,000,000 bytes), and a client
that goes away mid-body. How long such requests hold others up is measured in
``bench/`` (``hostile``), not here.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from typing import Any

import httpx
import pytest
from oneprovider_mock import MockApp
from oneprovider_mock.pytest_plugin import MockProviderFactory

from tests import seed
from tests.mock.helpers import SCHEDULE_URL, schema_id, token

ALICE = {"X-Auth-Token": token("alice"), "Content-Type": "application/json"}
NUMBER_STORE = "9db4b4"  # the "store checks" schema's number store (integers 1..3)
DIGITS = "7" * 100_000


def _error(response: httpx.Response) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, response.text[:300]
    error = response.json()["error"]
    assert isinstance(error["id"], str)
    return dict(error)


def _body(**changes: Any) -> bytes:
    return json.dumps(seed.request_body() | changes).encode()


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"spaceId": ' + b"[" * 300 + b"]" * 300 + b"}",
        _body()[:-1]
        + b', "storeInitialContentOverlay": {"x": '
        + b'{"a":' * 400
        + b"1"
        + b"}" * 401,
        b'{"atmWorkflowSchemaRevisionNumber": NaN}',
        b'{"atmWorkflowSchemaRevisionNumber": Infinity}',
        b'{"atmWorkflowSchemaRevisionNumber": -Infinity}',
        b'{"atmWorkflowSchemaRevisionNumber": 1e400}',
        b'{"spaceId": "\xc3\x28"}',
        b"\xff\xfe{",
        b" " * 8_000_001,
    ],
    ids=[
        "100k brackets",
        "300 levels in a field",
        "400 levels in the overlay",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "invalid UTF-8",
        "a byte order mark",
        "over 8,000,000 bytes",
    ],
)
def test_what_a_provider_cannot_read_is_malformed_data(api: httpx.Client, content: bytes) -> None:
    assert _error(api.post(SCHEDULE_URL, content=content, headers=ALICE))["id"] == "malformedData"


def test_a_revision_of_100k_digits_is_a_revision_that_does_not_exist(api: httpx.Client) -> None:
    response = api.post(
        SCHEDULE_URL,
        content=_body()[:-1] + b', "atmWorkflowSchemaRevisionNumber": ' + DIGITS.encode() + b"}",
        headers=ALICE,
    )
    assert _error(response)["id"] == "notFound"
    as_text = api.post(
        SCHEDULE_URL, content=_body(atmWorkflowSchemaRevisionNumber="-" + DIGITS), headers=ALICE
    )
    assert _error(as_text)["details"] == {"key": "atmWorkflowSchemaRevisionNumber", "limit": 1}


def test_a_number_of_100k_digits_is_echoed_whole(api: httpx.Client, app: MockApp) -> None:
    schema = app.backend.world.workflow_schemas[schema_id("store checks")]
    store = next(s.id for s in schema.revisions[3].stores if s.id.startswith(NUMBER_STORE))
    sent = _body(atmWorkflowSchemaId=schema.id, storeInitialContentOverlay={store: "BIG"})
    content = sent.replace(b'"BIG"', DIGITS.encode())
    response = api.post(SCHEDULE_URL, content=content, headers=ALICE)
    assert response.status_code == 400, response.text[:300]
    # Python's own decoder refuses numbers this long: read them as text.
    error = json.loads(response.content, parse_int=str)["error"]
    assert error["id"] == "atmStoreCreationFailed"
    assert error["details"]["specificError"]["details"]["value"] == DIGITS


@pytest.mark.parametrize(
    ("path", "method", "content"),
    [
        ("/_mock/world", "POST", b"[" * 100_000 + b"]" * 100_000),
        ("/_mock/world", "POST", b'{"phaseSeconds": 1e400}'),
        (
            "/_mock/world",
            "POST",
            b'{"extends": "default", "phaseSeconds": ' + DIGITS.encode() + b"}",
        ),
        ("/_mock/timing", "PUT", b'{"phaseSeconds": ' + DIGITS.encode() + b"}"),
        ("/_mock/timing", "PUT", b'{"phaseSeconds": 1e300}'),
        ("/_mock/timing", "PUT", b'{"phaseSeconds": NaN}'),
        ("/_mock/fail-next", "POST", b'{"count": ' + DIGITS.encode() + b"}"),
        ("/_mock/fail-next", "POST", b"\xff"),
    ],
)
def test_hostile_control_bodies_get_the_controls_400(
    api: httpx.Client, path: str, method: str, content: bytes
) -> None:
    response = api.request(method, path, content=content)
    assert response.status_code == 400, response.text[:300]
    assert "problem" in response.json()
    assert api.get("/_mock/world").json()["name"] == "default"


def _gone(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "went away" in r.getMessage()]


def test_a_client_gone_mid_body_is_one_log_line(
    oneprovider_mock_factory: MockProviderFactory, caplog: pytest.LogCaptureFixture
) -> None:
    provider = oneprovider_mock_factory()
    host, port = provider.url.removeprefix("http://").split(":")
    caplog.set_level(logging.INFO)
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(
            f"POST {SCHEDULE_URL} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"X-Auth-Token: {provider.token}\r\nContent-Length: 1000\r\n\r\n".encode()
            + b'{"spaceId": '
        )
        # Let the request reach the app before the client goes (as a dropped upload does).
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not _gone(caplog):
        time.sleep(0.05)
    # The server notices on its next read; a request after it is served as usual.
    with httpx.Client(base_url=provider.url, timeout=10) as client:
        after = client.post(
            SCHEDULE_URL, content=_body(), headers=ALICE | {"X-Auth-Token": provider.token}
        )
    assert after.status_code == 201
    provider.stop()
    assert len(_gone(caplog)) == 1, [r.getMessage() for r in caplog.records]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
