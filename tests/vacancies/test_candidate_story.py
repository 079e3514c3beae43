"""The candidate page's Applications panel: every application the user may see (vacancy and client,
stage, last move, next step, link), the CVs sent (to whom, when, which file), interviews, offers and
placements, in a constant number of queries; and one timeline in words on the page."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from candidates.services import candidate_update, document_upload
from engagement.selectors.timeline import candidate_timeline_get
from tests.candidates.files import make_pdf
from tests.factories.clients import ClientFactory
from tests.factories.pipeline import ApplicationFactory, submit_application
from tests.factories.vacancies import VacancyFactory
from vacancies.services.interviews import interview_create
from vacancies.services.offers import offer_create, offer_respond
from vacancies.services.placements import placement_create
from vacancies.services.vacancies import vacancy_open

HX = {"HTTP_HX_REQUEST": "true"}
CODES = re.compile(r"\b(candidate|application|interview|offer|placement|document|consent|privacy)\.[a-z_]+\b")


def _vacancy(recruiter, client, contact, title):
    return vacancy_open(actor=recruiter, vacancy=VacancyFactory(client=client, contact=contact, title=title))


def _placed(recruiter, vacancy, candidate):
    application = submit_application(ApplicationFactory(vacancy=vacancy, candidate=candidate), recruiter)
    interview_create(
        actor=recruiter, application=application, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    offer = offer_create(actor=recruiter, application=application, salary=62000)
    offer_respond(actor=recruiter, offer=offer, status="accepted")
    application.refresh_from_db()
    placement_create(
        actor=recruiter, application=application, start_on=datetime.date(2027, 4, 1), salary=62000
    )
    return application


@pytest.fixture
def story(recruiter, acme, acme_contact, acme_terms, candidate):
    """Placed at Acme through the whole pipeline, and at interview for a second vacancy."""
    document_upload(
        actor=recruiter,
        candidate=candidate,
        upload=io.BytesIO(make_pdf("Jordan Ellis")),
        filename="jordan-cv.pdf",
    )
    placed = _placed(recruiter, _vacancy(recruiter, acme, acme_contact, "Senior Python Developer"), candidate)
    other = _vacancy(recruiter, acme, acme_contact, "Lead Engineer")
    interviewing = submit_application(ApplicationFactory(vacancy=other, candidate=candidate), recruiter)
    interview_create(
        actor=recruiter, application=interviewing, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    return {"placed": placed, "interviewing": interviewing}


def test_panel_lists_every_application_with_client_stage_next_step_and_link(
    client, recruiter, candidate, story
):
    client.force_login(recruiter)
    html = client.get(reverse("vacancies:candidate_story", args=[candidate.pk]), **HX).content.decode()
    rows = html.split('id="story-applications"')[1].split("</table>")[0]
    assert rows.index("Lead Engineer") < rows.index("Senior Python Developer")  # open ones first
    for application in story.values():
        assert reverse("vacancies:application", args=[application.pk]) in rows
    assert "Acme Widgets Ltd" in rows and ">Placed<" in rows and ">Interview<" in rows
    assert "1 week check-in due" in rows  # the placed one's next step: its first follow-up
    assert "Interview on " in rows  # the other's: the interview to come
    sent = html.split('id="story-submissions"')[1].split("</ul>")[0]
    assert "Acme Widgets Ltd" in sent and "(Priya Shah)" in sent and "jordan-cv.pdf" in sent
    assert sent.count("<li>") == 2
    assert html.count("Passed") >= 1 and "£62,000 a year" in html and ">Accepted<" in html
    placements = html.split('id="story-placements"')[1]
    assert "Starts 1 Apr 2027" in placements and "Senior Python Developer" in placements


def test_panel_shows_only_applications_the_user_may_see(client, recruiter, outsider, candidate, story):
    theirs = VacancyFactory(client=ClientFactory(owner=outsider, name="Hidden Holdings"), title="Secret role")
    ApplicationFactory(vacancy=theirs, candidate=candidate, actor=outsider)
    client.force_login(recruiter)
    html = client.get(reverse("vacancies:candidate_story", args=[candidate.pk]), **HX).content.decode()
    assert "Secret role" not in html and "Hidden Holdings" not in html
    client.force_login(outsider)
    assert client.get(reverse("vacancies:candidate_story", args=[candidate.pk]), **HX).status_code == 404


def test_panel_runs_a_constant_number_of_queries(
    client, recruiter, acme, acme_contact, acme_terms, django_assert_max_num_queries
):
    from tests.factories.candidates import CandidateFactory
    from tests.factories.compliance import RightToWorkCheckFactory

    person = CandidateFactory(owner=recruiter)
    RightToWorkCheckFactory(candidate=person)
    _placed(recruiter, _vacancy(recruiter, acme, acme_contact, "Role 0"), person)
    client.force_login(recruiter)
    url = reverse("vacancies:candidate_story", args=[person.pk])
    client.get(url, **HX)
    with django_assert_max_num_queries(20) as few:
        client.get(url, **HX)
    for n in range(1, 5):
        application = submit_application(
            ApplicationFactory(
                vacancy=_vacancy(recruiter, acme, acme_contact, f"Role {n}"), candidate=person
            ),
            recruiter,
        )
        interview_create(
            actor=recruiter, application=application, starts_at=timezone.now() + datetime.timedelta(days=n)
        )
        offer_create(actor=recruiter, application=application, salary=50000 + n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url, **HX).content.decode()
    assert html.count('class="story-row') == 5


def test_without_htmx_the_panel_is_a_page_of_its_own(client, recruiter, candidate, story):
    client.force_login(recruiter)
    html = client.get(reverse("vacancies:candidate_story", args=[candidate.pk])).content.decode()
    assert "<h1>Applications</h1>" in html and 'id="candidate-story"' in html


def test_candidate_page_has_the_panel_and_one_timeline_not_a_placeholder(client, recruiter, candidate):
    client.force_login(recruiter)
    html = client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert reverse("vacancies:candidate_story", args=[candidate.pk]) in html
    assert "will show here once vacancies are in use" not in html
    assert html.count("<h2") and html.count(">Timeline</h2>") == 1
    assert "Contact and pipeline history" not in html and not CODES.search(html)


def test_timeline_tells_the_story_in_words_without_codes_or_personal_data(
    client, recruiter, candidate, story
):
    candidate_update(
        actor=recruiter, candidate=candidate, email="new.address@example.test", current_title="Lead"
    )
    titles = [f"{e.title} by {e.by}" for e in candidate_timeline_get(user=recruiter, candidate=candidate)]
    name = recruiter.display_name
    for words in [
        f"Moved to Interview by {name}",
        f"Moved to Offer by {name}",
        f"CV sent to Acme Widgets Ltd (Priya Shah) by {name}",
        f"Offer accepted by {name}",
        f"Placed with Acme Widgets Ltd by {name}",
        f"Record created by {name}",
        f"CV uploaded by {name}",
        f"Consent recorded: submission to a client for a vacancy by {name}",
    ]:
        assert words in titles, (words, titles)
    assert any(t.startswith("Details edited: ") and "email" in t for t in titles), titles
    assert any(t.startswith("Interview booked for ") for t in titles)
    assert not any(CODES.search(t) for t in titles), titles
    client.force_login(recruiter)
    html = client.get(reverse("engagement:timeline", args=["candidate", candidate.pk])).content.decode()
    assert escape("Moved to Interview") in html and not CODES.search(html)
    assert "new.address@example.test" not in html  # what changed is named, never its value
    assert "Submitted to the client" not in html  # told once, as the CV sent


def test_diversity_monitoring_never_reaches_the_timeline(recruiter, candidate):
    from core.services import audit_record

    audit_record(actor=recruiter, action="diversity.recorded", obj=candidate)
    audit_record(actor=recruiter, action="candidate.something_new", obj=candidate)
    titles = [e.title for e in candidate_timeline_get(user=recruiter, candidate=candidate)]
    assert "Something new" in titles  # an unknown code still reads as words
    assert not any("iversity" in t for t in titles)
