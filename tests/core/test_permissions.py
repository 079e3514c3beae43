"""Visibility is decided in core.permissions: team rule, admin sees all, guardian grants as exceptions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.shortcuts import assign_perm

from core.models import Team, User
from core.permissions import get_object_for_user_or_404


def test_recruiter_sees_own_team_only(recruiter, teammate, outsider):
    visible = set(User.objects.visible_to(recruiter).values_list("username", flat=True))
    assert visible == {"alice", "bob"}


def test_admin_sees_everyone(recruiter, outsider, admin_user):
    assert set(User.objects.visible_to(admin_user)) == {recruiter, outsider, admin_user}


def test_anonymous_and_inactive_users_see_nothing(recruiter, teammate):
    assert not User.objects.visible_to(AnonymousUser()).exists()
    teammate.is_active = False
    teammate.save()
    assert not User.objects.visible_to(teammate).exists()


def test_user_without_team_sees_nothing_but_grants(db, recruiter):
    loner = User.objects.create(username="loner", role=User.Role.RECRUITER)
    assert not User.objects.visible_to(loner).exists()
    assign_perm("core.view_user", loner, recruiter)
    assert list(User.objects.visible_to(loner)) == [recruiter]


def test_guardian_grant_makes_one_object_of_another_team_visible(recruiter, outsider, teammate):
    assign_perm("core.view_user", outsider, recruiter)
    assert set(User.objects.visible_to(outsider)) == {outsider, recruiter}
    # A view grant is not a change grant.
    assert set(User.objects.visible_to(outsider, "change")) == {outsider}


def test_group_grant_counts_too(recruiter, outsider):
    group = outsider.groups.get()
    assign_perm("core.view_user", group, recruiter)
    assert recruiter in User.objects.visible_to(outsider)


def test_team_visibility_uses_the_team_itself(recruiter, other_team, team):
    assert list(Team.objects.visible_to(recruiter)) == [team]


def test_restricted_rows_need_a_grant_even_inside_the_team(recruiter, teammate, monkeypatch):
    # Confidential clients and vacancies use `restricted_field`; User stands in for them here.
    monkeypatch.setattr(User, "restricted_field", "is_staff", raising=False)
    teammate.is_staff = True
    teammate.save()
    assert teammate not in User.objects.visible_to(recruiter)
    assign_perm("core.view_user", recruiter, teammate)
    assert teammate in User.objects.visible_to(recruiter)


def test_invisible_object_is_404_and_forbidden_action_is_403(recruiter, teammate, outsider):
    with pytest.raises(Http404):
        get_object_for_user_or_404(recruiter, User, pk=outsider.pk)
    with pytest.raises(Http404):
        get_object_for_user_or_404(recruiter, User, pk="not-a-number")
    assert get_object_for_user_or_404(recruiter, User, pk=teammate.pk) == teammate
    # Visible, but a recruiter's role carries no change_user permission.
    with pytest.raises(PermissionDenied):
        get_object_for_user_or_404(recruiter, User, "change", pk=teammate.pk)


def test_object_grant_allows_the_action_on_that_object_only(recruiter, teammate, manager):
    assign_perm("core.change_user", recruiter, teammate)
    assert get_object_for_user_or_404(recruiter, User, "change", pk=teammate.pk) == teammate
    with pytest.raises(PermissionDenied):
        get_object_for_user_or_404(recruiter, User, "change", pk=manager.pk)


def test_role_permission_applies_only_within_team_scope(recruiter, outsider):
    # The outsider sees the recruiter through a view grant and holds change_user as a model
    # permission, but a model permission only works inside the team: 403.
    assign_perm("core.view_user", outsider, recruiter)
    outsider.user_permissions.add(Permission.objects.get(codename="change_user"))
    outsider = User.objects.get(pk=outsider.pk)  # fresh permission cache
    assert outsider.has_perm("core.change_user")
    with pytest.raises(PermissionDenied):
        get_object_for_user_or_404(outsider, User, "change", pk=recruiter.pk)


def test_admin_may_do_anything_visible(admin_user, outsider):
    assert get_object_for_user_or_404(admin_user, User, "change", pk=outsider.pk) == outsider


def test_models_without_visibility_rules_are_refused(recruiter):
    from django.contrib.auth.models import Group

    with pytest.raises(TypeError):
        get_object_for_user_or_404(recruiter, Group, pk=1)
