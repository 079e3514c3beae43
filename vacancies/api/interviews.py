"""API.md: /interviews/ and /offers/, seen and changed with their application."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from core.api.errors import Conflict
from core.api.permissions import ActionPermission
from core.api.viewsets import VisibleQuerysetMixin
from core.permissions import check_action
from vacancies.api.common import conflict
from vacancies.filtersets import ApplicationChildFilterSet
from vacancies.models import Application, Interview, Offer
from vacancies.selectors.interview_calendar import interview_agency_ics
from vacancies.services.interviews import interview_change, interview_create, interview_record_outcome
from vacancies.services.offers import offer_create, offer_respond
from vacancies.services.pipeline import PipelineRefused

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


class FirstRendererNegotiation(BaseContentNegotiation):
    """`invite.ics` answers the file whatever the Accept header says (a calendar client asks for
    text/calendar); its errors (404) are JSON like every other endpoint's."""

    def select_parser(self, request: Any, parsers: Any) -> Any:
        return parsers[0]

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return (renderers[0], renderers[0].media_type)


class InterviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Interview
        fields = [
            "id",
            "application",
            "starts_at",
            "kind",
            "duration_minutes",
            "interviewers",
            "interviewer_emails",
            "location",
            "video_link",
            "outcome",
            "feedback",
            "created_at",
            # Issue 18: the calendar event and the invitations.
            "uid",
            "sequence",
            "invited_at",
            "cancelled_at",
            "confirmed_at",
            "rearrange_requested_at",
            "reminder_sent_at",
        ]
        read_only_fields = [
            "created_at",
            "uid",
            "sequence",
            "invited_at",
            "cancelled_at",
            "confirmed_at",
            "rearrange_requested_at",
            "reminder_sent_at",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["application"].queryset = Application.objects.visible_to(request.user)  # type: ignore[attr-defined]
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["application"].read_only = True


class OfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offer
        fields = [
            "id",
            "application",
            "offered_on",
            "salary",
            "day_rate",
            "start_on",
            "status",
            "counter_offer_risk",
            "counter_offer_note",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["application"].queryset = Application.objects.visible_to(request.user)  # type: ignore[attr-defined]
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["application"].read_only = True

    def validate_status(self, value: str) -> str:
        if self.instance is None and value != Offer.Status.MADE:
            raise serializers.ValidationError('A new offer is made; record the answer with PATCH {"status"}.')
        return value


class _ApplicationChildViewSet(
    VisibleQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Interviews and offers: seen and changed with their application (change on it needed)."""

    permission_classes = [IsAuthenticated, ActionPermission]
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {"partial_update": "view", "update": "view"}  # checked on the application

    filterset_class = ApplicationChildFilterSet  # application

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().order_by("pk")

    def _check(self, application: Application) -> None:
        check_action(self.request.user, application, "change")

    def perform_create(self, serializer: BaseSerializer) -> None:
        self._check(serializer.validated_data["application"])
        self.create_with(serializer)

    def perform_update(self, serializer: BaseSerializer) -> None:
        instance = serializer.instance
        self._check(instance.application)  # type: ignore[union-attr]
        self.update_with(serializer)

    def create_with(self, serializer: BaseSerializer) -> None:
        raise NotImplementedError

    def update_with(self, serializer: BaseSerializer) -> None:
        serializer.save()


class InterviewViewSet(_ApplicationChildViewSet):
    serializer_class = InterviewSerializer
    queryset = Interview.objects.all()

    def create_with(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        try:
            serializer.instance = interview_create(
                actor=self.request.user,
                application=data.pop("application"),
                **data,
            )
        except PipelineRefused as exc:  # booking moves the application to interview
            raise conflict(exc) from exc

    @transaction.atomic
    def update_with(self, serializer: BaseSerializer) -> None:
        """A change to the time or the details goes to the invitees (SEQUENCE raised); an outcome
        of `cancelled` cancels it (METHOD:CANCEL to each)."""
        interview = serializer.instance
        assert isinstance(interview, Interview)
        data = dict(serializer.validated_data)
        outcome = {k: data.pop(k) for k in ("outcome", "feedback") if k in data}
        try:
            if data:
                interview = interview_change(actor=self.request.user, interview=interview, **data)
        except DjangoValidationError as exc:
            if exc.code == "cancelled":
                raise Conflict(exc.messages[0], code="interview_cancelled") from exc
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        if outcome:
            interview = interview_record_outcome(
                actor=self.request.user,
                interview=interview,
                outcome=outcome.get("outcome", interview.outcome),
                feedback=outcome.get("feedback", interview.feedback),
            )
        serializer.instance = interview

    @extend_schema(
        responses={
            (200, "text/calendar"): OpenApiResponse(response=OpenApiTypes.STR, description="iCalendar"),
            404: OpenApiResponse(description="Not found, or not yours to see."),
        }
    )
    def invite(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The interview as an iCalendar event: METHOD:REQUEST (CANCEL once cancelled), its stable
        UID and current SEQUENCE; every invitee as attendee (the agency's copy). Routed by hand in
        api/urls.py (`invite.ics`, no trailing slash, as API.md writes it)."""
        interview = self.get_object()
        response = HttpResponse(interview_agency_ics(interview), content_type=ICS_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
        response["Cache-Control"] = "private, no-store"
        return response


class OfferViewSet(_ApplicationChildViewSet):
    serializer_class = OfferSerializer
    queryset = Offer.objects.all()

    def create_with(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("status", None)  # a new offer is made; the answer comes with PATCH {"status"}
        try:
            serializer.instance = offer_create(
                actor=self.request.user,
                application=data.pop("application"),
                **data,
            )
        except PipelineRefused as exc:  # recording an offer moves the application to offer
            raise conflict(exc) from exc

    @transaction.atomic
    def update_with(self, serializer: BaseSerializer) -> None:
        """`PATCH {"status": "accepted" | "declined"}` is the candidate's answer (audited, once);
        the other fields are corrections to the offer's terms, written by name."""
        offer = serializer.instance
        assert isinstance(offer, Offer)
        data = dict(serializer.validated_data)
        status = data.pop("status", None)
        try:
            if status is not None:
                offer = offer_respond(actor=self.request.user, offer=offer, status=status)
        except PipelineRefused as exc:
            raise conflict(exc) from exc
        if data:
            for name, value in data.items():
                setattr(offer, name, value)
            offer.full_clean()
            offer.save(update_fields=list(data))
        serializer.instance = offer
