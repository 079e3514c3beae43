"""Right-to-work and DBS checks. A recorded check is never edited: a correction is a new check
that supersedes it, and the history stays (Home Office employer guide: keep the record of the check).
Only evidence purges touch a row afterwards, and they leave a stub (type, date, outcome)."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from compliance import rules
from compliance.querysets import CheckQuerySet, DBSQuerySet, RightToWorkQuerySet


def evidence_path(instance: Any, filename: str) -> str:
    # Never the uploaded name: a random name that says nothing about the person or the file.
    return f"compliance/evidence/{secrets.token_hex(24)}"


class ImmutableCheckError(Exception):
    """A recorded check is never edited: record a new check that supersedes it."""


class ImmutableCheck(models.Model):
    """Once saved, only the purge stub fields and the `superseded_by` link may change."""

    mutable_fields: ClassVar[frozenset[str]] = frozenset({"superseded_by"})

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.mutable_fields:
                raise ImmutableCheckError(f"{type(self).__name__} is recorded and cannot be edited.")
        super().save(*args, **kwargs)


class RightToWorkCheck(ImmutableCheck):
    mutable_fields = frozenset(
        {"superseded_by", "evidence", "evidence_filename", "evidence_purged_at", "verified_by", "verified_at"}
    )

    class Holds(models.TextChoices):
        BRITISH_IRISH_PASSPORT = rules.HOLDS_BRITISH_IRISH_PASSPORT, "A valid British or Irish passport"
        BRITISH_IRISH_OTHER = rules.HOLDS_BRITISH_IRISH_OTHER, "British or Irish, other documents"
        DIGITAL_STATUS = rules.HOLDS_DIGITAL_STATUS, "A digital immigration status (eVisa)"
        PENDING_APPLICATION = rules.HOLDS_PENDING_APPLICATION, "An application or appeal pending"
        OTHER_DOCUMENTS = rules.HOLDS_OTHER_DOCUMENTS, "Other List A or List B documents"

    class Route(models.TextChoices):
        MANUAL_DOCUMENT = rules.ROUTE_MANUAL, "Manual document check"
        ONLINE_SHARE_CODE = rules.ROUTE_SHARE_CODE, "Online check with a share code"
        IDSP = rules.ROUTE_IDSP, "Identity service provider (IDSP)"
        EMPLOYER_CHECKING_SERVICE = rules.ROUTE_ECS, "Employer Checking Service"

    class DocumentList(models.TextChoices):
        LIST_A = rules.LIST_A, "List A (continuous)"
        LIST_B_GROUP_1 = rules.LIST_B1, "List B Group 1 (time-limited)"
        LIST_B_GROUP_2 = rules.LIST_B2, "List B Group 2 (PVN)"

    class Outcome(models.TextChoices):
        PASS = "pass", "Pass"
        FAIL = "fail", "Fail"
        PENDING = "pending", "Pending"

    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.PROTECT, related_name="rtw_checks")
    holds = models.CharField(max_length=30, choices=Holds.choices, blank=True)
    route = models.CharField(max_length=30, choices=Route.choices)
    document_list = models.CharField("list", max_length=20, choices=DocumentList.choices)
    document_type = models.CharField(max_length=100, blank=True)
    share_code = models.CharField(max_length=9, blank=True)
    share_code_issued_on = models.DateField(null=True, blank=True)
    checked_on = models.DateField()
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    permission_expires_on = models.DateField(null=True, blank=True)
    pvn_issued_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # Derived when the check is recorded (rules.excuse_until); the check never changes afterwards.
    excuse_until = models.DateField(null=True, blank=True, editable=False)
    follow_up_due_on = models.DateField(null=True, blank=True, editable=False)
    evidence = models.FileField(upload_to=evidence_path, max_length=200, blank=True)
    evidence_filename = models.CharField(max_length=255, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(null=True, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_purged_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    # Who typed it in (checked_by may name someone else), and the four-eyes verification.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RightToWorkQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = "right-to-work check"
        indexes = [
            models.Index(fields=["candidate", "-checked_on"], name="compliance_rtw_candidate_idx"),
            models.Index(fields=["follow_up_due_on"], name="compliance_rtw_followup_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_code="") | Q(share_code__regex=r"^W[A-Z0-9]{8}$"),
                name="compliance_rtw_share_code_format",
            ),
        ]

    def __str__(self) -> str:
        return f"Right-to-work check #{self.pk}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence) and self.evidence_purged_at is None


class DBSCheck(ImmutableCheck):
    mutable_fields = frozenset({"superseded_by", "certificate_image", "image_purged_at"})

    class Level(models.TextChoices):
        BASIC = rules.DBS_BASIC, "Basic"
        STANDARD = rules.DBS_STANDARD, "Standard"
        ENHANCED = rules.DBS_ENHANCED, "Enhanced"
        ENHANCED_BARRED = rules.DBS_ENHANCED_BARRED, "Enhanced with barred list(s)"

    class Workforce(models.TextChoices):
        CHILD = "child", "Child workforce"
        ADULT = "adult", "Adult workforce"
        CHILD_AND_ADULT = "child_and_adult", "Child and adult workforce"
        OTHER = "other", "Other workforce"

    class BarredLists(models.TextChoices):
        NONE = "", "None"
        CHILDREN = "children", "Children's barred list"
        ADULTS = "adults", "Adults' barred list"
        BOTH = "both", "Both barred lists"

    class Result(models.TextChoices):
        CLEAR = "clear", "Clear"
        INFORMATION_DISCLOSED = "information_disclosed", "Information disclosed"

    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.PROTECT, related_name="dbs_checks")
    level = models.CharField(max_length=20, choices=Level.choices)
    workforce = models.CharField(max_length=20, choices=Workforce.choices)
    barred_lists = models.CharField(max_length=10, choices=BarredLists.choices, blank=True)
    certificate_number = models.CharField(max_length=12)
    issued_on = models.DateField()
    result = models.CharField(max_length=30, choices=Result.choices)
    decision_on = models.DateField(null=True, blank=True, help_text="When the agency decided on suitability.")
    update_service = models.BooleanField(default=False, help_text="Subscribed to the DBS Update Service.")
    update_service_consent_on = models.DateField(
        null=True, blank=True, help_text="When the person consented to status checks (consent on file)."
    )
    recheck_due_on = models.DateField(editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    certificate_image = models.FileField(upload_to=evidence_path, max_length=200, blank=True)
    image_sha256 = models.CharField(max_length=64, blank=True)
    image_content_type = models.CharField(max_length=100, blank=True)
    image_purged_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DBSQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "DBS check"
        permissions = [("view_dbs_data", "Can see criminal-record (DBS) data")]
        indexes = [
            models.Index(fields=["candidate", "-issued_on"], name="compliance_dbs_candidate_idx"),
            models.Index(fields=["recheck_due_on"], name="compliance_dbs_recheck_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(certificate_number__regex=r"^[0-9]{12}$"),
                name="compliance_dbs_certificate_12_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"DBS check #{self.pk}"


class DBSStatusCheck(ImmutableCheck):
    """An Update Service status check against a certificate (DBS code of practice)."""

    class Outcome(models.TextChoices):
        NO_CHANGE = "no_change", "No new information"
        NEW_INFORMATION = "new_information", "New information: apply for a new check"

    dbs_check = models.ForeignKey(DBSCheck, on_delete=models.PROTECT, related_name="status_checks")
    checked_on = models.DateField()
    workforce = models.CharField(max_length=20, choices=DBSCheck.Workforce.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DBSQuerySet.as_manager()
    team_lookup: ClassVar[str] = "dbs_check__candidate__team_id"

    class Meta:
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"DBS status check #{self.pk}"


class IdentityCheck(ImmutableCheck):
    """Conduct Regs reg 19(a): the agency confirmed the work-seeker is who they say they are, before
    putting them forward — how, by whom and when. A passed right-to-work check also counts (the
    documents seen prove identity too); this record covers everyone else. Never edited."""

    mutable_fields = frozenset({"verified_by", "verified_at"})

    class Method(models.TextChoices):
        DOCUMENT_SEEN = "document_seen", "Original identity document seen"
        RIGHT_TO_WORK_CHECK = "right_to_work_check", "Through the right-to-work check"
        DIGITAL_IDENTITY = "digital_identity", "Digital identity service"

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="identity_checks"
    )
    method = models.CharField(max_length=30, choices=Method.choices)
    checked_on = models.DateField()
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Four eyes (COMPLIANCE_FOUR_EYES): a compliance officer's verification of a check the
    # application's own recruiter recorded.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CheckQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        ordering = ["-checked_on", "-id"]
        permissions = [("verify_check", "Can verify a check another recorded (four eyes)")]
        indexes = [models.Index(fields=["candidate", "-checked_on"], name="compliance_identity_cand_idx")]

    def __str__(self) -> str:
        return f"Identity check #{self.pk}"
