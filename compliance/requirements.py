"""What a vacancy needs, as a value: `compliance` never imports `vacancies` (DESIGN.md floors).

The placement service (vacancies) builds a `Requirements` from the vacancy's `required_checks`
(API.md) and asks `selectors.requirement_unmet_list`. For the status endpoint, which is given only a
vacancy id, the vacancies app registers a resolver here when it starts (`register_requirements_
resolver` in its AppConfig.ready): given the user and the id it returns the requirements of a
vacancy that user may see, or None (a 404 to the caller). Compliance only ever sees the value.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from compliance import rules

STATUS_SATISFIED = "satisfied"
STATUS_MISSING = "missing"
STATUS_EXPIRED = "expired"
STATUS_PENDING = "pending"

RIGHT_TO_WORK = "right_to_work"
DBS = "dbs"
REFERENCES = "references"
REG22_REFERENCES = "reg22_references"
REG22_QUALIFICATIONS = "reg22_qualifications"
WORK_HISTORY_GAPS = "work_history_gaps"

LABELS = {
    RIGHT_TO_WORK: "Right to work",
    DBS: "DBS check",
    REFERENCES: "References",
    REG22_REFERENCES: "Two non-relative references with consent to disclose (reg 22)",
    REG22_QUALIFICATIONS: "Qualifications verified (reg 22)",
    WORK_HISTORY_GAPS: "Work-history gaps explained",
}


class RequirementsInvalid(ValueError):
    """The required checks were not in the shape API.md gives."""


@dataclass(frozen=True)
class Requirements:
    """The checks a placement needs. `dbs_level` "enhanced_barred" means regulated activity."""

    right_to_work: bool = True
    dbs_level: str = rules.DBS_NONE
    references: int = 0
    works_with_vulnerable_people: bool = False
    dbs_recheck_months: int | None = None  # a client's shorter re-check period, if it set one
    # Four eyes (rules.four_eyes_required): the recruiter who owns the application. A check she
    # recorded herself counts only once a compliance officer has verified it. None: no four eyes.
    owner_id: int | None = None

    def __post_init__(self) -> None:
        if self.dbs_level not in rules.DBS_ORDER:
            raise RequirementsInvalid(f"Unknown DBS level {self.dbs_level[:30]!r}.")
        if not 0 <= self.references <= 10:
            raise RequirementsInvalid("references must be between 0 and 10.")

    @property
    def is_regulated_activity(self) -> bool:
        return self.dbs_level == rules.DBS_ENHANCED_BARRED

    @classmethod
    def from_required_checks(
        cls,
        required_checks: Mapping[str, Any] | None,
        *,
        works_with_vulnerable_people: bool = False,
        dbs_recheck_months: int | None = None,
    ) -> Requirements:
        """From API.md's `required_checks` ({"right_to_work", "dbs_level", "references"})."""
        checks = dict(required_checks or {})
        try:
            return cls(
                right_to_work=bool(checks.get("right_to_work", True)),
                dbs_level=str(checks.get("dbs_level") or rules.DBS_NONE),
                references=int(checks.get("references") or 0),
                works_with_vulnerable_people=bool(works_with_vulnerable_people),
                dbs_recheck_months=dbs_recheck_months,
            )
        except (TypeError, ValueError) as exc:
            raise RequirementsInvalid(str(exc)) from None

    def names(self) -> list[str]:
        """The requirement names this set asks for, in the order they are shown."""
        names = [RIGHT_TO_WORK] if self.right_to_work else []
        if self.dbs_level != rules.DBS_NONE:
            names.append(DBS)
        if self.references:
            names.append(REFERENCES)
        if self.works_with_vulnerable_people:
            names += [REG22_REFERENCES, REG22_QUALIFICATIONS, WORK_HISTORY_GAPS]
        return names


AWAITING_VERIFICATION = "awaiting verification"


@dataclass(frozen=True)
class RequirementStatus:
    requirement: str
    status: str
    detail: str
    # Met on paper, but recorded by the application's own recruiter and not yet verified (four eyes).
    awaiting_verification: bool = False

    @property
    def label(self) -> str:
        return LABELS.get(self.requirement, self.requirement)

    @property
    def is_satisfied(self) -> bool:
        return self.status == STATUS_SATISFIED

    @property
    def gate_name(self) -> str:
        """How the placement gate's `missing` names it: "references (awaiting verification)"."""
        if self.awaiting_verification:
            return f"{self.requirement} ({AWAITING_VERIFICATION})"
        return self.requirement

    def as_dict(self) -> dict[str, str]:
        return {"requirement": self.requirement, "status": self.status, "detail": self.detail}


# (user, vacancy id) -> the requirements of that vacancy if the user may see it, else None.
RequirementsResolver = Callable[[Any, int], Requirements | None]
_resolvers: list[RequirementsResolver] = []


def requirements_resolver_register(resolver: RequirementsResolver) -> None:
    if resolver not in _resolvers:
        _resolvers.append(resolver)


@checks.register()
def check_requirements_resolver_registered(**kwargs: Any) -> list[checks.CheckMessage]:
    """Fail closed: without a resolver no vacancy's requirements could be judged."""
    if _resolvers:
        return []
    return [
        checks.Error(
            "compliance.requirements: no requirements resolver registered.",
            hint="vacancies fills it from VacanciesConfig.ready() (vacancies.seams.register).",
            id="compliance.E001",
        )
    ]


def requirements_resolve(
    *, user: Any, vacancy_id: int, candidate_id: int | None = None
) -> Requirements | None:
    """The vacancy's requirements as `user` may see them; with `candidate_id`, judged the way the
    placement gate judges that candidate's application (four eyes on its owner's own checks)."""
    if not _resolvers:
        raise ImproperlyConfigured("compliance.requirements: no requirements resolver registered.")
    for resolver in _resolvers:
        found = resolver(user, vacancy_id)
        if found is not None:
            if candidate_id is not None and rules.four_eyes_required() and found.names():
                owner_id = application_owner_get(vacancy_id=vacancy_id, candidate_id=candidate_id)
                found = dataclasses.replace(found, owner_id=owner_id)
            return found
    return None


# (vacancy id, candidate id) -> the id of the recruiter who owns that application, or None.
OwnerResolver = Callable[[int, int], int | None]
_owner_resolvers: list[OwnerResolver] = []


def application_owner_resolver_register(resolver: OwnerResolver) -> None:
    if resolver not in _owner_resolvers:
        _owner_resolvers.append(resolver)


@checks.register()
def check_owner_resolver_registered(**kwargs: Any) -> list[checks.CheckMessage]:
    """Fail closed: without it four eyes could not tell whose own checks need verifying."""
    if _owner_resolvers:
        return []
    return [
        checks.Error(
            "compliance.requirements: no application owner resolver registered (four eyes).",
            hint="vacancies fills it from VacanciesConfig.ready() (vacancies.seams.register).",
            id="compliance.E002",
        )
    ]


def application_owner_get(*, vacancy_id: int, candidate_id: int) -> int | None:
    if not _owner_resolvers:
        raise ImproperlyConfigured("compliance.requirements: no application owner resolver registered.")
    for resolver in _owner_resolvers:
        owner_id = resolver(vacancy_id, candidate_id)
        if owner_id is not None:
            return owner_id
    return None


# (user, candidate id) -> [(vacancy id, label)] the candidate is in the pipeline for, as the user sees them.
VacancyChoices = Callable[[Any, int], list[tuple[int, str]]]
_choices: list[VacancyChoices] = []


def vacancy_choices_register(provider: VacancyChoices) -> None:
    if provider not in _choices:
        _choices.append(provider)


def vacancy_choices(*, user: Any, candidate_id: int) -> list[tuple[int, str]]:
    return [choice for provider in _choices for choice in provider(user, candidate_id)]
