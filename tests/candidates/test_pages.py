"""Candidate pages: the permission matrix, forms with inline errors, escaping, constant queries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Candidate, DiversityRecord, ImportJob, SavedSearch
from core.models import AccessLog
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def candidate_urls(candidate, other):
    pk = candidate.pk
    consent = candidate.consents.get()
    document = candidate.documents.first()
    urls = [
        ("get", reverse("candidates:detail", args=[pk])),
        ("get", reverse("candidates:edit", args=[pk])),
        ("post", reverse("candidates:edit", args=[pk])),
        ("get", reverse("candidates:merge", args=[pk]) + f"?duplicate={other.pk}"),
        ("post", reverse("candidates:merge", args=[pk])),
        ("post", reverse("candidates:document-upload", args=[pk])),
        ("post", reverse("candidates:consent-add", args=[pk])),
        ("post", reverse("candidates:consent-withdraw", args=[pk, consent.pk])),
        ("post", reverse("candidates:availability", args=[pk])),
        ("post", reverse("candidates:privacy-notice", args=[pk])),
        ("get", reverse("candidates:diversity", args=[pk])),
    ]
    if document:
        urls.append(("get", reverse("candidates:document-download", args=[pk, document.pk])))
    return urls


def test_outsider_gets_404_on_every_candidate_page(client, recruiter, outsider):
    candidate = CandidateFactory(owner=recruiter)
    other = CandidateFactory(owner=recruiter)
    from candidates.services import document_upload

    document_upload(
        actor=recruiter, candidate=candidate, upload=SimpleUploadedFile("a.txt", b"x"), filename="a.txt"
    )
    client.force_login(outsider)
    for method, url in candidate_urls(candidate, other):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)


def test_compliance_officer_sees_but_may_not_change(client, recruiter, compliance_officer):
    candidate = CandidateFactory(owner=recruiter)
    client.force_login(compliance_officer)
    assert client.get(reverse("candidates:detail", args=[candidate.pk])).status_code == 200
    assert client.get(reverse("candidates:edit", args=[candidate.pk])).status_code == 403
    assert client.post(reverse("candidates:availability", args=[candidate.pk])).status_code == 403
    assert client.get(reverse("candidates:create")).status_code == 403
    assert client.get(reverse("candidates:export")).status_code == 403
    assert client.get(reverse("candidates:diversity", args=[candidate.pk])).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("candidates:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_form_saves_and_redirects(client, recruiter):
    client.force_login(recruiter)
    response = client.post(
        reverse("candidates:create"),
        {
            "first_name": "Tom",
            "last_name": "Ford",
            "email": "tom@ford.test",
            "phone": "0113 496 0000",
            "postcode": "ls1 1aa",
            "source": "direct",
            "right_to_work": "yes",
            "status": "active",
            "skills": "js, SQL",
            "employment_types": ["perm"],
            "history-TOTAL_FORMS": "1",
            "history-INITIAL_FORMS": "0",
            "history-0-employer": "ACME",
            "history-0-title": "Dev",
            "quals-TOTAL_FORMS": "1",
            "quals-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    candidate = Candidate.objects.get(email="tom@ford.test")
    assert candidate.lawful_basis == "contract" and candidate.phone == "+441134960000"
    assert candidate.work_history.get().employer == "ACME"


def test_create_form_shows_inline_errors_and_a_link_to_the_duplicate(client, recruiter):
    existing = CandidateFactory(owner=recruiter, email="dup@x.test")
    client.force_login(recruiter)
    base = {
        "first_name": "A",
        "last_name": "B",
        "source": "direct",
        "right_to_work": "unknown",
        "status": "active",
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
        "quals-TOTAL_FORMS": "0",
        "quals-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("candidates:create"), {**base, "phone": "123", "postcode": "nope"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid phone number" in html and "Enter a UK postcode" in html
    response = client.post(reverse("candidates:create"), {**base, "email": "DUP@x.test"})
    assert response.status_code == 400
    assert reverse("candidates:detail", args=[existing.pk]) in response.content.decode()


def test_duplicate_check_warns_before_saving(client, recruiter):
    existing = CandidateFactory(owner=recruiter, email="dup@x.test", phone="+447700900555")
    client.force_login(recruiter)
    html = client.post(reverse("candidates:check-duplicates"), {"email": "Dup@X.test"}).content.decode()
    assert f"#{existing.pk}" in html and "already belongs" in html
    html = client.post(reverse("candidates:check-duplicates"), {"phone": "07700 900555"}).content.decode()
    assert "Possible duplicate" in html
    assert client.get(reverse("candidates:check-duplicates"), {"email": "a@b.test"}).status_code == 405


def test_names_with_html_are_rendered_escaped(client, recruiter):
    candidate = CandidateFactory(
        owner=recruiter,
        first_name="<script>alert(1)</script>",
        last_name="<b>x</b>",
        summary="<img src=x onerror=alert(2)>",
    )
    client.force_login(recruiter)
    for url in (
        reverse("candidates:detail", args=[candidate.pk]),
        reverse("candidates:index"),
        reverse("candidates:index") + "?q=alert",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>x</b>" not in html
        assert "&lt;script&gt;" in html


def test_list_page_runs_a_constant_number_of_queries(client, recruiter, django_assert_max_num_queries):
    client.force_login(recruiter)
    for _ in range(2):
        CandidateFactory(owner=recruiter, skills=["Python"], tags=["x"])
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("candidates:index"), {"q": "developer"}).status_code == 200
    for _ in range(25):
        CandidateFactory(owner=recruiter, skills=["Python", "Go"], tags=["x"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("candidates:index"), {"q": "developer"})
    assert response.content.decode().count('name="ids"') == 27


def test_malformed_search_shows_an_inline_hint(client, recruiter):
    client.force_login(recruiter)
    response = client.get(reverse("candidates:index"), {"q": '"unclosed'})
    assert response.status_code == 200
    assert "Search not understood" in response.content.decode()


def test_filters_and_htmx_partial(client, recruiter):
    CandidateFactory(owner=recruiter, first_name="Leeds", postcode="LS1 1AA", tags=["nurse"])
    CandidateFactory(owner=recruiter, first_name="Liverpool", postcode="L1 1AA")
    client.force_login(recruiter)
    response = client.get(reverse("candidates:index"), {"postcode_area": "LS"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Leeds" in html and "Liverpool" not in html
    assert "Leeds" in client.get(reverse("candidates:index"), {"tag": "Nurse"}).content.decode()


def test_bulk_tag_only_touches_changeable_candidates(client, recruiter, outsider):
    mine = CandidateFactory(owner=recruiter)
    theirs = CandidateFactory(owner=outsider)
    client.force_login(recruiter)
    response = client.post(
        reverse("candidates:bulk-tag"),
        {"tag": "Hot", "ids": [mine.pk, theirs.pk], "next": "/\\evil.example/"},
    )
    assert response["Location"] == reverse("candidates:index")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.tags == ["hot"] and theirs.tags == []


def test_saved_searches_are_personal_and_rerun(client, recruiter, teammate):
    client.force_login(recruiter)
    client.post(
        reverse("candidates:saved-search-create"),
        {"name": "Leeds devs", "query_string": "q=developer&postcode_area=LS"},
    )
    search = SavedSearch.objects.get()
    assert search.query == "developer" and search.filters == {"postcode_area": "LS"}
    response = client.get(reverse("candidates:saved-search-run", args=[search.pk]))
    assert response.status_code == 302 and "q=developer" in response["Location"]
    client.force_login(teammate)
    assert client.get(reverse("candidates:saved-search-run", args=[search.pk])).status_code == 404
    assert client.post(reverse("candidates:saved-search-delete", args=[search.pk])).status_code == 404


def test_export_is_for_managers_and_logged(client, recruiter, manager):
    CandidateFactory(owner=recruiter, first_name="=cmd()", skills=["Python"])
    client.force_login(recruiter)
    assert client.get(reverse("candidates:export")).status_code == 403
    client.force_login(manager)
    response = client.get(reverse("candidates:export"), {"skills": "python"})
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"].startswith("attachment")
    assert "'=cmd()" in body and "Python" in body
    log = AccessLog.objects.get(action="export")
    assert log.user == manager and log.details["rows"] == 1


def test_needs_attention_lists_the_reasons(client, recruiter):
    ok = CandidateFactory(
        owner=recruiter, source="direct", phone="+447700900999", availability_confirmed_on=None
    )
    sourced = CandidateFactory(owner=recruiter, source="job_board", postcode="")
    client.force_login(recruiter)
    html = client.get(reverse("candidates:attention")).content.decode()
    assert "privacy notice not sent" in html and "missing mandatory fields" in html
    assert reverse("candidates:detail", args=[sourced.pk]) in html
    assert reverse("candidates:detail", args=[ok.pk]) in html  # availability never confirmed


def test_diversity_answers_are_recorded_but_never_shown(client, recruiter, admin_user):
    candidate = CandidateFactory(owner=recruiter)
    client.force_login(recruiter)
    response = client.post(
        reverse("candidates:diversity", args=[candidate.pk]),
        {
            "age_band": "25_34",
            "sex": "Female",
            "gender_same_as_at_birth": "yes",
            "ethnicity": "Zebra-unique-value",
            "disability": "no",
            "religion": "",
            "sexual_orientation": "",
        },
    )
    assert response.status_code == 302
    assert DiversityRecord.objects.get().ethnicity == "Zebra-unique-value"
    assert (
        "Zebra-unique-value"
        not in client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    )
    assert client.get(reverse("candidates:diversity-report")).status_code == 403
    client.force_login(admin_user)
    report = client.get(reverse("candidates:diversity-report")).content.decode()
    assert "Zebra-unique-value" in report and "fewer than 5" in report


def test_merge_page_moves_records(client, recruiter):
    a = CandidateFactory(owner=recruiter, first_name="Ann", email="")
    b = CandidateFactory(owner=recruiter, first_name="Anne", email="anne@x.test")
    client.force_login(recruiter)
    page = client.get(reverse("candidates:merge", args=[a.pk]), {"duplicate": b.pk})
    assert page.status_code == 200 and "Anne" in page.content.decode()
    response = client.post(
        reverse("candidates:merge", args=[a.pk]), {"duplicate": b.pk, "pick_first_name": "duplicate"}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.first_name == "Anne" and a.email == "anne@x.test"
    # The old record's page now leads to the survivor.
    assert client.get(reverse("candidates:detail", args=[b.pk])).status_code == 302


def test_detail_page_actions(client, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    client.force_login(recruiter)
    url = reverse("candidates:detail", args=[candidate.pk])
    html = client.get(url).content.decode()
    for section in ("Applications", "Compliance", "Timeline", "Consents", "Work history", "Qualifications"):
        assert section in html
    client.post(reverse("candidates:availability", args=[candidate.pk]), {"available_from": "2030-01-01"})
    client.post(reverse("candidates:privacy-notice", args=[candidate.pk]), {"sent_on": "2026-01-02"})
    candidate.refresh_from_db()
    assert candidate.availability_is_fresh and str(candidate.privacy_notice_sent_on) == "2026-01-02"
    client.post(
        reverse("candidates:consent-add", args=[candidate.pk]),
        {"purpose": "marketing", "lawful_basis": "consent", "method": "email"},
    )
    assert candidate.consents.count() == 2
    bad = client.post(
        reverse("candidates:consent-add", args=[candidate.pk]),
        {"purpose": "submission", "lawful_basis": "consent", "method": "email"},
    )
    assert bad.status_code == 400 and "must name the vacancy" in bad.content.decode()
    upload = client.post(
        reverse("candidates:document-upload", args=[candidate.pk]),
        {"kind": "cv", "file": SimpleUploadedFile("x.pdf", b"MZ\x00\x00")},
    )
    assert upload.status_code == 400 and "PDF, a Word document" in upload.content.decode()


def test_import_page_checks_then_imports(client, recruiter):
    client.force_login(recruiter)
    csv_body = b"first_name,last_name,email\nAnn,Lee,ann@x.test\nBob,Ray,\n"
    response = client.post(reverse("candidates:import"), {"file": SimpleUploadedFile("a.csv", csv_body)})
    assert response.status_code == 200 and "Check passed" in response.content.decode()
    assert Candidate.objects.count() == 0
    client.post(reverse("candidates:import"), {"file": SimpleUploadedFile("a.csv", csv_body)})
    job = ImportJob.objects.get()  # the earlier check was discarded with its file
    response = client.post(reverse("candidates:import-run", args=[job.pk]))
    assert response.status_code == 302
    assert Candidate.objects.count() == 2
    job.refresh_from_db()
    assert job.status == "finished" and not job.file  # the CSV is not kept once imported
    bad = client.post(
        reverse("candidates:import"), {"file": SimpleUploadedFile("a.csv", b"first_name,last_name\n,\n")}
    )
    assert bad.status_code == 400 and "Nothing was imported" in bad.content.decode()
