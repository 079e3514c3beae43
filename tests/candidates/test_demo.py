from candidates.models import Candidate


def test_seed_demo_adds_a_few_hundred_candidates_once(seeded_demo, db):
    # seeded_demo (tests/conftest.py): seed_demo run twice, once for this module.
    count = seeded_demo["counts_after_first_run"][Candidate]
    assert count >= 250
    assert "candidates: " in seeded_demo["output"]
    assert Candidate.objects.count() == count
    assert Candidate.objects.filter(team__name="London Finance").exists()
    assert Candidate.objects.filter(search_vector__isnull=True).count() == 0
