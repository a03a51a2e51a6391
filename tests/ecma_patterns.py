"""JSON Schema patterns, matched as JSON Schema says: ECMA 262 regular expressions.

Python's ``re`` reads the same syntax differently in a few places that matter
for the spec's patterns: its ``\\s`` also matches U+001C..U+001F and U+0085 but
not U+FEFF, its ``\\d`` and ``\\w`` take any Unicode digit or letter, its ``$``
also matches before a final newline, and its ``.`` matches U+2028 and U+2029.
``ecma_pattern`` rewrites those constructs into their ECMA 262 meaning, so the
mock accepts exactly what the spec's validators (and the fuzzers) accept.
"""

from __future__ import annotations

import re

# ECMA 262 WhiteSpace and LineTerminator: what \s matches there.
_ECMA_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_ECMA_CLASSES = {"s": _ECMA_SPACE, "d": "0-9", "w": "A-Za-z0-9_"}
_ECMA_DOT = "[^\n\r\u2028\u2029]"


def ecma_pattern(source: str) -> re.Pattern[str]:
    """``source`` (an ECMA 262 pattern, as in JSON Schema) compiled for Python's ``re``.

    Match it with ``search``, as JSON Schema does. Raises ``ValueError`` for a
    negated class escape (``\\S``, ``\\D``, ``\\W``) inside brackets, which this
    rewriting does not support.
    """
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            escaped = source[index + 1]
            members = _ECMA_CLASSES.get(escaped.lower())
            if members is None:
                out.append(char + escaped)
            elif escaped.islower():
                out.append(members if in_class else f"[{members}]")
            elif in_class:
                raise ValueError(f"\\{escaped} inside a character class is not supported")
            else:
                out.append(f"[^{members}]")
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "$":
            out.append(r"\Z")
        elif char == ".":
            out.append(_ECMA_DOT)
        else:
            out.append(char)
        index += 1
    return re.compile("".join(out))
