"""Settings shared by every test: bounded hypothesis runs, none timed."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Every property test is bounded in count; none is bounded in time, because
# tests do not time things (benchmarks in bench/ do).
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.register_profile(
    "dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))
