"""One FilterSet serves the candidate list page and the API (netbox style)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet

from candidates.models import Candidate, CandidateSkill
from candidates.normalise import canonical_skill_key, split_list
from candidates.querysets import PostcodeArea
from candidates.search.parser import QueryError, parse
from candidates.search.queries import (
    RANK_POOL,
    bounded_search,
    rank_all,
    search_count,
    search_filter,
    tier_counts,
)
from core.filtersets import IdFilter
from core.forms import Form

ORDERINGS = {
    "rank": ("-search_rank", "-id"),
    "name": ("last_name", "first_name", "id"),
    "-name": ("-last_name", "-first_name", "-id"),
    "created_at": ("created_at", "id"),
    "-created_at": ("-created_at", "-id"),
    "-updated_at": ("-updated_at", "-id"),
    "available_from": ("available_from", "id"),
    "-data_quality": ("-quality_base", "-availability_confirmed_on", "id"),
    "desired_salary": ("desired_salary", "id"),
}
ORDERING_LABELS = [
    ("", "Best match / name"),
    ("rank", "Best match"),
    ("name", "Name A to Z"),
    ("-name", "Name Z to A"),
    ("-created_at", "Newest first"),
    ("created_at", "Oldest first"),
    ("-updated_at", "Recently updated"),
    ("available_from", "Available soonest"),
    ("-data_quality", "Data quality"),
    ("desired_salary", "Desired salary"),
]


class CandidateSearchForm(Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["form"] = "search-form"  # the filters sit outside the search form

    def clean_q(self) -> str:
        text = (self.cleaned_data.get("q") or "").strip()
        if text:
            try:
                parse(text)
            except QueryError as exc:
                # As a parameter: the message may quote the user's text, which may contain "%".
                raise forms.ValidationError(
                    "%(message)s", code="invalid_query", params={"message": str(exc)}
                ) from None
        return text


class CandidateFilterSet(django_filters.FilterSet):
    """Filters, search and ordering for the list page, the API and the export.

    Ranked by relevance (the default when searching), the results are the best `rank_pool` of
    every match (`bounded_search`: exact, docs/search.md); `match_count()` counts every match.
    Pass `rank_pool=None` to rank every match (the export).
    """

    q = django_filters.CharFilter(method="filter_q", label="Search", max_length=500)
    skills = django_filters.CharFilter(method="filter_skills", label="Skills (all of)")
    postcode_area = django_filters.CharFilter(method="filter_postcode_area", label="Postcode area")
    available_before = django_filters.DateFilter(field_name="available_from", lookup_expr="lte")
    employment_type = django_filters.ChoiceFilter(
        choices=Candidate.EmploymentType.choices, method="filter_employment_type", empty_label="Any"
    )
    right_to_work = django_filters.ChoiceFilter(choices=Candidate.RightToWork.choices, empty_label="Any")
    tag = django_filters.CharFilter(method="filter_tag")
    source = django_filters.ChoiceFilter(choices=Candidate.Source.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(choices=Candidate.Status.choices, empty_label="Any")
    owner = IdFilter(field_name="owner_id")
    ordering = django_filters.ChoiceFilter(
        choices=ORDERING_LABELS[1:], method="filter_noop", label="Order by"
    )

    class Meta:
        model = Candidate
        fields: list[str] = []
        form = CandidateSearchForm

    def __init__(self, *args: Any, rank_pool: int | None = RANK_POOL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rank_pool = rank_pool
        self.matching: QuerySet | None = None
        self.sizes: tuple[int, int] | None = None

    def match_count(self) -> int:
        """Every match of the search and filters (after `qs`), counted exactly."""
        self.qs  # noqa: B018 - builds `matching` (and, for a ranked search, counts it)
        if self.sizes is not None:
            return self.sizes[0]
        matching = self.matching if self.matching is not None else self.qs
        return search_count(matching)

    def filter_noop(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset  # applied last, in filter_queryset

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_filter(queryset, value) if value else queryset

    def filter_skills(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # All listed skills are required; aliases count ("JS" finds JavaScript).
        for skill_name in split_list(value)[:20]:
            key = canonical_skill_key(skill_name)
            if not key:
                continue
            has_skill = CandidateSkill.objects.filter(candidate=OuterRef("pk")).filter(
                skill__key=key
            ) | CandidateSkill.objects.filter(candidate=OuterRef("pk"), skill__aliases__contains=[key])
            queryset = queryset.filter(Exists(has_skill))
        return queryset

    def filter_postcode_area(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        area = "".join(ch for ch in value.upper() if ch.isalpha())[:2]
        if not area:
            return queryset
        # 'L' must not match 'LS': the area is the letters before the first digit.
        return queryset.alias(postcode_area_key=PostcodeArea("postcode_key")).filter(postcode_area_key=area)

    def filter_employment_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(employment_types__contains=[value])

    def filter_tag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        tag = " ".join(value.split()).lower()
        return queryset.filter(tags__contains=[tag]) if tag else queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        self.matching = queryset
        ordering = self.form.cleaned_data.get("ordering") or ""
        searching = bool(self.form.cleaned_data.get("q"))
        if ordering == "rank" and not searching:
            ordering = ""
        if not ordering:
            ordering = "rank" if searching else "name"
        if ordering == "rank":
            text = self.form.cleaned_data["q"]
            if self.rank_pool is None:
                return rank_all(queryset, text).order_by(*ORDERINGS["rank"])
            # One query counts every match and the head tier's (tier_counts); the rows follow.
            self.sizes = tier_counts(queryset, text)
            ranked = bounded_search(queryset, text, pool=self.rank_pool, base=self.queryset, sizes=self.sizes)
            # Paginators count with this (candidates.views.pagination, core.api.pagination): every
            # match, not the `rank_pool` a page can reach.
            ranked.exact_count = self.match_count  # type: ignore[attr-defined]
            ranked.page_depth = self.rank_pool  # type: ignore[attr-defined]
            return ranked
        return queryset.order_by(*ORDERINGS[ordering])
