"""Audit logs: the dump decoded as it streams in, saved whole or not at all."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from oneprovider_automation import (
    ApiConnectionError,
    LogLevel,
    NotFoundError,
    UnexpectedResponseError,
)
from oneprovider_automation.executions._audit_log import EntryStream

from .router import WORKFLOWS, Router, async_client, client, details, error_body

STORE = details()["systemAuditLogStoreId"]
DUMP = f"/automation/execution/stores/{STORE}/dump"
NAME = "e1aaaaaaaaaa.audit_log.WORKFLOW-SYSTEM-AUDIT-LOG.2026-12-01_14-51-09.json"

ENTRIES = [
    {
        "index": "0",
        "timestamp": 1700000000123,
        "severity": "notice",
        "content": {"description": "Scheduled execution.", "details": {"x": 1}},
    },
    {
        "index": "1",
        "timestamp": 1700000001000,
        "severity": "info",
        "source": "user",
        "content": [1, "two"],
    },
]


def _body(entries: list[dict[str, Any]]) -> bytes:
    """As a provider writes it: pretty entries, each followed by CRLF, commas before."""
    parts = [json.dumps(e, indent=4) + "\r\n" for e in entries]
    return ("[" + ",".join(parts) + "]").encode()


def _chunks(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def _dump(
    data: bytes, size: int = 7, *, cut: bool = False, asynchronous: bool = False
) -> httpx.Response:
    def stream() -> Iterator[bytes]:
        yield from _chunks(data, size)
        if cut:
            raise httpx.ReadError("connection reset")

    async def astream() -> AsyncIterator[bytes]:
        for chunk in stream():
            yield chunk

    return httpx.Response(
        200,
        content=astream() if asynchronous else stream(),
        headers={
            "Content-Type": "application/json",
            "Content-Disposition": f'attachment; filename="{NAME}"',
        },
    )


def _router(*replies: httpx.Response) -> Router:
    router = Router().add("GET", f"{WORKFLOWS}/e1", httpx.Response(200, json=details()))
    return router.add("GET", DUMP, *replies)


def test_audit_log_reads_the_execution_log_and_asks_for_octet_stream() -> None:
    router = _router(_dump(_body(ENTRIES)))
    entries = list(client(router).workflow_executions.audit_log("e1"))
    assert [e.index for e in entries] == [0, 1]
    first, second = entries
    assert first.timestamp == datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC)
    assert first.severity is LogLevel.NOTICE
    assert first.source is None
    assert first.description == "Scheduled execution."
    assert first.details == {"x": 1}
    assert second.source == "user"
    assert second.content == [1, "two"]
    assert second.description is None
    assert router.requests[1].headers["accept"] == "application/octet-stream"


def test_a_store_id_given_skips_the_details() -> None:
    router = _router(_dump(b"[]"))
    assert list(client(router).workflow_executions.audit_log("e1", store_id=STORE)) == []
    assert [r.url.path.rsplit("/", 1)[-1] for r in router.requests] == ["dump"]


def test_entries_come_before_the_body_has_ended() -> None:
    router = _router(_dump(_body(ENTRIES), cut=True))
    walk = client(router).workflow_executions.audit_log("e1")
    assert next(walk).index == 0
    assert next(walk).index == 1
    with pytest.raises(ApiConnectionError, match="cut off after 2 entries"):
        next(walk)


def test_an_execution_without_a_log_store_is_a_clear_error() -> None:
    body = details()
    body["systemAuditLogStoreId"] = None
    router = Router().add("GET", f"{WORKFLOWS}/e1", httpx.Response(200, json=body))
    with pytest.raises(ValueError, match="e1 has no system audit log"):
        list(client(router).workflow_executions.audit_log("e1"))


def test_an_unknown_store_says_so() -> None:
    router = _router(httpx.Response(404, json=error_body("notFound", "Not found.")))
    with pytest.raises(NotFoundError, match=f"audit-log store {STORE} does not exist"):
        list(client(router).workflow_executions.audit_log("e1"))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'{"index": "0"}', "expected '\\['"),
        (b'[{"index": "0", ', "cut short or malformed after 0 entries"),
        (b"[1, 2]", "must be a JSON object"),
        (b'[{"index": "x", "timestamp": 1, "severity": "info", "content": 1}]', "decimal"),
        (b"[] []", "text after the array"),
        (b"[,]", "Expecting value"),
    ],
)
def test_a_broken_dump_is_unexpected(data: bytes, problem: str) -> None:
    router = _router(_dump(data))
    with pytest.raises(UnexpectedResponseError, match=problem):
        list(client(router).workflow_executions.audit_log("e1"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(st.lists(json_values, max_size=6), st.integers(min_value=1, max_value=40), st.booleans())
def test_any_array_in_any_chunks_decodes_to_its_elements(
    items: list[Any], size: int, pretty: bool
) -> None:
    text = json.dumps(items, indent=2 if pretty else None, ensure_ascii=False).encode()
    stream = EntryStream()
    decoded: list[Any] = []
    for chunk in _chunks(text, size):
        decoded += stream.feed(chunk)
    decoded += stream.close()
    assert decoded == items
    assert stream.count == len(items)


def test_save_writes_the_bytes_under_the_path(tmp_path: Path) -> None:
    data = _body(ENTRIES)
    target = tmp_path / "log.json"
    saved = client(_router(_dump(data))).workflow_executions.save_audit_log("e1", target)
    assert target.read_bytes() == data
    assert (saved.path, saved.bytes_written, saved.entries) == (target, len(data), 2)
    assert saved.provider_filename == NAME
    assert [p.name for p in tmp_path.iterdir()] == ["log.json"]


def test_save_into_a_directory_takes_the_provider_name(tmp_path: Path) -> None:
    saved = client(_router(_dump(b"[]"))).workflow_executions.save_audit_log("e1", tmp_path)
    assert saved.path == tmp_path / NAME
    assert saved.entries == 0


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (_dump(_body(ENTRIES), cut=True), ApiConnectionError),
        (_dump(b"[{}"), UnexpectedResponseError),
    ],
)
def test_a_dump_cut_short_leaves_no_file(
    tmp_path: Path, reply: httpx.Response, error: type[Exception]
) -> None:
    target = tmp_path / "log.json"
    target.write_text("the previous log")
    with pytest.raises(error):
        client(_router(reply)).workflow_executions.save_audit_log("e1", target)
    assert [p.name for p in tmp_path.iterdir()] == ["log.json"]
    assert target.read_text() == "the previous log"


def test_async_audit_log_and_save(tmp_path: Path) -> None:
    router = _router(
        _dump(_body(ENTRIES), asynchronous=True), _dump(_body(ENTRIES), asynchronous=True)
    )

    async def scenario() -> tuple[list[int], int]:
        async with async_client(router) as c:
            indices = [e.index async for e in c.workflow_executions.audit_log("e1")]
            saved = await c.workflow_executions.save_audit_log("e1", tmp_path / "a.json")
            return indices, saved.entries

    assert asyncio.run(scenario()) == ([0, 1], 2)
