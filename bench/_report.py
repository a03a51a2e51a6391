"""The results table: printed, written to bench/RESULTS.md, and drawn as a chart."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from bench._harness import Measurement, Row

HEADER = ("benchmark", "contender", "baseline", "ratio", "target", "met")


def _fmt_value(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value:,.0f} B" if value < 10_000 else f"{value / 1024:,.1f} KiB"
    if unit == "s":
        if value < 1e-3:
            return f"{value * 1e6:.1f} µs"
        if value < 1:
            return f"{value * 1e3:.2f} ms"
        return f"{value:.2f} s"
    return f"{value:,.0f} {unit}"


def _measurement_row(r: Measurement) -> tuple[str, ...]:
    met = "n/a" if r.met is None else ("yes" if r.met else "no")
    sign = "≥" if r.higher_is_better else "≤"
    target = "—" if r.target is None else f"{sign} {_fmt_value(r.target, r.unit)}"
    value = f"{r.subject}: {_fmt_value(r.value, r.unit)} ±{r.samples.spread:.0%}"
    return (r.benchmark, value, "(a budget, no baseline)", "—", target, met)


def rows(results: Sequence[Row]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for r in results:
        if isinstance(r, Measurement):
            out.append(_measurement_row(r))
            continue
        c, b = r.contender_samples, r.baseline_samples
        met = "n/a" if r.met is None else ("yes" if r.met else "no")
        sign = "≥" if r.higher_is_better else "≤"
        target = "—" if r.target is None else f"{sign} {r.target:.2f}x"
        out.append(
            (
                r.benchmark,
                f"{r.contender}: {_fmt_value(c.median, r.unit)} ±{c.spread:.0%}",
                f"{r.baseline}: {_fmt_value(b.median, r.unit)} ±{b.spread:.0%}",
                f"{r.ratio:.2f}x",
                target,
                met,
            )
        )
    return out


def markdown_table(results: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in rows(results)]
    return "\n".join(lines)


def text_table(results: Sequence[Row]) -> str:
    table = [HEADER, *rows(results)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in table
    )


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for dist in ("httpx", "starlette", "uvicorn", "schemathesis"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            continue
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {sys.version.split()[0]}; node {node.stdout.strip() or 'n/a'}; "
        + ", ".join(versions)
    )


def write_results(results: Sequence[Row], directory: Path, *, note: str) -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (
        "# Benchmark results\n\n"
        f"Measured by `make bench` on {when}.\n\n"
        f"Machine: {machine_description()}.\n\n"
        "Each row runs its contender and its baseline alternately in one run; values are\n"
        "medians with half the interquartile range as the spread. The ratio is the\n"
        "contender's median over the baseline's: for times lower is better, for\n"
        "throughput (requests or cases per second) higher is better.\n\n"
        f"{markdown_table(results)}\n\n{note}\n\n![ratios](results.png)\n"
    )
    (directory / "RESULTS.md").write_text(text, encoding="utf-8")
    draw_chart(results, directory / "results.png")


def draw_chart(results: Sequence[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # One bar per comparison; two rows may share a benchmark name.
    labels = [_chart_label(r) for r in results]
    positions = list(range(len(results)))
    ratios = [_chart_ratio(r) for r in results]
    colours = [
        "tab:gray" if r.met is None else ("tab:green" if r.met else "tab:red") for r in results
    ]
    fig, ax = plt.subplots(figsize=(11, 0.8 * len(results) + 1.5))
    ax.barh(positions, ratios, color=colours)
    ax.set_yticks(positions, labels, fontsize=8)
    for i, r in enumerate(results):
        tick = _chart_target(r)
        if tick is not None:
            ax.plot([tick, tick], [i - 0.4, i + 0.4], color="black", linewidth=2)
        ax.text(ratios[i], i, f" {ratios[i]:.2f}x", va="center")
    ax.axvline(1.0, color="black", linewidth=0.5, linestyle=":")
    ax.invert_yaxis()
    ax.set_xlabel("contender / baseline, or amount / budget (black tick = target)")
    ax.set_title("oneprovider-automation benchmarks")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _chart_label(r: Row) -> str:
    if isinstance(r, Measurement):
        return f"{r.benchmark}\n{r.subject} / its budget"
    return f"{r.benchmark}\n{r.contender} / {r.baseline}"


def _chart_ratio(r: Row) -> float:
    """A comparison's ratio; a measurement's amount over its budget (1.0 = on budget)."""
    if isinstance(r, Measurement):
        return r.value / r.target if r.target else 1.0
    return r.ratio


def _chart_target(r: Row) -> float | None:
    if isinstance(r, Measurement):
        return 1.0 if r.target else None
    return r.target
