"""``--dry-run``: the curl command equivalent to a request, for a POSIX shell to run.

The token is never in it: the ``X-Auth-Token`` header reads ``$ONEPROVIDER_API_KEY``
when the shell runs the line, and everything else is single-quoted where needed.
"""

from __future__ import annotations

import shlex

import httpx

from .._constants import TOKEN_ENV, TOKEN_HEADER
from .._secrets import Secret

# The headers a person needs to repeat the request; httpx's own
# (Host, Accept-Encoding, Content-Length, ...) curl sets by itself.
_SHOWN_HEADERS = ("Accept", "Content-Type")

#: The token header as printed: double quotes, so that the shell fills in the variable.
TOKEN_FROM_ENVIRONMENT = f'"{TOKEN_HEADER}: ${TOKEN_ENV}"'


def curl_command(request: httpx.Request, secret: Secret | None = None) -> str:
    """A ``curl`` line for ``request`` that bash or sh runs as written.

    ``secret``, when given, is masked wherever it might appear (a body that
    quotes it); the token header never holds it.
    """
    secret = secret if secret is not None else Secret("")

    def quoted(text: str) -> str:
        return shlex.quote(secret.redact(text))

    parts = ["curl", "-X", quoted(request.method), quoted(str(request.url))]
    for name in _SHOWN_HEADERS:
        if name in request.headers:
            parts += ["-H", quoted(f"{name}: {request.headers[name]}")]
    parts += ["-H", TOKEN_FROM_ENVIRONMENT]
    if request.content:
        parts += ["-d", quoted(request.content.decode("utf-8"))]
    # Each part is masked already; this pass only matters for a token that
    # fixed text happens to contain, and keeps the promise that none shows.
    return secret.redact(" ".join(parts))
