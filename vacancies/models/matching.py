"""Shortlists and their manager review, submissions to clients, client feedback through a review
link, and the in-app notices that tell recruiters and managers what happened.

DESIGN.md "Shortlist review": recruiter drafts -> submits -> manager approves or rejects each entry
(or requests changes); only approved entries can be submitted, and only with the candidate's
consent for that vacancy (Conduct Regs reg 19). The shortlist's rationale and each entry's match
rationale are kept with it: the record of why these candidates were put forward.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import TeamOwnedModel
from vacancies.querysets import (
    ApplicationChildQuerySet,
    NoticeQuerySet,
    ShortlistChildQuerySet,
    ShortlistQuerySet,
)


class Shortlist(TeamOwnedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    vacancy = models.ForeignKey("vacancies.Vacancy", on_delete=models.PROTECT, related_name="shortlists")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    rationale = models.TextField(blank=True, help_text="Why these candidates, as a whole.")
    review_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ShortlistQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("review_shortlist", "Can review (approve or reject) shortlists")]
        indexes = [models.Index(fields=["vacancy", "status"], name="vacancies_shortlist_vac_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """What people call it: the vacancy's title and the day it was started ("Django Developer,
        3 Mar 2026"), never a bare number. Select the vacancy with it on lists."""
        started = timezone.localtime(self.created_at) if self.created_at else timezone.localtime()
        return f"{self.vacancy.title}, {started:%-d %b %Y}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)


class ShortlistEntry(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    shortlist = models.ForeignKey(Shortlist, on_delete=models.PROTECT, related_name="entries")
    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(default=1)
    rationale = models.TextField(blank=True, help_text="The recruiter's reasons for this candidate.")
    # The matcher's rationale and score when the entry was added (never names or protected data).
    match_rationale = models.JSONField(default=dict, blank=True)
    match_score = models.FloatField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ShortlistChildQuerySet.as_manager()

    class Meta:
        ordering = ["rank", "id"]
        verbose_name_plural = "shortlist entries"
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "candidate"], name="vacancies_entry_once_per_list")
        ]
        indexes = [models.Index(fields=["candidate", "decision"], name="vacancies_entry_cand_idx")]

    def __str__(self) -> str:
        return f"Entry #{self.pk}"


class Submission(models.Model):
    """Which CV version went to which client contact, when, by whom and how (Conduct Regs reg 19/28)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PORTAL = "portal", "Client portal"
        VERBAL = "verbal", "Verbally"

    application = models.ForeignKey(
        "vacancies.Application", on_delete=models.PROTECT, related_name="submissions"
    )
    contact = models.ForeignKey(
        "clients.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "candidates.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent = models.ForeignKey("candidates.Consent", on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(ShortlistEntry, on_delete=models.PROTECT, related_name="submissions")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A submission pack sent by email (issue 18): the message, whose attachment is the exact PDF sent.
    email = models.OneToOneField(
        "engagement.OutboundEmail",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submission",
    )

    objects = ApplicationChildQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["submitted_at"], name="vacancies_submission_at_idx")]

    def __str__(self) -> str:
        return f"Submission #{self.pk}"


class ConfirmationTask(models.Model):
    """Conduct Regs reg 21: a verbal submission is confirmed in writing within 3 business days."""

    application = models.ForeignKey(
        "vacancies.Application", on_delete=models.PROTECT, related_name="confirmation_tasks"
    )
    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="confirmation_task")
    due_on = models.DateField()
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationChildQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["assigned_to", "done_at"], name="vacancies_conftask_todo_idx")]

    def __str__(self) -> str:
        return f"Confirm submission #{self.submission_id} in writing by {self.due_on}"


class ClientFeedback(models.Model):
    """A client hiring manager's decision on one candidate, given through a review link."""

    class Decision(models.TextChoices):
        INTERVIEW = "interview", "Interview"
        MAYBE = "maybe", "Maybe"
        REJECT = "reject", "Reject"

    entry = models.ForeignKey(ShortlistEntry, on_delete=models.PROTECT, related_name="client_feedback")
    link = models.ForeignKey("core.SignedLink", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = ShortlistChildQuerySet.as_manager()
    team_lookup: ClassVar[str] = "entry__shortlist__team_id"

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.decision} on entry #{self.entry_id}"


class Notice(models.Model):
    """An in-app notification. Its text names the vacancy and the event, never a candidate."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="vacancies_notice_user_idx")]

    def __str__(self) -> str:
        return self.text
