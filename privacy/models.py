"""Data protection records (issue 7): retention policies, sweep runs, legal holds, the suppression
list, retention notices and subject-access / erasure requests. Only admins see any of them."""

from __future__ import annotations

import datetime
from typing import ClassVar

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q

from core.permissions import VisibleQuerySet


class AdminOnlyQuerySet(VisibleQuerySet):
    """Privacy records belong to no team: admins see all of them (VisibleQuerySet), nobody else any."""

    def visibility_q(self, user: object, action: str) -> Q:
        return Q(pk__in=[])


class RetentionPolicy(models.Model):
    class Category(models.TextChoices):
        UNSUCCESSFUL = "unsuccessful", "Unsuccessful candidates"
        TALENT_POOL = "talent_pool", "Talent pool"
        SOURCED_NO_NOTICE = "sourced_no_notice", "Sourced, never sent the privacy notice"
        CONSENT_EXPIRY = "consent_expiry", "Consent-based records"
        CLIENT_CONTACTS = "client_contacts", "Client contacts"

    # DOMAIN.md "Retention defaults": 6 months after the last application closed; talent pool
    # reviewed after 24 months; sourced records never notified within 30 days; consent at expiry
    # (consent given for 24 months); client contacts after 24 months without activity.
    DEFAULT_DAYS: ClassVar[dict[str, int]] = {
        Category.UNSUCCESSFUL: 183,
        Category.TALENT_POOL: 730,
        Category.SOURCED_NO_NOTICE: 30,
        Category.CONSENT_EXPIRY: 730,
        Category.CLIENT_CONTACTS: 730,
    }

    category = models.CharField(max_length=30, choices=Category.choices, unique=True)
    keep_for_days = models.PositiveIntegerField()
    notify_before_days = models.PositiveIntegerField(default=30)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "retention policies"
        constraints = [
            models.CheckConstraint(condition=Q(keep_for_days__gte=1), name="privacy_policy_keep_positive"),
        ]

    def __str__(self) -> str:
        return self.get_category_display()

    @classmethod
    def ensure_defaults(cls) -> None:
        """The DOMAIN.md defaults apply until an admin changes or switches one off."""
        for category, days in cls.DEFAULT_DAYS.items():
            cls.objects.get_or_create(category=category, defaults={"keep_for_days": days})


class SweepRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    dry_run = models.BooleanField(default=False)
    trigger = models.CharField(max_length=10, default="manual")  # manual, api, beat, command
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due = models.PositiveIntegerField(default=0)
    anonymised = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    # ids only: {"candidate": [ids], "contact": [ids]} that were (or, dry run, would be) anonymised
    acted_on = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Sweep #{self.pk}"

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class LegalHold(models.Model):
    """Blocks the sweep and manual anonymisation of one candidate or one client contact."""

    candidate = models.ForeignKey(
        "candidates.Candidate", null=True, blank=True, on_delete=models.PROTECT, related_name="legal_holds"
    )
    contact = models.ForeignKey(
        "clients.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="legal_holds"
    )
    reason = models.CharField(max_length=500)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(candidate__isnull=False, contact__isnull=True)
                | Q(candidate__isnull=True, contact__isnull=False),
                name="privacy_legalhold_one_subject",
            ),
            models.UniqueConstraint(
                fields=["candidate"], condition=Q(released_at__isnull=True), name="privacy_hold_one_live_cand"
            ),
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(released_at__isnull=True),
                name="privacy_hold_one_live_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold #{self.pk}"


class SuppressionEntry(models.Model):
    """A salted SHA-256 of a normalised email or phone of an erased person (DOMAIN.md erasure)."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"

    kind = models.CharField(max_length=5, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "digest"], name="privacy_suppression_unique")]
        verbose_name_plural = "suppression entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:8]}…"


class SuppressionOverride(models.Model):
    """A recruiter added a suppressed person again, with a reason (kept here, not in the audit log)."""

    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = AdminOnlyQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Override #{self.pk}"


class RetentionReview(models.Model):
    """Where one candidate stands in the retention cycle: notices sent, kept until, held by owner."""

    candidate = models.OneToOneField(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="retention_review"
    )
    keep_until = models.DateField(null=True, blank=True, help_text="Not swept before this date.")
    candidate_notified_on = models.DateField(null=True, blank=True)
    owner_notified_on = models.DateField(null=True, blank=True)
    hold_reason = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdminOnlyQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Retention review #{self.pk}"


class _Request(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PAUSED = "paused", "Paused (confirming identity or scope)"
        COMPLETED = "completed", "Completed"
        RESTRICTED = "restricted", "Restricted until the legal floor ends"
        REFUSED = "refused", "Refused (exempt)"

    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    paused_on = models.DateField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AdminOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["received_on", "id"]

    def extension_months(self) -> int:
        return 0

    def paused_total_days(self) -> int:
        """Days the clock stood still while identity or scope was confirmed (ICO: the clock pauses)."""
        from django.utils import timezone

        running = (timezone.localdate() - self.paused_on).days if self.paused_on is not None else 0
        return self.paused_days + running

    @property
    def due_on(self) -> datetime.date:
        # UK GDPR art. 12(3): one calendar month from receipt (+2 months once extended), moved on
        # by the days the clock was paused.
        return (
            self.received_on
            + relativedelta(months=1 + self.extension_months())
            + datetime.timedelta(days=self.paused_total_days())
        )

    @property
    def days_left(self) -> int:
        from django.utils import timezone

        return (self.due_on - timezone.localdate()).days

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.PAUSED)


class SubjectAccessRequest(_Request):
    class ExportStatus(models.TextChoices):
        NONE = "", "Not built"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"

    extended_reason = models.CharField(max_length=500, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    export_status = models.CharField(max_length=10, choices=ExportStatus.choices, blank=True, default="")
    export_file = models.FileField(upload_to="privacy/exports/", blank=True)

    class Meta(_Request.Meta):
        pass

    def __str__(self) -> str:
        return f"Subject-access request #{self.pk}"

    def extension_months(self) -> int:
        return 2 if self.extended_at else 0

    @property
    def target_on(self) -> datetime.date:
        """The 28-day target we show (DOMAIN.md), moved by pauses like the due date."""
        return self.received_on + datetime.timedelta(days=28 + self.paused_total_days())


class ErasureRequest(_Request):
    class Exemption(models.TextChoices):
        NONE = "", "None"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
        LEGAL_CLAIMS = "legal_claims", "Legal claims"

    exemption = models.CharField(max_length=20, choices=Exemption.choices, blank=True, default="")
    exemption_reason = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=20, default="admin")  # admin, keep_my_data
    # Completed inside a statutory floor: the person was restricted then, and is anonymised on
    # `anonymise_on` (None until the floor's end is known) by the nightly sweep.
    restricted_at = models.DateTimeField(null=True, blank=True)
    anonymise_on = models.DateField(null=True, blank=True)

    class Meta(_Request.Meta):
        pass

    def __str__(self) -> str:
        return f"Erasure request #{self.pk}"
