"""What a person tells a batch about its lines of unknown outcome.

``--retry-unknown LINES`` (send them again), ``--mark-scheduled LINE=ID``
(it was scheduled as execution ID) and ``--mark-scheduled-from FILE``: one
mark a line, ``LINE=ID`` or a JSON object ``{"line": N,
"atmWorkflowExecutionId": "ID"}`` (what a script writes); blank lines and
``#`` comments are skipped. ``--retry-unknown-from FILE`` takes line
numbers from a file the same way (one or more, comma-separated, a line).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from ._input import BadInput, read_text

_FROM = "--mark-scheduled-from"
_RETRY_FROM = "--retry-unknown-from"


def parse_retry_unknown(
    value: str | None, files: tuple[Path, ...] = ()
) -> set[int] | Literal["all"]:
    """The lines of ``--retry-unknown`` and of each ``--retry-unknown-from`` file, together."""
    numbers: set[int] = set()
    if value is not None:
        if value.strip() == "all":
            return "all"
        numbers = _line_numbers(value, "--retry-unknown")
    for path in files:
        given = False
        for number, text in enumerate(read_text(path, _RETRY_FROM).splitlines(), start=1):
            text = text.split("#", 1)[0].strip()
            if text:
                numbers |= _line_numbers(text, f"{_RETRY_FROM}: {path}:{number}")
                given = True
        if not given:
            raise BadInput(f"{_RETRY_FROM}: {path} holds no line numbers")
    return numbers


def _line_numbers(text: str, where: str) -> set[int]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise BadInput(f"{where}: no line numbers given")
    if not all(part.isdigit() and int(part) > 0 for part in parts):
        raise BadInput(f"{where}: expected line numbers like 3,7 or 'all', got {text!r}")
    return {int(part) for part in parts}


def parse_marks(values: tuple[str, ...], files: tuple[Path, ...] = ()) -> dict[int, str]:
    """Line number -> execution id, from the flags, then from each file.

    :class:`BadInput` for a bad mark (naming the file and line) or a line
    given twice with different ids.
    """
    marks: dict[int, str] = {}
    for value in values:
        mark = _line_mark(value)
        if mark is None:
            raise BadInput(f"--mark-scheduled: expected LINE=EXECUTION_ID, got {value!r}")
        _add(marks, *mark, "--mark-scheduled")
    for path in files:
        count = 0
        for number, text in enumerate(read_text(path, _FROM).splitlines(), start=1):
            text = text.strip()
            if not text or text.startswith("#"):
                continue
            where = f"{_FROM}: {path}:{number}"
            mark = _json_mark(text, where) if text.startswith("{") else _line_mark(text)
            if mark is None:
                raise BadInput(
                    f"{where}: expected LINE=EXECUTION_ID or a JSON object, got {text!r}"
                )
            _add(marks, *mark, where)
            count += 1
        if not count:
            raise BadInput(f"{_FROM}: {path} holds no marks")
    return marks


def _add(marks: dict[int, str], line: int, execution_id: str, where: str) -> None:
    before = marks.setdefault(line, execution_id)
    if before != execution_id:
        raise BadInput(
            f"{where}: line {line} is given twice with different ids ({before}, {execution_id})"
        )


def _line_mark(text: str) -> tuple[int, str] | None:
    number, sep, execution_id = text.partition("=")
    if not sep or not number.strip().isdigit() or not execution_id.strip():
        return None
    return int(number), execution_id.strip()


def _json_mark(text: str, where: str) -> tuple[int, str]:
    try:
        value = json.loads(text)
    except ValueError as err:
        raise BadInput(f"{where}: not JSON ({err})") from None
    if not isinstance(value, dict):
        raise BadInput(f"{where}: expected LINE=EXECUTION_ID or a JSON object, got {text!r}")
    for key in ("line", "atmWorkflowExecutionId"):
        if key not in value:
            raise BadInput(f'{where}: missing "{key}"')
    line, execution_id = value["line"], value["atmWorkflowExecutionId"]
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        raise BadInput(f'{where}: "line" must be a line number, got {json.dumps(line)}')
    if not isinstance(execution_id, str) or not execution_id.strip():
        raise BadInput(
            f'{where}: "atmWorkflowExecutionId" must be an execution id, '
            f"got {json.dumps(execution_id)}"
        )
    return line, execution_id.strip()
