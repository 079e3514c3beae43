"""The careers site in a real browser (issue 19): a candidate on a 390 px phone finds a job, applies
with a CV, and the acknowledgement is read back from a real SMTP server; a recruiter publishes a
vacancy from its edit form and follows the link to its public page. Shots at 1440 and 390 px."""

from __future__ import annotations

import re
from email import message_from_bytes

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from candidates.models import Candidate
from engagement.models import OutboundEmail
from tests.candidates.files import make_pdf
from tests.conftest import wait_for
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login
from tests.portal.conftest import ensure_privacy_notice
from vacancies.models import Application, Vacancy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _both(page, name: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")


def test_a_candidate_on_a_phone_finds_a_job_applies_with_a_cv_and_is_acknowledged(
    page, live_server, celery_worker, smtp, tmp_path
):
    call_command("seed_demo", quiet_logins=True)
    ensure_privacy_notice()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/jobs/")
    expect(page.get_by_role("heading", name=re.compile("Jobs with"))).to_be_visible()
    _both(page, "careers-jobs")
    # Search from the keyboard: type, then Enter submits the search form.
    page.get_by_label("Keywords").fill("python")
    page.get_by_label("Town or postcode").fill("Leeds")
    page.get_by_label("Town or postcode").press("Enter")
    expect(page.get_by_role("heading", name=re.compile("1 job matching"))).to_be_visible()
    page.get_by_role("link", name="Senior Python Developer").click()
    expect(page.get_by_role("heading", level=1, name="Senior Python Developer")).to_be_visible()
    _both(page, "careers-job")

    # First a mistake: nothing ticked, a web page instead of a CV. The form comes back, kept.
    bad = tmp_path / "cv.pdf"
    bad.write_bytes(b"<html><body>not a cv</body></html>")
    page.get_by_label("First name").fill("Zofia")
    page.get_by_label("Last name").fill("Nowak")
    page.get_by_label("Email").fill("zofia.nowak@example.test")
    page.get_by_label("Phone").fill("07700 900456")
    page.get_by_label("Your CV").set_input_files(str(bad))
    page.get_by_role("button", name="Send my application").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Please read the privacy notice")
    expect(alert).to_contain_text("Upload a PDF, a Word document")
    expect(page.get_by_label("First name")).to_have_value("Zofia")
    screenshot(page, "careers-apply-errors-390")
    assert not Candidate.objects.filter(email="zofia.nowak@example.test").exists()

    cv = tmp_path / "Zofia Nowak CV.pdf"
    cv.write_bytes(make_pdf("Zofia Nowak, Python and Django developer"))
    page.get_by_label("Your CV").set_input_files(str(cv))
    page.get_by_label("Yes").check()
    page.get_by_label("I would like adjustments for an interview").check()
    page.get_by_label(re.compile("I have read the")).check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()
    assert "zofia" not in page.url.lower()
    screenshot(page, "careers-applied-390")

    candidate = Candidate.objects.get(email="zofia.nowak@example.test")
    application = Application.objects.get(candidate=candidate)
    assert application.source == "careers_site" and application.needs_adjustments
    email = OutboundEmail.objects.get(candidate=candidate)
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    mine = [m for m in smtp.messages if m.rcpt_tos == ["zofia.nowak@example.test"]]
    assert len(mine) == 1
    message = message_from_bytes(mine[0].content)
    assert message["Subject"] == "We have your application: Senior Python Developer"
    text = message.get_payload(decode=True).decode()
    assert text.startswith("Dear Zofia,") and "within 10 business days" in text


def test_a_recruiter_publishes_a_vacancy_and_opens_its_public_page(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    ensure_privacy_notice()
    vacancy = Vacancy.objects.get(title="Graduate Developer")  # a draft: not yet on the site
    login(page, "rachel")
    page.goto(f"/vacancies/{vacancy.pk}/")
    section = page.locator("#careers-site")
    expect(section).to_contain_text("Not published")
    expect(section).to_contain_text("Write the advert")
    page.goto(f"/vacancies/{vacancy.pk}/edit/")
    page.get_by_label("Publish on the careers site").check()
    page.get_by_label("Advert (the public text)").fill("Start your career with a friendly software team.")
    page.get_by_label("Closing date").fill("2099-01-31")
    page.get_by_role("button", name=re.compile("Save")).click()
    # Still a draft: refused beside the box, the advert kept.
    expect(page.get_by_text("only an open vacancy is published")).to_be_visible()
    expect(page.get_by_label("Advert (the public text)")).to_have_value(
        "Start your career with a friendly software team."
    )
    vacancy.refresh_from_db()
    assert not vacancy.is_published
    from vacancies.demo import PERM_BASICS

    Vacancy.objects.filter(pk=vacancy.pk).update(
        status="open",
        description="Build features for our accounting software with a friendly team.",
        required_qualifications="A computing degree or equivalent experience",
        **PERM_BASICS,
    )
    page.goto(f"/vacancies/{vacancy.pk}/edit/")
    page.get_by_label("Publish on the careers site").check()
    page.get_by_label("Advert (the public text)").fill("Start your career with a friendly software team.")
    page.get_by_label("Closing date").fill("2099-01-31")
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator("#careers-site")).to_contain_text("On the careers site")
    _both(page, "careers-vacancy-published")
    page.locator("#careers-site").get_by_role("link", name="see the public page").click()
    expect(page.get_by_role("heading", level=1, name="Graduate Developer")).to_be_visible()
    expect(page.get_by_text("Start your career with a friendly software team.")).to_be_visible()
