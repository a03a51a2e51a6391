"""Content negotiation as cowboy_rest does it for op-worker's REST routes.

Every route *produces* and *consumes* exactly ``application/json``, written as a
binary in the routes (``workflow_execution_rest_routes.erl``), which cowboy
normalizes to ``{<<"application">>, <<"json">>, []}``: a type with *no*
parameters. Hence (cowboy 2.9 ``cowboy_rest.erl``):

The store dump route produces ``application/octet-stream`` instead (and answers
JSON anyway), and the action routes without a body to read (cancel, pause,
resume, force_continue) consume anything.

- ``Accept`` (``content_types_provided``, ``choose_media_type``): absent, or a
  media range of ``*/*``, ``application/*`` or ``application/json`` *without
  parameters*, else 406. Qualities only order the ranges: ``q=0`` does not
  exclude one. An ``Accept`` that cannot be parsed is 400, with no body.
- ``Content-Type`` (``content_types_accepted``, ``choose_content_type``): a
  request with a body (``cowboy_req:has_body/1``) must say exactly
  ``application/json``, in any letter case but with no parameter at all, so
  ``application/json; charset=utf-8`` is 415, and so is a missing or
  unparsable type. A request without a body takes any Content-Type
  (``rest_handler:content_types_accepted/2`` answers ``'*'`` then).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

ACCEPTABLE = 200
NOT_ACCEPTABLE = 406
UNPARSABLE = 400

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"  # noqa: S105 - RFC 9110's token, no secret
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_MEDIA_RANGE = re.compile(
    rf"\s*(?P<type>{_TOKEN})/(?P<subtype>{_TOKEN})"
    rf"(?P<params>(?:\s*;\s*{_TOKEN}\s*=\s*(?:{_TOKEN}|{_QUOTED}))*)\s*"
)
_PARAM = re.compile(rf"\s*;\s*(?P<name>{_TOKEN})\s*=\s*(?:{_TOKEN}|{_QUOTED})")
_CONTENT_TYPE = re.compile(
    rf"\s*(?P<type>{_TOKEN})/(?P<subtype>{_TOKEN})(?P<params>(?:\s*;.*)?)\s*", re.DOTALL
)


JSON_TYPE = ("application", "json")
#: What the store dump route declares it produces (``atm_store_rest_routes.erl``).
OCTET_STREAM_TYPE = ("application", "octet-stream")


def accept_verdict(accept: str | None, produces: tuple[str, str] = JSON_TYPE) -> int:
    """``ACCEPTABLE``, ``NOT_ACCEPTABLE`` (406) or ``UNPARSABLE`` (400) for an ``Accept``.

    ``produces`` is the one media type the route produces.
    """
    if accept is None:
        return ACCEPTABLE
    if accept.strip() == "":
        return UNPARSABLE
    acceptable = False
    for part in accept.split(","):
        if part.strip() == "":
            continue
        match = _MEDIA_RANGE.fullmatch(part)
        if match is None:
            return UNPARSABLE
        params = [p.group("name").lower() for p in _PARAM.finditer(match.group("params"))]
        # The quality and what follows it are accept parameters, not media type ones.
        if "q" in params:
            params = params[: params.index("q")]
        kind, subtype = match.group("type").lower(), match.group("subtype").lower()
        if params:
            continue
        if (kind, subtype) in (("*", "*"), (produces[0], "*"), produces):
            acceptable = True
    return ACCEPTABLE if acceptable else NOT_ACCEPTABLE


def is_exactly_json(content_type: str | None) -> bool:
    """Whether a request with a body may be accepted with this ``Content-Type``."""
    if content_type is None:
        return False
    match = _CONTENT_TYPE.fullmatch(content_type)
    if match is None or match.group("params").strip():
        return False
    return (match.group("type").lower(), match.group("subtype").lower()) == ("application", "json")


def has_body(headers: Mapping[str, str]) -> bool:
    """``cowboy_req:has_body/1``: a non-zero Content-Length, or a Transfer-Encoding."""
    if "transfer-encoding" in headers:
        return True
    length = headers.get("content-length")
    return length is not None and length.strip() not in ("", "0")
