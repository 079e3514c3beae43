"""Reads for vacancy pages and the API, always through `visible_to`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from core.models import User
from core.permissions import get_object_for_user_or_404
from vacancies.inclusive_language import analyse
from vacancies.models import Vacancy


def vacancy_list(
    *,
    user: User,
    q: str = "",
    status: str = "",
    client: int | None = None,
    employment_type: str = "",
    owner: int | None = None,
) -> QuerySet[Vacancy]:
    vacancies = Vacancy.objects.visible_to(user).select_related("client", "contact", "owner", "team")
    q = q.strip()
    if q:
        vacancies = vacancies.filter(
            Q(title__icontains=q) | Q(client__name__icontains=q) | Q(postcode__istartswith=q)
        )
    if status:
        vacancies = vacancies.filter(status=status)
    if client:
        vacancies = vacancies.filter(client_id=client)
    if employment_type:
        vacancies = vacancies.filter(employment_type=employment_type)
    if owner:
        vacancies = vacancies.filter(owner_id=owner)
    return vacancies.order_by("-created_at", "-id")


def with_pipeline_counts(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    """Adds `in_pipeline`: applications still open (one subquery, whatever the row count)."""
    from django.db.models import Count

    return vacancies.annotate(
        in_pipeline=Count(
            "applications", filter=~Q(applications__stage__in=["placed", "rejected", "withdrawn"])
        )
    )


def vacancy_get(*, user: User, pk: Any, action: str = "view") -> Vacancy:
    return get_object_for_user_or_404(user, vacancy_list(user=user), action, pk=pk)


def vacancy_inclusive_language(*, vacancy: Vacancy) -> dict[str, Any]:
    """The advert check over the title and the description together (advisory only)."""
    return analyse(f"{vacancy.title}\n{vacancy.description}")


def client_vacancies(*, user: User, client: Any) -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.visible_to(user).filter(client=client).select_related("owner").order_by("-created_at")
    )
