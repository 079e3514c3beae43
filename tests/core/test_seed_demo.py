from io import StringIO

from django.core.management import call_command

from core.models import Team, User


def test_seed_demo_creates_one_user_per_role_and_is_idempotent(db, settings):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    assert Team.objects.count() == 2
    assert set(User.objects.values_list("role", flat=True)) == {"recruiter", "manager", "compliance", "admin"}
    recruiters = User.objects.filter(role="recruiter")
    assert recruiters.values("team").distinct().count() == 2  # a recruiter in each team
    assert User.objects.count() == 6
    rachel = User.objects.get(username="rachel")
    assert rachel.check_password(settings.DEMO_PASSWORD)
    assert rachel.groups.get().name == "recruiter"
    assert "rachel" in out.getvalue() and settings.DEMO_PASSWORD in out.getvalue()
    maya = User.objects.get(username="maya")
    assert maya.team is not None and maya.team.lead == maya


def test_seed_demo_refuses_a_weak_password(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.DEMO_PASSWORD = "123"
    with pytest.raises(CommandError, match="too weak"):
        call_command("seed_demo", stdout=StringIO())
