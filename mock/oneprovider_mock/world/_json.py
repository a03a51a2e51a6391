"""JSON in and out, safe for hostile bodies: bounded work, no crash, no stall.

A provider decodes bodies with jiffy, which takes integers of any length and
nesting of any depth. Python's decoder would spend quadratic time turning a
number of millions of digits into an ``int`` and its encoder would fail on
``float('inf')``, so:

- an integer longer than ``INT_DIGITS`` digits stays a ``BigInt``: its digits as
  text, never converted (Python's conversion is quadratic). Every ``int`` of a
  request has fewer digits, so a ``BigInt`` compares above (or, negative, below)
  all of them, equals none, and is written back as the same digits;
- a body larger than ``INTERLEAVED_BYTES`` is decoded with the standard library's
  pure-Python scanner (strings still decoded in C): slower, but a thread that runs
  it gives up the interpreter every few milliseconds, while the C decoder would
  hold it for the whole body (85 ms for 7 MB) and stall every other request;
- a number that does not fit a double (``1e400``), ``NaN`` and ``Infinity`` are
  not JSON a provider can take back: ``loads`` raises ``ValueError``;
- nesting deeper than ``MAX_DEPTH`` raises ``ValueError`` (a difference from a
  provider, which has no limit: the mock's own code walks values recursively);
- bytes that are not UTF-8 raise ``ValueError`` (``json.loads(bytes)`` would
  also take UTF-16 and UTF-32).
"""

from __future__ import annotations

import functools
import json
import json.scanner
import math
import os
import threading
from typing import Any, NoReturn

#: Python's own limit on int/str conversions (``sys.int_info.default_max_str_digits``).
INT_DIGITS = 4300
MAX_DEPTH = 256
INTERLEAVED_BYTES = 64 * 1024


@functools.total_ordering
class BigInt:
    """An integer of more than ``INT_DIGITS`` digits, kept as its text."""

    __slots__ = ("digits", "negative")
    #: The data-spec rules take it for an integer (``workflow_schema.is_integer``).
    is_json_integer = True

    def __init__(self, text: str) -> None:
        self.negative = text.startswith("-")
        self.digits = text.lstrip("+-").lstrip("0") or "0"

    def _key(self) -> tuple[int, int, str]:
        sign = -1 if self.negative else 1
        return sign, sign * len(self.digits), self.digits

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigInt) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(("BigInt", self.negative, self.digits))

    def __lt__(self, other: object) -> bool:
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            # Longer than any number a request's int or float can hold.
            return self.negative
        if isinstance(other, BigInt):
            mine, theirs = self._key(), other._key()
            if mine[:2] != theirs[:2]:
                return mine[:2] < theirs[:2]
            return (mine[2] < theirs[2]) != self.negative
        return NotImplemented

    def __str__(self) -> str:
        return ("-" if self.negative else "") + self.digits

    def __repr__(self) -> str:
        return f"BigInt({len(self.digits)} digits)"


def integer(text: str) -> int | BigInt:
    """The integer of ``text`` (ASCII digits with an optional ``-``), in linear time."""
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) <= INT_DIGITS:
        # Leading zeros stripped first: "0...03" of any length is 3.
        return -int(digits or "0") if text.startswith("-") else int(digits or "0")
    return BigInt(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text[:20]}")
    return value


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _decoder() -> json.JSONDecoder:
    return json.JSONDecoder(parse_constant=_reject_constant, parse_int=integer, parse_float=_float)


class _Decoders(threading.local):
    """One C decoder per thread for small bodies: building one costs more than most
    bodies take to decode, and its scanner keeps a memo while it runs."""

    def __init__(self) -> None:
        self.small = _decoder()


_decoders = _Decoders()


def loads(body: bytes) -> Any:
    """The JSON value of ``body``; raises ``ValueError`` for anything a provider could not
    take (see the module docstring)."""
    try:
        text = body.decode("utf-8")
        if len(body) > INTERLEAVED_BYTES:
            decoder = _decoder()
            decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
        else:
            decoder = _decoders.small
        value = decoder.decode(text)
    except RecursionError as err:
        raise ValueError("JSON nested too deep") from err
    # Each level of nesting needs an opening bracket: few brackets, no deep nesting.
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(value) > MAX_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
    return value


def _depth(value: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def dumps(value: Any) -> bytes:
    """Compact JSON bytes, non-ASCII escaped (strings from requests may hold lone surrogates)."""
    try:
        return json.dumps(value, separators=(",", ":")).encode("ascii")
    except TypeError:
        return _dumps_with_big_ints(value).encode("ascii")


def _dumps_with_big_ints(value: Any) -> str:
    # Rare (a BigInt echoed in an error): a marker string, replaced by the digits after.
    big: list[str] = []
    nonce = os.urandom(8).hex()

    def default(item: Any) -> Any:
        if isinstance(item, BigInt):
            big.append(str(item))
            return f"{nonce}:{len(big) - 1}"
        raise TypeError(f"{type(item).__name__} is not JSON serializable")

    text = json.dumps(value, separators=(",", ":"), default=default)
    for index, digits in enumerate(big):
        text = text.replace(f'"{nonce}:{index}"', digits, 1)
    return text
