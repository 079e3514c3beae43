"""A vacancy: the role a client wants filled, with the Conduct Regs reg 18 information and its checks."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import TeamOwnedModel
from vacancies.querysets import VacancyQuerySet

DBS_LEVELS = ["none", "basic", "standard", "enhanced", "enhanced_barred"]

# The one list of the fields a recruiter writes on a vacancy (STYLE.md "One list of fields per
# model"): the service accepts these, the form edits them (required_checks as three inputs), the
# API serializer exposes them. The client, status, owner and team are set by their own rules.
VACANCY_FIELDS: tuple[str, ...] = (
    "contact",
    "title",
    "description",
    "must_have_skills",
    "nice_to_have_skills",
    "postcode",
    "remote",
    "employment_type",
    "salary_min",
    "salary_max",
    "day_rate",
    "start_on",
    "headcount",
    "required_checks",
    "works_with_vulnerable_people",
    "blind_shortlist",
    "sponsorship_available",
    "hirer_business",
    "duration",
    "hours",
    "health_and_safety_risks",
    "required_qualifications",
    "expenses",
    "benefits",
    "notice_period",
    # The careers site (portal): publishing is gated (vacancies.selectors.careers).
    "is_published",
    "advert",
    "closes_on",
)

# Conduct of Employment Agencies and Employment Businesses Regulations 2003, reg 18: before an agency
# looks for anyone it must have from the hirer: its identity and the nature of its business; the
# start date and the likely duration; the position, the type of work, where and the hours; the
# health and safety risks known to the hirer and what is done about them; the experience, training
# and qualifications needed (and any the law requires); and, for permanent roles, the pay, benefits
# and notice. A vacancy cannot be opened until all of it is recorded.
#
# (field, label). Order is the order the regulation lists them, which is how the form shows them.
REG18_FIELDS: list[tuple[str, str]] = [
    ("hirer_business", "Hirer and business"),
    ("start_on", "Start date"),
    ("duration", "Duration"),
    ("title", "Position"),
    ("description", "Type of work"),
    ("postcode", "Location"),
    ("hours", "Hours"),
    ("health_and_safety_risks", "Health and safety risks"),
    ("required_qualifications", "Required experience and qualifications"),
]
# Conduct Regs reg 18: for permanent roles also the pay (a salary), benefits and notice.
REG18_PERM_FIELDS: list[tuple[str, str]] = [
    ("salary_min", "Pay"),
    ("benefits", "Benefits"),
    ("notice_period", "Notice period"),
]
REG18_LABELS = dict(REG18_FIELDS + REG18_PERM_FIELDS)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def reg18_missing(values: dict[str, Any]) -> list[str]:
    """The reg 18 fields still missing, in the regulation's order. `values` maps field -> value."""
    missing = []
    for field, _ in REG18_FIELDS:
        if field == "postcode" and values.get("remote") == "remote":
            continue  # a fully remote role has no place of work to give
        if _blank(values.get(field)):
            missing.append(field)
    if values.get("employment_type") == "perm":
        for field, _ in REG18_PERM_FIELDS:
            if field == "salary_min":
                if _blank(values.get("salary_min")) and _blank(values.get("salary_max")):
                    missing.append(field)
            elif _blank(values.get(field)):
                missing.append(field)
    return missing


def reg18_message(missing: list[str]) -> str:
    labels = [REG18_LABELS[field].lower() for field in missing]
    return "Conduct Regs reg 18: record " + ", ".join(labels) + " before opening this vacancy."


def default_required_checks() -> dict[str, Any]:
    return {"right_to_work": True, "dbs_level": "none", "references": 0}


def validate_required_checks(value: Any) -> None:
    """{"right_to_work": bool, "dbs_level": one of DBS_LEVELS, "references": 0-5} (API.md)."""
    if not isinstance(value, dict) or set(value) != {"right_to_work", "dbs_level", "references"}:
        raise ValidationError('Give "right_to_work", "dbs_level" and "references".')
    if not isinstance(value["right_to_work"], bool):
        raise ValidationError("right_to_work must be true or false.")
    if value["dbs_level"] not in DBS_LEVELS:
        raise ValidationError("dbs_level must be one of " + ", ".join(DBS_LEVELS) + ".")
    references = value["references"]
    if not isinstance(references, int) or isinstance(references, bool) or not 0 <= references <= 5:
        raise ValidationError("references must be a whole number from 0 to 5.")


class Vacancy(TeamOwnedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        ON_HOLD = "on_hold", "On hold"
        FILLED = "filled", "Filled"
        CLOSED = "closed", "Closed"

    class EmploymentType(models.TextChoices):
        PERM = "perm", "Permanent"
        CONTRACT = "contract", "Contract"
        TEMP = "temp", "Temporary"

    class Remote(models.TextChoices):
        ONSITE = "onsite", "On site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote"

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="vacancies")
    contact = models.ForeignKey(
        "clients.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="vacancies"
    )
    title = models.CharField("position", max_length=200)
    description = models.TextField("type of work", blank=True)
    must_have_skills = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    nice_to_have_skills = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    postcode = models.CharField("location (postcode)", max_length=10, blank=True)
    remote = models.CharField(max_length=10, choices=Remote.choices, default=Remote.ONSITE)
    employment_type = models.CharField(
        max_length=10, choices=EmploymentType.choices, default=EmploymentType.PERM
    )
    salary_min = models.PositiveIntegerField(null=True, blank=True, help_text="Whole pounds a year.")
    salary_max = models.PositiveIntegerField(null=True, blank=True, help_text="Whole pounds a year.")
    day_rate = models.PositiveIntegerField(null=True, blank=True, help_text="Whole pounds a day.")
    start_on = models.DateField("start date", null=True, blank=True)
    headcount = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    required_checks = models.JSONField(default=default_required_checks, validators=[validate_required_checks])
    works_with_vulnerable_people = models.BooleanField(default=False)
    blind_shortlist = models.BooleanField(default=False)
    sponsorship_available = models.BooleanField(default=False)
    # Conduct Regs reg 18: what the hirer must tell us before we look for anyone.
    hirer_business = models.TextField("hirer and business", blank=True)
    duration = models.CharField(max_length=200, blank=True, help_text="e.g. permanent, or 6 months.")
    hours = models.CharField(max_length=200, blank=True)
    health_and_safety_risks = models.TextField("health and safety risks", blank=True)
    required_qualifications = models.TextField("required experience and qualifications", blank=True)
    expenses = models.TextField(blank=True)
    benefits = models.TextField(blank=True)
    notice_period = models.CharField(max_length=200, blank=True)
    # The careers site (portal): shown only when published, open and its reg 18 information is
    # complete. `advert` is the public text; `description` stays internal.
    is_published = models.BooleanField(default=False, db_default=False)
    advert = models.TextField(blank=True, default="", db_default="")
    closes_on = models.DateField("closing date", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    filled_at = models.DateTimeField(null=True, blank=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "vacancies"
        indexes = [
            models.Index(fields=["team", "status"], name="vacancies_vacancy_team_idx"),
            models.Index(fields=["client", "status"], name="vacancies_vacancy_client_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(headcount__gte=1), name="vacancies_vacancy_headcount_gte_1"
            ),
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="vacancies_vacancy_salary_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.salary_min and self.salary_max and self.salary_min > self.salary_max:
            errors["salary_max"] = "The maximum salary is below the minimum."
        if self.contact is not None and self.client_id and self.contact.client_id != self.client_id:
            errors["contact"] = "Choose a contact at this vacancy's client."
        if errors:
            raise ValidationError(errors)

    @property
    def is_perm(self) -> bool:
        return self.employment_type == self.EmploymentType.PERM

    @property
    def reg18_missing_fields(self) -> list[str]:
        """Conduct Regs reg 18: what is still to be recorded before this vacancy may open."""
        names = [f for f, _ in REG18_FIELDS + REG18_PERM_FIELDS] + ["remote", "employment_type", "salary_max"]
        return reg18_missing({name: getattr(self, name) for name in names})
