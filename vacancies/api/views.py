"""API.md "Vacancies and the pipeline": GET, POST /vacancies/, GET, PATCH /vacancies/{id}/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api.errors import Conflict
from core.api.versioning import conflict_response, stale_conflict
from core.api.viewsets import VisibleModelViewSet
from core.http import parse_id, request_user
from core.versioning import StaleRecord
from vacancies.api.serializers import VacancySerializer
from vacancies.filtersets import VacancyFilterSet
from vacancies.models import Vacancy
from vacancies.selectors.matching import vacancy_matches
from vacancies.selectors.vacancies import vacancy_list
from vacancies.services.vacancies import Reg18Incomplete, vacancy_create, vacancy_update


def matches_response(request: Request, vacancy: Vacancy) -> Response:
    # Like `page_size`, a size is never an error: anything but a whole number from 1 (ASCII digits
    # only, read by the one parser) is the default, and more than 200 is 200.
    limit = min(parse_id(request.query_params.get("limit", "")) or 50, 200)
    include_partial = request.query_params.get("include_partial") in ("1", "true")
    results = vacancy_matches(
        user=request_user(request),
        vacancy=vacancy,
        limit=limit,
        include_partial=include_partial,
    )
    return Response(
        {"results": [{"candidate": m.candidate, "score": m.score, "rationale": m.rationale} for m in results]}
    )


MATCH_PARAMETERS = [
    OpenApiParameter("limit", int, description="At most this many (default 50, max 200)."),
    OpenApiParameter("include_partial", int, description="1: also candidates missing a must-have."),
]


class VacancyViewSet(VisibleModelViewSet):
    serializer_class = VacancySerializer
    queryset = Vacancy.objects.all()

    filterset_class = VacancyFilterSet  # q, status, employment_type, client, owner

    def get_queryset(self) -> QuerySet[Vacancy]:
        return vacancy_list(user=self.request.user).order_by("pk")

    @extend_schema(responses={200: VacancySerializer, 409: conflict_response(VacancySerializer, "Vacancy")})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("updated_at", None)  # a version only means something on PATCH
        client = data.pop("client")
        try:
            serializer.instance = vacancy_create(actor=self.request.user, client=client, **data)
        except Reg18Incomplete as exc:
            raise Conflict(str(exc), code=exc.code, missing=exc.missing) from None

    def perform_update(self, serializer: BaseSerializer) -> None:
        vacancy = serializer.instance
        assert isinstance(vacancy, Vacancy)
        data = dict(serializer.validated_data)  # only the fields sent; required_checks only its keys
        read = data.pop("updated_at", None)
        try:
            vacancy_update(actor=self.request.user, vacancy=vacancy, expected_updated_at=read, **data)
        except Reg18Incomplete as exc:
            raise Conflict(str(exc), code=exc.code, missing=exc.missing) from None
        except StaleRecord as exc:
            current = self.get_queryset().get(pk=exc.current.pk)
            raise stale_conflict(self.get_serializer(current).data) from None

    @extend_schema(parameters=MATCH_PARAMETERS, responses=dict[str, list])
    @action(detail=True, methods=["get"])
    def matches(self, request: Request, pk: str | None = None) -> Response:
        """API.md: best matches first, each with its rationale (vacancies.selectors.matching)."""
        return matches_response(request, self.get_object())


__all__ = ["VacancyViewSet"]
