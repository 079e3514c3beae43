"""Customer service in a real browser: log a complaint, see it escalate, resolve it, add an
improvement; and log a call in two clicks from a candidate's page."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command

from engagement.models import Communication, Complaint, Improvement
from engagement.services.complaints import complaints_escalate_overdue
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_complaint_is_logged_escalated_resolved_and_improved(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    login(page, "rachel")
    page.goto("/service/complaints/new/")
    page.get_by_label("Complainant type").select_option("other")
    page.get_by_label("Complainant name").fill("Sam Jones, a referee")
    page.get_by_label("Channel").select_option("phone")
    page.get_by_label("Category").select_option("service")
    page.get_by_label("Severity").select_option("medium")
    page.get_by_label("Description").fill("Nobody returned my calls about the reference.")
    screenshot(page, "engagement-complaint-form")
    page.get_by_role("button", name="Log complaint").click()
    page.wait_for_selector("text=Complaint C-")
    complaint = Complaint.objects.get(complainant_name="Sam Jones, a referee")
    assert page.locator("#eng-escalation").inner_text().strip() == "no"

    # Ten business days pass without a resolution: the daily job escalates it to the manager.
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=21)):
        assert complaints_escalate_overdue() >= 1
    page.reload()
    assert "to Maya Patel" in page.locator("#eng-escalation").inner_text()
    screenshot(page, "engagement-complaint-escalated")

    page.get_by_label("Written follow-up summary").fill("We called Sam back and apologised.")
    page.get_by_role("button", name="Record follow-up").click()
    page.wait_for_selector("text=Follow-up summary recorded.")
    page.get_by_label("Resolution").fill("Apologised; the reference was chased by one named person.")
    page.get_by_role("button", name="Resolve and close").click()
    page.wait_for_selector("text=Resolved and closed.")
    page.get_by_label("You said").fill("Calls about references went unanswered.")
    page.get_by_label("We did").fill("A named person now owns every reference request.")
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Add improvement").click()
    page.wait_for_selector("text=Improvement added")
    screenshot(page, "engagement-complaint-closed")
    complaint.refresh_from_db()
    assert complaint.closed_at and complaint.escalated_to.username == "maya"
    assert Improvement.objects.filter(complaints=complaint, status="done").exists()

    page.goto("/service/you-said-we-did/")
    assert "A named person now owns every reference request." in page.content()
    screenshot(page, "engagement-you-said-we-did")
    page.goto("/service/complaints/?show=all")
    screenshot(page, "engagement-complaints-register")


def test_log_a_call_in_two_clicks_from_the_candidate_page(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    from candidates.models import Candidate

    candidate = Candidate.objects.filter(owner__username="rachel").order_by("pk").first()
    login(page, "rachel")
    page.goto(f"/candidates/{candidate.pk}/")
    page.get_by_role("button", name="Log call").first.click()
    dialog = page.locator("#eng-modal")
    dialog.get_by_label("Summary").fill("Confirmed interview on Thursday")
    screenshot(page, "engagement-log-call-modal")
    dialog.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Call logged for")
    assert Communication.objects.filter(
        candidate=candidate, summary="Confirmed interview on Thursday"
    ).exists()
    dialog.get_by_role("button", name="Close").click()
    page.reload()
    page.wait_for_selector(".eng-tl-item")
    assert "Confirmed interview on Thursday" in page.locator(".eng-timeline").inner_text()
    screenshot(page, "engagement-candidate-timeline")
    page.goto("/")
    screenshot(page, "engagement-recruiter-home")
    page.goto("/service/")
    screenshot(page, "engagement-service-home")
    login_manager(page)
    page.goto("/dashboard/manager/")
    page.wait_for_selector("#mgr-funnel")
    screenshot(page, "engagement-manager-dashboard")


def login_manager(page) -> None:
    page.context.clear_cookies()
    login(page, "maya")


def test_a_candidate_answers_a_survey_without_an_account(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    from datetime import timedelta

    from core.signing import signed_link_create
    from engagement.models import FeedbackRequest, FeedbackResponse
    from vacancies.models import Application

    application = Application.objects.filter(owner__username="rachel").order_by("pk").last()
    request = FeedbackRequest.objects.create(
        application=application,
        stage="placement",
        respondent="candidate",
        client_id=application.vacancy.client_id,
        owner_id=application.owner_id,
        team_id=application.team_id,
    )
    _, token = signed_link_create(purpose="survey", obj=request, expires_in=timedelta(days=30), max_uses=1)
    page.goto(f"/service/survey/{token}/")
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector(".field-error")
    screenshot(page, "engagement-survey-error")
    page.get_by_label("9").check()
    page.get_by_label("Comment").fill("Kept me informed all the way through.")
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector("text=Thank you")
    assert FeedbackResponse.objects.get(request=request).score == 9
    page.goto(f"/service/survey/{token}/")
    assert "already been used" in page.content()
