"""Demo vetting records: `clear_for_placement` records what a demo placement needs, so the demo
placement goes through the same gate as every other (vacancies' demo calls it before placing)."""

from __future__ import annotations

import datetime
from typing import Any

from candidates.models import Candidate, Qualification
from compliance import rules, services
from compliance.requirements import Requirements
from core.models import User


def _officer(candidate: Candidate) -> User | None:
    return User.objects.filter(team_id=candidate.team_id, role=User.Role.COMPLIANCE, is_active=True).first()


def _second_eyes(check: Any, candidate: Candidate, actor: User) -> None:
    """Four eyes (COMPLIANCE_FOUR_EYES): the team's compliance officer verifies the recruiter's check."""
    officer = _officer(candidate)
    if officer is not None and officer.pk != actor.pk:
        services.check_verify(actor=officer, check=check)


def identity_confirm(*, actor: User, candidate: Candidate, verify: bool = True) -> None:
    """Conduct Regs reg 19(a): the recruiter saw the passport; compliance verifies (unless `verify`
    is False: the demo keeps one waiting so the compliance officer has something to verify)."""
    if candidate.identity_checks.exists():
        return
    check = services.identity_check_record(
        actor=actor,
        candidate=candidate,
        method="document_seen",
        checked_on=datetime.date.today() - datetime.timedelta(days=10),
        notes="UK passport seen at registration.",
    )
    if verify:
        _second_eyes(check, candidate, actor)


def clear_for_placement(*, actor: User, candidate: Candidate, requirements: Requirements) -> None:
    today = datetime.date.today()
    if requirements.right_to_work:
        rtw = services.rtw_check_record(
            actor=actor,
            candidate=candidate,
            holds=rules.HOLDS_BRITISH_IRISH_PASSPORT,
            route=rules.ROUTE_MANUAL,
            document_list=rules.LIST_A,
            document_type="UK passport",
            checked_on=today - datetime.timedelta(days=14),
            outcome="pass",
        )
        _second_eyes(rtw, candidate, actor)
    if requirements.dbs_level != rules.DBS_NONE:
        officer = User.objects.filter(team_id=candidate.team_id, role=User.Role.COMPLIANCE).first() or actor
        services.dbs_check_record(
            actor=officer,
            candidate=candidate,
            requirements=requirements,
            level=requirements.dbs_level,
            workforce="adult",
            barred_lists="adults" if requirements.is_regulated_activity else "",
            certificate_number="001234567890",
            issued_on=today - datetime.timedelta(days=60),
            result="clear",
            decision_on=today - datetime.timedelta(days=55),
        )
    wanted = max(
        requirements.references,
        rules.reg22_reference_count() if requirements.works_with_vulnerable_people else 0,
    )
    for number in range(wanted):
        reference = services.reference_check_record(
            actor=actor,
            candidate=candidate,
            referee_name=f"Referee {number + 1}",
            relationship="Line manager",
            organisation="Previous employer",
            requested_on=today - datetime.timedelta(days=30),
            received_on=today - datetime.timedelta(days=25),
            verified=True,
            consent_to_disclose=True,
        )
        _second_eyes(reference, candidate, actor)
    if requirements.works_with_vulnerable_people:
        Qualification.objects.get_or_create(
            candidate=candidate,
            name="Care Certificate",
            defaults={"institution": "Skills for Care", "verified": True},
        )


def seed(*, users: dict[str, User], teams: object = None) -> int:
    """A few demo candidates with checks due soon, so "Compliance due" has something to show.

    Idempotent: candidates that already have a check are left alone. (Placed demo candidates are
    vetted by vacancies' demo through `clear_for_placement`.)"""
    today = datetime.date.today()
    officer = users.get("colin")
    people = list(
        Candidate.objects.filter(email__in=[f"candidate{n:03d}@demo-candidate.example" for n in (1, 2, 3)])
        .filter(rtw_checks__isnull=True, dbs_checks__isnull=True)
        .order_by("email")
    )
    created = 0
    for person, days in zip(people[:2], (20, 5), strict=False):
        # Time-limited permission ending soon: a follow-up (and, at 5 days, an escalation).
        services.rtw_check_record(
            actor=person.owner,
            candidate=person,
            holds=rules.HOLDS_DIGITAL_STATUS,
            route=rules.ROUTE_SHARE_CODE,
            document_list=rules.LIST_B1,
            share_code="WDEMO1234",
            checked_on=today - datetime.timedelta(days=300),
            permission_expires_on=today + datetime.timedelta(days=days),
            outcome="pass",
        )
        created += 1
    if len(people) > 2 and officer is not None and officer.team_id == people[2].team_id:
        services.dbs_check_record(
            actor=officer,
            candidate=people[2],
            level=rules.DBS_BASIC,
            workforce="other",
            certificate_number="009988776655",
            issued_on=today - datetime.timedelta(days=3 * 365 - 12),
            result="clear",
        )
        created += 1
    services.rtw_follow_ups_create(today=today)
    services.dbs_recheck_reminders_create(today=today)
    return created
