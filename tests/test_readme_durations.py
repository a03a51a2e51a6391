"""Every duration the READMEs state is one that was measured, and says how."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READMES = [ROOT / "README.md", ROOT / "openapi" / "README.md"]

#: A claim of how long something takes: "takes about 3 minutes", "in about 45 s",
#: "well under a minute".
_CLAIM = re.compile(
    r"\b(?:takes?|took|in|within|under)\s+(?:about|well under|under|less than|a few)?\s*"
    r"(?:(?:a|an)\s+|\d[\d,.]*\s*)(?:s|seconds?|min|minutes?|hours?)\b",
    re.IGNORECASE,
)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]


def _unmeasured(text: str) -> list[str]:
    return [
        claim.group(0)
        for paragraph in _paragraphs(text)
        for claim in _CLAIM.finditer(paragraph)
        if "measured" not in paragraph
        and not paragraph[: claim.start()].endswith("goal: ")  # a target, not a claim
    ]


def test_a_duration_without_its_measurement_is_found() -> None:
    assert _unmeasured("`make contract-test` takes well under a minute on 2 cores.") == [
        "takes well under a minute"
    ]
    assert _unmeasured("| wait | — (goal: under 0.1 s) |") == []
    assert _unmeasured("what a provider takes as a string") == []
    assert _unmeasured("It took 1 min 19 s here.") == ["took 1 min"]
    assert _unmeasured("It takes about 3 minutes (measured in CI: 169 s).") == []


def test_every_stated_duration_says_how_it_was_measured() -> None:
    for readme in READMES:
        assert _unmeasured(readme.read_text()) == [], readme
