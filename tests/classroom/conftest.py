"""Classroom tests: built-in scenarios, experiments, tournaments, doctrine files, the debrief.

Tests of what the AI *does* in a scenario (its teaching behaviour) are marked `ai_behaviour`, so
they can be deselected (`-m "not ai_behaviour"`) while the reasoning core is being recalibrated."""
from __future__ import annotations


def pytest_configure(config):
    config.addinivalue_line("markers", "ai_behaviour: a built-in scenario shows the behaviour it exists to teach")
    config.addinivalue_line("markers", "slow: takes seconds for reasons outside the game (e.g. importing axelrod)")
