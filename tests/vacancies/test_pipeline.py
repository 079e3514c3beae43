"""The pipeline service: stage history, the rules on moves, bulk reject, placements and follow-ups."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from candidates.models import Candidate
from core.models import AppendOnlyError, AuditEvent
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import TermsFactory
from tests.factories.compliance import RightToWorkCheckFactory
from tests.factories.pipeline import ApplicationFactory, RejectionReasonFactory, submit_application
from tests.factories.vacancies import VacancyFactory
from tests.vacancies.conftest import consent_to_submit
from vacancies.models import FollowUp, Placement, Stage, StageChange, Vacancy
from vacancies.selectors.pipeline import stage_change_list
from vacancies.services import placements
from vacancies.services.interviews import interview_create, interview_record_outcome
from vacancies.services.offers import offer_create
from vacancies.services.pipeline import (
    PipelineRefused,
    application_bulk_reject,
    application_create,
    application_move,
)
from vacancies.services.placements import perm_fee_calculate, placement_create
from vacancies.services.vacancies import vacancy_open


def to_offer(application, actor):
    consent_to_submit(application.candidate, application.vacancy, actor)
    for stage in ["screening", "shortlisted", "submitted", "interview", "offer"]:
        application = application_move(actor=actor, application=application, stage=stage)
    return application


def test_every_move_is_recorded_with_stage_time_and_who(open_vacancy, candidate, recruiter, teammate):
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    application_move(actor=teammate, application=application, stage="screening")
    application_move(actor=recruiter, application=application, stage="shortlisted")
    history = stage_change_list(application=application)
    assert [(h["stage"], h["by"]) for h in history] == [
        ("sourced", recruiter.pk),
        ("screening", teammate.pk),
        ("shortlisted", recruiter.pk),
    ]
    assert history[0]["at"] <= history[1]["at"] <= history[2]["at"]
    application.refresh_from_db()
    assert application.stage == "shortlisted"
    event = AuditEvent.objects.filter(action="application.moved").first()
    assert event.details == {"from": "screening", "to": "shortlisted"}


def test_stage_history_cannot_be_rewritten(open_vacancy, candidate, recruiter):
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    change = StageChange.objects.get(application=application)
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        StageChange.objects.filter(application=application).delete()


def test_one_application_per_candidate_per_vacancy(open_vacancy, candidate, recruiter):
    first = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    with pytest.raises(PipelineRefused) as refused:
        application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    assert refused.value.code == "duplicate" and refused.value.extra == {"existing": first.pk}


def test_closed_vacancy_takes_no_new_candidates(open_vacancy, candidate, recruiter):
    from vacancies.services.vacancies import vacancy_set_status

    vacancy_set_status(actor=recruiter, vacancy=open_vacancy, status="closed")
    with pytest.raises(PipelineRefused, match="no longer"):
        application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)


def test_submission_needs_consent_for_this_vacancy(open_vacancy, candidate, recruiter):
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    other = VacancyFactory(client=open_vacancy.client)
    consent_to_submit(candidate, open_vacancy, recruiter, approve=False)
    consent_withdraw_all = candidate.consents.get(vacancy_id=open_vacancy.pk)
    from candidates.services import consent_withdraw

    consent_withdraw(actor=recruiter, consent=consent_withdraw_all)  # a withdrawn consent stops it
    consent_to_submit(candidate, other, recruiter)  # consent for another vacancy is not enough (reg 19)
    from tests.factories.matching import approved_entry

    approved_entry(vacancy=open_vacancy, candidate=candidate)
    with pytest.raises(PipelineRefused) as refused:
        application_move(actor=recruiter, application=application, stage="submitted")
    assert refused.value.code == "no_consent"
    consent_to_submit(candidate, open_vacancy, recruiter, approve=False)
    assert application_move(actor=recruiter, application=application, stage="submitted").stage == "submitted"


@pytest.mark.parametrize("stage", ["interview", "offer"])
def test_interview_and_offer_need_the_application_to_have_been_submitted(
    open_vacancy, candidate, recruiter, stage
):
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    with pytest.raises(PipelineRefused) as refused:
        application_move(actor=recruiter, application=application, stage=stage)
    assert refused.value.code == "not_submitted"


def test_placed_is_only_reached_through_a_placement(open_vacancy, candidate, recruiter):
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    with pytest.raises(PipelineRefused) as refused:
        application_move(actor=recruiter, application=application, stage="placed")
    assert refused.value.code == "use_placements"


def test_rejection_needs_a_reason_from_the_list(open_vacancy, candidate, recruiter, reason):
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    with pytest.raises(ValidationError):
        application_move(actor=recruiter, application=application, stage="rejected")
    with pytest.raises(ValidationError):
        application_move(actor=recruiter, application=application, stage="rejected", reason="made_up")
    reason.is_active = False
    reason.save()
    with pytest.raises(ValidationError):
        application_move(actor=recruiter, application=application, stage="rejected", reason=reason.code)
    reason.is_active = True
    reason.save()
    application = application_move(
        actor=recruiter, application=application, stage="rejected", reason=reason.code
    )
    assert application.rejection_reason == reason
    assert StageChange.objects.filter(application=application).last().rejection_reason == reason
    # A rejected candidate can be brought back, and the reason is cleared.
    application = application_move(actor=recruiter, application=application, stage="screening")
    assert application.rejection_reason is None


def test_withdrawal_needs_a_reason(open_vacancy, candidate, recruiter):
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    with pytest.raises(ValidationError):
        application_move(actor=recruiter, application=application, stage="withdrawn", reason="  ")
    application = application_move(
        actor=recruiter, application=application, stage="withdrawn", reason="Accepted another offer"
    )
    assert application.withdrawn_reason == "Accepted another offer"
    assert "Accepted" not in str(AuditEvent.objects.filter(action="application.moved").first().details)


def test_moving_to_the_same_stage_changes_nothing(open_vacancy, candidate, recruiter):
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    application_move(actor=recruiter, application=application, stage="sourced")
    assert application.stage_changes.count() == 1


def test_unknown_stage_is_refused(open_vacancy, candidate, recruiter):
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    with pytest.raises(ValidationError):
        application_move(actor=recruiter, application=application, stage="hired")


def test_bulk_reject_moves_each_open_application_through_the_service(open_vacancy, recruiter, reason):
    applications = [ApplicationFactory(vacancy=open_vacancy) for _ in range(3)]
    application_move(actor=recruiter, application=applications[2], stage="withdrawn", reason="moved away")
    count = application_bulk_reject(actor=recruiter, applications=applications, reason=reason)
    assert count == 2
    for application in applications[:2]:
        application.refresh_from_db()
        assert application.stage == "rejected" and application.rejection_reason == reason
        assert application.stage_changes.last().stage == "rejected"
    with pytest.raises(ValidationError):
        application_bulk_reject(actor=recruiter, applications=applications, reason=None)


# --- Placements ------------------------------------------------------------------------------


def test_perm_fee_is_fee_percent_times_salary_rounded_half_up():
    assert perm_fee_calculate(salary=50000, fee_percent=Decimal("20")) == 10000
    assert perm_fee_calculate(salary=45250, fee_percent=Decimal("17.5")) == 7919  # 7918.75
    assert perm_fee_calculate(salary=33333, fee_percent=Decimal("15")) == 5000  # 4999.95
    assert perm_fee_calculate(salary=10001, fee_percent=Decimal("12.5")) == 1250  # 1250.125


def test_placement_takes_the_fee_from_the_clients_terms(open_vacancy, candidate, recruiter):
    TermsFactory(client=open_vacancy.client, fee_percent=Decimal("18"), signed_on=datetime.date(2025, 1, 1))
    application = to_offer(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)
    start = datetime.date(2026, 3, 2)
    placement = placement_create(actor=recruiter, application=application, start_on=start, salary=62500)
    assert placement.fee == 11250 and placement.fee_percent == Decimal("18") and not placement.fee_overridden
    assert placement.guarantee_ends_on == datetime.date(2026, 5, 25)  # 12 weeks, the last rebate step


def test_an_agreed_fee_overrides_the_terms(open_vacancy, candidate, recruiter):
    TermsFactory(client=open_vacancy.client, fee_percent=Decimal("18"))
    application = to_offer(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)
    placement = placement_create(
        actor=recruiter, application=application, start_on=datetime.date(2026, 3, 2), salary=60000, fee=9000
    )
    assert placement.fee == 9000 and placement.fee_overridden


def test_perm_placement_without_terms_or_salary_says_what_is_needed(open_vacancy, candidate, recruiter):
    application = to_offer(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)
    with pytest.raises(ValidationError) as no_salary:
        placement_create(actor=recruiter, application=application, start_on=datetime.date(2026, 3, 2))
    assert "salary" in no_salary.value.message_dict
    with pytest.raises(ValidationError) as no_terms:
        placement_create(
            actor=recruiter, application=application, start_on=datetime.date(2026, 3, 2), salary=50000
        )
    assert "fee" in no_terms.value.message_dict
    assert not Placement.objects.exists()


def test_contract_placement_records_rates_and_margin(acme, recruiter, candidate):
    vacancy = vacancy_open(
        actor=recruiter,
        vacancy=VacancyFactory(
            client=acme, employment_type="contract", salary_min=None, salary_max=None, day_rate=500
        ),
    )
    application = to_offer(ApplicationFactory(vacancy=vacancy, candidate=candidate), recruiter)
    with pytest.raises(ValidationError) as refused:
        placement_create(
            actor=recruiter,
            application=application,
            start_on=datetime.date(2026, 3, 2),
            pay_rate=500,
            charge_rate=450,
        )
    assert "charge_rate" in refused.value.message_dict
    placement = placement_create(
        actor=recruiter,
        application=application,
        start_on=datetime.date(2026, 3, 2),
        pay_rate=450,
        charge_rate=560,
    )
    assert placement.margin == 110 and placement.fee is None
    assert placement.guarantee_ends_on == datetime.date(2026, 3, 2)  # no terms: no rebate period


def test_placement_moves_application_and_candidate_and_fills_the_vacancy_at_headcount(
    acme, recruiter, acme_terms
):
    vacancy = vacancy_open(actor=recruiter, vacancy=VacancyFactory(client=acme, headcount=2))
    applications = [ApplicationFactory(vacancy=vacancy) for _ in range(2)]
    for application in applications:  # the compliance gate (and reg 19 identity): right to work first
        RightToWorkCheckFactory(candidate=application.candidate)
    first, second = (to_offer(application, recruiter) for application in applications)
    placement_create(actor=recruiter, application=first, start_on=datetime.date(2026, 4, 1), salary=50000)
    first.refresh_from_db()
    vacancy.refresh_from_db()
    assert first.stage == "placed" and first.stage_changes.last().stage == "placed"
    assert first.candidate.status == Candidate.Status.PLACED
    assert vacancy.status == "open"  # one of two
    placement_create(actor=recruiter, application=second, start_on=datetime.date(2026, 4, 1), salary=50000)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED and vacancy.filled_at is not None


def test_placement_needs_an_application_at_offer(open_vacancy, candidate, recruiter, acme_terms):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    with pytest.raises(PipelineRefused) as refused:
        placement_create(
            actor=recruiter, application=application, start_on=datetime.date(2026, 4, 1), salary=1
        )
    assert refused.value.code == "wrong_stage"


def test_placement_is_all_or_nothing(open_vacancy, candidate, recruiter, acme_terms, monkeypatch):
    application = to_offer(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)

    def broken(**kwargs):
        raise RuntimeError("candidate service failed")

    monkeypatch.setattr(placements, "candidate_update", broken)
    with pytest.raises(RuntimeError):
        placement_create(
            actor=recruiter, application=application, start_on=datetime.date(2026, 4, 1), salary=1
        )
    application.refresh_from_db()
    assert application.stage == "offer" and not Placement.objects.exists()


def test_placement_gate_refuses_with_what_is_missing(
    open_vacancy, candidate, recruiter, acme_terms, monkeypatch
):
    application = to_offer(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)
    monkeypatch.setattr(
        placements, "placement_unmet_requirement_list", lambda application, start_on: ["right_to_work"]
    )
    with pytest.raises(PipelineRefused) as refused:
        placement_create(
            actor=recruiter, application=application, start_on=datetime.date(2026, 4, 1), salary=1
        )
    assert refused.value.code == "compliance_incomplete" and refused.value.extra == {
        "missing": ["right_to_work"]
    }


def test_follow_ups_are_created_for_the_recruiter_at_one_week_one_month_three_months(
    open_vacancy, candidate, recruiter, acme_terms
):
    application = to_offer(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)
    placement = placement_create(
        actor=recruiter, application=application, start_on=datetime.date(2026, 1, 31), salary=40000
    )
    tasks = list(FollowUp.objects.filter(placement=placement).values_list("kind", "due_on", "assigned_to"))
    assert tasks == [
        ("week_1", datetime.date(2026, 2, 7), recruiter.pk),
        ("month_1", datetime.date(2026, 2, 28), recruiter.pk),
        ("month_3", datetime.date(2026, 4, 30), recruiter.pk),
    ]


def test_interviews_and_offers_are_recorded(open_vacancy, candidate, recruiter):
    import zoneinfo

    application = submit_application(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)
    when = datetime.datetime(2026, 3, 3, 10, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    interview = interview_create(
        actor=recruiter,
        application=application,
        starts_at=when,
        kind="video",
        interviewers="Helen Marsh",
        video_link="https://meet.example/abc",
    )
    interview_record_outcome(
        actor=recruiter, interview=interview, outcome="passed", feedback="Strong on Django"
    )
    interview.refresh_from_db()
    assert interview.outcome == "passed"
    with pytest.raises(ValidationError):
        interview_create(actor=recruiter, application=application, starts_at=when, video_link="not a url")
    offer = offer_create(
        actor=recruiter,
        application=application,
        salary=61000,
        counter_offer_risk=True,
        counter_offer_note="Current employer likely to match",
    )
    assert offer.counter_offer_risk
    assert "match" not in str(AuditEvent.objects.filter(action="offer.created").get().details)


def test_merging_candidates_moves_their_applications(open_vacancy, recruiter):
    from candidates.services import candidate_merge

    survivor = CandidateFactory(owner=recruiter, email="a@example.test")
    duplicate = CandidateFactory(owner=recruiter, email="b@example.test")
    application = ApplicationFactory(vacancy=open_vacancy, candidate=duplicate)
    candidate_merge(actor=recruiter, survivor=survivor, duplicate=duplicate)
    application.refresh_from_db()
    assert application.candidate == survivor


def test_rejection_reason_factory_is_idempotent(db):
    assert RejectionReasonFactory().pk == RejectionReasonFactory().pk
    assert Stage.PLACED in Stage.values
