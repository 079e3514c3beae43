"""Reads for candidate pages and the API: every one starts from `visible_to`."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import QueryDict

from candidates.filtersets import CandidateFilterSet
from candidates.models import Candidate, CandidateSkill, Consent, Document, NotDuplicate, SavedSearch
from candidates.models.fields import MERGE_FIELDS
from candidates.querysets import availability_stale_q, missing_mandatory_q, privacy_notice_due_q
from candidates.search.queries import RANK_POOL, count_label
from core.http import parse_id
from core.models import User

# Skills shown in a results row (templates/candidates/_results.html).
LIST_SKILLS = 5


def _dismissed_pair(this: Any, other: Any) -> Exists:
    """A recruiter said `this` and `other` are not the same person (services/duplicates.py)."""
    return Exists(NotDuplicate.objects.filter(Q(low_id=this, high_id=other) | Q(low_id=other, high_id=this)))


def _possible_duplicates_subquery(user: User) -> ArraySubquery:
    """Ids of other live, visible candidates with the same phone, or the same name and postcode,
    except pairs dismissed as "not the same person"."""
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
        .exclude(_dismissed_pair(OuterRef(OuterRef("pk")), OuterRef("pk")))
        .order_by("pk")
        .values("pk")
    )
    return ArraySubquery(matches)


def candidate_base_queryset(*, user: User, action: str = "view") -> QuerySet[Candidate]:
    return Candidate.objects.live().visible_to(user, action)


def _candidate_rows_queryset(*, user: User) -> QuerySet[Candidate]:
    """What every list of candidate rows starts from: visible, live, with the owner and the dup? flag."""
    return (
        candidate_base_queryset(user=user)
        .select_related("owner")
        .annotate(possible_duplicates=_possible_duplicates_subquery(user))
        .defer("search_text", "search_vector", "summary")
    )


def _all_skills_prefetch() -> Prefetch:
    return Prefetch(
        "skill_links", queryset=CandidateSkill.objects.select_related("skill").order_by("skill__name")
    )


def _first_skill_names_subquery(limit: int = LIST_SKILLS) -> ArraySubquery:
    """The names of a candidate's first `limit` skills in name order, as one array column.

    A results page shows only these, so it reads them in the row's own query instead of prefetching
    every skill link and skill as model instances (500 objects a page; issue 10).
    """
    names = (
        CandidateSkill.objects.filter(candidate=OuterRef("pk"))
        .order_by("skill__name", "skill_id")
        .values("skill__name")[:limit]
    )
    return ArraySubquery(names)


def candidate_list_queryset(*, user: User) -> QuerySet[Candidate]:
    """For the list page: a constant number of queries whatever the row count.

    Rows carry `skill_names` (the first `LIST_SKILLS`), not `skill_links`; what needs every skill
    uses `candidate_api_queryset` or `candidate_export_queryset`.
    """
    return _candidate_rows_queryset(user=user).annotate(skill_names=_first_skill_names_subquery())


def candidate_export_queryset(*, user: User) -> QuerySet[Candidate]:
    """For the CSV export: every skill of each row (prefetched per chunk by `iterator()`)."""
    return _candidate_rows_queryset(user=user).prefetch_related(_all_skills_prefetch())


def candidate_api_queryset(*, user: User) -> QuerySet[Candidate]:
    return (
        _candidate_rows_queryset(user=user)
        .prefetch_related(_all_skills_prefetch(), "work_history", "qualifications")
        .defer(None)
        .defer("search_text", "search_vector")
    )


def candidate_get(*, user: User, pk: Any) -> Candidate:
    from core.permissions import get_object_for_user_or_404

    queryset = (
        Candidate.objects.select_related("owner", "team", "merged_into")
        .prefetch_related(
            _all_skills_prefetch(),
            "work_history",
            "qualifications",
            Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
        )
        .annotate(possible_duplicates=_possible_duplicates_subquery(user))
    )
    return get_object_for_user_or_404(user, queryset, pk=pk)


def _candidate_skill_names(candidate: Candidate) -> list[str]:
    return [link.skill.name for link in candidate.skill_links.all()]


def candidate_duplicate_list(*, user: User, candidate: Candidate) -> QuerySet[Candidate]:
    ids = getattr(candidate, "possible_duplicates", None) or []
    return Candidate.objects.visible_to(user).filter(pk__in=ids).order_by("pk")


def candidate_near_duplicate_list(
    *, user: User, phone: str, first_name: str, last_name: str, postcode: str, exclude_id: int | None = None
) -> QuerySet[Candidate]:
    """For the create (and edit) form's warning, before anything is saved; on the edit form, pairs
    already dismissed as "not the same person" are left out."""
    from candidates.normalise import name_key, postcode_key

    q = Q(pk__in=[])
    if phone:
        q |= Q(phone=phone)
    nk, pk = name_key(first_name, last_name), postcode_key(postcode)
    if nk and pk:
        q |= Q(name_key=nk, postcode_key=pk)
    queryset = candidate_base_queryset(user=user).filter(q)
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id).exclude(_dismissed_pair(exclude_id, OuterRef("pk")))
    return queryset.order_by("pk")[:10]


def candidate_cv_list(*, candidate: Candidate) -> QuerySet[Document]:
    """The CVs that may be sent to a client: real PDF or Word files (`can_be_cv`), the current one
    first, then the newest. Anything else (plain text, a file that doesn't open) is never offered."""
    return Document.objects.filter(candidate=candidate, kind=Document.Kind.CV, can_be_cv=True).order_by(
        "-is_current_cv", "-uploaded_at", "-id"
    )


def candidate_current_cv_get(*, candidate: Candidate) -> Document | None:
    """The CV a submission sends unless the recruiter picks another: the one marked current, else
    the newest real CV."""
    return candidate_cv_list(candidate=candidate).first()


def candidate_attention_list(*, user: User, today: datetime.date | None = None) -> QuerySet[Candidate]:
    """The user's own live candidates that need something doing, with the reasons annotated."""
    missing, stale, notice_due = missing_mandatory_q(), availability_stale_q(today), privacy_notice_due_q()
    dupes = _possible_duplicates_subquery(user)
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


@dataclass(frozen=True)
class SearchPage:
    """One page of a relevance-ranked search: the best of every match, with the exact count."""

    candidates: list[Candidate]
    total: int  # every match, exactly
    number: int
    per_page: int

    @property
    def capped(self) -> bool:
        """More matched than the pages reach (the best RANK_POOL are what can be paged through)."""
        return self.total > RANK_POOL

    @property
    def count_label(self) -> str:
        return count_label(self.total)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(min(self.total, RANK_POOL) / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def candidate_search_page(queryset: QuerySet[Candidate], *, page: Any = 1, per_page: int = 50) -> SearchPage:
    """A page of `CandidateFilterSet(...).qs` ordered by relevance (`bounded_search`), with every
    match counted (the queryset's `exact_count`, else a count of the queryset). A page past the
    end shows the last one."""
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    per_page = max(1, per_page)
    exact = getattr(queryset, "exact_count", None)
    total = int(exact()) if exact is not None else queryset.count()
    last = max(1, math.ceil(min(total, RANK_POOL) / per_page))
    number = min(number, last)
    offset = (number - 1) * per_page
    top = min(offset + per_page, RANK_POOL)
    rows = list(queryset[offset:top]) if total else []
    return SearchPage(rows, total, number, per_page)


def candidate_has_live_consent(*, candidate: Candidate, purpose: str, vacancy_id: int | None = None) -> bool:
    consents = Consent.objects.filter(candidate=candidate, purpose=purpose, withdrawn_at__isnull=True)
    if vacancy_id is not None:
        consents = consents.filter(vacancy_id=vacancy_id)
    return consents.exists()


def candidate_email_duplicate_get(email: str, *, exclude_id: int | None = None) -> Candidate | None:
    if not email:
        return None
    matches = Candidate.objects.live().filter(email__iexact=email.strip())
    if exclude_id:
        matches = matches.exclude(pk=exclude_id)
    return matches.order_by("pk").first()


def candidate_merge_default_choices(survivor: Candidate, duplicate: Candidate) -> dict[str, str]:
    """Keep the survivor's value, unless it is empty and the duplicate has one."""
    choices = {}
    for name in MERGE_FIELDS:
        mine = getattr(survivor, name)
        theirs = getattr(duplicate, name)
        choices[name] = "duplicate" if mine in ("", None) and theirs not in ("", None) else "survivor"
    return choices


def candidate_ids_visible(*, user: User, ids: Iterable[int]) -> set[int]:
    """Which of these candidates the user may see: a duplicate held by another team is reported
    without its id (API.md "Duplicates across teams")."""
    return set(Candidate.objects.visible_to(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def duplicate_reference(*, user: User, existing_id: int) -> dict[str, Any]:
    """The 409 `duplicate`'s keys: the existing id only when the user can see that record."""
    visible = existing_id in candidate_ids_visible(user=user, ids=[existing_id])
    return {"existing": existing_id if visible else None, "held_by_another_team": not visible}


def candidate_pick_list(*, user: User, q: str, limit: int = 10) -> list[Candidate]:
    """A record picker's matches (core.widgets): visible and live; a number finds that record, an
    email that person, and otherwise every word typed starts a first or last name."""
    number = parse_id(q)
    if number is not None:
        term = Q(pk=number)
    elif "@" in q:
        term = Q(email__iexact=q)
    else:
        term = Q()
        for word in q.split()[:4]:
            term &= Q(first_name__istartswith=word) | Q(last_name__istartswith=word)
    return list(
        candidate_base_queryset(user=user)
        .filter(term)
        .only("id", "first_name", "last_name", "current_title", "town")
        .order_by("last_name", "first_name", "id")[:limit]
    )


def saved_search_params(search: SavedSearch) -> QueryDict:
    """The list page's query string a saved search stands for (its text and its filters)."""
    params = QueryDict(mutable=True)
    if search.query:
        params["q"] = search.query
    for name, value in (search.filters or {}).items():
        if name in CandidateFilterSet.base_filters and name != "q" and isinstance(value, str | int):
            params[name] = str(value)
    return params


def saved_search_candidates(*, user: User, search: SavedSearch) -> QuerySet[Candidate]:
    """Every candidate the saved search finds for `user` now, as the list page finds them (the same
    filters and search, every match ranked); a search that no longer parses finds nobody."""
    filterset = CandidateFilterSet(
        saved_search_params(search), queryset=candidate_base_queryset(user=user), rank_pool=None
    )
    return filterset.qs if filterset.is_valid() else Candidate.objects.none()
