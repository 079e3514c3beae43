from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def results_cache_off(settings: Any) -> None:
    """For tests of what building a results page costs (its queries): every request builds it.

    The results cache itself is on in every other test (tests/candidates/test_results_cache.py)."""
    settings.CANDIDATE_RESULTS_CACHE_SECONDS = 0
