"""What a connection error suggests when its cause is plain: https to a plain-HTTP server.

OpenSSL reports a server that answers a TLS hello in plain HTTP (a mock, a
provider's HTTP port) as ``WRONG_VERSION_NUMBER``: true, but it does not say
what to change. The hint names the server and the URL to try.
"""

from __future__ import annotations

import ssl

import httpx

#: OpenSSL's reason when the answer to its hello is not a TLS record (plain HTTP is).
PLAIN_ANSWER_REASON = "WRONG_VERSION_NUMBER"
#: How far down a chain of causes to look (httpx -> httpcore -> ssl is three).
_CAUSE_DEPTH = 8


def plain_http_hint(error: BaseException, url: httpx.URL) -> str | None:
    """The hint for ``error`` on an https request to ``url``, or ``None`` when there is none."""
    if url.scheme != "https" or not _answered_in_plain_text(error):
        return None
    host = f"[{url.host}]" if ":" in url.host else url.host
    address = f"{host}:{url.port or 443}"
    return f"the server at {address} answered in plain HTTP, try http://{address}"


def _answered_in_plain_text(error: BaseException) -> bool:
    seen: BaseException | None = error
    for _ in range(_CAUSE_DEPTH):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError) and seen.reason == PLAIN_ANSWER_REASON:
            return True
        # Some transports keep only the message of the ssl error.
        if f"[SSL: {PLAIN_ANSWER_REASON}]" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
