"""The candidate: one person across all vacancies (never one record per application)."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from candidates.querysets import AVAILABILITY_FRESH_DAYS, CandidateQuerySet, ChildQuerySet, PostcodeArea
from core.models import TeamOwnedModel


class Candidate(TeamOwnedModel):
    class Source(models.TextChoices):
        JOB_BOARD = "job_board", "Job board"
        SOCIAL_MEDIA = "social_media", "Social media"
        REFERRAL = "referral", "Referral"
        DATABASE = "database", "Database"
        DIRECT = "direct", "Applied directly"
        CAREERS_SITE = "careers_site", "Careers site"
        EVENT = "event", "Event"
        OTHER = "other", "Other"

    class EmploymentType(models.TextChoices):
        PERM = "perm", "Permanent"
        CONTRACT = "contract", "Contract"
        TEMP = "temp", "Temporary"

    class RightToWork(models.TextChoices):
        YES = "yes", "Yes"
        NEEDS_SPONSORSHIP = "needs_sponsorship", "Needs sponsorship"
        UNKNOWN = "unknown", "Unknown"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PLACED = "placed", "Placed"
        NOT_LOOKING = "not_looking", "Not looking"
        DO_NOT_CONTACT = "do_not_contact", "Do not contact"

    class Channel(models.TextChoices):
        """How the candidate prefers to hear from us (blank: no preference stated)."""

        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        SMS = "sms", "Text message"

    class Frequency(models.TextChoices):
        """How often they want to hear about new roles (blank: no preference stated). Updates on
        their own applications are never held back by this."""

        ANY = "any", "Whenever there is something suitable"
        WEEKLY = "weekly", "At most once a week"
        MONTHLY = "monthly", "At most once a month"
        NONE = "none", "Only about my own applications"

    class LawfulBasis(models.TextChoices):
        LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests"
        CONTRACT = "contract", "Contract"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
        CONSENT = "consent", "Consent"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164, e.g. +447700900123.")
    postcode = models.CharField(max_length=10, blank=True)
    town = models.CharField(max_length=100, blank=True)
    current_title = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    employment_types = ArrayField(
        models.CharField(max_length=10, choices=EmploymentType.choices), default=list, blank=True
    )
    desired_salary = models.PositiveIntegerField(null=True, blank=True, help_text="Whole pounds a year.")
    desired_day_rate = models.PositiveIntegerField(null=True, blank=True, help_text="Whole pounds a day.")
    available_from = models.DateField(null=True, blank=True)
    availability_confirmed_on = models.DateField(
        null=True, blank=True, help_text="When the candidate last confirmed their availability."
    )
    notice_period_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    source_detail = models.CharField(max_length=200, blank=True, help_text="Which board, event or list.")
    referrer = models.CharField(max_length=200, blank=True, help_text="Who referred them, if anyone.")
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    right_to_work = models.CharField(max_length=20, choices=RightToWork.choices, default=RightToWork.UNKNOWN)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    privacy_notice_sent_on = models.DateField(null=True, blank=True)
    # Which version of core.PrivacyNotice they were given (shown on applying: art. 13; sent to a
    # sourced candidate: art. 14). Blank for records from before versions were kept.
    # Defaults in the database too, so bulk writers that name their columns (the import's and the
    # generator's COPY) need not know of these.
    privacy_notice_version = models.CharField(max_length=20, blank=True, default="", db_default="")
    preferred_channel = models.CharField(
        max_length=10, choices=Channel.choices, blank=True, default="", db_default=""
    )
    contact_frequency = models.CharField(
        max_length=10, choices=Frequency.choices, blank=True, default="", db_default=""
    )
    desired_roles = ArrayField(models.CharField(max_length=100), default=list, db_default=[], blank=True)
    desired_locations = ArrayField(models.CharField(max_length=100), default=list, db_default=[], blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_contacted_at = models.DateTimeField(null=True, blank=True)
    is_anonymised = models.BooleanField(default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Erasure inside a statutory floor (DESIGN.md): restricted at once — out of search, matching,
    # lists and messages, everything the floor does not need scrubbed — and anonymised completely
    # on `anonymise_on` (None while the floor's end is not yet known: still employed).
    restricted_at = models.DateTimeField(null=True, blank=True)
    anonymise_on = models.DateField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_duplicates"
    )
    merged_at = models.DateTimeField(null=True, blank=True)

    # Derived, kept current by candidates.services (never by signals): keys for near-duplicate
    # matching, the completeness part of the data-quality score, and the search document.
    name_key = models.CharField(max_length=201, blank=True, editable=False)
    postcode_key = models.CharField(max_length=10, blank=True, editable=False)
    quality_base = models.PositiveSmallIntegerField(default=0, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # The ranking's two inputs (docs/search.md "Ranking"): the head of the record (name and current
    # title at weight A, skills at B) — a small vector kept inline, so "does the search match the
    # head?" costs no TOAST read — and the query-independent prior: the year of the most recent
    # experience (9999 while in a job) x 1000 + quality_base, so recent experience comes first and
    # data quality only breaks ties.
    head_vector = SearchVectorField(null=True, editable=False)
    search_prior = models.BigIntegerField(default=0, db_default=0, editable=False)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        permissions = [("export_candidate", "Can export candidates to CSV")]
        constraints = [
            # One live record per email address, whatever its case (API.md: 409 duplicate).
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email="") & Q(merged_into__isnull=True) & Q(is_anonymised=False),
                name="candidates_candidate_live_email_ci_unique",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="candidates_cand_search_gin"),
            GinIndex(fields=["tags"], name="candidates_cand_tags_gin"),
            models.Index(fields=["phone"], name="candidates_cand_phone_idx"),
            models.Index(fields=["name_key", "postcode_key"], name="candidates_cand_namepc_idx"),
            models.Index(fields=["owner", "status"], name="candidates_cand_owner_idx"),
            models.Index(fields=["-created_at"], name="candidates_cand_created_idx"),
            # The list page's default order (issue 10): read in order and stop after a page,
            # instead of sorting a million live rows for every request.
            models.Index(
                fields=["last_name", "first_name", "id"],
                name="candidates_cand_list_name_idx",
                condition=Q(merged_into__isnull=True, is_anonymised=False),
            ),
            # The postcode-area filter ("M" for Manchester, not "ME"): an equality on this
            # expression, so the planner has real statistics and can AND it with the search's
            # GIN index instead of filtering a regex row by row (issue 10).
            models.Index(
                PostcodeArea("postcode_key"),
                F("team"),  # second: the area alone serves admins, area and team everyone else
                name="candidates_cand_pcarea_idx",
                condition=Q(merged_into__isnull=True, is_anonymised=False),
            ),
            # Matching's hard filters (vacancies.selectors.matching): the people holding a must-have skill are
            # checked here by id without reading their (wide) rows — an index-only scan. A filter
            # on a column not included still works, through the table.
            models.Index(
                fields=["id"],
                include=["team", "status", "right_to_work", "employment_types"],
                name="candidates_cand_match_idx",
                condition=Q(merged_into__isnull=True, is_anonymised=False),
            ),
            # Ranked search (candidates.search.queries): the best matches of each tier are found by
            # walking the prior in order, which stops early for a word half the people have; the
            # head's GIN index answers a rare word instead.
            GinIndex(fields=["head_vector"], name="candidates_cand_head_gin"),
            models.Index(
                F("search_prior").desc(),
                F("id").desc(),
                name="candidates_cand_prior_idx",
                condition=Q(merged_into__isnull=True, is_anonymised=False),
            ),
            # The same, within a team (the visibility rule for everyone but admins).
            models.Index(
                "team",
                F("search_prior").desc(),
                F("id").desc(),
                name="candidates_cand_teamprior_idx",
                condition=Q(merged_into__isnull=True, is_anonymised=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_live(self) -> bool:
        return self.merged_into_id is None and not self.is_anonymised

    @property
    def availability_is_fresh(self) -> bool:
        if self.availability_confirmed_on is None:
            return False
        cutoff = timezone.localdate() - datetime.timedelta(days=AVAILABILITY_FRESH_DAYS)
        return self.availability_confirmed_on >= cutoff

    @property
    def data_quality(self) -> int:
        """0 to 100: completeness (stored) plus availability confirmed in the last 90 days (decays)."""
        return min(100, self.quality_base + (20 if self.availability_is_fresh else 0))

    @property
    def is_sourced(self) -> bool:
        # Someone who applied (directly or on the careers site) was not sourced by us.
        return self.source not in (self.Source.DIRECT, self.Source.CAREERS_SITE)


class WorkHistory(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="work_history")
    employer = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while current.")
    summary = models.TextField(blank=True)

    objects = ChildQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name_plural = "work history"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="candidates_workhistory_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.employer}"


class Qualification(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="qualifications")
    name = models.CharField(max_length=200)
    institution = models.CharField(max_length=200, blank=True)
    awarded_on = models.DateField(null=True, blank=True)
    verified = models.BooleanField(default=False)

    objects = ChildQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        ordering = ["-awarded_on", "-id"]

    def __str__(self) -> str:
        return self.name
