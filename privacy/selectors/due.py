"""Who is due for retention: the policies turned into one queryset of due candidates (and contacts),
minus every exclusion — one line each with its reason (STYLE.md "due for retention").

The sweep (privacy.services.sweep), the retention notices, the Privacy page and the refusal of a
manual anonymisation all read who is due, and why not, from here.
"""

from __future__ import annotations

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from candidates.models import Candidate, Consent
from clients.models import Contact
from core.anonymisation import RetentionExclusion
from privacy.models import LegalHold, RetentionPolicy
from privacy.registry import ANONYMISERS
from vacancies.models import Application, Stage


def _years_ago(years: int) -> datetime.datetime:
    return timezone.now() - relativedelta(years=years)


def _conduct_floor_ends_on(candidate: Candidate) -> datetime.date | None:
    """One year after the last service: the last contact or the last move of an application."""
    moved = Application.objects.filter(candidate=candidate).aggregate(last=Max("stage_changed_at"))["last"]
    last = max((at for at in (candidate.last_contacted_at, moved) if at is not None), default=None)
    return timezone.localdate(last) + relativedelta(years=1) if last is not None else None


def _own_exclusions() -> list[RetentionExclusion]:
    """Privacy's own exclusions; the apps add theirs through their anonymisers."""
    today = timezone.localdate()
    return [
        RetentionExclusion(
            q=Q(legal_holds__released_at__isnull=True, legal_holds__isnull=False), reason="legal hold"
        ),
        # Conduct Regs reg 29 + Schedules 4/5: records kept at least 1 year from the last service.
        RetentionExclusion(
            q=Q(last_contacted_at__gte=_years_ago(1)) | Q(applications__stage_changed_at__gte=_years_ago(1)),
            reason="Conduct Regulations floor (1 year from last service)",
            is_statutory=True,
            ends_on=_conduct_floor_ends_on,
        ),
        # The candidate said "keep my data" (or the owner held the record, with a reason).
        RetentionExclusion(q=Q(retention_review__keep_until__gt=today), reason="kept on request"),
    ]


def retention_exclusion_list() -> list[RetentionExclusion]:
    """Every reason a candidate is not swept: privacy's own, then each anonymiser's."""
    found = _own_exclusions()
    for anonymiser in ANONYMISERS:
        found.extend(anonymiser().retention_exclusions())
    return found


def statutory_exclusion_list() -> list[RetentionExclusion]:
    """What blocks a manual anonymisation too: the statutory floors (not open work or requests)."""
    return [e for e in retention_exclusion_list() if e.is_statutory]


def statutory_floor_ends_on(*, candidate: Candidate) -> tuple[bool, datetime.date | None]:
    """(inside a floor?, the day the last floor binding this person ends — None if not yet known)."""
    binding = [
        e for e in statutory_exclusion_list() if Candidate.objects.filter(e.q, pk=candidate.pk).exists()
    ]
    if not binding:
        return False, None
    ends = [e.ends_on(candidate) if e.ends_on is not None else None for e in binding]
    if any(end is None for end in ends):
        return True, None
    return True, max(end for end in ends if end is not None)


def restricted_due_list() -> QuerySet[Candidate]:
    """Restricted people (erasure inside a floor) whom no statutory floor and no legal hold binds
    any more: the sweep anonymises them completely."""
    people = Candidate.objects.filter(
        is_anonymised=False, merged_into__isnull=True, restricted_at__isnull=False
    )
    held = Q(legal_holds__released_at__isnull=True, legal_holds__isnull=False)
    for q in [held, *(e.q for e in statutory_exclusion_list())]:
        people = people.exclude(pk__in=Candidate.objects.filter(q).values("pk"))
    return people.order_by("pk")


def candidate_exclusion_reasons(*, candidate: Candidate) -> list[str]:
    """Why this candidate may not be swept now (for pages and the 409 answers)."""
    return [
        e.reason
        for e in retention_exclusion_list()
        if Candidate.objects.filter(e.q, pk=candidate.pk).exists()
    ]


def retention_policy_map() -> dict[str, RetentionPolicy]:
    """The active policies by category (the defaults are created the first time)."""
    if not RetentionPolicy.objects.exists():
        RetentionPolicy.ensure_defaults()
    return {p.category: p for p in RetentionPolicy.objects.filter(is_active=True)}


def _policy_q(policies: dict[str, RetentionPolicy], on: datetime.date, among: Any = None) -> Q:
    """Candidates whose retention period has run out on `on` (DOMAIN.md "Retention defaults").

    `among` narrows the subqueries to those ids: re-checking one person must not aggregate every
    application in the database (a hashed subplan under an OR is not narrowed by the planner)."""
    C = RetentionPolicy.Category
    people = Candidate.objects.all() if among is None else Candidate.objects.filter(pk__in=among)
    now = timezone.make_aware(datetime.datetime.combine(on, datetime.time(23, 59)))
    q = Q(pk__in=[])
    if C.UNSUCCESSFUL in policies:
        # 6 months after their last application closed (and none open, none placed).
        cutoff = now - datetime.timedelta(days=policies[C.UNSUCCESSFUL].keep_for_days)
        closed = (
            people.filter(applications__isnull=False)
            .annotate(last_closed=Max("applications__stage_changed_at"))
            .filter(last_closed__lt=cutoff)
            .exclude(applications__stage=Stage.PLACED)
            .values("pk")
        )
        q |= Q(pk__in=closed)
    if C.TALENT_POOL in policies:
        # Talent pool: no applications, no meaningful activity for 24 months.
        cutoff = now - datetime.timedelta(days=policies[C.TALENT_POOL].keep_for_days)
        # NOT EXISTS, not `applications__isnull`: that LEFT JOIN repeated, in the sweep's list and
        # count, everyone with several applications who was due by another rule.
        no_applications = ~Exists(Application.objects.filter(candidate=OuterRef("pk")))
        q |= (
            no_applications
            & Q(updated_at__lt=cutoff)
            & (Q(last_contacted_at__isnull=True) | Q(last_contacted_at__lt=cutoff))
        )
    if C.SOURCED_NO_NOTICE in policies:
        # UK GDPR art. 14: a sourced record never sent the privacy notice within 30 days goes.
        cutoff = now - datetime.timedelta(days=policies[C.SOURCED_NO_NOTICE].keep_for_days)
        q |= Q(privacy_notice_sent_on__isnull=True, created_at__lt=cutoff) & ~Q(
            source=Candidate.Source.DIRECT
        )
    if C.CONSENT_EXPIRY in policies:
        # Consent-based records: at consent expiry (given more than the policy length ago, or withdrawn).
        cutoff = now - datetime.timedelta(days=policies[C.CONSENT_EXPIRY].keep_for_days)
        consents = Consent.objects.filter(purpose=Consent.Purpose.PROCESSING)
        if among is not None:
            consents = consents.filter(candidate__in=among)
        latest = consents.values("candidate")
        expired = latest.annotate(last=Max("given_at")).filter(last__lt=cutoff).values("candidate")
        withdrawn = latest.filter(withdrawn_at__isnull=False, withdrawn_at__lt=now).values("candidate")
        q |= Q(lawful_basis=Candidate.LawfulBasis.CONSENT) & (Q(pk__in=expired) | Q(pk__in=withdrawn))
    return q


def candidate_due_list(
    *,
    on: datetime.date | None = None,
    among: Any = None,
    policies: dict[str, RetentionPolicy] | None = None,
) -> QuerySet[Candidate]:
    """Live candidates whose retention has run out by `on` (today), minus every exclusion.

    `among` (ids, or an expression giving them) limits it and every subquery to those people, for
    the sweep's re-check of a group."""
    on = on or timezone.localdate()
    people = Candidate.objects.all() if among is None else Candidate.objects.filter(pk__in=among)
    queryset = people.filter(is_anonymised=False, merged_into__isnull=True)
    queryset = queryset.filter(_policy_q(retention_policy_map() if policies is None else policies, on, among))
    for exclusion in retention_exclusion_list():
        queryset = queryset.exclude(pk__in=people.filter(exclusion.q).values("pk"))
    return queryset.order_by("pk")


def contact_due_list(*, on: datetime.date | None = None) -> QuerySet[Contact]:
    """Client contacts whose retention has run out by `on` (today): not on an open vacancy or a hold."""
    on = on or timezone.localdate()
    policy = retention_policy_map().get(RetentionPolicy.Category.CLIENT_CONTACTS)
    if policy is None:
        return Contact.objects.none()
    cutoff = timezone.now() - datetime.timedelta(days=policy.keep_for_days) + (on - timezone.localdate())
    queryset = Contact.objects.filter(anonymised_at__isnull=True, updated_at__lt=cutoff)
    queryset = queryset.filter(Q(last_contacted_at__isnull=True) | Q(last_contacted_at__lt=cutoff))
    # open vacancies keep their contact; legal holds block the sweep.
    queryset = queryset.exclude(vacancies__status__in=["draft", "open", "on_hold"])
    queryset = queryset.exclude(pk__in=LegalHold.objects.filter(released_at__isnull=True).values("contact"))
    return queryset.order_by("pk")


def retention_notice_days() -> int:
    """How far ahead candidates are asked "keep my data?": the longest active notice period."""
    policy = RetentionPolicy.objects.filter(is_active=True).order_by("-notify_before_days").first()
    return policy.notify_before_days if policy else 30


def retention_keep_days() -> int:
    """How long a "keep it" extends a record: the longest active policy."""
    policy = RetentionPolicy.objects.filter(is_active=True).order_by("-keep_for_days").first()
    return policy.keep_for_days if policy else 365
