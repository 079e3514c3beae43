import datetime

from candidates.models import Candidate
from tests.factories.pipeline import ApplicationFactory
from vacancies import pipeline
from vacancies.anonymisers import ApplicationAnonymiser, InterviewAnonymiser, OfferAnonymiser


def test_pipeline_free_text_is_blanked_and_rows_stay(open_vacancy, candidate, recruiter):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    pipeline.interview_create(
        actor=recruiter,
        application=application,
        starts_at=datetime.datetime(2026, 3, 3, 10, tzinfo=datetime.UTC),
        feedback="Mentioned her health",
    )
    pipeline.offer_create(actor=recruiter, application=application, counter_offer_note="Wife may relocate")
    pipeline.application_move(
        actor=recruiter, application=application, stage="withdrawn", reason="Family reasons"
    )
    assert InterviewAnonymiser().export(candidate)[0]["feedback"] == "Mentioned her health"
    for anonymiser in (ApplicationAnonymiser(), InterviewAnonymiser(), OfferAnonymiser()):
        assert anonymiser.anonymise(candidate) == 1
        assert anonymiser.anonymise(candidate) == 0
    application.refresh_from_db()
    assert application.withdrawn_reason == "" and application.stage == "withdrawn"


def test_open_applications_keep_a_candidate_out_of_the_sweep(open_vacancy, candidate, recruiter):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    open_q, placement_q = (e.q for e in ApplicationAnonymiser().retention_exclusions())
    assert Candidate.objects.filter(open_q, pk=candidate.pk).exists()
    pipeline.application_move(
        actor=recruiter, application=application, stage="withdrawn", reason="Moved away"
    )
    assert not Candidate.objects.filter(open_q, pk=candidate.pk).exists()
    assert not Candidate.objects.filter(placement_q, pk=candidate.pk).exists()
