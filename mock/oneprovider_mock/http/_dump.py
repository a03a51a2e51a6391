"""Streaming an audit-log dump as a provider writes it (``atm_store_dump_download_utils.erl``).

The answer is ``Content-Type: application/json`` (the explicit header wins over the
route's negotiated ``application/octet-stream``), ``Content-Disposition: attachment``
with a file name ``<first 12 characters of the execution id>.audit_log.<store name,
every character outside [A-Za-z0-9] made "-">.<UTC time YYYY-MM-DD_HH-MM-SS>.json``,
and a body written piece by piece: ``[``, each entry followed by ``\\r\\n`` with a
``,`` before every entry after the first, then ``]``. Entries are encoded in
batches of 100 (the provider's listing batch), so a long log is never one string.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

from starlette.responses import StreamingResponse

from ..world._operations import AuditLogDump
from ._http import CORS_HEADERS

BATCH = 100
_UNSAFE = re.compile(rb"[^A-Za-z0-9]")


def dump_file_name(dump: AuditLogDump, at: time.struct_time) -> str:
    """The file name a provider gives the dump made at ``at`` (UTC)."""
    # sanitize_binary works byte by byte: one "-" per byte of a non-ASCII character.
    name = _UNSAFE.sub(b"-", dump.store_name.encode()).decode()
    stamp = time.strftime("%Y-%m-%d_%H-%M-%S", at)
    return f"{dump.execution_id[:12]}.audit_log.{name}.{stamp}.json"


def dump_chunks(entries: list[dict[str, Any]]) -> Iterator[bytes]:
    """The body, one chunk per batch of entries."""
    yield b"["
    for start in range(0, len(entries), BATCH):
        parts = []
        for i, entry in enumerate(entries[start : start + BATCH], start):
            text = json.dumps(entry, indent=2, ensure_ascii=False)
            parts.append(("," if i else "") + text + "\r\n")
        yield "".join(parts).encode()
    yield b"]"


def audit_log_response(dump: AuditLogDump, at: time.struct_time) -> StreamingResponse:
    """The 200 answer streaming ``dump``."""
    return StreamingResponse(
        dump_chunks(dump.entries),
        headers={
            **CORS_HEADERS,
            "Content-Disposition": f'attachment; filename="{dump_file_name(dump, at)}"',
        },
        media_type="application/json",
    )
