"""A connection error says what to try when the cause is plain: https to a plain-HTTP server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from oneprovider_automation import ApiConnectionError, AsyncOneprovider, Oneprovider
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider

MISSING = "0123456789abcdef0123456789abcdefch0000"


def _https(provider: MockProvider) -> tuple[str, str]:
    """The mock's URL with https, and its host:port."""
    assert provider.url.startswith("http://")
    address = provider.url.removeprefix("http://").rstrip("/")
    return f"https://{address}", address


def test_the_library_says_the_server_answered_in_plain_http(
    oneprovider_mock: MockProvider,
) -> None:
    url, address = _https(oneprovider_mock)
    with (
        Oneprovider(url, oneprovider_mock.token, max_retries=0) as client,
        pytest.raises(ApiConnectionError) as caught,
    ):
        client.workflow_executions.get(MISSING)
    message = str(caught.value)
    assert "WRONG_VERSION_NUMBER" in message
    assert f"the server at {address} answered in plain HTTP, try http://{address}" in message
    assert caught.value.request_sent is False


def test_the_async_library_says_it_too(oneprovider_mock: MockProvider) -> None:
    url, address = _https(oneprovider_mock)

    async def get() -> None:
        async with AsyncOneprovider(url, oneprovider_mock.token, max_retries=0) as client:
            await client.workflow_executions.get(MISSING)

    with pytest.raises(ApiConnectionError, match=f"try http://{address}"):
        asyncio.run(get())


def test_the_cli_says_it_in_its_one_line(
    oneprovider_mock: MockProvider,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ONEPROVIDER_API_KEY", oneprovider_mock.token)
    monkeypatch.delenv("ONEPROVIDER_HOST", raising=False)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    monkeypatch.chdir(tmp_path)
    url, address = _https(oneprovider_mock)
    code = main(["--host", url, "--max-retries", "0", "get", MISSING])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith("oneprovider-automation: error: could not reach the provider")
    assert f"the server at {address} answered in plain HTTP, try http://{address}" in err
    assert oneprovider_mock.token not in err


def test_a_refused_connection_gets_no_such_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ONEPROVIDER_API_KEY", "tok")
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    code = main(["--host", "https://127.0.0.1:9", "--max-retries", "0", "get", MISSING])
    err = capsys.readouterr().err
    assert code == 1
    assert "plain HTTP" not in err
