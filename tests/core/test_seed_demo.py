"""`seed_demo` (the data of `make run`). Seeding takes seconds, so the module seeds once, twice over
to prove the second run adds nothing (`seeded_demo` in tests/conftest.py), and each test reads it."""

from django.conf import settings

from core.models import Team, User


def test_seed_demo_creates_one_user_per_role_and_is_idempotent(seeded_demo, db):
    assert Team.objects.count() == 2
    assert set(User.objects.values_list("role", flat=True)) == {"recruiter", "manager", "compliance", "admin"}
    recruiters = User.objects.filter(role="recruiter")
    assert recruiters.values("team").distinct().count() == 2  # a recruiter in each team
    assert User.objects.count() == 6
    rachel = User.objects.get(username="rachel")
    assert rachel.check_password(settings.DEMO_PASSWORD)
    assert rachel.groups.get().name == "recruiter"
    out = seeded_demo["output"]
    assert "rachel" in out and settings.DEMO_PASSWORD in out
    maya = User.objects.get(username="maya")
    assert maya.team is not None and maya.team.lead == maya


def test_seed_demo_refuses_a_weak_password(db, settings):
    from io import StringIO

    import pytest
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEMO_PASSWORD = "123"
    with pytest.raises(CommandError, match="too weak"):
        call_command("seed_demo", stdout=StringIO())


def test_seed_demo_adds_clients_contacts_and_vacancies_once(seeded_demo, db):
    from clients.models import Client, Contact
    from vacancies.models import Vacancy

    first_run = seeded_demo["counts_after_first_run"]
    counts = (first_run[Client], first_run[Contact], first_run[Vacancy])
    assert (Client.objects.count(), Contact.objects.count(), Vacancy.objects.count()) == counts
    assert counts[0] >= 5 and counts[1] >= 5 and counts[2] >= 5
    assert Vacancy.objects.filter(status="open").count() >= 4
    kestrel = Client.objects.get(is_confidential=True)
    rachel, tom, maya = (User.objects.get(username=n) for n in ("rachel", "tom", "maya"))
    assert Client.objects.visible_to(rachel).filter(pk=kestrel.pk).exists()
    assert Client.objects.visible_to(maya).filter(pk=kestrel.pk).exists()
    assert not Client.objects.visible_to(tom).filter(pk=kestrel.pk).exists()


def test_seed_demo_builds_pipelines_with_every_kind_of_stage(seeded_demo, db):
    from vacancies.models import Application, FollowUp, Placement, Vacancy

    stages = set(Application.objects.values_list("stage", flat=True))
    assert {"sourced", "screening", "shortlisted", "submitted", "interview", "offer", "placed"} <= stages
    assert Placement.objects.count() == 1 and FollowUp.objects.count() == 3
    board = Vacancy.objects.get(title="Senior Python Developer")
    assert board.applications.count() >= 6
