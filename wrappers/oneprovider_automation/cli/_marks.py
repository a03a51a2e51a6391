"""What a person tells a batch about its lines of unknown outcome.

``--retry-unknown LINES`` (send them again), ``--mark-scheduled LINE=ID``
(it was scheduled as execution ID) and ``--mark-scheduled-from FILE``: one
mark a line, ``LINE=ID`` or a JSON object ``{"line": N,
"atmWorkflowExecutionId": "ID"}`` (what a script writes); blank lines and
``#`` comments are skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from ._input import BadInput, read_text

_FROM = "--mark-scheduled-from"


def parse_retry_unknown(value: str | None) -> set[int] | Literal["all"]:
    if value is None:
        return set()
    if value.strip() == "all":
        return "all"
    try:
        numbers = {int(part) for part in value.split(",") if part.strip()}
    except ValueError:
        raise BadInput(
            f"--retry-unknown: expected line numbers like 3,7 or 'all', got {value!r}"
        ) from None
    if not numbers:
        raise BadInput("--retry-unknown: no line numbers given")
    return numbers


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
