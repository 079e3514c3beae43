"""The filters of the vacancy, pipeline and shortlist lists (API.md "Vacancies and the pipeline"),
pages and API alike. Every id goes through `core.filtersets.IdFilter`."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from core.filtersets import IdFilter
from vacancies.models import Application, Shortlist, Stage, Vacancy
from vacancies.selectors.vacancies import vacancy_text_filter


class VacancyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search", max_length=100)
    status = django_filters.ChoiceFilter(choices=Vacancy.Status.choices, empty_label="Any")
    employment_type = django_filters.ChoiceFilter(choices=Vacancy.EmploymentType.choices, empty_label="Any")
    client = IdFilter(field_name="client")
    owner = IdFilter(field_name="owner")

    class Meta:
        model = Vacancy
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Vacancy], name: str, value: str) -> QuerySet[Vacancy]:
        return vacancy_text_filter(queryset, value)


class ApplicationFilterSet(django_filters.FilterSet):
    vacancy = IdFilter(field_name="vacancy")
    candidate = IdFilter(field_name="candidate")
    stage = django_filters.ChoiceFilter(choices=Stage.choices)

    class Meta:
        model = Application
        fields: list[str] = []


class ApplicationChildFilterSet(django_filters.FilterSet):
    """Interviews and offers: `?application=<id>`."""

    application = IdFilter(field_name="application")


class ShortlistFilterSet(django_filters.FilterSet):
    vacancy = IdFilter(field_name="vacancy")

    class Meta:
        model = Shortlist
        fields: list[str] = []
