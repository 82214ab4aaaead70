"""Shared test settings. Keep this small: helpers for one package live in that package's tests."""
from __future__ import annotations

from hypothesis import HealthCheck, settings

# Property tests run on a shared 2-core machine: no deadlines (timings go in bench/), fixed
# derandomised examples so a run is reproducible.
settings.register_profile(
    "default", deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("default")
