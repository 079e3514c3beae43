"""What a vacancy needs, as a value: `compliance` never imports `vacancies` (DESIGN.md floors).

The placement service (vacancies) builds a `Requirements` from the vacancy's `required_checks`
(API.md) and asks `selectors.unmet_requirements`. For the status endpoint, which is given only a
vacancy id, the vacancies app registers a resolver here when it starts (`register_requirements_
resolver` in its AppConfig.ready): given the user and the id it returns the requirements of a
vacancy that user may see, or None (a 404 to the caller). Compliance only ever sees the value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class RequirementStatus:
    requirement: str
    status: str
    detail: str

    @property
    def label(self) -> str:
        return LABELS.get(self.requirement, self.requirement)

    @property
    def is_satisfied(self) -> bool:
        return self.status == STATUS_SATISFIED

    def as_dict(self) -> dict[str, str]:
        return {"requirement": self.requirement, "status": self.status, "detail": self.detail}


# (user, vacancy id) -> the requirements of that vacancy if the user may see it, else None.
RequirementsResolver = Callable[[Any, int], Requirements | None]
_resolvers: list[RequirementsResolver] = []


def register_requirements_resolver(resolver: RequirementsResolver) -> None:
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def resolve_requirements(*, user: Any, vacancy_id: int) -> Requirements | None:
    for resolver in _resolvers:
        found = resolver(user, vacancy_id)
        if found is not None:
            return found
    return None


# (user, candidate id) -> [(vacancy id, label)] the candidate is in the pipeline for, as the user sees them.
VacancyChoices = Callable[[Any, int], list[tuple[int, str]]]
_choices: list[VacancyChoices] = []


def register_vacancy_choices(provider: VacancyChoices) -> None:
    if provider not in _choices:
        _choices.append(provider)


def vacancy_choices(*, user: Any, candidate_id: int) -> list[tuple[int, str]]:
    return [choice for provider in _choices for choice in provider(user, candidate_id)]
