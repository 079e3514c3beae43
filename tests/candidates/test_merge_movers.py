"""Merging moves everything (issue 16): every model related to Candidate has a mover (a walk over
apps.get_models() and the system check), and a merge carries communications, complaints, privacy
requests and holds, consents, documents and both people's applications — two applications to one
vacancy become one, keeping the further-progressed stage and both stage histories."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import Candidate, Document
from candidates.services import candidate_merge, consent_record, document_upload
from candidates.services.merge import MERGE_MOVER_MODELS, candidate_relations_unmoved, merge_movers_check
from engagement.models import Communication, Complaint
from privacy.models import ErasureRequest, LegalHold, SubjectAccessRequest
from tests.candidates.files import make_pdf
from tests.factories.candidates import CandidateFactory
from tests.factories.engagement import CommunicationFactory, ComplaintFactory
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Application, Stage, StageChange

pytestmark = pytest.mark.django_db


def test_every_relation_to_a_candidate_has_a_merge_mover():
    related = {
        model._meta.label_lower
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created and field.related_model is Candidate
    } - {"candidates.candidate"}  # merged_into: the merge itself
    assert related, "the walk found no relations at all"
    assert related <= set(MERGE_MOVER_MODELS), sorted(related - set(MERGE_MOVER_MODELS))
    assert candidate_relations_unmoved() == [] and merge_movers_check() == []


def test_a_new_relation_without_a_mover_stops_the_system_check(monkeypatch):
    monkeypatch.delitem(MERGE_MOVER_MODELS, "engagement.complaint")
    errors = merge_movers_check()
    assert [e.id for e in errors] == ["candidates.E002"] and "engagement.Complaint.candidate" in errors[0].msg


def move(actor, application, *stages):
    for stage in stages:
        # The pipeline's own door (gates and all) is not the point here: record the history directly.
        StageChange.objects.create(
            application=application, from_stage=application.stage, stage=stage, by=actor
        )
        Application.objects.filter(pk=application.pk).update(stage=stage)
        application.refresh_from_db()


def test_merge_moves_everything_and_folds_two_applications_to_one_vacancy(recruiter, teammate, admin_user):
    survivor = CandidateFactory(owner=recruiter, first_name="Sam", last_name="Hill")
    duplicate = CandidateFactory(owner=recruiter, first_name="Samuel", last_name="Hill")
    call = CommunicationFactory(candidate=duplicate, actor=recruiter)
    complaint = ComplaintFactory(actor=recruiter, complainant_type="candidate", candidate=duplicate)
    cv = document_upload(
        actor=recruiter,
        candidate=duplicate,
        upload=SimpleUploadedFile("cv.pdf", make_pdf("x")),
        filename="cv.pdf",
    )
    consent = consent_record(actor=recruiter, candidate=duplicate, purpose="marketing", method="email")
    from privacy.services.holds import legal_hold_place

    hold = legal_hold_place(actor=admin_user, reason="Tribunal claim", candidate=duplicate)
    sar = SubjectAccessRequest.objects.create(
        candidate=duplicate, received_on="2026-01-05", created_by=admin_user
    )
    erasure = ErasureRequest.objects.create(
        candidate=duplicate, received_on="2026-01-06", created_by=admin_user
    )

    shared = VacancyFactory(owner=recruiter)
    only_theirs = VacancyFactory(owner=recruiter)
    mine = ApplicationFactory(vacancy=shared, candidate=survivor)
    theirs = ApplicationFactory(vacancy=shared, candidate=duplicate)
    move(recruiter, mine, Stage.SCREENING)
    move(teammate, theirs, Stage.SCREENING, Stage.SHORTLISTED, Stage.SUBMITTED, Stage.INTERVIEW)
    other = ApplicationFactory(vacancy=only_theirs, candidate=duplicate)
    history_before = {
        "mine": list(StageChange.objects.filter(application=mine).values_list("stage", "at", "by")),
        "theirs": list(StageChange.objects.filter(application=theirs).values_list("stage", "at", "by")),
    }

    merged = candidate_merge(actor=recruiter, survivor=survivor, duplicate=duplicate)

    assert Communication.objects.get(pk=call.pk).candidate == merged
    assert Complaint.objects.get(pk=complaint.pk).candidate == merged
    assert Document.objects.get(pk=cv.pk).candidate == merged
    assert consent.__class__.objects.get(pk=consent.pk).candidate == merged
    assert LegalHold.objects.get(pk=hold.pk).candidate == merged
    assert SubjectAccessRequest.objects.get(pk=sar.pk).candidate == merged
    assert ErasureRequest.objects.get(pk=erasure.pk).candidate == merged
    # The vacancy only the duplicate was in: its application moved whole.
    assert Application.objects.get(pk=other.pk).candidate == merged
    # The shared vacancy: one live application, at the further stage, with both histories.
    live = Application.objects.filter(vacancy=shared, candidate=merged).get()
    assert live.pk == mine.pk and live.stage == Stage.INTERVIEW
    history = set(StageChange.objects.filter(application=live).values_list("stage", "at", "by"))
    assert set(history_before["mine"]) <= history and set(history_before["theirs"]) <= history
    folded = Application.objects.get(pk=theirs.pk)
    assert folded.candidate_id == duplicate.pk and folded.stage == Stage.WITHDRAWN
    assert f"#{live.pk}" in folded.withdrawn_reason


def test_the_survivors_further_application_wins_and_a_closed_one_never_beats_an_open_one(recruiter):
    survivor, duplicate = CandidateFactory(owner=recruiter), CandidateFactory(owner=recruiter)
    vacancy = VacancyFactory(owner=recruiter)
    mine = ApplicationFactory(vacancy=vacancy, candidate=survivor)
    theirs = ApplicationFactory(vacancy=vacancy, candidate=duplicate)
    move(recruiter, mine, Stage.SCREENING)
    move(recruiter, theirs, Stage.SCREENING, Stage.SHORTLISTED, Stage.REJECTED)
    candidate_merge(actor=recruiter, survivor=survivor, duplicate=duplicate)
    assert Application.objects.get(pk=mine.pk).stage == Stage.SCREENING  # open beats rejected
