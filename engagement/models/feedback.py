"""Surveys sent through signed links (no account) and the answers: NPS 0-10 and a comment."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import TeamOwnedModel
from engagement.querysets import FeedbackQuerySet


class FeedbackRequest(TeamOwnedModel):
    """One survey to one person about one application at one stage. `owner` is the recruiter."""

    class Stage(models.TextChoices):
        INTERVIEW = "interview", "After interview"
        PLACEMENT = "placement", "After placement start"

    class Respondent(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        CLIENT = "client", "Client contact"

    application = models.ForeignKey(
        "vacancies.Application", on_delete=models.PROTECT, related_name="feedback_requests"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices)
    respondent = models.CharField(max_length=20, choices=Respondent.choices)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage", "respondent"], name="engagement_feedbackreq_once"
            )
        ]

    def __str__(self) -> str:
        return f"Survey #{self.pk}"


class FeedbackResponse(TeamOwnedModel):
    """An answer. NPS: 9-10 promoters, 7-8 passives, 0-6 detractors."""

    request = models.OneToOneField(FeedbackRequest, on_delete=models.PROTECT, related_name="response")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    comment = models.TextField(blank=True)
    stage = models.CharField(max_length=20, choices=FeedbackRequest.Stage.choices)
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-answered_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=10), name="engagement_feedback_score_0_10")
        ]

    def __str__(self) -> str:
        return f"Response #{self.pk}"
