from __future__ import annotations

import pytest

from compliance.requirements import Requirements
from tests.factories.candidates import CandidateFactory


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(owner=recruiter, first_name="Priya", last_name="Shah", email="priya@example.test")


@pytest.fixture
def care_role() -> Requirements:
    """A care role: right to work, enhanced DBS with barred lists, two references, reg 22."""
    return Requirements.from_required_checks(
        {"right_to_work": True, "dbs_level": "enhanced_barred", "references": 2},
        works_with_vulnerable_people=True,
    )
