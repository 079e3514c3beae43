"""The pipeline: applications (candidate x vacancy), their stage history, interviews, offers,
placements and the follow-ups after a placement starts."""

from __future__ import annotations

import datetime
import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.models import AppendOnlyModel, TeamOwnedModel
from vacancies.querysets import ApplicationChildQuerySet, ApplicationQuerySet, FollowUpQuerySet


class Stage(models.TextChoices):
    SOURCED = "sourced", "Sourced"
    SCREENING = "screening", "Screening"
    SHORTLISTED = "shortlisted", "Shortlisted"
    SUBMITTED = "submitted", "Submitted"
    INTERVIEW = "interview", "Interview"
    OFFER = "offer", "Offer"
    PLACED = "placed", "Placed"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


CLOSED_STAGES = {Stage.PLACED, Stage.REJECTED, Stage.WITHDRAWN}


class RejectionReason(models.Model):
    """The admin-edited list of reasons a candidate is turned down (kept as codes for reporting)."""

    code = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class Application(TeamOwnedModel):
    class Source(models.TextChoices):
        RECRUITER = "recruiter", "Added by a recruiter"
        CAREERS_SITE = "careers_site", "Careers site"
        PORTAL = "portal", "Candidate portal"

    vacancy = models.ForeignKey("vacancies.Vacancy", on_delete=models.PROTECT, related_name="applications")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="applications"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SOURCED)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    rejection_reason = models.ForeignKey(
        RejectionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=20, choices=Source.choices, default=Source.RECRUITER, db_default=Source.RECRUITER
    )
    # Asked on applying (Equality Act s.60 allows this one question before an offer, no other).
    needs_adjustments = models.BooleanField(
        "needs adjustments for an interview", default=False, db_default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The version a move was decided on (core.versioning): a move made on a stale board is refused.
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-stage_changed_at", "-id"]
        constraints = [
            # API.md: a candidate has at most one application per vacancy.
            models.UniqueConstraint(
                fields=["vacancy", "candidate"], name="vacancies_application_one_per_vacancy"
            )
        ]
        indexes = [
            models.Index(fields=["vacancy", "stage"], name="vacancies_app_stage_idx"),
            models.Index(fields=["candidate"], name="vacancies_app_cand_idx"),
        ]

    def __str__(self) -> str:
        return f"Application #{self.pk}"

    @property
    def days_in_stage(self) -> int:
        return max(0, (timezone.now() - self.stage_changed_at).days)

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES


class StageChange(AppendOnlyModel):
    """One move of an application: the full history (stage, when, by whom) is never rewritten."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    rejection_reason = models.ForeignKey(
        RejectionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="vacancies_stagechg_app_idx")]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} -> {self.stage}"


class Interview(models.Model):
    """An interview of one application. Booking it sends calendar invitations (issue 18,
    services/interview_invites.py): `uid` names the calendar event for ever, `sequence` goes up on
    every change the invitees are sent, `cancelled_at` says a cancellation went out."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone"
        VIDEO = "video", "Video"
        IN_PERSON = "in_person", "In person"
        ASSESSMENT = "assessment", "Assessment centre"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Not taken forward"
        NO_SHOW = "no_show", "Did not attend"
        CANCELLED = "cancelled", "Cancelled"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="interviews")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        "length (minutes)", default=60, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VIDEO)
    # Free text: who the candidate will meet ("Sam Patel, Head of Data"), shown to the candidate.
    interviewers = models.CharField(max_length=300, blank=True)
    # The interviewers' addresses: each receives the invitation (they have no record of their own).
    interviewer_emails = ArrayField(models.EmailField(), default=list, blank=True, size=10)
    location = models.CharField(max_length=300, blank=True)
    video_link = models.URLField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    feedback = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The calendar event (RFC 5545): one UID for its whole life, SEQUENCE raised on every change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The candidate's answer through their signed link.
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    rearrange_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApplicationChildQuerySet.as_manager()

    # Set by the booking and change services: the invitations the contact rule refused, in words.
    invite_refusals: list[str]

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"], name="vacancies_interview_start_idx")]

    def __str__(self) -> str:
        return f"Interview #{self.pk}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes or 60)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None or self.outcome == self.Outcome.CANCELLED

    @property
    def attendance(self) -> str:
        """The candidate's answer, as the recruiter reads it."""
        if self.is_cancelled:
            return "Cancelled"
        if self.rearrange_requested_at is not None and (
            self.confirmed_at is None or self.rearrange_requested_at > self.confirmed_at
        ):
            return "Asked to rearrange"
        if self.confirmed_at is not None:
            return "Confirmed"
        return "Not yet confirmed"


class Offer(models.Model):
    class Status(models.TextChoices):
        MADE = "made", "Made"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="offers")
    offered_on = models.DateField(default=datetime.date.today)
    salary = models.PositiveIntegerField(null=True, blank=True, help_text="Whole pounds a year.")
    day_rate = models.PositiveIntegerField(null=True, blank=True, help_text="Whole pounds a day.")
    start_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MADE)
    # DOMAIN.md: counter-offer risk is recorded and flagged to the recruiter before the start date.
    counter_offer_risk = models.BooleanField(default=False)
    counter_offer_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApplicationChildQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_on", "-id"]

    def __str__(self) -> str:
        return f"Offer #{self.pk}"


# Five years of working days: a temp or contract assignment expected to run longer is a typing slip.
MAX_EXPECTED_DAYS = 1300


class Placement(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="placement")
    start_on = models.DateField()
    salary = models.PositiveIntegerField(null=True, blank=True, help_text="Whole pounds a year (perm).")
    fee = models.PositiveIntegerField(null=True, blank=True, help_text="Whole pounds (perm).")
    fee_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    fee_overridden = models.BooleanField(default=False)
    pay_rate = models.PositiveIntegerField(
        null=True, blank=True, help_text="Whole pounds a day (temp/contract)."
    )
    charge_rate = models.PositiveIntegerField(
        null=True, blank=True, help_text="Whole pounds a day (temp/contract)."
    )
    # Temp/contract: the fee is earned a day at a time, so the placement's worth is the day margin
    # times the days it is expected to run (issue 16: never counted as £0 in fee totals).
    expected_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_EXPECTED_DAYS)],
        help_text="Working days the assignment is expected to run (temp/contract).",
    )
    guarantee_ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApplicationChildQuerySet.as_manager()

    class Meta:
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(charge_rate__isnull=True)
                | models.Q(pay_rate__isnull=True)
                | models.Q(charge_rate__gte=models.F("pay_rate")),
                name="vacancies_placement_charge_covers_pay",
            )
        ]

    def __str__(self) -> str:
        return f"Placement #{self.pk}"

    @property
    def margin(self) -> int | None:
        """Daily margin for temp/contract: charge rate minus pay rate."""
        if self.pay_rate is None or self.charge_rate is None:
            return None
        return self.charge_rate - self.pay_rate

    @property
    def fee_value(self) -> int:
        """What the placement earns, as fee totals count it (PLACEMENT_FEE_VALUE is the same in SQL):
        the perm fee, or for temp/contract the day margin x expected days (0 while either is unknown)."""
        if self.fee is not None:
            return self.fee
        if self.margin is None or self.expected_days is None:
            return 0
        return self.margin * self.expected_days


# The SQL twin of Placement.fee_value, for every query that sums fees (equal row by row in
# tests/vacancies/test_placement_fees.py).
PLACEMENT_FEE_VALUE = Coalesce(
    F("fee"),
    ExpressionWrapper(
        (F("charge_rate") - F("pay_rate")) * F("expected_days"), output_field=models.IntegerField()
    ),
    Value(0),
    output_field=models.IntegerField(),
)


class FollowUp(models.Model):
    """A task for the recruiter after a placement starts (1 week, 1 month, 3 months)."""

    class Kind(models.TextChoices):
        WEEK_1 = "week_1", "1 week check-in"
        MONTH_1 = "month_1", "1 month check-in"
        MONTH_3 = "month_3", "3 month check-in"

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="follow_ups")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = FollowUpQuerySet.as_manager()
    team_lookup: ClassVar[str] = "placement__application__team_id"

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind"], name="vacancies_followup_one_per_kind")
        ]
        indexes = [
            models.Index(fields=["assigned_to", "done_at", "due_on"], name="vacancies_followup_todo_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on}"
