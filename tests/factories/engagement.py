"""Engagement factories: communications and complaints are made through their services."""

from __future__ import annotations

from typing import Any

import factory

from engagement.models import Communication, Complaint
from engagement.services.communications import communication_log
from engagement.services.complaints import complaint_create
from tests.factories.candidates import CandidateFactory


class CommunicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Communication

    kind = Communication.Kind.CALL
    summary = "Talked through the role and next steps."
    candidate = factory.SubFactory(CandidateFactory)

    @classmethod
    def _create(cls, model_class: type[Communication], *args: Any, **kwargs: Any) -> Communication:
        actor = kwargs.pop("actor", None)
        person = kwargs.get("candidate") or kwargs.get("contact")
        return communication_log(actor=actor or person.owner, **kwargs)


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    complainant_type = Complaint.ComplainantType.OTHER
    complainant_name = "A member of the public"
    channel = Complaint.Channel.EMAIL
    category = Complaint.Category.SERVICE
    severity = Complaint.Severity.LOW
    description = "Nobody called me back after the interview."

    @classmethod
    def _create(cls, model_class: type[Complaint], *args: Any, **kwargs: Any) -> Complaint:
        actor = kwargs.pop("actor")
        return complaint_create(actor=actor, **kwargs)
