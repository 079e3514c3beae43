"""Reads for notices: a user's notices, and who is told when a shortlist waits for review."""

from __future__ import annotations

from core.models import User
from vacancies.models import Notice


def notice_list(*, user: User, limit: int = 100) -> list[Notice]:
    return list(Notice.objects.filter(user=user)[:limit])


def team_reviewer_list(*, team_id: int) -> list[User]:
    """Who reviews a team's shortlists: its managers (and its lead)."""
    return list(
        User.objects.filter(is_active=True, team_id=team_id, role=User.Role.MANAGER)
        | User.objects.filter(is_active=True, led_teams__id=team_id)
    )
