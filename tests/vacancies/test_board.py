"""The board and the application page: every move goes through the same service as the API."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.html import escape

from tests.factories.candidates import CandidateFactory
from tests.factories.pipeline import ApplicationFactory, submit_application
from tests.vacancies.conftest import consent_to_submit
from vacancies.models import Application, FollowUp
from vacancies.services.offers import offer_create
from vacancies.services.pipeline import application_bulk_reject, application_move
from vacancies.services.placements import placement_create


def test_board_shows_one_column_per_stage_with_cards_days_and_flags(
    client, recruiter, open_vacancy, candidate
):
    application = submit_application(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)
    offer_create(actor=recruiter, application=application, counter_offer_risk=True)
    application.refresh_from_db()
    Application.objects.filter(pk=application.pk).update(
        stage_changed_at=application.stage_changed_at - datetime.timedelta(days=20)
    )
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:board", args=[open_vacancy.pk])).content.decode()
    for label in [
        "Sourced",
        "Screening",
        "Shortlisted",
        "Submitted",
        "Interview",
        "Offer",
        "Placed",
        "Rejected",
        "Withdrawn",
    ]:
        assert f'>{label} <span class="count">' in page
    assert "Jordan Ellis" in page and "20d" in page and "stale" in page and "Counter-offer" in page
    assert 'draggable="true"' in page and "Move<span" in page
    assert "/static/js/board.js" in page


def test_keyboard_move_menu_posts_to_the_move_service_and_history_shows_it(
    client, recruiter, open_vacancy, candidate
):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    client.force_login(recruiter)
    url = reverse("vacancies:application_move", args=[application.pk])
    response = client.post(url, {"stage": "screening"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="board"' in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "screening"
    page = client.get(reverse("vacancies:application", args=[application.pk])).content.decode()
    assert "Stage history" in page and "Screening" in page and escape(recruiter.display_name) in page


def test_refused_move_explains_why_on_the_board(client, recruiter, open_vacancy, candidate):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    client.force_login(recruiter)
    url = reverse("vacancies:application_move", args=[application.pk])
    page = client.post(url, {"stage": "submitted"}, HTTP_HX_REQUEST="true").content.decode()
    assert "A manager has not approved this candidate" in page
    from tests.factories.matching import approved_entry

    approved_entry(vacancy=open_vacancy, candidate=candidate)
    page = client.post(url, {"stage": "submitted"}, HTTP_HX_REQUEST="true").content.decode()
    assert "has not agreed to be put forward" in page
    page = client.post(url, {"stage": "rejected"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Choose a rejection reason" in page
    page = client.post(url, {"stage": "bogus"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Choose a stage" in page
    response = client.post(url, {"stage": "withdrawn"}, follow=True)
    assert "Say why the candidate withdrew" in response.content.decode()
    response = client.post(url, {"stage": "screening", "next": "application"})
    assert response["Location"] == reverse("vacancies:application", args=[application.pk])
    application.refresh_from_db()
    assert application.stage == "screening"


def test_bulk_reject_from_the_board(client, recruiter, open_vacancy, reason):
    applications = [ApplicationFactory(vacancy=open_vacancy) for _ in range(3)]
    client.force_login(recruiter)
    url = reverse("vacancies:bulk_reject", args=[open_vacancy.pk])
    page = client.post(url, {"applications": [applications[0].pk]}, HTTP_HX_REQUEST="true").content.decode()
    assert "Tick the candidates to reject and choose a reason." in page
    page = client.post(
        url,
        {"applications": [applications[0].pk, applications[1].pk], "rejection_reason": reason.pk},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Rejected 2 candidates." in page
    assert [a.stage for a in Application.objects.order_by("pk")] == ["rejected", "rejected", "sourced"]
    response = client.post(url, {"applications": [applications[2].pk], "rejection_reason": reason.pk})
    assert response.status_code == 302


def test_search_and_add_a_candidate_to_the_pipeline(client, recruiter, outsider, open_vacancy, candidate):
    CandidateFactory(owner=outsider, first_name="Jordan", last_name="Hidden")
    client.force_login(recruiter)
    results = client.post(
        reverse("vacancies:candidate_search", args=[open_vacancy.pk]), {"q": "jord"}
    ).content.decode()
    assert "Jordan Ellis" in results and "Hidden" not in results
    assert client.get(reverse("vacancies:candidate_search", args=[open_vacancy.pk])).status_code == 405
    url = reverse("vacancies:application_add", args=[open_vacancy.pk])
    page = client.post(url, {"candidate": candidate.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "Added to the pipeline." in page
    page = client.post(url, {"candidate": candidate.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "already in this vacancy" in page
    page = client.post(url, {"candidate": "x"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Choose a candidate." in page
    results = client.post(
        reverse("vacancies:candidate_search", args=[open_vacancy.pk]), {"q": "jord"}
    ).content.decode()
    assert "Jordan Ellis" not in results  # already in the pipeline


def test_application_page_books_interviews_records_offers_and_places(
    client, recruiter, open_vacancy, candidate, acme_terms
):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    consent_to_submit(candidate, open_vacancy, recruiter)
    for stage in ["submitted", "interview"]:
        application_move(actor=recruiter, application=application, stage=stage)
    client.force_login(recruiter)
    base = reverse("vacancies:application", args=[application.pk])
    bad = client.post(
        reverse("vacancies:interview_add", args=[application.pk]), {"interview-starts_at": "soon"}
    )
    assert bad.status_code == 400 and "field-error" in bad.content.decode()
    response = client.post(
        reverse("vacancies:interview_add", args=[application.pk]),
        {
            "interview-starts_at": "2026-03-03T10:30",
            "interview-kind": "in_person",
            "interview-location": "Leeds office",
        },
    )
    assert response.status_code == 302
    interview = application.interviews.get()
    client.post(
        reverse("vacancies:interview_outcome", args=[application.pk, interview.pk]),
        {"outcome": "passed", "feedback": "Great"},
    )
    interview.refresh_from_db()
    assert interview.outcome == "passed"
    response = client.post(
        reverse("vacancies:offer_add", args=[application.pk]),
        {
            "offer-offered_on": "2026-03-05",
            "offer-salary": "61000",
            "offer-start_on": "2026-04-06",
            "offer-counter_offer_risk": "on",
            "offer-counter_offer_note": "May be matched",
        },
    )
    assert response.status_code == 302
    application_move(actor=recruiter, application=application, stage="offer")
    page = client.get(base).content.decode()
    assert "Record the placement" in page and "Counter-offer risk" in page
    bad = client.post(
        reverse("vacancies:placement_add", args=[application.pk]), {"placement-start_on": "2026-04-06"}
    )
    assert bad.status_code == 400 and "Give the salary" in bad.content.decode()
    response = client.post(
        reverse("vacancies:placement_add", args=[application.pk]),
        {"placement-start_on": "2026-04-06", "placement-salary": "61000"},
    )
    assert response.status_code == 302
    page = client.get(base).content.decode()
    assert "£12,200" in page and "1 week check-in" in page  # 20% of 61,000


def test_follow_ups_show_on_the_recruiters_dashboard_and_can_be_ticked_off(
    client, recruiter, teammate, open_vacancy, candidate, acme_terms
):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    consent_to_submit(candidate, open_vacancy, recruiter)
    for stage in ["submitted", "interview", "offer"]:
        application_move(actor=recruiter, application=application, stage=stage)
    placement_create(actor=recruiter, application=application, start_on=datetime.date.today(), salary=40000)
    client.force_login(recruiter)
    page = client.get(reverse("dashboard")).content.decode()
    assert "1 week check-in" in page and "Jordan Ellis" in page and "Acme Widgets Ltd" in page
    task = FollowUp.objects.get(kind="week_1")
    client.force_login(teammate)
    assert client.post(reverse("vacancies:follow_up_done", args=[task.pk])).status_code == 403
    client.force_login(recruiter)
    assert client.post(reverse("vacancies:follow_up_done", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    assert client.post(reverse("vacancies:follow_up_done", args=[999999])).status_code == 404


def test_board_uses_a_constant_number_of_queries(
    client, recruiter, open_vacancy, django_assert_max_num_queries
):
    client.force_login(recruiter)
    application = submit_application(ApplicationFactory(vacancy=open_vacancy), recruiter)
    offer_create(actor=recruiter, application=application, counter_offer_risk=True)
    url = reverse("vacancies:board", args=[open_vacancy.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(12):
        more = submit_application(ApplicationFactory(vacancy=open_vacancy), recruiter)
        offer_create(actor=recruiter, application=more, counter_offer_risk=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="card') >= 13


def test_follow_up_can_be_ticked_off_from_the_application_page(
    client, recruiter, open_vacancy, candidate, acme_terms
):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    consent_to_submit(candidate, open_vacancy, recruiter)
    for stage in ["submitted", "interview", "offer"]:
        application_move(actor=recruiter, application=application, stage=stage)
    placement_create(actor=recruiter, application=application, start_on=datetime.date.today(), salary=40000)
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:application", args=[application.pk])).content.decode()
    assert "Book an interview" not in page  # placed: the pipeline is closed
    task = FollowUp.objects.get(kind="month_1")
    response = client.post(reverse("vacancies:follow_up_done", args=[task.pk]), {"next": "application"})
    assert response["Location"] == reverse("vacancies:application", args=[application.pk])


def test_vacancy_list_shows_how_many_are_in_each_pipeline(client, recruiter, open_vacancy, reason):
    applications = [ApplicationFactory(vacancy=open_vacancy) for _ in range(3)]
    application_bulk_reject(actor=recruiter, applications=applications[:1], reason=reason)
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:index")).content.decode()
    board = reverse("vacancies:board", args=[open_vacancy.pk])
    assert f'<a href="{board}" title="Open applications">2</a>' in page
