"""Reads for candidate pages and the API: every one starts from `visible_to`."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch, Q, QuerySet

from candidates.models import Candidate, CandidateSkill, Consent, Document
from candidates.querysets import availability_stale_q, missing_mandatory_q, privacy_notice_due_q
from core.models import User


def possible_duplicates_subquery(user: User) -> ArraySubquery:
    """Ids of other live, visible candidates with the same phone, or the same name and postcode."""
    same = Q(phone=OuterRef("phone"), phone__gt="") | Q(
        name_key=OuterRef("name_key"),
        postcode_key=OuterRef("postcode_key"),
        name_key__gt="",
        postcode_key__gt="",
    )
    matches = (
        Candidate.objects.visible_to(user)
        .filter(merged_into__isnull=True, is_anonymised=False)
        .filter(same)
        .exclude(pk=OuterRef("pk"))
        .order_by("pk")
        .values("pk")
    )
    return ArraySubquery(matches)


def candidate_base_queryset(*, user: User, action: str = "view") -> QuerySet[Candidate]:
    return Candidate.objects.live().visible_to(user, action)


def candidate_list_queryset(*, user: User) -> QuerySet[Candidate]:
    """For list pages and the list endpoint: a constant number of queries whatever the row count."""
    return (
        candidate_base_queryset(user=user)
        .select_related("owner", "team")
        .prefetch_related(
            Prefetch(
                "skill_links", queryset=CandidateSkill.objects.select_related("skill").order_by("skill__name")
            )
        )
        .annotate(possible_duplicates=possible_duplicates_subquery(user))
        .defer("search_text", "search_vector", "summary")
    )


def candidate_api_queryset(*, user: User) -> QuerySet[Candidate]:
    return (
        candidate_list_queryset(user=user)
        .prefetch_related("work_history", "qualifications")
        .defer(None)
        .defer("search_text", "search_vector")
    )


def candidate_detail(*, user: User, pk: Any) -> Candidate:
    from core.permissions import get_object_for_user_or_404

    queryset = (
        Candidate.objects.select_related("owner", "team", "merged_into")
        .prefetch_related(
            Prefetch(
                "skill_links", queryset=CandidateSkill.objects.select_related("skill").order_by("skill__name")
            ),
            "work_history",
            "qualifications",
            Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
        )
        .annotate(possible_duplicates=possible_duplicates_subquery(user))
    )
    return get_object_for_user_or_404(user, queryset, pk=pk)


def candidate_skill_names(candidate: Candidate) -> list[str]:
    return [link.skill.name for link in candidate.skill_links.all()]


def possible_duplicate_candidates(*, user: User, candidate: Candidate) -> QuerySet[Candidate]:
    ids = getattr(candidate, "possible_duplicates", None) or []
    return Candidate.objects.visible_to(user).filter(pk__in=ids).order_by("pk")


def near_duplicates_for_values(
    *, user: User, phone: str, first_name: str, last_name: str, postcode: str
) -> QuerySet[Candidate]:
    """For the create form's warning, before anything is saved."""
    from candidates.normalise import name_key, postcode_key

    q = Q(pk__in=[])
    if phone:
        q |= Q(phone=phone)
    nk, pk = name_key(first_name, last_name), postcode_key(postcode)
    if nk and pk:
        q |= Q(name_key=nk, postcode_key=pk)
    return candidate_base_queryset(user=user).filter(q).order_by("pk")[:10]


def needs_attention(*, user: User, today: datetime.date | None = None) -> QuerySet[Candidate]:
    """The user's own live candidates that need something doing, with the reasons annotated."""
    missing, stale, notice_due = missing_mandatory_q(), availability_stale_q(today), privacy_notice_due_q()
    dupes = possible_duplicates_subquery(user)
    queryset = (
        candidate_base_queryset(user=user)
        .filter(owner=user)
        .exclude(status=Candidate.Status.DO_NOT_CONTACT)
        .annotate(
            possible_duplicates=dupes,
            has_missing=_flag(missing),
            has_stale_availability=_flag(stale),
            has_notice_due=_flag(notice_due),
        )
        .defer("search_text", "search_vector", "summary")
    )
    return queryset.filter(
        Q(has_missing=True)
        | Q(has_stale_availability=True)
        | Q(has_notice_due=True)
        | Q(possible_duplicates__len__gt=0)
    ).order_by("created_at", "id")


def _flag(condition: Q) -> Any:
    from django.db.models import BooleanField, ExpressionWrapper

    return ExpressionWrapper(condition, output_field=BooleanField())
