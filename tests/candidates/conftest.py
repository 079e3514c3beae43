from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def results_cache_on(settings: Any) -> None:
    """The candidate list's page and results caches as `make run` has them (60 seconds).

    recruitcrm/settings_test.py turns them off, so every other test (the query counts of
    test_list_at_scale.py and test_pages.py among them) builds each page it asks for; the tests of
    the caches themselves (tests/candidates/test_results_cache.py) turn them on with this."""
    settings.CANDIDATE_RESULTS_CACHE_SECONDS = 60
