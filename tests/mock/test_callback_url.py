"""The ``callback`` rule of ctool's ``url_utils:is_valid/1``, and the spec's pattern of it.

Rows of verdicts that hackney 1.17.4's ``hackney_url:parse_url/1`` and ctool's
``url_utils`` give (``src/web_client/utils/url_utils.erl``), run on Erlang/OTP 25;
the mock's rule must give each, and the spec's pattern must agree with the mock.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from oneprovider_mock.world._callback_url import is_valid, parse

from tests import openapi_support
from tests.callback_pattern import callback_pattern
from tests.ecma_patterns import ecma_pattern

SPEC_PATTERN: str = openapi_support.spec()["components"]["schemas"][
    "AtmWorkflowExecutionScheduleRequest"
]["properties"]["callback"]["pattern"]

ACCEPTED = [
    "example.com",
    "localhost:8080",
    "http://[::1]:9/",
    "http://[::1]/",
    "http://[::1",
    "http://[]/",
    "http://[h\u0100st]/",
    "https://user:pass@host/",
    "http://@host/",
    "http://a@b@c/",
    "http://HTTP/cb",
    "http://host:/",
    "http://host:99999/",
    "http://host:99999999999999999999/",
    "http://host:-1/",
    "http://host:+80/",
    "htp:/hostname.org",
    "http://h\u00f6st/",
    "http://host name/",
    "http://ho\0st/",
    "mailto:x@y",
    "true",
    ":80",
    "http://:80/",
    "http://host/\n",
    "http://host?a=/b",
    "http://host?x=1",
    "http://host#frag/x",
    "http://host/%zz",
    "http+unix://%2Fsock/p",
    "https://host",
    "https://my-server.example.com/execution-callback",
]
REFUSED = [
    "HTTP://host/",
    "http://http/cb",
    "https://https/",
    "http://host//x",
    "",
    "http://",
    "http:///path",
    "//host",
    "/",
    "?",
    "#",
    "http://[::1]:/",
    "http://[::1]x/",
    "http://user@/",
    "http://us%zz@host/",
    "http://host:abc/",
    "http://host: 80/",
    "http://host:1:2/",
    "http://host:\uff18\uff10/",
    "ftp://x",
    "abc://hostname.org",
    "http:/hostname.org",
    "http:host",
    "http://h\u0100st/",
    " http://host/",
    "http://host:80 /",
    "http://host:80?a=/b",
]

_PATTERN = ecma_pattern(SPEC_PATTERN)


@pytest.mark.parametrize("url", ACCEPTED)
def test_a_provider_accepts(url: str) -> None:
    assert is_valid(url)
    assert _PATTERN.search(url)


@pytest.mark.parametrize("url", REFUSED)
def test_a_provider_refuses(url: str) -> None:
    assert not is_valid(url)
    assert not _PATTERN.search(url)


def test_the_spec_states_the_rule_as_built() -> None:
    assert callback_pattern() == SPEC_PATTERN


_PIECES = st.sampled_from(
    [
        *"htps:/?#@[]%0129aAfzx+- \n.",
        *("\u00f6", "\u0100", "\U0001f600"),
        *("http", "https", "http://", "https://", "http+unix://", "%2F", "]:", "[::1]"),
    ]
)


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_the_spec_pattern_and_the_rule_agree(url: str) -> None:
    assert bool(_PATTERN.search(url)) == is_valid(url)


def test_what_a_sender_gets_from_the_parse() -> None:
    bare = parse("localhost:8080")
    assert (bare.scheme, bare.host, bare.port, bare.path) == ("http", "localhost", 8080, "")
    ipv6 = parse("http://[::1]:9/cb?x=1#f")
    assert (ipv6.host, ipv6.port, ipv6.path, ipv6.query, ipv6.bracketed) == (
        "::1",
        9,
        "/cb",
        "x=1",
        True,
    )
    assert parse("https://host").port == 443
