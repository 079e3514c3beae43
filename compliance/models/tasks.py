"""Follow-up tasks the beat jobs create (one per check and kind, so the jobs are idempotent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from compliance.querysets import TaskQuerySet
from core.models import TeamOwnedModel


class ComplianceTask(TeamOwnedModel):
    class Kind(models.TextChoices):
        RTW_FOLLOW_UP = "rtw_follow_up", "Right-to-work follow-up check"
        RTW_ESCALATION = "rtw_escalation", "Right-to-work excuse ending (escalated)"
        DBS_RECHECK = "dbs_recheck", "DBS re-check due"
        # A candidate gave their Home Office share code in the portal: check it online.
        RTW_SHARE_CODE = "rtw_share_code", "Right-to-work share code to check"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="compliance_tasks"
    )
    rtw_check = models.ForeignKey(
        "compliance.RightToWorkCheck", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    dbs_check = models.ForeignKey(
        "compliance.DBSCheck", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    # The 9-character code the candidate gave (RTW_SHARE_CODE tasks only); blanked on anonymisation.
    share_code = models.CharField(max_length=9, blank=True)
    due_on = models.DateField(help_text="When the check's protection ends or the re-check is due.")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "rtw_check"],
                condition=Q(rtw_check__isnull=False),
                name="compliance_task_rtw_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "dbs_check"],
                condition=Q(dbs_check__isnull=False),
                name="compliance_task_dbs_once",
            ),
        ]
        indexes = [models.Index(fields=["team", "done_at", "due_on"], name="compliance_task_open_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
