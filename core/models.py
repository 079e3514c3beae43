"""Users, teams and the audit trail: the floor every other app stands on."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from core.permissions import VisibleQuerySet


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
        help_text="The manager who leads this team.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()
    # A team "owns" itself for visibility: members see their own team.
    team_lookup: ClassVar[str] = "id"

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(VisibleQuerySet):
    pass


class RecruitUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    class Role(models.TextChoices):
        RECRUITER = "recruiter", "Recruiter"
        MANAGER = "manager", "Manager"
        COMPLIANCE = "compliance", "Compliance officer"
        ADMIN = "admin", "Admin"

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RECRUITER)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    # The work number clients see on a shortlist the user sends (the client review page).
    phone = models.CharField("work phone", max_length=30, blank=True)

    objects: ClassVar[RecruitUserManager] = RecruitUserManager()

    class Meta:
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="core_user_email_ci_unique",
            )
        ]

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == self.Role.ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.MANAGER

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove a row of an append-only table."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} is append-only: rows are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} is append-only: rows are never deleted.")


class AppendOnlyModel(models.Model):
    """A row is written once and never changed or removed (a database trigger enforces it too)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only: rows are never updated.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} is append-only: rows are never deleted.")


class AuditEvent(AppendOnlyModel):
    """Something happened to a record. Holds ids and codes only, never personal data."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"


class AccessLog(AppendOnlyModel):
    """Who viewed, downloaded or exported which sensitive record, and when."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        DOWNLOAD = "download", "Downloaded"
        EXPORT = "export", "Exported"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.BigIntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_access_object_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"


class SignedLink(models.Model):
    """A link for someone without an account (a client reviewer, a candidate answering a request).

    Only a SHA-256 of the token is stored, so a database leak gives no working links. Each link has
    one purpose, an expiry, and can be revoked; using it for another purpose fails.
    """

    purpose = models.CharField(max_length=50)
    object_type = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="Empty for unlimited.")
    use_count = models.PositiveIntegerField(default=0)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_signedlink_object_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} link for {self.object_type}#{self.object_id}"


class AgencyProfile(models.Model):
    """The agency as its clients see it on every page sent outside (the client review page): its
    name and logo. One row (pk 1), set by an admin; until then the name is settings.AGENCY_NAME."""

    name = models.CharField(max_length=120, blank=True)
    # Judged by content at upload (PNG or JPEG only), stored under a random name, served by a view.
    logo = models.FileField(upload_to="agency/", blank=True)
    logo_content_type = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="core_agencyprofile_one_row")]

    def __str__(self) -> str:
        return self.name or "Agency profile"


class PrivacyNotice(models.Model):
    """The agency's privacy notice to candidates (UK GDPR arts. 13 and 14), kept by version.

    A new version is a new row (never edited once published), so the version a candidate was shown
    on applying, or sent when sourced, can always be read back. The newest row is the current one.
    """

    version = models.CharField(max_length=20, unique=True)
    text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"Privacy notice {self.version}"


class Heartbeat(models.Model):
    """Last time a background component reported in (the worker, run by beat's schedule)."""

    name = models.CharField(max_length=50, unique=True)
    last_seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class TeamOwnedModel(models.Model):
    """A record owned by a user and a team: the default visibility rule is by `team_id` (indexed)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="%(app_label)s_%(class)s_owned"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="%(app_label)s_%(class)s_set")

    class Meta:
        abstract = True
