"""Reads for the interviews week view: a Monday-to-Sunday week of the interviews a user can see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import QuerySet
from django.utils import timezone

from core.models import User
from vacancies.models import Interview


@dataclass
class InterviewDay:
    day: datetime.date
    interviews: list[Interview] = field(default_factory=list)

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week."""
    return day - datetime.timedelta(days=day.weekday())


def week_parse(text: str | None) -> datetime.date:
    """`?week=YYYY-MM-DD` (any day of the week) to its Monday; anything else is this week."""
    try:
        day = datetime.date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        day = timezone.localdate()
    if not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 1, 1):
        day = timezone.localdate()
    return week_start(day)


def interview_week_list(*, user: User, monday: datetime.date) -> list[InterviewDay]:
    """The week's seven days, each with its interviews in time order (cancelled ones included,
    marked): one query whatever their number."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time.min, tzinfo=zone)
    visible = cast("QuerySet[Interview]", Interview.objects.visible_to(user))
    interviews = (
        visible.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("application__candidate", "application__vacancy__client")
        .order_by("starts_at", "pk")
    )
    days = [InterviewDay(monday + datetime.timedelta(days=n)) for n in range(7)]
    by_day: dict[datetime.date, InterviewDay] = {d.day: d for d in days}
    for interview in interviews:
        by_day[timezone.localtime(interview.starts_at).date()].interviews.append(interview)
    return days


def interview_week_context(*, user: User, monday: datetime.date) -> dict[str, Any]:
    days = interview_week_list(user=user, monday=monday)
    return {
        "days": days,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
        "this_week": week_start(timezone.localdate()),
        "count": sum(len(d.interviews) for d in days),
    }
