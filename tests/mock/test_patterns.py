"""JSON Schema patterns read as ECMA 262, where Python's re reads them otherwise."""

from __future__ import annotations

import pytest

from tests.ecma_patterns import ecma_pattern
from tests.openapi_support import spec


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^[^\s]+$", "a\x85b", True),  # NEL: white space to Python, not to ECMA
        (r"^[^\s]+$", "a\x1cb", True),  # the information separators, likewise
        (r"^[^\s]+$", "a\ufeffb", False),  # BOM: white space to ECMA only
        (r"^[^\s]+$", "a\u00a0b", False),
        (r"^\s$", "\u3000", True),
        (r"^\S+$", "a\ufeff", False),
        (r"^\d+$", "\u0663", False),  # ECMA \d is ASCII
        (r"^\w+$", "é", False),
        (r"^a$", "a\n", False),  # $ only at the very end
        (r"^a.b$", "a\u2028b", False),  # . stops at every line terminator
        (r"^a.b$", "a-b", True),
        (r"a", "xax", True),  # unanchored: a search, as in JSON Schema
        (r"^[\\s]$", "\\", True),  # an escaped backslash is no class escape
        (r"^\$$", "$", True),
    ],
)
def test_ecma_meaning(pattern: str, text: str, matches: bool) -> None:
    assert (ecma_pattern(pattern).search(text) is not None) is matches


def test_negated_class_escapes_inside_brackets_are_refused() -> None:
    with pytest.raises(ValueError, match="not supported"):
        ecma_pattern(r"[\S]")


def test_every_pattern_of_the_spec_can_be_read() -> None:
    def patterns(node: object) -> list[str]:
        if isinstance(node, dict):
            found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
            return found + [p for value in node.values() for p in patterns(value)]
        if isinstance(node, list):
            return [p for item in node for p in patterns(item)]
        return []

    found = patterns(spec())
    assert found
    for pattern in found:
        ecma_pattern(pattern)
