"""Alternating measurement of a contender against its baseline.

Running the two in turns, round after round, spreads slow moments of the
machine (another process, a frequency change) over both sides, so their
ratio is steadier than either number alone.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Samples:
    """Per-round measurements of one side, in seconds per operation (or any unit)."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def spread(self) -> float:
        """Half the interquartile range, relative to the median (0.05 = ±5 %)."""
        if len(self.values) < 4:
            return (max(self.values) - min(self.values)) / 2 / self.median
        q1, _, q3 = statistics.quantiles(self.values, n=4)
        return (q3 - q1) / 2 / self.median


@dataclass(frozen=True)
class Comparison:
    """A contender measured against its baseline in the same run."""

    benchmark: str
    contender: str
    baseline: str
    contender_samples: Samples
    baseline_samples: Samples
    unit: str
    target: float | None
    higher_is_better: bool = False

    @property
    def ratio(self) -> float:
        """Contender's median over baseline's median."""
        return self.contender_samples.median / self.baseline_samples.median

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.ratio >= self.target if self.higher_is_better else self.ratio <= self.target


@dataclass(frozen=True)
class Measurement:
    """A quantity with no baseline to run beside it, held to an absolute target.

    For budgets the issue states as amounts (seconds of a whole run, bytes per
    held execution, requests per execution and poll); ``value`` is the median.
    """

    benchmark: str
    subject: str
    samples: Samples
    unit: str
    target: float | None
    higher_is_better: bool = False

    @property
    def value(self) -> float:
        return self.samples.median

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


#: One line of the results: a ratio against a baseline, or an amount against a budget.
Row = Comparison | Measurement


def per_call(fn: Callable[[], object], calls: int) -> float:
    """Seconds per call of ``fn`` over ``calls`` calls."""
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def alternate(
    contender: Callable[[], float],
    baseline: Callable[[], float],
    *,
    rounds: int,
    warmup: int = 1,
) -> tuple[Samples, Samples]:
    """Run ``contender`` and ``baseline`` in turns; each returns one measurement.

    The side that goes first alternates too, so neither always runs on a
    warmer cache.
    """
    for _ in range(warmup):
        contender()
        baseline()
    c_values: list[float] = []
    b_values: list[float] = []
    for i in range(rounds):
        if i % 2 == 0:
            c_values.append(contender())
            b_values.append(baseline())
        else:
            b_values.append(baseline())
            c_values.append(contender())
    return Samples(tuple(c_values)), Samples(tuple(b_values))
