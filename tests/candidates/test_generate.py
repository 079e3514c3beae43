from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from candidates.models import Candidate
from candidates.search.queries import apply_search


def test_generate_candidates_makes_searchable_synthetic_records(db, recruiter):
    call_command("generate_candidates", "120", "--seed", "3", stdout=StringIO())
    call_command("generate_candidates", "120", "--seed", "3", stdout=StringIO())  # same seed: skipped
    assert Candidate.objects.filter(tags__contains=["synthetic"]).count() == 120
    assert apply_search(Candidate.objects.all(), "synthetic").count() == 120


def test_generate_candidates_needs_an_owner(db):
    with pytest.raises(CommandError):
        call_command("generate_candidates", "5", stdout=StringIO())
