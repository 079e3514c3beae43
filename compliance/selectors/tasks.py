"""Follow-up tasks due: the "Compliance due" page and the dashboard count."""

from __future__ import annotations

import datetime
from typing import Any

from compliance.models import ComplianceTask


def compliance_task_due_list(*, user: Any, today: datetime.date, horizon_days: int = 60) -> Any:
    """Open follow-ups due within the horizon, for the "Compliance due" page and the dashboard."""
    return (
        ComplianceTask.objects.visible_to(user)
        .filter(done_at__isnull=True, due_on__lte=today + datetime.timedelta(days=horizon_days))
        .select_related("candidate", "assigned_to")
        .order_by("due_on", "id")
    )


def compliance_task_due_count(*, user: Any, today: datetime.date) -> int:
    return int(compliance_task_due_list(user=user, today=today).count())
