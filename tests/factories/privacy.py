from __future__ import annotations

import datetime
from typing import Any

import time_machine
from django.utils import timezone

from candidates.models import Candidate
from core.models import User
from tests.factories.candidates import CandidateFactory


def old_candidate(*, owner: User, days: int, **kwargs: Any) -> Candidate:
    """A candidate created (and last touched) `days` ago."""
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days), tick=False):
        return CandidateFactory(owner=owner, **kwargs)
