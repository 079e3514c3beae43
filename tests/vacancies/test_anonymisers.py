import datetime

from candidates.models import Candidate
from tests.factories.pipeline import ApplicationFactory, submit_application
from vacancies.anonymisers import ApplicationAnonymiser, InterviewAnonymiser, OfferAnonymiser
from vacancies.services.interviews import interview_create
from vacancies.services.offers import offer_create
from vacancies.services.pipeline import application_move


def test_pipeline_free_text_is_blanked_and_rows_stay(open_vacancy, candidate, recruiter):
    application = submit_application(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)
    interview_create(
        actor=recruiter,
        application=application,
        starts_at=datetime.datetime(2026, 3, 3, 10, tzinfo=datetime.UTC),
        feedback="Mentioned her health",
    )
    offer_create(actor=recruiter, application=application, counter_offer_note="Wife may relocate")
    application_move(actor=recruiter, application=application, stage="withdrawn", reason="Family reasons")
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
    application_move(actor=recruiter, application=application, stage="withdrawn", reason="Moved away")
    assert not Candidate.objects.filter(open_q, pk=candidate.pk).exists()
    assert not Candidate.objects.filter(placement_q, pk=candidate.pk).exists()


def test_shortlist_rationale_and_client_comments_are_blanked_and_submissions_exported(
    open_vacancy, candidate, recruiter
):
    from core.signing import signed_link_create
    from tests.factories.matching import approved_entry
    from tests.vacancies.conftest import consent_to_submit
    from vacancies.anonymisers import ClientFeedbackAnonymiser, ShortlistEntryAnonymiser, SubmissionAnonymiser
    from vacancies.models import ClientFeedback

    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    consent_to_submit(candidate, open_vacancy, recruiter)
    entry = approved_entry(vacancy=open_vacancy, candidate=candidate)
    entry.rationale, entry.decision_comment, entry.match_rationale = "Knows her stuff", "Yes", {"salary": {}}
    entry.save()
    link, _ = signed_link_create(
        purpose="review_shortlist", obj=entry.shortlist, expires_in=datetime.timedelta(days=1)
    )
    ClientFeedback.objects.create(entry=entry, link=link, decision="maybe", comment="Seemed nervous")
    application_move(actor=recruiter, application=application, stage="submitted")
    assert SubmissionAnonymiser().export(candidate)[0]["channel"] == "email"
    assert ShortlistEntryAnonymiser().anonymise(candidate) == 1  # the other entry holds no text
    assert ClientFeedbackAnonymiser().anonymise(candidate) == 1
    assert ShortlistEntryAnonymiser().anonymise(candidate) == 0
    entry.refresh_from_db()
    assert (entry.rationale, entry.decision_comment, entry.match_rationale) == ("", "", {})
    assert ClientFeedback.objects.get().comment == ""
    assert SubmissionAnonymiser().anonymise(candidate) == 0
