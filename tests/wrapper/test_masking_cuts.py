"""A token the provider echoes is masked before any text is cut, and before the journal.

A provider's error may echo the request (the token with it) in ``description``,
``details`` or a body that is not JSON. The client cuts long text for messages (the
details at ``_DETAILS_LIMIT``, a body excerpt at ``BODY_EXCERPT_LIMIT``): the token is
placed at every offset around each cut, and no piece of it may show. A batch's journal
records the provider's words too: masked as well.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from oneprovider_automation import ApiStatusError, Oneprovider, UnexpectedResponseError
from oneprovider_automation._exceptions import _DETAILS_LIMIT
from oneprovider_automation._request import BODY_EXCERPT_LIMIT
from oneprovider_automation._secrets import Secret
from oneprovider_automation.batch._run import Journal, read_batch

TOKEN = "MDAxTokenThatTheProviderEchoesBackWhole0123456789abcdef"
#: Any 8 characters of the token in a row would give part of it away.
PIECES = {TOKEN[i : i + 8] for i in range(len(TOKEN) - 7)}


def _leaks(text: str) -> list[str]:
    return sorted(piece for piece in PIECES if piece in text)


def _client(status: int, content: bytes, content_type: str) -> Oneprovider:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers={"content-type": content_type})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return Oneprovider("provider.test", TOKEN, http_client=http, max_retries=0)


def _offsets(limit: int) -> range:
    # The token starting anywhere from well before the cut to just after it.
    return range(max(0, limit - len(TOKEN) - 5), limit + 5)


@pytest.mark.parametrize("offset", _offsets(_DETAILS_LIMIT))
def test_a_token_in_details_is_masked_before_the_details_are_cut(offset: int) -> None:
    # `key=` and the JSON quote come before the value: pad so that the token starts at offset.
    padding = "x" * max(0, offset - len('echo="'))
    body = {"error": {"id": "badData", "description": "d", "details": {"echo": padding + TOKEN}}}
    client = _client(400, json.dumps(body).encode(), "application/json")
    with client, pytest.raises(ApiStatusError) as raised:
        client.workflow_executions.get("execution")
    assert _leaks(str(raised.value)) == []


@pytest.mark.parametrize("offset", _offsets(BODY_EXCERPT_LIMIT))
def test_a_token_in_a_body_is_masked_before_the_excerpt_is_cut(offset: int) -> None:
    body = ("x" * offset + TOKEN + " and more text after it" * 10).encode()
    client = _client(502, body, "text/html")
    with client, pytest.raises(UnexpectedResponseError) as raised:
        client.workflow_executions.get("execution")
    assert _leaks(raised.value.body_excerpt) == []
    assert _leaks(str(raised.value)) == []


def test_the_journal_never_holds_a_token_the_provider_echoed(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        '{"spaceId": "s", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 1}\n'
    )
    lines = read_batch(batch)
    journal = Journal(tmp_path / "results.jsonl", lines, secret=Secret(TOKEN))
    journal.append(
        lines[0],
        "failed",
        description=f"token {TOKEN} refused",
        details={"echo": [TOKEN, {"deeper": f"...{TOKEN}..."}], TOKEN: 1},
    )
    journal.close()
    written = (tmp_path / "results.jsonl").read_text()
    assert _leaks(written) == []
    assert written.count("***") == 4
