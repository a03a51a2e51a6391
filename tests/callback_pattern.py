"""How the spec's ``callback`` pattern is built from ``url_utils:is_valid/1``'s rule.

The rule (``oneprovider_mock.world._callback_url`` tells it in words) is hackney's
parse plus three refusals; every part of it is regular, so the spec states it
exactly, as one ECMA 262 pattern. This module writes that pattern from its parts;
``tests/test_spec.py`` holds the spec to it and ``tests/mock/test_callback_url.py``
holds it to the mock's implementation of the rule.
"""

from __future__ import annotations

INTEGER = "[+-]?[0-9]+"


def _latin1_class(excluded: str) -> str:
    """A positive class of the code points up to U+00FF but ``excluded``."""
    ranges: list[str] = []
    start: int | None = None
    for code in range(0x101):
        inside = code <= 0xFF and chr(code) not in excluded
        if inside and start is None:
            start = code
        if not inside and start is not None:
            end = code - 1
            ranges.append(f"\\u{start:04x}" if start == end else f"\\u{start:04x}-\\u{end:04x}")
            start = None
    return "[" + "".join(ranges) + "]"


def _any_but(excluded: str) -> str:
    return "[^" + "".join("\\" + c if c in "]\\^-[" else c for c in excluded) + "]"


def _host_and_port(excluded: str, end: str) -> str:
    # Host up to the first ':' (code points up to U+00FF, not exactly http or https),
    # then an optional port; an empty host only with a port.
    host = _latin1_class(excluded + ":")
    return f"(?!https?(?::|{end}))(?:{host}+(?::(?:{INTEGER})?)?|{host}*:{INTEGER})"


def _bracketed(excluded: str, end: str) -> str:
    # '[' host ']' [':' port], the host taken as bytes; a form that does not parse is
    # read again without the '['.
    inner = _any_but(excluded + "]")
    return (
        f"\\[(?:(?!https?(?:\\]|{end}))(?:{inner}+|{inner}*\\]|{inner}*\\]:{INTEGER})(?={end})"
        f"|(?!{inner}*\\]:(?!{end})){_host_and_port(excluded, end)})"
    )


def _netloc(excluded: str, end: str) -> str:
    return f"(?:{_bracketed(excluded, end)}|(?!\\[){_host_and_port(excluded, end)})"


def _address(excluded: str, end: str) -> str:
    # Userinfo to the first '@', each '%' followed by two hex digits.
    userinfo = f"(?:{_any_but(excluded + '%@')}|%[0-9A-Fa-f]{{2}})*@"
    return f"(?:{userinfo}{_netloc(excluded, end)}|{_netloc(excluded + '@', end)})"


def callback_pattern() -> str:
    """The ECMA 262 pattern of the callbacks a provider accepts."""
    # With a '/': the address ends at it, and the path must not start with '//'.
    with_path = f"{_address('/#', '/')}/(?!/)[^#]*"
    # Without one: a '?' ends the address.
    without_path = f"{_address('/#?', '(?:[?#]|$)')}(?:\\?[^/#]*)?"
    body = f"(?:{with_path}|{without_path})(?:#|$)"
    # Exactly these three schemes, case-sensitive; anything else is all host and path.
    return f"^(?:(?:https?|http\\+unix)://|(?!https?://|http\\+unix://)){body}"
