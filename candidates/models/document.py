"""Documents (CVs): stored under unguessable names, served only through a checked view."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from candidates.querysets import ChildQuerySet


def document_path(instance: Any, filename: str) -> str:
    # Never the uploaded name: a random name that says nothing about the person or the file.
    return f"candidates/documents/{secrets.token_hex(24)}"


class Document(models.Model):
    class Kind(models.TextChoices):
        CV = "cv", "CV"
        OTHER = "other", "Other"

    class Extraction(models.TextChoices):
        PENDING = "pending", "Text extraction pending"
        DONE = "done", "Text extracted"
        FAILED = "failed", "Could not be read"

    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CV)
    filename = models.CharField(max_length=255, help_text="The name it was uploaded with (shown only).")
    file = models.FileField(upload_to=document_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True, editable=False)
    extraction = models.CharField(max_length=10, choices=Extraction.choices, default=Extraction.PENDING)
    extraction_error = models.CharField(max_length=50, blank=True, help_text="A code, never file content.")
    # Judged from the content at upload (a PDF or Word file that opens), cleared if its text can't
    # be read: only such a file is offered as the CV to send or becomes the current CV (issue 16:
    # a junk upload became the "latest CV" that went to a client).
    can_be_cv = models.BooleanField(default=False, editable=False)
    is_current_cv = models.BooleanField(default=False)

    objects = ChildQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            # One current CV per person: the one a submission sends unless the recruiter picks another.
            models.UniqueConstraint(
                fields=["candidate"],
                condition=models.Q(is_current_cv=True),
                name="candidates_document_one_current_cv",
            ),
            models.CheckConstraint(
                condition=models.Q(is_current_cv=False) | models.Q(kind="cv", can_be_cv=True),
                name="candidates_document_current_cv_is_a_cv",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
