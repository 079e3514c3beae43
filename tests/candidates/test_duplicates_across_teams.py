"""Issue 17 / API.md "Duplicates across teams": a clash with a candidate the caller cannot see is
reported (`existing: null, held_by_another_team: true`), never by the other record's id — in the API,
the import report (dry run or not) and the duplicate warning on the form."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Candidate
from tests.factories.candidates import CandidateFactory

HEADER = "first_name,last_name,email\n"


def _person(email: str) -> dict[str, str]:
    return {"first_name": "A", "last_name": "B", "email": email, "source": "job_board"}


def _csv(body: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("people.csv", body.encode(), content_type="text/csv")


def test_the_api_reports_another_teams_duplicate_without_its_id(api_as, recruiter, outsider, teammate):
    CandidateFactory(owner=outsider, email="shared@x.test")
    response = api_as(recruiter).post("/api/v1/candidates/", _person("SHARED@x.test"), format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate" and body["existing"] is None and body["held_by_another_team"] is True
    # A teammate's record is named, as before.
    mine = CandidateFactory(owner=teammate, email="team@x.test")
    again = api_as(recruiter).post("/api/v1/candidates/", _person("team@x.test"), format="json").json()
    assert again["existing"] == mine.pk and again["held_by_another_team"] is False


def test_the_import_report_hides_another_teams_id_in_a_dry_run_and_a_real_run(api_as, recruiter, outsider):
    CandidateFactory(owner=outsider, email="shared@x.test")
    for dry in ("1", "0"):
        response = api_as(recruiter).post(
            f"/api/v1/candidates/import/?dry_run={dry}",
            {"file": _csv(HEADER + "Ann,Lee,shared@x.test\n")},
            format="multipart",
        )
        assert response.status_code in (200, 201), response.content
        [duplicate] = response.json()["duplicates"]
        assert duplicate == {"row": 2, "existing": None, "held_by_another_team": True}
    assert Candidate.objects.filter(email__iexact="shared@x.test").count() == 1


def test_the_form_says_another_team_holds_the_person_without_a_link(client, recruiter, outsider):
    theirs = CandidateFactory(owner=outsider, email="shared@x.test")
    client.force_login(recruiter)
    data = {
        "first_name": "A",
        "last_name": "B",
        "email": "shared@x.test",
        "source": "direct",
        "right_to_work": "unknown",
        "status": "active",
        "history-TOTAL_FORMS": "0",
        "history-INITIAL_FORMS": "0",
        "quals-TOTAL_FORMS": "0",
        "quals-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("candidates:create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "held by another team" in html
    assert reverse("candidates:detail", args=[theirs.pk]) not in html
