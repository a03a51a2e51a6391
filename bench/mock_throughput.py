"""Requests per second of ``oneprovider-mock`` against ``prism mock`` of the same spec.

The seed's minimal schedule request (three fields, the revision as the string
``"3"``), the same load generator (``wrk``, one thread, 32 connections), each
server pinned to the same core and the load generator to the other. Rounds
alternate between the two servers; every answer must be a 201.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from bench._harness import Comparison, alternate
from bench._servers import Running, minimal_schedule_body, mock_server, prism_mock

LUA = Path(__file__).with_name("schedule.lua")
SERVER_CORES = "0"
LOAD_CORES = "1"


def wrk_requests_per_second(target: Running, *, seconds: float, connections: int = 32) -> float:
    """Run wrk against ``target``'s schedule endpoint; every answer must be a 201.

    Raises ``RuntimeError`` if one is not (``schedule.lua`` counts them).
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (make bench installs it)")
    args = [wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "-s", str(LUA)]
    if (os.cpu_count() or 1) > 1 and shutil.which("taskset"):
        args = ["taskset", "-c", LOAD_CORES, *args]
    url = f"{target.api_url}/automation/execution/workflows"
    env = os.environ | {
        "BENCH_TOKEN": target.token,
        "BENCH_BODY": json.dumps(minimal_schedule_body(target)),
    }
    out = subprocess.run(
        [*args, url], capture_output=True, text=True, env=env, check=True, timeout=seconds + 60
    ).stdout
    created = re.search(r"Answers other than 201: (\d+)", out)
    if created is None:
        raise RuntimeError(f"no count of answers in wrk's output:\n{out}")
    if created.group(1) != "0":
        raise RuntimeError(f"{created.group(1)} answers were not 201 from {url}:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise RuntimeError(f"no Requests/sec in wrk's output:\n{out}")
    return float(match.group(1))


def run(*, rounds: int, seconds: float) -> Comparison:
    cores = SERVER_CORES if (os.cpu_count() or 1) > 1 else None
    with mock_server(cores=cores) as mock, prism_mock(mock, cores=cores) as prism:
        ours, theirs = alternate(
            lambda: wrk_requests_per_second(mock, seconds=seconds),
            lambda: wrk_requests_per_second(prism, seconds=seconds),
            rounds=rounds,
        )
    return Comparison(
        benchmark="mock throughput (wrk, 1 core each)",
        contender="oneprovider-mock",
        baseline="prism mock",
        contender_samples=ours,
        baseline_samples=theirs,
        unit="req/s",
        target=5.0,
        higher_is_better=True,
    )
