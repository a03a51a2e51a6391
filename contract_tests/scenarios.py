"""Stateful scenarios against a live target: restarted when the target changed under a replay.

Hypothesis replays the choices of earlier scenarios while it explores new
ones. Against the embedded mock the world is put back before a case, so a
replay sees what the first run saw. A live target is not put back: a list
page that held an execution the first time may be empty the next, so a
link that filled ``wid`` from it leaves ``wid`` to be generated instead, and
Hypothesis stops with ``FlakyStrategyDefinition`` ("data generation behaved
differently"). That says nothing about the target. Schemathesis's own
runner ignores it and runs the scenarios again; so does this, a bounded
number of times, unless a check failed in the run (then the failure is
what the run reports).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

from hypothesis.errors import FlakyStrategyDefinition

#: Runs of the scenarios after the first one that a live target's changes may cost.
LIVE_RESTARTS = 2


def run_scenarios(
    run: Callable[[], None],
    *,
    live: bool,
    checks_failed: Callable[[], bool],
    restarts: int = LIVE_RESTARTS,
) -> int:
    """Call ``run``; on a live target, call it again after an inconsistent replay.

    Returns how many restarts were made. Raises the last error when the
    target is embedded, a check failed, or no restart is left.
    """
    made = 0
    while True:
        try:
            run()
        except FlakyStrategyDefinition:
            if not live or checks_failed() or made >= restarts:
                raise
            made += 1
            warnings.warn(
                "stateful scenarios restarted: the live target changed between a scenario "
                f"and its replay (FlakyStrategyDefinition); restart {made} of {restarts}",
                stacklevel=2,
            )
        else:
            return made
