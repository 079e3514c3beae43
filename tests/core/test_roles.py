from django.contrib.auth.models import Group, Permission

from core.models import User
from core.roles import ROLES, declared_role_permissions, role_groups_sync
from core.services import user_update


def test_every_declared_role_permission_exists(db):
    for role, perms in declared_role_permissions().items():
        for name in perms:
            app_label, codename = name.split(".", 1)
            assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists(), (
                f"{role}: {name} does not exist"
            )


def test_each_role_is_a_group_carrying_its_permissions(db):
    role_groups_sync()
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    recruiter_perms = set(Group.objects.get(name="recruiter").permissions.values_list("codename", flat=True))
    assert "view_team" in recruiter_perms
    assert "view_auditevent" not in recruiter_perms
    assert Group.objects.get(name="admin").permissions.count() == Permission.objects.count()


def test_user_gets_exactly_the_group_of_their_role(recruiter, admin_user):
    assert list(recruiter.groups.values_list("name", flat=True)) == ["recruiter"]
    assert recruiter.has_perm("core.view_team") and not recruiter.has_perm("core.view_auditevent")
    assert not recruiter.is_staff
    assert admin_user.is_staff and admin_user.is_admin


def test_changing_role_changes_groups_and_staff_flag(recruiter, admin_user):
    user_update(actor=admin_user, user=recruiter, role=User.Role.ADMIN)
    recruiter = User.objects.get(pk=recruiter.pk)
    assert list(recruiter.groups.values_list("name", flat=True)) == ["admin"]
    assert recruiter.is_staff
    user_update(actor=admin_user, user=recruiter, role=User.Role.MANAGER)
    recruiter = User.objects.get(pk=recruiter.pk)
    assert list(recruiter.groups.values_list("name", flat=True)) == ["manager"]
    assert not recruiter.is_staff
