"""A batch's scheduling progress on stderr: a bar on a terminal, plain lines elsewhere.

``click.progressbar`` prints only its label when stderr is not a terminal,
so a log file or a CI job would see nothing until the end; there a line
is printed for every tenth of the lines and at the end.
"""

from __future__ import annotations

import sys
from collections import Counter
from types import TracebackType
from typing import Any

import click

from ._options import say

#: Lines printed off a terminal: one each time another tenth of the lines is done.
STEPS = 10
#: Redraws of the bar on a terminal, at most: a redraw a line would cost more
#: than the line's own bookkeeping in a batch of thousands.
BAR_REDRAWS = 200


class Progress:
    """Counts outcomes as lines are done, and shows them."""

    def __init__(self, total: int, *, label: str = "scheduling") -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.outcomes: Counter[str] = Counter()
        self._step = max(1, -(-total // STEPS))
        self._bar: Any = None
        if sys.stderr.isatty():
            self._bar = click.progressbar(
                length=total,
                label=label,
                file=sys.stderr,
                show_pos=True,
                update_min_steps=max(1, total // BAR_REDRAWS),
            )

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, traceback)

    def update(self, state: str) -> None:
        self.done += 1
        self.outcomes[state] += 1
        if self._bar is not None:
            self._bar.update(1)
        elif self.done % self._step == 0 or self.done == self.total:
            say(self.line())

    def line(self) -> str:
        counts = ", ".join(f"{s} {self.outcomes[s]}" for s in ("scheduled", "failed", "unknown"))
        return f"{self.label}: {self.done}/{self.total} sent ({counts})"
