"""Compliance pages: due list, vetting page, panels, the guided right-to-work form and the other
forms; DBS hidden from everyone without the permission and logged when shown; outsiders get 404."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import WorkHistory
from compliance import services
from compliance.models import (
    ComplianceTask,
    DBSCheck,
    GapExplanation,
    ReferenceCheck,
    RightToWorkCheck,
    VettingNote,
)
from compliance.requirements import Requirements
from core.models import AccessLog
from tests.compliance.conftest import at_offer
from tests.factories.candidates import CandidateFactory
from tests.factories.compliance import DBSCheckFactory, RightToWorkCheckFactory

TODAY = datetime.date.today()
PDF = b"%PDF-1.4\n%%EOF\n"


def _page(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return response.content.decode()


def test_guided_form_offers_routes_by_what_the_candidate_holds(client, recruiter, candidate):
    url = reverse("compliance:rtw-new", args=[candidate.pk])
    page = _page(client, recruiter, url)
    assert "What does the candidate hold?" in page
    passport = _page(client, recruiter, f"{url}?holds=british_irish_passport")
    assert 'value="idsp"' in passport and 'value="manual_document"' in passport
    assert 'name="share_code"' not in passport
    digital = _page(client, recruiter, f"{url}?holds=digital_status")
    assert (
        'value="idsp"' not in digital
        and 'value="online_share_code"' in digital
        and 'name="share_code"' in digital
    )
    pending = _page(client, recruiter, f"{url}?holds=pending_application")
    assert 'value="employer_checking_service"' in pending and 'name="pvn_issued_on"' in pending
    assert "What does the candidate hold?" in _page(client, recruiter, f"{url}?holds=martian")


def test_guided_form_records_a_check_with_evidence_and_warns_about_a_stale_share_code(
    client, recruiter, candidate
):
    client.force_login(recruiter)
    url = reverse("compliance:rtw-new", args=[candidate.pk])
    data = {
        "holds": "digital_status",
        "route": "online_share_code",
        "document_list": "list_b_group_1",
        "share_code": "WAB123CDE",
        "share_code_issued_on": (TODAY - datetime.timedelta(days=120)).isoformat(),
        "checked_on": TODAY.isoformat(),
        "permission_expires_on": (TODAY + datetime.timedelta(days=300)).isoformat(),
        "outcome": "pass",
        "evidence": SimpleUploadedFile("check.pdf", PDF, content_type="application/pdf"),
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Right-to-work check recorded." in page and "more than 90 days old" in page
    check = RightToWorkCheck.objects.get(candidate=candidate)
    assert check.has_evidence and check.holds == "digital_status"


def test_guided_form_shows_field_errors(client, recruiter, candidate):
    client.force_login(recruiter)
    url = reverse("compliance:rtw-new", args=[candidate.pk])
    response = client.post(
        url,
        {
            "holds": "digital_status",
            "route": "online_share_code",
            "document_list": "list_b_group_1",
            "share_code": "XX",
            "checked_on": TODAY.isoformat(),
            "outcome": "pass",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "9 characters and starts with W" in page and "Give the date the permission expires." in page
    assert not RightToWorkCheck.objects.exists()


def test_vetting_page_hides_dbs_from_recruiters_and_logs_it_for_compliance(
    client, recruiter, compliance_officer, candidate
):
    check = DBSCheckFactory(candidate=candidate, actor=compliance_officer, certificate_number="009876543210")
    url = reverse("compliance:candidate", args=[candidate.pk])
    recruiter_page = _page(client, recruiter, url)
    assert "009876543210" not in recruiter_page and "DBS checks" not in recruiter_page
    assert not AccessLog.objects.filter(user=recruiter).exists()
    officer_page = _page(client, compliance_officer, url)
    assert "009876543210" in officer_page
    assert AccessLog.objects.filter(user=compliance_officer, object_id=check.pk, action="view").exists()
    assert _page(client, recruiter, reverse("compliance:dbs-new", args=[candidate.pk]), 403)
    assert _page(client, recruiter, reverse("compliance:dbs-image", args=[check.pk]), 404)


def test_outsiders_get_404_on_every_candidate_page(client, outsider, candidate):
    check = RightToWorkCheckFactory(candidate=candidate, evidence=io.BytesIO(PDF), evidence_filename="p.pdf")
    for name in ("candidate", "candidate-panel", "rtw-new", "dbs-new", "reference-new", "note-new"):
        _page(client, outsider, reverse(f"compliance:{name}", args=[candidate.pk]), 404)
    _page(client, outsider, reverse("compliance:rtw-evidence", args=[check.pk]), 404)
    client.force_login(outsider)
    assert client.post(reverse("compliance:gap-explain", args=[candidate.pk]), {}).status_code == 404


def test_panel_shows_each_requirement_against_a_vacancy(client, recruiter, candidate, care_vacancy):
    at_offer(vacancy=care_vacancy, candidate=candidate, actor=recruiter)
    url = reverse("compliance:candidate-panel", args=[candidate.pk])
    general = _page(client, recruiter, url)
    assert "Right to work" in general and "Healthcare Assistant" in general
    page = _page(client, recruiter, f"{url}?vacancy={care_vacancy.pk}")
    assert "Not cleared for this vacancy" in page and "vet-missing" in page and "DBS check" in page
    _page(client, recruiter, f"{url}?vacancy=99999", 404)
    _page(client, recruiter, f"{url}?vacancy=abc", 404)


def test_candidate_application_and_board_pages_carry_the_compliance_panel(
    client, recruiter, candidate, office_vacancy
):
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    detail = _page(client, recruiter, reverse("candidates:detail", args=[candidate.pk]))
    assert reverse("compliance:candidate-panel", args=[candidate.pk]) in detail
    app_page = _page(client, recruiter, reverse("vacancies:application", args=[application.pk]))
    assert (
        f"{reverse('compliance:candidate-panel', args=[candidate.pk])}?vacancy={office_vacancy.pk}"
        in app_page
    )
    board = _page(client, recruiter, reverse("vacancies:board", args=[office_vacancy.pk]))
    assert "card-checks" in board and "vet-chip vet-missing" in board
    RightToWorkCheckFactory(candidate=candidate)
    board = _page(client, recruiter, reverse("vacancies:board", args=[office_vacancy.pk]))
    assert "vet-chip vet-satisfied" in board


def test_board_query_count_stays_constant_with_compliance_chips(
    client, recruiter, office_vacancy, django_assert_max_num_queries
):
    for _ in range(2):
        at_offer(vacancy=office_vacancy, candidate=CandidateFactory(owner=recruiter), actor=recruiter)
    client.force_login(recruiter)
    url = reverse("vacancies:board", args=[office_vacancy.pk])
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(5):
        candidate = CandidateFactory(owner=recruiter)
        RightToWorkCheckFactory(candidate=candidate)
        at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_reference_note_and_gap_forms(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(
        reverse("compliance:reference-new", args=[candidate.pk]),
        {"referee_name": "", "relationship": "Manager", "requested_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("compliance:reference-new", args=[candidate.pk]),
        {
            "referee_name": "Sam Jones",
            "relationship": "Manager",
            "requested_on": TODAY.isoformat(),
            "received_on": TODAY.isoformat(),
            "verified": "on",
            "consent_to_disclose": "on",
        },
    )
    assert response.status_code == 302 and ReferenceCheck.objects.filter(candidate=candidate).count() == 1
    assert (
        client.post(
            reverse("compliance:note-new", args=[candidate.pk]), {"covers": "references", "steps_taken": "x"}
        ).status_code
        == 400
    )
    response = client.post(
        reverse("compliance:note-new", args=[candidate.pk]),
        {
            "covers": "qualifications",
            "steps_taken": "The college has closed; we saw the original certificate.",
        },
    )
    assert response.status_code == 302 and VettingNote.objects.filter(candidate=candidate).exists()
    WorkHistory.objects.create(
        candidate=candidate,
        employer="A",
        title="Carer",
        started_on=datetime.date(2019, 1, 1),
        ended_on=datetime.date(2020, 1, 31),
    )
    WorkHistory.objects.create(
        candidate=candidate, employer="B", title="Carer", started_on=datetime.date(2020, 9, 1)
    )
    page = _page(client, recruiter, reverse("compliance:candidate", args=[candidate.pk]))
    assert "1 Feb 2020" in page and "what was the candidate doing?" in page
    url = reverse("compliance:gap-explain", args=[candidate.pk])
    base = {"prefix": "gap-0", "gap-0-starts_on": "2020-02-01", "gap-0-ends_on": "2020-08-31"}
    assert client.post(url, {**base, "gap-0-explanation": ""}).status_code == 302
    assert not GapExplanation.objects.exists()
    assert client.post(url, {**base, "gap-0-explanation": "Travelling in South America"}).status_code == 302
    assert GapExplanation.objects.filter(candidate=candidate).exists()
    assert client.post(url, {"prefix": "evil"}).status_code == 404


def test_dbs_forms_for_the_compliance_officer(client, compliance_officer, recruiter, candidate, care_vacancy):
    at_offer(vacancy=care_vacancy, candidate=candidate, actor=recruiter)
    client.force_login(compliance_officer)
    url = reverse("compliance:dbs-new", args=[candidate.pk])
    page = client.get(url).content.decode()
    assert "Healthcare Assistant" in page
    data = {
        "level": "enhanced_barred",
        "barred_lists": "adults",
        "workforce": "adult",
        "certificate_number": "001234567890",
        "issued_on": TODAY.isoformat(),
        "result": "clear",
        "update_service": "on",
        "update_service_consent_on": TODAY.isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "choose the vacancy" in response.content.decode()
    response = client.post(url, {**data, "vacancy": str(care_vacancy.pk)})
    assert response.status_code == 302
    check = DBSCheck.objects.get(candidate=candidate)
    status_url = reverse("compliance:dbs-status-new", args=[candidate.pk, check.pk])
    assert client.get(status_url).status_code == 200
    bad = client.post(
        status_url, {"checked_on": TODAY.isoformat(), "workforce": "child", "outcome": "no_change"}
    )
    assert bad.status_code == 400
    good = client.post(
        status_url, {"checked_on": TODAY.isoformat(), "workforce": "adult", "outcome": "no_change"}
    )
    assert good.status_code == 302 and check.status_checks.count() == 1


def test_dbs_certificate_image_download_is_logged(client, compliance_officer, candidate, settings):
    settings.COMPLIANCE_DBS_KEEP_IMAGES = True
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    check = DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        decision_on=TODAY,
        certificate_image=io.BytesIO(png),
        requirements=Requirements(dbs_level="basic"),
    )
    client.force_login(compliance_officer)
    response = client.get(reverse("compliance:dbs-image", args=[check.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert AccessLog.objects.filter(user=compliance_officer, action="download", object_id=check.pk).exists()


def test_due_page_lists_tasks_and_marks_them_done(client, recruiter, compliance_officer, candidate):
    RightToWorkCheckFactory(
        candidate=candidate,
        holds="digital_status",
        route="online_share_code",
        document_list="list_b_group_1",
        document_type="",
        share_code="WAB123CDE",
        permission_expires_on=TODAY + datetime.timedelta(days=5),
    )
    DBSCheckFactory(
        candidate=candidate, actor=compliance_officer, issued_on=TODAY - datetime.timedelta(days=3 * 365)
    )
    services.rtw_follow_ups_create(today=TODAY)
    services.dbs_recheck_reminders_create(today=TODAY)
    recruiter_page = _page(client, recruiter, reverse("compliance:index"))
    assert "Right-to-work follow-up check" in recruiter_page and "DBS re-check due" not in recruiter_page
    officer_page = _page(client, compliance_officer, reverse("compliance:index"))
    assert "DBS re-check due" in officer_page
    dashboard = _page(client, recruiter, reverse("dashboard"))
    # The follow-up and its escalation (5 days left); the DBS re-check is not theirs to see.
    assert "<strong>2</strong> compliance checks due" in dashboard
    assert "<strong>3</strong> compliance checks due" in _page(
        client, compliance_officer, reverse("dashboard")
    )
    task = ComplianceTask.objects.get(kind="rtw_follow_up")
    client.force_login(recruiter)
    assert client.post(reverse("compliance:task-done", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None


def test_due_page_query_count_is_constant(client, recruiter, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            candidate = CandidateFactory(owner=recruiter)
            RightToWorkCheckFactory(
                candidate=candidate,
                holds="digital_status",
                route="online_share_code",
                document_list="list_b_group_1",
                document_type="",
                share_code="WAB123CDE",
                permission_expires_on=TODAY + datetime.timedelta(days=10),
            )
        services.rtw_follow_ups_create(today=TODAY)

    add(1)
    client.force_login(recruiter)
    client.get(reverse("compliance:index"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("compliance:index"))
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("compliance:index"))


def test_employment_end_is_recorded_from_the_vetting_page(client, recruiter, candidate):
    from compliance.models import EmploymentEnd

    client.force_login(recruiter)
    url = reverse("compliance:employment-end", args=[candidate.pk])
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    assert client.post(url, {"ended_on": future}).status_code == 302
    assert not EmploymentEnd.objects.exists()
    assert client.post(url, {"ended_on": TODAY.isoformat()}).status_code == 302
    assert EmploymentEnd.objects.get(candidate=candidate).ended_on == TODAY
    assert "Employment ended on" in _page(
        client, recruiter, reverse("compliance:candidate", args=[candidate.pk])
    )


def test_merging_candidates_moves_their_vetting_to_the_survivor(recruiter, candidate):
    from candidates.services import candidate_merge

    duplicate = CandidateFactory(
        owner=recruiter, first_name=candidate.first_name, last_name=candidate.last_name
    )
    check = RightToWorkCheckFactory(candidate=duplicate)
    services.employment_end_record(actor=recruiter, candidate=duplicate, ended_on=TODAY)
    candidate_merge(actor=recruiter, survivor=candidate, duplicate=duplicate)
    check.refresh_from_db()
    assert check.candidate == candidate
    assert candidate.employment_end.ended_on == TODAY


def test_board_cards_show_dbs_detail_only_to_compliance_and_log_it(
    client, recruiter, compliance_officer, candidate, care_vacancy
):
    at_offer(vacancy=care_vacancy, candidate=candidate, actor=recruiter)
    DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        level="enhanced_barred",
        barred_lists="adults",
        requirements=Requirements(dbs_level="enhanced_barred"),
    )
    url = reverse("vacancies:board", args=[care_vacancy.pk])
    assert "barred" not in _page(client, recruiter, url).lower()
    assert not AccessLog.objects.filter(user=recruiter).exists()
    assert "Enhanced with barred list(s) check, clear" in _page(client, compliance_officer, url)
    assert AccessLog.objects.filter(
        user=compliance_officer, object_id=candidate.pk, details__via="cards"
    ).exists()
