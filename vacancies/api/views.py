"""API.md "Vacancies and the pipeline": GET, POST /vacancies/, GET, PATCH /vacancies/{id}/."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api import Conflict, VisibleModelViewSet
from vacancies import selectors, services
from vacancies.api.matching import MATCH_PARAMETERS, matches_response
from vacancies.api.serializers import VacancySerializer
from vacancies.models import Vacancy


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


class VacancyViewSet(VisibleModelViewSet):
    serializer_class = VacancySerializer
    queryset = Vacancy.objects.all()

    def get_queryset(self) -> QuerySet[Vacancy]:
        params = self.request.query_params
        status = params.get("status", "")
        employment_type = params.get("employment_type", "")
        return selectors.vacancy_list(
            user=self.request.user,
            q=params.get("q", "")[:100],
            status=status if status in Vacancy.Status.values else "",
            employment_type=employment_type if employment_type in Vacancy.EmploymentType.values else "",
            client=_int(params.get("client", "")),
            owner=_int(params.get("owner", "")),
        ).order_by("pk")

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        client = data.pop("client")
        try:
            serializer.instance = services.vacancy_create(actor=self.request.user, client=client, **data)
        except services.Reg18Incomplete as exc:
            raise Conflict(str(exc), code=exc.code, missing=exc.missing) from None

    def perform_update(self, serializer: BaseSerializer) -> None:
        vacancy = serializer.instance
        assert isinstance(vacancy, Vacancy)
        data = dict(serializer.validated_data)
        if "required_checks" in data:  # a partial object changes only the keys it names
            data["required_checks"] = {**vacancy.required_checks, **data["required_checks"]}
        try:
            services.vacancy_update(actor=self.request.user, vacancy=vacancy, **data)
        except services.Reg18Incomplete as exc:
            raise Conflict(str(exc), code=exc.code, missing=exc.missing) from None

    @extend_schema(parameters=MATCH_PARAMETERS, responses=dict[str, list])
    @action(detail=True, methods=["get"])
    def matches(self, request: Request, pk: str | None = None) -> Response:
        """API.md: best matches first, each with its rationale (vacancies.matching)."""
        return matches_response(request, self.get_object())


__all__ = ["VacancyViewSet"]
