"""The shortlist pages: what is typed is saved before "Send for review", a shortlist has a readable
name, and a vacancy lists its shortlists (a constant number of queries)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from tests.factories.candidates import CandidateFactory
from vacancies.models import Shortlist
from vacancies.services.shortlists import shortlist_create, shortlist_entry_add, shortlist_submit


@pytest.fixture
def drafted(recruiter, open_vacancy):
    shortlist = shortlist_create(actor=recruiter, vacancy=open_vacancy)
    first = CandidateFactory(owner=recruiter, first_name="Priya", last_name="Shah")
    second = CandidateFactory(owner=recruiter, first_name="Tom", last_name="Reed")
    one = shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=first)
    two = shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=second)
    return shortlist, one, two


def test_send_for_review_saves_what_was_typed_first(client, recruiter, drafted):
    shortlist, one, two = drafted
    client.force_login(recruiter)
    response = client.post(
        reverse("vacancies:shortlist_submit", args=[shortlist.pk]),
        {
            "rationale": "Two strong Django leads",
            f"rank_{one.pk}": "2",
            f"rationale_{one.pk}": "Led payments at a fintech",
            f"rank_{two.pk}": "1",
            f"rationale_{two.pk}": "Built the API we need",
        },
    )
    assert response.status_code == 302
    shortlist.refresh_from_db()
    one.refresh_from_db()
    two.refresh_from_db()
    assert shortlist.status == Shortlist.Status.IN_REVIEW
    assert shortlist.rationale == "Two strong Django leads"
    assert (one.rank, one.rationale) == (2, "Led payments at a fintech")
    assert (two.rank, two.rationale) == (1, "Built the API we need")
    page = client.get(reverse("vacancies:shortlist", args=[shortlist.pk])).content.decode()
    assert "Led payments at a fintech" in page and "Built the API we need" in page


def test_a_bad_rank_keeps_the_text_and_sends_nothing(client, recruiter, drafted):
    shortlist, one, _ = drafted
    client.force_login(recruiter)
    response = client.post(
        reverse("vacancies:shortlist_submit", args=[shortlist.pk]),
        {f"rank_{one.pk}": "²", f"rationale_{one.pk}": "Typed before a slip"},
        follow=True,
    )
    assert "A rank is a whole number" in response.content.decode()
    shortlist.refresh_from_db()
    one.refresh_from_db()
    assert shortlist.status == Shortlist.Status.DRAFT
    assert (one.rank, one.rationale) == (1, "Typed before a slip")


def test_saving_unchanged_writes_and_audits_nothing(client, recruiter, drafted):
    shortlist, one, two = drafted
    client.force_login(recruiter)
    before = AuditEvent.objects.count()
    data = {"rationale": "", f"rank_{one.pk}": "1", f"rationale_{one.pk}": "", f"rank_{two.pk}": "2"}
    client.post(reverse("vacancies:shortlist_edit", args=[shortlist.pk]), data)
    assert AuditEvent.objects.count() == before


def test_a_shortlist_sent_for_review_cannot_be_changed_by_a_late_post(client, recruiter, drafted):
    shortlist, one, _ = drafted
    shortlist_submit(actor=recruiter, shortlist=shortlist)
    client.force_login(recruiter)
    response = client.post(
        reverse("vacancies:shortlist_edit", args=[shortlist.pk]), {f"rationale_{one.pk}": "late"}, follow=True
    )
    assert "be changed now" in response.content.decode()
    one.refresh_from_db()
    assert one.rationale == ""


def test_a_shortlist_is_named_for_its_vacancy_and_day(client, recruiter, drafted, open_vacancy):
    shortlist, _, _ = drafted
    today = timezone.localdate()
    expected = f"Senior Python Developer, {today:%-d %b %Y}"
    assert shortlist.name == expected and str(shortlist) == expected
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:shortlist", args=[shortlist.pk])).content.decode()
    assert expected in page and "Shortlist #" not in page
    matches = client.get(reverse("vacancies:matches", args=[open_vacancy.pk])).content.decode()
    assert expected in matches and "Shortlist #" not in matches


def test_a_vacancy_links_to_its_shortlists(client, recruiter, manager, drafted, open_vacancy):
    shortlist, _, _ = drafted
    client.force_login(recruiter)
    detail = client.get(reverse("vacancies:detail", args=[open_vacancy.pk])).content.decode()
    assert reverse("vacancies:shortlists", args=[open_vacancy.pk]) in detail
    assert reverse("vacancies:shortlist", args=[shortlist.pk]) in detail
    listing = client.get(reverse("vacancies:shortlists", args=[open_vacancy.pk])).content.decode()
    assert shortlist.name in listing and "Draft" in listing
    assert reverse("vacancies:shortlist", args=[shortlist.pk]) in listing


def test_the_shortlist_list_runs_a_constant_number_of_queries(
    client, recruiter, open_vacancy, drafted, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(recruiter)
    url = reverse("vacancies:shortlists", args=[open_vacancy.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one_list:
        assert client.get(url).status_code == 200
    for _ in range(4):
        extra = shortlist_create(actor=recruiter, vacancy=open_vacancy)
        shortlist_entry_add(actor=recruiter, shortlist=extra, candidate=CandidateFactory(owner=recruiter))
    with django_assert_max_num_queries(len(one_list)):
        page = client.get(url).content.decode()
    assert page.count('class="tag tag-draft"') == 5


def test_outsider_cannot_see_a_vacancys_shortlists(client, outsider, open_vacancy):
    client.force_login(outsider)
    assert client.get(reverse("vacancies:shortlists", args=[open_vacancy.pk])).status_code == 404
