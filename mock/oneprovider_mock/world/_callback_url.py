"""The ``callback`` rule of a provider: ``url_utils:is_valid/1``, and where a callback goes.

ctool's ``url_utils:is_valid/1`` (``src/web_client/utils/url_utils.erl``) accepts
what hackney 1.17's lax ``hackney_url:parse_url/1`` can parse, less three things:
a host that is exactly ``http`` or ``https``, a path that starts with ``//``, and
a host with a character above U+00FF. The parse, as hackney does it:

- the scheme is ``http://``, ``https://`` or ``http+unix://``, matched exactly
  (case-sensitive); anything else, no scheme included, is plain http and the
  whole string is host and path (so ``HTTP://host/`` has the path ``//host/``);
- everything from the first ``#`` is cut; the path runs from the first ``/`` to
  the first ``?``; without a ``/``, a ``?`` ends the host;
- userinfo runs to the first ``@``; each ``%`` in it needs two hex digits;
- the port follows the first ``:`` (an empty one is the default): an optional
  sign and ASCII digits, with no range check (``99999`` passes);
- ``[...]`` holds an IPv6 host, taken as bytes; a bracket form that does not
  parse is read again without the ``[``;
- an empty host crashes the parse, unless a port follows it (``:80`` passes).

``parse`` returns the parts a sender needs; ``is_valid`` is the provider's rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_INTEGER = re.compile(r"[+-]?[0-9]+")
_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SCHEMES = (("http://", "http", 80), ("https://", "https", 443), ("http+unix://", "http+unix", 0))


@dataclass(frozen=True)
class CallbackUrl:
    """A callback as hackney reads it."""

    scheme: str
    host: str
    port: int
    #: The path (from the first ``/``) and the query, as written; may be empty.
    path: str
    query: str | None
    #: Whether the host came in brackets (an IPv6 address).
    bracketed: bool


def parse(url: str) -> CallbackUrl:
    """``url`` as hackney parses it, with url_utils' refusals; ``ValueError`` if invalid."""
    rest, scheme, default_port = url, "http", 80
    for prefix, prefix_scheme, prefix_port in _SCHEMES:
        if url.startswith(prefix):
            rest, scheme, default_port = url[len(prefix) :], prefix_scheme, prefix_port
            break
    rest = rest.split("#", 1)[0]
    query: str | None = None
    if "/" in rest:
        addr, tail = rest.split("/", 1)
        path, _, query_part = ("/" + tail).partition("?")
        query = query_part if "?" in tail else None
    else:
        addr, sep, query_part = rest.partition("?")
        path, query = "", (query_part if sep else None)
    if "@" in addr:
        credentials, addr = addr.split("@", 1)
        if _ESCAPE.search(credentials):
            raise ValueError("a '%' in the userinfo is not followed by two hex digits")
    host, port, bracketed = _netloc(addr, default_port)
    if host in ("http", "https"):
        raise ValueError(f"the host is {host!r}")
    if path.startswith("//"):
        raise ValueError("the path starts with '//'")
    if not bracketed and any(ord(char) > 0xFF for char in host):
        raise ValueError("the host has a character above U+00FF")
    return CallbackUrl(scheme, host, port, path, query, bracketed)


def is_valid(url: str) -> bool:
    """Whether a provider accepts ``url`` as ``callback`` (``url_utils:is_valid/1``)."""
    try:
        parse(url)
    except ValueError:
        return False
    return True


def _split_trim(text: str, separator: str) -> list[str]:
    # binary:split(Text, Separator, [trim]): at the first one, trailing empty parts dropped.
    parts = text.split(separator, 1)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def _port(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"the port {text!r} is not an integer")
    return int(text)


def _netloc(netloc: str, default_port: int) -> tuple[str, int, bool]:
    if netloc.startswith("["):
        inner = netloc[1:]
        parts = _split_trim(inner, "]")
        if len(parts) == 1:
            return parts[0], default_port, True
        if len(parts) == 2 and parts[1].startswith(":") and parts[1] != ":":
            return parts[0], _port(parts[1][1:]), True
        netloc = inner
    parts = _split_trim(netloc, ":")
    if not parts:
        raise ValueError("the host is empty")
    if len(parts) == 1:
        return parts[0], default_port, False
    return parts[0], _port(parts[1]), False
