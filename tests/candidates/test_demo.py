from io import StringIO

from django.core.management import call_command

from candidates.models import Candidate


def test_seed_demo_adds_a_few_hundred_candidates_once(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    count = Candidate.objects.count()
    assert count >= 250
    assert "candidates: " in out.getvalue()
    call_command("seed_demo", stdout=StringIO())
    assert Candidate.objects.count() == count
    assert Candidate.objects.filter(team__name="London Finance").exists()
    assert Candidate.objects.filter(search_vector__isnull=True).count() == 0
