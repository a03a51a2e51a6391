"""What the ASGI layer reads from requests and how it writes responses.

Kept lean on purpose (the request path is benchmarked): the standard library's
``json``, plain ``Response`` objects, no per-request validation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..world import _errors
from ..world._json import dumps
from ..world._onedata_error import OnedataError, ServiceContext

__all__ = ["access_token", "base_url", "dumps", "error_response", "json_response", "read_body"]

JSON = "application/json"
#: A provider's REST API may be called from any origin (``http_cors:allow_origin/2``).
CORS_HEADERS = {"Access-Control-Allow-Origin": "*"}

_HOST_HEADER = re.compile(r"(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def access_token(headers: Mapping[str, str]) -> str | None:
    """The access token of a request, read as a provider reads it.

    ``X-Auth-Token`` first, then ``Authorization: Bearer <token>``, then the
    deprecated ``macaroon`` header (``tokens:parse_access_token_header/1``).
    """
    token = headers.get("x-auth-token")
    if token is not None:
        return token
    authorization = headers.get("authorization")
    if authorization is not None and authorization.startswith("Bearer "):
        return authorization[len("Bearer ") :]
    return headers.get("macaroon")


def base_url(request: Request) -> str:
    """``scheme://host[:port]`` the request came to, from its ``Host`` header if sane."""
    scheme = request.scope.get("scheme", "http")
    host = request.headers.get("host", "")
    if not _HOST_HEADER.fullmatch(host):
        server = request.scope.get("server")
        if server is None:
            host = "localhost"
        else:
            name, port = server[0], server[1]
            name = f"[{name}]" if ":" in str(name) else str(name)
            host = name if port is None else f"{name}:{port}"
    return f"{scheme}://{host}"


async def read_body(request: Request, limit: int) -> bytes:
    """The request body; ``malformedData`` without reading on once it passes ``limit`` bytes.

    A provider reads a body once with cowboy's default limit and fails (500) on a
    longer one; the mock answers 400 instead, and never holds more than ``limit``.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _errors.malformed_data()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _errors.malformed_data()
        chunks.append(chunk)
    return b"".join(chunks)


def json_response(
    value: Any, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """A JSON response with the API's CORS header."""
    return Response(
        dumps(value),
        status_code=status_code,
        headers={**CORS_HEADERS, **(headers or {})},
        media_type=JSON,
    )


def error_response(error: OnedataError, service: ServiceContext) -> Response:
    """The ``{"error": {...}}`` answer a provider gives for ``error``."""
    return json_response({"error": error.to_json(service)}, error.http_status)
