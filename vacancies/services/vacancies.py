"""Writes for vacancies themselves: create, update, open, change status (Conduct Regs reg 18 gate)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from core.models import Team, User
from core.services import audit_record
from core.versioning import edit_lock, edit_save
from vacancies.models import Vacancy
from vacancies.models.vacancy import VACANCY_FIELDS, reg18_message
from vacancies.selectors.careers import vacancy_publish_problems

# Which status may follow which. Opening (from anywhere) passes the reg 18 gate.
TRANSITIONS: dict[str, set[str]] = {
    Vacancy.Status.DRAFT: {Vacancy.Status.OPEN, Vacancy.Status.CLOSED},
    Vacancy.Status.OPEN: {Vacancy.Status.ON_HOLD, Vacancy.Status.FILLED, Vacancy.Status.CLOSED},
    Vacancy.Status.ON_HOLD: {Vacancy.Status.OPEN, Vacancy.Status.CLOSED},
    Vacancy.Status.FILLED: {Vacancy.Status.OPEN, Vacancy.Status.CLOSED},
    Vacancy.Status.CLOSED: {Vacancy.Status.OPEN, Vacancy.Status.DRAFT},
}


# Issue 19: engagement (a floor above, engagement.seams) tells every open applicant when a vacancy
# closes (filled or closed): notifier(vacancy=, actor=), inside the change's transaction.
ClosedNotifier = Callable[..., object]
_CLOSED_NOTIFIERS: list[ClosedNotifier] = []
CLOSED_STATUSES = (Vacancy.Status.FILLED, Vacancy.Status.CLOSED)


def vacancy_closed_notifier_register(notifier: ClosedNotifier) -> None:
    if notifier not in _CLOSED_NOTIFIERS:
        _CLOSED_NOTIFIERS.append(notifier)


class Reg18Incomplete(Exception):
    """Conduct Regs reg 18: the vacancy cannot be open until the hirer's information is complete."""

    code = "reg18_incomplete"

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(reg18_message(missing))


def _only(fields: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be set here." for name in sorted(unknown)})
    return fields


def _check_open(vacancy: Vacancy) -> None:
    # Conduct Regs reg 18: an open vacancy always has the hirer's information in full.
    if vacancy.status == Vacancy.Status.OPEN:
        missing = vacancy.reg18_missing_fields
        if missing:
            raise Reg18Incomplete(missing)


# What a recruiter changes that puts (or keeps) a vacancy on the careers site: each is checked again.
PUBLISHING_FIELDS = {"is_published", "advert", "closes_on"}


def _check_published(vacancy: Vacancy, changed: set[str]) -> None:
    """The careers site shows only open vacancies with complete reg 18 information, an advert and a
    closing date from today on: publishing (or editing those while published) is refused, naming
    why, when it would not show. A published vacancy that later closes simply drops off the site."""
    if vacancy.is_published and changed & PUBLISHING_FIELDS:
        problems = vacancy_publish_problems(vacancy)
        if problems:
            raise ValidationError({"is_published": problems})


def _check_transition(old: str, new: str) -> None:
    if old != new and new not in TRANSITIONS.get(old, set()):
        old_label, new_label = Vacancy.Status(old).label.lower(), Vacancy.Status(new).label.lower()
        raise ValidationError({"status": f"A {old_label} vacancy cannot become {new_label}."})


def _stamp(vacancy: Vacancy, old: str | None) -> None:
    if vacancy.status == Vacancy.Status.OPEN and old != Vacancy.Status.OPEN and vacancy.opened_at is None:
        vacancy.opened_at = timezone.now()
    if vacancy.status == Vacancy.Status.FILLED and old != Vacancy.Status.FILLED:
        vacancy.filled_at = timezone.now()


@transaction.atomic
def vacancy_create(
    *,
    actor: User,
    client: Client,
    title: str,
    owner: User | None = None,
    team: Team | None = None,
    status: str = Vacancy.Status.DRAFT,
    **fields: Any,
) -> Vacancy:
    owner = owner or actor
    team = team or owner.team or client.team
    vacancy = Vacancy(
        client=client,
        title=title,
        owner=owner,
        team=team,
        status=status,
        **_only(fields, set(VACANCY_FIELDS)),
    )
    _check_transition(Vacancy.Status.DRAFT, status)
    vacancy.full_clean()
    _check_open(vacancy)
    _check_published(vacancy, set(fields))
    _stamp(vacancy, None)
    vacancy.save()
    audit_record(
        actor=actor, action="vacancy.created", obj=vacancy, details={"client": client.pk, "status": status}
    )
    return vacancy


@transaction.atomic
def vacancy_update(
    *, actor: User, vacancy: Vacancy, expected_updated_at: datetime.datetime | None = None, **fields: Any
) -> Vacancy:
    """Change fields (and the status). Leaves an open vacancy with complete reg 18 information or refuses.

    Only the fields that differ are written; `required_checks` changes only the keys it names. With
    `expected_updated_at` (the version the caller read), a vacancy changed since raises
    `core.versioning.StaleRecord`."""
    _only(fields, {*VACANCY_FIELDS, "status", "owner", "client"})
    edit_lock(vacancy, expected_updated_at=expected_updated_at)
    if "required_checks" in fields:
        fields["required_checks"] = {**(vacancy.required_checks or {}), **fields["required_checks"]}
    old_status = vacancy.status
    if "status" in fields:
        _check_transition(old_status, fields["status"])
    changed = sorted(name for name, value in fields.items() if getattr(vacancy, name) != value)
    if not changed:
        return vacancy
    for name in changed:
        setattr(vacancy, name, fields[name])
    vacancy.full_clean()
    _check_open(vacancy)
    _check_published(vacancy, set(changed))
    _stamp(vacancy, old_status)
    edit_save(vacancy, [*changed, "opened_at", "filled_at"])
    details: dict[str, Any] = {"fields": changed}
    if vacancy.status != old_status:
        details.update({"from": old_status, "to": vacancy.status})
    audit_record(actor=actor, action="vacancy.updated", obj=vacancy, details=details)
    if vacancy.status in CLOSED_STATUSES and old_status not in CLOSED_STATUSES:
        for notifier in _CLOSED_NOTIFIERS:
            notifier(vacancy=vacancy, actor=actor)
    return vacancy


def vacancy_open(*, actor: User, vacancy: Vacancy) -> Vacancy:
    """Open the vacancy; raises Reg18Incomplete naming what is missing."""
    return vacancy_update(actor=actor, vacancy=vacancy, status=Vacancy.Status.OPEN)


def vacancy_set_status(*, actor: User, vacancy: Vacancy, status: str) -> Vacancy:
    return vacancy_update(actor=actor, vacancy=vacancy, status=status)
