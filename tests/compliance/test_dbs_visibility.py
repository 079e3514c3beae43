"""DBS data is hidden entirely from users without the compliance permission: pages, API, exports
and search alike (Police Act 1997; DBS code of practice)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from compliance.models import DBSCheck, DBSStatusCheck
from compliance.querysets import can_see_dbs
from tests.factories.compliance import DBSCheckFactory

CERTIFICATE = "004455667788"


@pytest.fixture
def disclosed(candidate, compliance_officer):
    return DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        certificate_number=CERTIFICATE,
        result="information_disclosed",
    )


def test_only_the_compliance_role_and_admins_hold_the_dbs_permission(
    recruiter, teammate, manager, compliance_officer, admin_user
):
    assert [can_see_dbs(u) for u in (recruiter, teammate, manager, compliance_officer, admin_user)] == [
        False,
        False,
        False,
        True,
        True,
    ]


def test_querysets_hide_dbs_rows_from_everyone_else(
    disclosed, recruiter, manager, compliance_officer, outsider
):
    assert not DBSCheck.objects.visible_to(recruiter).exists()
    assert not DBSCheck.objects.visible_to(manager).exists()
    assert not DBSStatusCheck.objects.visible_to(recruiter).exists()
    assert DBSCheck.objects.visible_to(compliance_officer).get() == disclosed


def test_candidate_pages_export_and_search_never_carry_dbs_data(client, disclosed, candidate, manager):
    client.force_login(manager)
    for url in (
        reverse("candidates:detail", args=[candidate.pk]),
        reverse("compliance:candidate", args=[candidate.pk]),
        reverse("compliance:candidate-panel", args=[candidate.pk]),
        reverse("compliance:index"),
    ):
        page = client.get(url).content.decode()
        assert CERTIFICATE not in page and "disclosed" not in page.lower(), url
    export = client.get(reverse("candidates:export"))
    assert export.status_code == 200
    assert CERTIFICATE not in b"".join(export.streaming_content).decode()
    found = client.get(reverse("candidates:index"), {"q": CERTIFICATE}).content.decode()
    assert reverse("candidates:detail", args=[candidate.pk]) not in found
    assert "0 candidates matching" in found
    api = client.get("/api/v1/candidates/", {"q": CERTIFICATE})
    assert api.status_code in (200, 400) and CERTIFICATE not in api.content.decode()
