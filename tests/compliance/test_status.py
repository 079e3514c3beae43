"""Each requirement as satisfied, missing, expired or pending — and the placement gate that asks."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from candidates.models import Qualification, WorkHistory
from compliance import services
from compliance.requirements import Requirements
from compliance.selectors.status import (
    requirement_status_list,
    requirement_status_list_many,
    requirement_unmet_list,
)
from tests.factories.candidates import CandidateFactory
from tests.factories.compliance import DBSCheckFactory, ReferenceCheckFactory, RightToWorkCheckFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def _status(candidate, requirements, on_date, user=None):
    return {
        s.requirement: (s.status, s.detail)
        for s in requirement_status_list(
            candidate=candidate, requirements=requirements, on_date=on_date, user=user
        )
    }


RTW_ONLY = Requirements()


def test_no_right_to_work_check_is_missing(candidate):
    assert _status(candidate, RTW_ONLY, D(2026, 7, 1))["right_to_work"][0] == "missing"


def test_list_b_group_1_is_in_date_up_to_and_including_the_expiry_day(candidate):
    RightToWorkCheckFactory(
        candidate=candidate,
        holds="digital_status",
        route="online_share_code",
        document_list="list_b_group_1",
        document_type="",
        share_code="WAB123CDE",
        permission_expires_on=D(2026, 9, 30),
    )
    assert _status(candidate, RTW_ONLY, D(2026, 9, 30))["right_to_work"][0] == "satisfied"
    status, detail = _status(candidate, RTW_ONLY, D(2026, 10, 1))["right_to_work"]
    assert status == "expired" and "30 Sep 2026" in detail


def test_pvn_excuse_expires_six_months_after_the_notice(candidate):
    RightToWorkCheckFactory(
        candidate=candidate,
        holds="pending_application",
        route="employer_checking_service",
        document_list="list_b_group_2",
        document_type="",
        pvn_issued_on=D(2026, 5, 15),
    )
    assert _status(candidate, RTW_ONLY, D(2026, 11, 15))["right_to_work"][0] == "satisfied"
    assert _status(candidate, RTW_ONLY, D(2026, 11, 16))["right_to_work"][0] == "expired"


def test_failed_and_pending_checks_do_not_clear(candidate):
    RightToWorkCheckFactory(candidate=candidate, outcome="pending")
    assert _status(candidate, RTW_ONLY, D(2026, 6, 2))["right_to_work"][0] == "pending"
    RightToWorkCheckFactory(candidate=candidate, outcome="fail")
    status, detail = _status(candidate, RTW_ONLY, D(2026, 6, 2))["right_to_work"]
    assert status == "missing" and "failed" in detail


def test_the_latest_check_counts_and_list_a_never_expires(candidate):
    RightToWorkCheckFactory(candidate=candidate, outcome="fail", checked_on=D(2026, 5, 1))
    RightToWorkCheckFactory(candidate=candidate, checked_on=D(2026, 5, 20))
    assert _status(candidate, RTW_ONLY, D(2040, 1, 1))["right_to_work"][0] == "satisfied"


def test_dbs_needs_the_level_and_is_due_for_recheck_after_three_years(
    candidate, compliance_officer, recruiter
):
    needs = Requirements(dbs_level="enhanced")
    assert _status(candidate, needs, D(2026, 6, 2))["dbs"] == ("missing", "Needs an enhanced DBS check.")
    DBSCheckFactory(candidate=candidate, actor=compliance_officer, level="basic")
    assert _status(candidate, needs, D(2026, 6, 2))["dbs"][0] == "missing"
    DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        level="enhanced",
        requirements=needs,
        issued_on=D(2024, 1, 10),
    )
    assert _status(candidate, needs, D(2027, 1, 9))["dbs"][0] == "satisfied"
    status, detail = _status(candidate, needs, D(2027, 1, 10), compliance_officer)["dbs"]
    assert status == "expired" and "10 Jan 2027" in detail
    assert _status(candidate, needs, D(2027, 1, 10), recruiter)["dbs"] == (
        "expired",
        "A new DBS check is needed.",
    )
    shorter = Requirements(dbs_level="enhanced", dbs_recheck_months=12)
    assert _status(candidate, shorter, D(2025, 1, 10))["dbs"][0] == "expired"


def test_dbs_detail_is_hidden_from_users_without_the_permission(candidate, compliance_officer, recruiter):
    DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        result="information_disclosed",
        decision_on=D(2026, 5, 20),
    )
    needs = Requirements(dbs_level="basic")
    for_officer = _status(candidate, needs, D(2026, 6, 2), compliance_officer)["dbs"]
    for_recruiter = _status(candidate, needs, D(2026, 6, 2), recruiter)["dbs"]
    assert for_officer[0] == for_recruiter[0] == "satisfied"
    assert "information disclosed" in for_officer[1]
    assert for_recruiter[1] == "Cleared."


def test_disclosed_information_without_a_decision_is_pending(candidate, compliance_officer):
    DBSCheckFactory(candidate=candidate, actor=compliance_officer, result="information_disclosed")
    assert _status(candidate, Requirements(dbs_level="basic"), D(2026, 6, 2))["dbs"][0] == "pending"


def test_a_recruiter_cannot_tell_a_disclosure_from_a_clear_certificate(
    candidate, compliance_officer, recruiter, teammate
):
    # Issue 17: before the decision both read "Not yet cleared"; after it both read "Cleared".
    other = CandidateFactory(owner=teammate)
    needs = Requirements(dbs_level="basic")
    seen = {}
    for person, result in ((candidate, "information_disclosed"), (other, "clear")):
        DBSCheckFactory(
            candidate=person,
            actor=compliance_officer,
            result=result,
            issued_on=D(2026, 5, 1),
            decision_on=None,
        )
        seen[result] = _status(person, needs, D(2026, 6, 2), recruiter)["dbs"]
    assert seen["information_disclosed"] == seen["clear"] == ("pending", "Not yet cleared.")
    officer = _status(candidate, needs, D(2026, 6, 2), compliance_officer)["dbs"]
    assert "disclosed" in officer[1]


def test_update_service_status_checks_move_the_recheck_or_expire_it(candidate, compliance_officer):
    needs = Requirements(dbs_level="basic")
    check = DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        issued_on=D(2023, 1, 1),
        update_service=True,
        update_service_consent_on=D(2023, 1, 1),
    )
    assert _status(candidate, needs, D(2026, 1, 1))["dbs"][0] == "expired"
    services.dbs_status_check_record(
        actor=compliance_officer,
        dbs_check=check,
        checked_on=D(2025, 12, 1),
        workforce="adult",
        outcome="no_change",
    )
    assert _status(candidate, needs, D(2026, 1, 1))["dbs"][0] == "satisfied"
    services.dbs_status_check_record(
        actor=compliance_officer,
        dbs_check=check,
        checked_on=D(2026, 5, 1),
        workforce="adult",
        outcome="new_information",
    )
    assert _status(candidate, needs, D(2026, 6, 2))["dbs"][0] == "expired"


def test_references_count_only_when_received_and_verified(candidate):
    needs = Requirements(references=2)
    ReferenceCheckFactory(candidate=candidate)
    assert _status(candidate, needs, D(2026, 6, 2))["references"][0] == "missing"
    ReferenceCheckFactory(candidate=candidate, received_on=None, verified=False)
    assert _status(candidate, needs, D(2026, 6, 2))["references"][0] == "pending"
    ReferenceCheckFactory(candidate=candidate)
    assert _status(candidate, needs, D(2026, 6, 2))["references"] == (
        "satisfied",
        "2 of 2 references received and verified.",
    )


def test_reg22_needs_two_non_relative_references_with_consent_or_a_note(candidate, recruiter):
    needs = Requirements(works_with_vulnerable_people=True)
    ReferenceCheckFactory(candidate=candidate)
    ReferenceCheckFactory(candidate=candidate, is_relative=True)
    ReferenceCheckFactory(candidate=candidate, consent_to_disclose=False)
    assert _status(candidate, needs, D(2026, 6, 2))["reg22_references"][0] == "missing"
    ReferenceCheckFactory(candidate=candidate, received_on=None, verified=False)
    assert _status(candidate, needs, D(2026, 6, 2))["reg22_references"][0] == "pending"
    services.vetting_note_record(
        actor=recruiter,
        candidate=candidate,
        covers="references",
        steps_taken="Second referee's employer has closed; we verified employment with HMRC records instead.",
    )
    assert _status(candidate, needs, D(2026, 6, 2))["reg22_references"][0] == "satisfied"


def test_reg22_qualifications_must_be_verified_or_explained(candidate, recruiter):
    needs = Requirements(works_with_vulnerable_people=True)
    assert _status(candidate, needs, D(2026, 6, 2))["reg22_qualifications"] == (
        "missing",
        "No qualifications recorded.",
    )
    Qualification.objects.create(candidate=candidate, name="Care Certificate", verified=True)
    Qualification.objects.create(candidate=candidate, name="NVQ 3", verified=False)
    assert _status(candidate, needs, D(2026, 6, 2))["reg22_qualifications"][0] == "missing"
    Qualification.objects.filter(candidate=candidate).update(verified=True)
    assert _status(candidate, needs, D(2026, 6, 2))["reg22_qualifications"][0] == "satisfied"
    other = CandidateFactory(owner=recruiter)
    services.vetting_note_record(
        actor=recruiter,
        candidate=other,
        covers="qualifications",
        steps_taken="Awarding body closed; we saw originals.",
    )
    assert _status(other, needs, D(2026, 6, 2))["reg22_qualifications"][0] == "satisfied"


def test_work_history_gaps_over_three_months_need_an_explanation(candidate, recruiter):
    needs = Requirements(works_with_vulnerable_people=True)
    WorkHistory.objects.create(
        candidate=candidate, employer="A", title="Carer", started_on=D(2019, 1, 1), ended_on=D(2020, 1, 31)
    )
    WorkHistory.objects.create(
        candidate=candidate, employer="B", title="Carer", started_on=D(2020, 5, 2), ended_on=None
    )
    status, detail = _status(candidate, needs, D(2026, 6, 2))["work_history_gaps"]
    assert status == "missing" and "1 Feb 2020" in detail
    services.gap_explanation_record(
        actor=recruiter,
        candidate=candidate,
        starts_on=D(2020, 2, 1),
        ends_on=D(2020, 5, 1),
        explanation="Caring for a parent.",
    )
    assert _status(candidate, needs, D(2026, 6, 2))["work_history_gaps"][0] == "satisfied"


def test_a_fully_vetted_care_worker_meets_every_requirement(candidate, compliance_officer, care_role):
    RightToWorkCheckFactory(candidate=candidate)
    DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        level="enhanced_barred",
        barred_lists="adults",
        requirements=care_role,
    )
    ReferenceCheckFactory(candidate=candidate)
    ReferenceCheckFactory(candidate=candidate)
    Qualification.objects.create(candidate=candidate, name="Care Certificate", verified=True)
    assert requirement_unmet_list(candidate=candidate, requirements=care_role, on_date=D(2026, 7, 1)) == []


def test_statuses_for_many_candidates_take_a_fixed_number_of_queries(
    recruiter, compliance_officer, care_role, django_assert_max_num_queries
):
    candidates = [CandidateFactory(owner=recruiter) for _ in range(2)]
    DBSCheckFactory(candidate=candidates[0], actor=compliance_officer)
    with django_assert_max_num_queries(8) as few:
        requirement_status_list_many(
            candidate_ids=[c.pk for c in candidates], requirements=care_role, on_date=D(2026, 7, 1)
        )
    more = [CandidateFactory(owner=recruiter) for _ in range(6)]
    for c in more:
        RightToWorkCheckFactory(candidate=c)
        ReferenceCheckFactory(candidate=c)
        DBSCheckFactory(candidate=c, actor=compliance_officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        found = requirement_status_list_many(
            candidate_ids=[c.pk for c in candidates + more], requirements=care_role, on_date=D(2026, 7, 1)
        )
    assert len(found) == 8


def test_reg22_notes_are_available_for_the_client_review_page(candidate, recruiter):
    from compliance.selectors.records import reg22_notes_get

    note = services.vetting_note_record(
        actor=recruiter,
        candidate=candidate,
        covers="references",
        steps_taken="Employer closed; verified with HMRC.",
    )
    assert reg22_notes_get(candidate_ids=[candidate.pk]) == {candidate.pk: [note]}
