"""The token never shows: reprs, error messages, log records and dry-run output.

Tokens are drawn from visible ASCII (what a header can carry) except ``*``,
the character of the mask itself; Onedata's tokens are alphanumeric. A short
token may occur in fixed text by chance (``"A"`` in ``ApiConnectionError``),
so each scenario is also run with another token of the same length: a token
that shows there too proves nothing and is skipped.
"""

from __future__ import annotations

import asyncio
import logging
import string

import httpx
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st
from oneprovider_automation import AsyncOneprovider, Oneprovider, OneproviderError
from oneprovider_automation._secrets import MASK, Secret
from oneprovider_automation.cli._main import cli
from oneprovider_automation.cli._options import Options

from .router import details

HOST = "provider.test"
ALPHABET = "".join(c for c in string.printable if 0x21 <= ord(c) <= 0x7E and c != "*")
tokens = st.text(alphabet=ALPHABET, min_size=1, max_size=80)


def _other(token: str) -> str:
    """A token of the same length sharing no character position with ``token``."""
    half = len(ALPHABET) // 2
    return "".join(ALPHABET[(ALPHABET.index(c) + half) % len(ALPHABET)] for c in token)


def _check(token: str, shown: list[str], baseline: list[str]) -> None:
    assume(token not in "\n".join(baseline))
    assert shown
    for text in shown:
        assert token not in text


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts += [record.getMessage(), str(record.msg), repr(record.args)]


def _echoing(token: str) -> httpx.MockTransport:
    """A provider that puts the token everywhere it can: descriptions, details, bodies."""
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        path = request.url.path
        if path.endswith("/refused"):
            raise httpx.ConnectError(f"refused while sending {token}", request=request)
        if path.endswith("/slow"):
            raise httpx.ReadTimeout(f"timed out waiting, token {token}", request=request)
        if path.endswith("/page"):
            return httpx.Response(502, text=f"<html>proxy saw X-Auth-Token: {token}</html>")
        if path.endswith("/retry"):
            return httpx.Response(503, text=token, headers={"Retry-After": "0"})
        if "/state" in path:
            body = {
                "error": {
                    "id": "atmInvalidStatusTransition",
                    "description": f"Cannot move {token}.",
                    "details": {"prevStatus": token, "newStatus": "stopping"},
                }
            }
            return httpx.Response(400, json=body)
        if path.endswith("/lost") and request.method == "GET":
            return httpx.Response(200, json=details("lost", "finished"))
        if path.endswith("/lost/rerun"):
            raise httpx.ReadTimeout(f"lost, token {token}", request=request)
        body = {
            "error": {
                "id": "unauthorized",
                "description": f"Token {token} could not be understood.",
                "details": {"authError": {"id": "badToken", "token": token}},
            }
        }
        return httpx.Response(401, json=body)

    return httpx.MockTransport(handler)


def _reprs(token: str) -> list[str]:
    sync = Oneprovider(HOST, token, http_client=httpx.Client())
    asynchronous = AsyncOneprovider(HOST, token, http_client=httpx.AsyncClient())
    return [
        repr(sync),
        str(sync),
        repr(asynchronous),
        repr(sync._settings),
        repr(Secret(token)),
        f"{Secret(token)}",
        repr(Options(HOST, token, None, 2, False, False)),
    ]


@given(tokens)
def test_reprs_never_show_the_token(token: str) -> None:
    shown = _reprs(token)
    _check(token, shown, _reprs(_other(token)))
    assert all(MASK in text for text in shown[:-1])


def _errors_and_logs(token: str) -> list[str]:
    records = Records()
    logger = logging.getLogger("oneprovider_automation")
    logger.addHandler(records)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    messages: list[str] = []
    try:
        client = Oneprovider(HOST, token, http_client=httpx.Client(transport=_echoing(token)))
        client._sleep = lambda _: None
        for execution_id in ("bad-token", "refused", "slow", "page", "retry"):
            try:
                client.workflow_executions.get(execution_id)
            except OneproviderError as err:
                messages += [str(err), repr(err), *map(str, err.args)]
        try:
            client.workflow_executions.schedule("s", "w", 1)
        except OneproviderError as err:
            messages.append(str(err))
        executions = client.workflow_executions
        for attempt in (
            lambda: executions.cancel("state"),
            lambda: executions.pause("state"),
            lambda: executions.delete("bad-token"),
            lambda: executions.rerun("lost", lane_index=1, lane_run_number=1),
            lambda: executions.retry("bad-token", lane_index=1, lane_run_number=1),
            lambda: list(executions.list("bad-token")),
            lambda: list(executions.audit_log("e", store_id="bad-token")),
            lambda: executions.save_audit_log("e", "unused", store_id="bad-token"),
            lambda: executions.wait_all("bad-token", ["e"]),
        ):
            try:
                attempt()
            except OneproviderError as err:
                messages += [str(err), repr(err), *map(str, err.args)]
    finally:
        logger.removeHandler(records)
        logger.setLevel(old_level)
    assert len(messages) >= 40
    assert records.texts
    return messages + records.texts


@given(tokens)
def test_errors_and_log_records_never_show_the_token(token: str) -> None:
    _check(token, _errors_and_logs(token), _errors_and_logs(_other(token)))


def _async_errors(token: str) -> list[str]:
    async def scenario() -> list[str]:
        transport = _echoing(token)
        async with AsyncOneprovider(
            HOST, token, http_client=httpx.AsyncClient(transport=transport), max_retries=0
        ) as client:
            shown = []
            for execution_id in ("bad-token", "page"):
                try:
                    await client.workflow_executions.get(execution_id)
                except OneproviderError as err:
                    shown.append(str(err))
            return shown

    return asyncio.run(scenario())


@given(tokens)
def test_async_errors_never_show_the_token(token: str) -> None:
    _check(token, _async_errors(token), _async_errors(_other(token)))


#: A dry run of each kind of request the CLI sends.
_DRY_RUNS = (
    ["schedule", "--space", "s", "--schema", "w", "--revision", "2"],
    ["list", "s", "--all-phases"],
    ["cancel", "e1"],
    ["rerun", "e1", "--lane-index", "2", "--lane-run-number", "1"],
    ["audit-log", "e1"],
    ["listWorkflowExecutions", "sid=s", "phase=ended", "token=t"],
    ["retryWorkflowExecution", "wid=e1", "laneIndex==2", "laneRunNumber:=1"],
    ["deleteWorkflowExecution", "wid=e1"],
    ["downloadAuditLogDump", "store_id=s1"],
)


def _dry_run(token: str, from_env: bool) -> list[str]:
    env = {"ONEPROVIDER_HOST": HOST, "ONEPROVIDER_API_KEY": token if from_env else ""}
    shown = []
    for command in _DRY_RUNS:
        args = ["--dry-run", *command]
        if not from_env:
            args = ["--token", token, *args]
        result = CliRunner().invoke(cli, args, env=env)
        assert result.exit_code == 0, result.output
        shown.append(result.output)
    return shown


@given(tokens, st.booleans())
def test_dry_run_output_never_shows_the_token(token: str, from_env: bool) -> None:
    shown = _dry_run(token, from_env)
    _check(token, shown, _dry_run(_other(token), from_env))


def test_realistic_tokens_never_need_skipping() -> None:
    # The check above skips tokens that fixed text contains; a real token is never one.
    token = "MDAxY2xvY2F0aW9uIG9uZXpvbmUKMDAzMGlkZW50aWZpZXIgMi9ubWQvdXNyLXRva2Vu"
    for shown in (
        _reprs(token),
        _errors_and_logs(token),
        _async_errors(token),
        _dry_run(token, True),
    ):
        for text in shown:
            assert token not in text
