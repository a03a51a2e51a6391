"""``--dry-run``: the curl command equivalent to a request, with the token masked."""

from __future__ import annotations

import shlex

import httpx

from .._constants import TOKEN_HEADER
from .._secrets import MASK, Secret

# The headers a person needs to repeat the request; httpx's own
# (Host, Accept-Encoding, Content-Length, ...) curl sets by itself.
_SHOWN_HEADERS = ("Accept", "Content-Type", TOKEN_HEADER)


def curl_command(request: httpx.Request, secret: Secret | None = None) -> str:
    """A shell-quoted ``curl`` line for ``request``; the token header always shows ``***``.

    ``secret``, when given, is also masked wherever else it might appear.
    """
    parts = ["curl", "-X", request.method, shlex.quote(str(request.url))]
    for name in _SHOWN_HEADERS:
        if name in request.headers:
            value = MASK if name == TOKEN_HEADER else request.headers[name]
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    if request.content:
        parts += ["-d", shlex.quote(request.content.decode("utf-8"))]
    text = " ".join(parts)
    return secret.redact(text) if secret is not None else text
