"""Recording checks: the guided route rules, field errors, evidence, immutability and corrections."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError

from compliance import services
from compliance.models import DBSCheck, RightToWorkCheck
from compliance.models.checks import ImmutableCheckError
from compliance.requirements import Requirements
from compliance.selectors.records import rtw_warning_list
from core.models import AuditEvent
from tests.factories.compliance import DBSCheckFactory, ReferenceCheckFactory, RightToWorkCheckFactory

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def _rtw(candidate, recruiter, **overrides):
    fields = {
        "holds": "digital_status",
        "route": "online_share_code",
        "document_list": "list_b_group_1",
        "share_code": "WAB123CDE",
        "checked_on": D(2026, 5, 20),
        "permission_expires_on": D(2027, 5, 19),
        "outcome": "pass",
    }
    fields.update(overrides)
    return services.rtw_check_record(actor=recruiter, candidate=candidate, **fields)


def test_share_code_check_derives_excuse_and_follow_up_dates(candidate, recruiter):
    check = _rtw(candidate, recruiter, share_code="wab 123 cde")
    assert check.share_code == "WAB123CDE"
    assert check.excuse_until == D(2027, 5, 19)
    assert check.follow_up_due_on == D(2027, 4, 21)
    assert check.checked_by == recruiter
    assert AuditEvent.objects.filter(action="rtw_check.recorded", object_id=check.pk).exists()


def test_ecs_check_protects_six_months_from_the_pvn(candidate, recruiter):
    check = _rtw(
        candidate,
        recruiter,
        holds="pending_application",
        route="employer_checking_service",
        document_list="list_b_group_2",
        share_code="",
        permission_expires_on=None,
        pvn_issued_on=D(2026, 5, 18),
    )
    assert check.excuse_until == D(2026, 11, 18)
    assert check.follow_up_due_on == D(2026, 10, 21)


def test_idsp_is_refused_unless_the_candidate_holds_a_valid_british_or_irish_passport(candidate, recruiter):
    for holds in ("", "british_irish_other", "digital_status", "other_documents"):
        with pytest.raises(ValidationError) as exc:
            _rtw(candidate, recruiter, holds=holds, route="idsp", document_list="list_a", share_code="")
        assert "IDSP" in " ".join(exc.value.message_dict["route"])
    check = _rtw(
        candidate,
        recruiter,
        holds="british_irish_passport",
        route="idsp",
        document_list="list_a",
        share_code="",
    )
    assert check.excuse_until is None


def test_route_must_match_what_the_candidate_holds(candidate, recruiter):
    with pytest.raises(ValidationError) as exc:
        _rtw(
            candidate,
            recruiter,
            holds="pending_application",
            route="manual_document",
            document_type="Passport",
            share_code="",
        )
    assert "route" in exc.value.message_dict


def test_bad_share_codes_and_missing_dates_are_field_errors(candidate, recruiter):
    with pytest.raises(ValidationError) as exc:
        _rtw(
            candidate, recruiter, share_code="AB123CDEF", permission_expires_on=None, checked_on=D(2026, 7, 1)
        )
    errors = exc.value.message_dict
    assert "starts with W" in errors["share_code"][0]
    assert "permission_expires_on" in errors and "checked_on" in errors
    with pytest.raises(ValidationError) as exc:
        _rtw(
            candidate,
            recruiter,
            route="manual_document",
            holds="other_documents",
            document_type="",
            document_list="list_b_group_2",
        )
    errors = exc.value.message_dict
    assert {"share_code", "document_type", "pvn_issued_on"} <= set(errors)
    with pytest.raises(ValidationError) as exc:
        _rtw(candidate, recruiter, route="bogus", document_list="bogus", outcome="maybe", holds="nothing")
    assert {"route", "list", "outcome", "holds"} <= set(exc.value.message_dict)


def test_permission_already_expired_and_pvn_after_check_are_refused(candidate, recruiter):
    with pytest.raises(ValidationError) as exc:
        _rtw(candidate, recruiter, permission_expires_on=D(2026, 5, 1))
    assert "permission_expires_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _rtw(
            candidate,
            recruiter,
            holds="pending_application",
            route="employer_checking_service",
            document_list="list_b_group_1",
            share_code="",
            pvn_issued_on=D(2026, 5, 25),
        )
    assert "list" in exc.value.message_dict


def test_share_code_older_than_90_days_is_warned_about(candidate, recruiter):
    fresh = _rtw(candidate, recruiter, share_code_issued_on=D(2026, 3, 1))
    stale = _rtw(candidate, recruiter, share_code_issued_on=D(2026, 2, 18))
    assert rtw_warning_list(fresh) == []
    assert "90 days" in rtw_warning_list(stale)[0]


def test_evidence_is_checked_by_content_and_stored_with_its_sha256(candidate, recruiter):
    check = _rtw(candidate, recruiter, evidence=io.BytesIO(PDF), evidence_filename="scan.pdf")
    assert check.evidence_sha256 == hashlib.sha256(PDF).hexdigest()
    assert check.evidence_content_type == "application/pdf"
    assert "scan" not in check.evidence.name and check.evidence.name.startswith("compliance/evidence/")
    with check.evidence.open("rb") as handle:
        assert handle.read() == PDF
    with pytest.raises(ValidationError) as exc:
        _rtw(
            candidate,
            recruiter,
            evidence=io.BytesIO(b"MZ\x90\x00 not a document"),
            evidence_filename="scan.pdf",
        )
    assert "PDF, JPEG or PNG" in exc.value.message_dict["evidence"][0]
    with pytest.raises(ValidationError):
        _rtw(candidate, recruiter, evidence=io.BytesIO(b""), evidence_filename="empty.png")


def test_a_recorded_check_is_never_edited_and_a_correction_keeps_the_history(candidate, recruiter):
    first = _rtw(candidate, recruiter, permission_expires_on=D(2027, 1, 1))
    first.outcome = "fail"
    with pytest.raises(ImmutableCheckError):
        first.save()
    with pytest.raises(ImmutableCheckError):
        first.save(update_fields=["outcome"])
    correction = _rtw(candidate, recruiter, permission_expires_on=D(2027, 5, 19), supersedes=first)
    first.refresh_from_db()
    assert first.outcome == "pass" and first.superseded_by == correction
    assert RightToWorkCheck.objects.filter(candidate=candidate).count() == 2
    assert list(RightToWorkCheck.objects.current().filter(candidate=candidate)) == [correction]
    with pytest.raises(ValidationError):
        _rtw(candidate, recruiter, supersedes=first)  # already corrected


def test_a_correction_must_belong_to_the_same_candidate(candidate, recruiter):
    other = RightToWorkCheckFactory()
    with pytest.raises(ValidationError) as exc:
        _rtw(candidate, recruiter, supersedes=other)
    assert "another candidate" in exc.value.message_dict["supersedes"][0]


def test_dbs_levels_need_an_eligible_vacancy(candidate, compliance_officer, care_role):
    base = {
        "workforce": "adult",
        "certificate_number": "001234567890",
        "issued_on": D(2026, 5, 1),
        "result": "clear",
    }
    with pytest.raises(ValidationError) as exc:
        services.dbs_check_record(actor=compliance_officer, candidate=candidate, level="enhanced", **base)
    assert "vacancy" in exc.value.message_dict
    office = Requirements(dbs_level="basic")
    with pytest.raises(ValidationError) as exc:
        services.dbs_check_record(
            actor=compliance_officer, candidate=candidate, level="standard", requirements=office, **base
        )
    assert "eligible" in exc.value.message_dict["level"][0]
    with pytest.raises(ValidationError) as exc:
        services.dbs_check_record(
            actor=compliance_officer,
            candidate=candidate,
            level="enhanced_barred",
            barred_lists="adults",
            requirements=Requirements(dbs_level="enhanced"),
            **base,
        )
    assert "regulated activity" in exc.value.message_dict["level"][0]
    with pytest.raises(ValidationError) as exc:
        services.dbs_check_record(
            actor=compliance_officer,
            candidate=candidate,
            level="enhanced",
            barred_lists="adults",
            requirements=care_role,
            **base,
        )
    assert "barred_lists" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.dbs_check_record(
            actor=compliance_officer,
            candidate=candidate,
            level="enhanced_barred",
            requirements=care_role,
            **base,
        )
    assert "barred_lists" in exc.value.message_dict
    check = services.dbs_check_record(
        actor=compliance_officer,
        candidate=candidate,
        level="enhanced_barred",
        barred_lists="adults",
        requirements=care_role,
        **base,
    )
    assert check.recheck_due_on == D(2029, 5, 1)


def test_dbs_certificate_number_dates_and_images_are_validated(candidate, compliance_officer, settings):
    with pytest.raises(ValidationError) as exc:
        services.dbs_check_record(
            actor=compliance_officer,
            candidate=candidate,
            level="basic",
            workforce="sideways",
            certificate_number="12345",
            issued_on=D(2026, 7, 1),
            decision_on=D(2026, 6, 30),
            result="unknown",
            update_service_consent_on=D(2026, 5, 1),
            certificate_image=io.BytesIO(PNG),
        )
    errors = exc.value.message_dict
    assert {
        "workforce",
        "certificate_number",
        "issued_on",
        "decision_on",
        "result",
        "update_service_consent_on",
    } <= set(errors)
    assert "not kept" in errors["certificate_image"][0]
    settings.COMPLIANCE_DBS_KEEP_IMAGES = True
    check = services.dbs_check_record(
        actor=compliance_officer,
        candidate=candidate,
        level="basic",
        workforce="adult",
        certificate_number="0012 3456 7890",
        issued_on=D(2026, 5, 1),
        decision_on=D(2026, 5, 3),
        result="clear",
        certificate_image=io.BytesIO(PNG),
        image_filename="cert.png",
    )
    assert check.certificate_number == "001234567890"
    assert check.image_sha256 == hashlib.sha256(PNG).hexdigest()


def test_a_client_may_set_a_shorter_dbs_recheck(candidate, compliance_officer):
    check = DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        requirements=Requirements(dbs_level="basic", dbs_recheck_months=12),
        issued_on=D(2026, 1, 15),
    )
    assert check.recheck_due_on == D(2027, 1, 15)


def test_update_service_status_checks_need_consent_and_the_same_workforce(candidate, compliance_officer):
    without = DBSCheckFactory(candidate=candidate, actor=compliance_officer, update_service=True)
    with pytest.raises(ValidationError) as exc:
        services.dbs_status_check_record(
            actor=compliance_officer,
            dbs_check=without,
            checked_on=D(2026, 5, 30),
            workforce="adult",
            outcome="no_change",
        )
    assert "consent" in exc.value.message_dict["dbs_check"][0]
    subscribed = DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        update_service=True,
        update_service_consent_on=D(2026, 5, 1),
    )
    with pytest.raises(ValidationError) as exc:
        services.dbs_status_check_record(
            actor=compliance_officer,
            dbs_check=subscribed,
            checked_on=D(2026, 5, 30),
            workforce="child",
            outcome="no_change",
        )
    assert "workforce" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.dbs_status_check_record(
            actor=compliance_officer,
            dbs_check=subscribed,
            checked_on=D(2026, 4, 1),
            workforce="adult",
            outcome="meh",
        )
    status = services.dbs_status_check_record(
        actor=compliance_officer,
        dbs_check=subscribed,
        checked_on=D(2026, 5, 30),
        workforce="adult",
        outcome="no_change",
    )
    assert (
        status.dbs_check == subscribed and DBSCheck.objects.get(pk=subscribed.pk).status_checks.count() == 1
    )


def test_references_are_validated(candidate, recruiter):
    with pytest.raises(ValidationError) as exc:
        services.reference_check_record(
            actor=recruiter,
            candidate=candidate,
            referee_name="",
            relationship="Manager",
            requested_on=D(2026, 5, 10),
            received_on=D(2026, 5, 1),
            employed_from=D(2024, 1, 1),
            employed_to=D(2023, 1, 1),
        )
    errors = exc.value.message_dict
    assert "referee_name" in errors and "non_field_errors" in errors
    with pytest.raises(ValidationError) as exc:
        services.reference_check_record(
            actor=recruiter,
            candidate=candidate,
            referee_name="A Person",
            relationship="Manager",
            requested_on=D(2026, 5, 10),
            verified=True,
        )
    assert "verified" in exc.value.message_dict
    reference = ReferenceCheckFactory(candidate=candidate)
    correction = ReferenceCheckFactory(candidate=candidate, supersedes=reference, is_relative=True)
    reference.refresh_from_db()
    assert reference.superseded_by == correction


def test_gap_explanations_and_reg22_notes_need_words(candidate, recruiter):
    with pytest.raises(ValidationError):
        services.gap_explanation_record(
            actor=recruiter,
            candidate=candidate,
            starts_on=D(2020, 1, 1),
            ends_on=D(2020, 6, 1),
            explanation=" ",
        )
    with pytest.raises(ValidationError):
        services.gap_explanation_record(
            actor=recruiter,
            candidate=candidate,
            starts_on=D(2020, 6, 1),
            ends_on=D(2020, 1, 1),
            explanation="Travel",
        )
    with pytest.raises(ValidationError):
        services.vetting_note_record(
            actor=recruiter, candidate=candidate, covers="references", steps_taken="tried"
        )
    with pytest.raises(ValidationError):
        services.vetting_note_record(
            actor=recruiter, candidate=candidate, covers="other", steps_taken="x" * 40
        )
    note = services.vetting_note_record(
        actor=recruiter,
        candidate=candidate,
        covers="references",
        steps_taken="The previous employer has closed; we called two former colleagues.",
    )
    assert note.covers == "references"


def test_barred_list_must_match_the_workforce(candidate, compliance_officer, care_role):
    with pytest.raises(ValidationError) as exc:
        services.dbs_check_record(
            actor=compliance_officer,
            candidate=candidate,
            level="enhanced_barred",
            barred_lists="children",
            workforce="adult",
            certificate_number="001234567890",
            issued_on=D(2026, 5, 1),
            result="clear",
            requirements=care_role,
        )
    assert "workforce" in exc.value.message_dict["barred_lists"][0]
