"""Reads for vacancy pages and the API, always through `visible_to`."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from core.http import parse_id
from core.models import User
from core.permissions import get_object_for_user_or_404
from vacancies.models import Vacancy
from vacancies.selectors.inclusive_language import inclusive_language_analyse


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
    vacancies = vacancy_text_filter(vacancies, q)
    if status:
        vacancies = vacancies.filter(status=status)
    if client:
        vacancies = vacancies.filter(client_id=client)
    if employment_type:
        vacancies = vacancies.filter(employment_type=employment_type)
    if owner:
        vacancies = vacancies.filter(owner_id=owner)
    return vacancies.order_by("-created_at", "-id")


def vacancy_text_filter(vacancies: Any, q: str) -> Any:
    """The list's search box: the title or client name containing the text, or a postcode starting with it."""
    q = q.strip()
    if not q:
        return vacancies
    return vacancies.filter(Q(title__icontains=q) | Q(client__name__icontains=q) | Q(postcode__istartswith=q))


def vacancy_pipeline_counts_annotate(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
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
    return inclusive_language_analyse(f"{vacancy.title}\n{vacancy.description}")


def client_vacancy_list(*, user: User, client: Any) -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.visible_to(user).filter(client=client).select_related("owner").order_by("-created_at")
    )


def vacancy_pick_list(*, user: User, q: str, limit: int = 10) -> list[Vacancy]:
    """A record picker's matches (core.widgets): visible vacancies, live ones first; a number finds
    that vacancy, otherwise every word typed is in the title or the client's name."""
    vacancies = Vacancy.objects.visible_to(user).select_related("client")
    number = parse_id(q)
    if number is not None:
        vacancies = vacancies.filter(pk=number)
    else:
        for word in q.split()[:4]:
            vacancies = vacancies.filter(Q(title__icontains=word) | Q(client__name__icontains=word))
    closed = Q(status__in=[Vacancy.Status.FILLED, Vacancy.Status.CLOSED])
    order = Case(When(closed, then=Value(1)), default=Value(0), output_field=IntegerField())
    return list(vacancies.order_by(order, "-created_at", "-id")[:limit])
