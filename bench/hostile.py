"""Hostile bodies against ``oneprovider-mock``: does any hold the others up, and how long
do they take as they grow?

- **Stall**: the worst latency of small GETs sent every 10 ms while hostile bodies
  (numbers of a million digits, 8 MB of nested brackets, 8 MB of file items) are being
  answered, against the worst latency of the same GETs alone. The goal in absolute terms
  is that no small request waits more than 0.1 s; the row prints both worst cases.
- **Linear**: seconds per byte of a large body (8 MB of store items) against a body a
  tenth of its size; at most 1.5x means the work grows linearly with the body.
"""

from __future__ import annotations

import json
import threading
import time

import httpx

from bench._harness import Comparison, alternate
from bench._servers import Running, mock_server, schedule_body

_STORE = "de6d2e524459dd235f80aa8652a68879b5dbe9"
_FILE = "0000000000523261677569642330376134636136616638613431366334386338343366356338643562323662"


def _items_body(target: Running, items: int) -> bytes:
    body = schedule_body(target) | {"storeInitialContentOverlay": {_STORE: "ITEMS"}}
    item = json.dumps({"fileId": _FILE})
    return json.dumps(body).replace('"ITEMS"', "[" + ",".join([item] * items) + "]").encode()


def _hostile_bodies(target: Running, scale: int) -> list[bytes]:
    base = json.dumps(schedule_body(target))
    digits = "7" * (scale * 100)
    return [
        base[:-1].encode() + b', "atmWorkflowSchemaRevisionNumber": ' + digits.encode() + b"}",
        b"[" * (scale * 40) + b"]" * (scale * 40),
        _items_body(target, scale),
    ]


def _worst_small_latency(target: Running, client: httpx.Client, seconds: float) -> float:
    headers = {"X-Auth-Token": target.token}
    worst = 0.0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        client.get(f"{target.api_url}/automation/execution/workflows/none", headers=headers)
        worst = max(worst, time.perf_counter() - start)
        time.sleep(0.01)
    return worst


def _during(target: Running, bodies: list[bytes], seconds: float) -> float:
    stop = threading.Event()
    headers = {"X-Auth-Token": target.token, "Content-Type": "application/json"}

    def send_hostile() -> None:
        with httpx.Client(timeout=120) as hostile:
            while not stop.is_set():
                for body in bodies:
                    hostile.post(
                        f"{target.api_url}/automation/execution/workflows",
                        content=body,
                        headers=headers,
                    )

    sender = threading.Thread(target=send_hostile, daemon=True)
    sender.start()
    try:
        time.sleep(0.2)
        with httpx.Client(timeout=120) as client:
            return _worst_small_latency(target, client, seconds)
    finally:
        stop.set()
        sender.join(timeout=120)


def _alone(target: Running, seconds: float) -> float:
    with httpx.Client(timeout=120) as client:
        return _worst_small_latency(target, client, seconds)


def _per_byte(target: Running, body: bytes) -> float:
    headers = {"X-Auth-Token": target.token, "Content-Type": "application/json"}
    with httpx.Client(timeout=120) as client:
        start = time.perf_counter()
        client.post(
            f"{target.api_url}/automation/execution/workflows", content=body, headers=headers
        )
        return (time.perf_counter() - start) / len(body)


def run(*, rounds: int, seconds: float, scale: int) -> list[Comparison]:
    """``scale``: items of the largest body (80,000 makes about 8 MB)."""
    with mock_server(cores="0") as target:
        bodies = _hostile_bodies(target, scale)
        during, alone = alternate(
            lambda: _during(target, bodies, seconds),
            lambda: _alone(target, seconds),
            rounds=rounds,
        )
        large, small = _items_body(target, scale), _items_body(target, max(1, scale // 10))
        large_samples, small_samples = alternate(
            lambda: _per_byte(target, large), lambda: _per_byte(target, small), rounds=rounds
        )
    return [
        Comparison(
            benchmark="hostile: stall",
            contender="worst small GET during hostile bodies",
            baseline="worst small GET alone",
            contender_samples=during,
            baseline_samples=alone,
            unit="s",
            target=None,
        ),
        Comparison(
            benchmark="hostile: linear",
            contender=f"s/byte, {len(large):,} B of store items",
            baseline=f"s/byte, {len(small):,} B",
            contender_samples=large_samples,
            baseline_samples=small_samples,
            unit="s/B",
            target=1.5,
        ),
    ]
