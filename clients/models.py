"""Clients (hiring companies), their contacts (personal data) and terms of business."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from clients.querysets import ClientQuerySet, ContactQuerySet
from core.models import TeamOwnedModel


class Client(TeamOwnedModel):
    class Status(models.TextChoices):
        PROSPECT = "prospect", "Prospect"
        ACTIVE = "active", "Active"
        LAPSED = "lapsed", "Lapsed"

    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROSPECT)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    update_every_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="How often the client wants to hear from us while a vacancy is open.",
    )
    is_confidential = models.BooleanField(
        default=False, help_text="Only the users named on the client (and admins) can see it."
    )
    # DBS code of practice: certificates don't expire; the agency re-checks every 3 years unless the
    # client asks for a shorter period for its placements.
    dbs_recheck_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(35)],
        verbose_name="DBS re-check (months)",
        help_text="Empty for the agency's default (every 3 years); a shorter period if the client asks.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClientQuerySet.as_manager()
    # Confidential clients: visible only through guardian grants (core.permissions).
    restricted_field: ClassVar[str] = "is_confidential"

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["team", "name"], name="clients_client_team_name_idx"),
            models.Index(Lower("name"), name="clients_client_lname_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(update_every_days__gte=1), name="clients_client_update_every_days_gte_1"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Contact(TeamOwnedModel):
    """A person at a client. Personal data: retention and erasure as for candidates (anonymisers.py)."""

    class LawfulBasis(models.TextChoices):
        LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests"
        CONTRACT = "contract", "Contract"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
        CONSENT = "consent", "Consent"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="contacts")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    is_hiring_manager = models.BooleanField(default=False)
    lawful_basis = models.CharField(
        max_length=30, choices=LawfulBasis.choices, default=LawfulBasis.LEGITIMATE_INTERESTS
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_contacted_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["client", "last_name"], name="clients_contact_client_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def validate_rebate_schedule(value: Any) -> None:
    """A list of {"weeks", "refund_percent"}: weeks rising, refunds not rising (a typical sliding scale)."""
    if not isinstance(value, list):
        raise ValidationError("The rebate schedule must be a list of steps.")
    previous_weeks, previous_refund = 0, 101
    for step in value:
        if not isinstance(step, dict) or set(step) != {"weeks", "refund_percent"}:
            raise ValidationError('Each step needs "weeks" and "refund_percent".')
        weeks, refund = step["weeks"], step["refund_percent"]
        if not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= 52:
            raise ValidationError("Weeks must be a whole number from 1 to 52.")
        if not isinstance(refund, int) or isinstance(refund, bool) or not 0 <= refund <= 100:
            raise ValidationError("Refund must be a whole percentage from 0 to 100.")
        if weeks <= previous_weeks:
            raise ValidationError("Steps must be in order of weeks, each later than the one before.")
        if refund > previous_refund:
            raise ValidationError("A later step cannot refund more than an earlier one.")
        previous_weeks, previous_refund = weeks, refund


class TermsOfBusiness(models.Model):
    """One signed version of the client's terms; the latest signed version is the one in force."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="terms")
    fee_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Permanent placement fee as a percentage of first-year salary.",
    )
    rebate_schedule = models.JSONField(default=list, blank=True, validators=[validate_rebate_schedule])
    signed_on = models.DateField(null=True, blank=True)
    # Stored under a random name (clients.files); served only through a view that checks visibility.
    document = models.FileField(upload_to="terms/", blank=True, max_length=200)
    document_kind = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = models.Manager()

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name_plural = "terms of business"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fee_percent__gte=0, fee_percent__lte=100),
                name="clients_terms_fee_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"Terms for client #{self.client_id} ({self.fee_percent}%)"

    @property
    def guarantee_weeks(self) -> int:
        return max((step["weeks"] for step in self.rebate_schedule), default=0)

    def guarantee_ends_on(self, start_on: date) -> date:
        """The last day of the rebate period for a placement starting on `start_on`."""
        return start_on + timedelta(weeks=self.guarantee_weeks)

    def refund_percent_after(self, weeks_worked: int) -> int:
        """Refund due when a placed candidate leaves after `weeks_worked` whole weeks."""
        for step in self.rebate_schedule:
            if weeks_worked < step["weeks"]:
                return int(step["refund_percent"])
        return 0
