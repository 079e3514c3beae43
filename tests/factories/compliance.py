"""Compliance factories: checks are recorded through the services, so derived dates and audit are real."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from compliance import services
from compliance.models import DBSCheck, ReferenceCheck, RightToWorkCheck
from tests.factories.candidates import CandidateFactory


class RightToWorkCheckFactory(factory.django.DjangoModelFactory):
    """A passing List A manual check (a British passport seen in person) unless told otherwise."""

    class Meta:
        model = RightToWorkCheck

    candidate = factory.SubFactory(CandidateFactory)
    holds = "british_irish_passport"
    route = "manual_document"
    document_list = "list_a"
    document_type = "UK passport"
    checked_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    outcome = "pass"

    @classmethod
    def _create(cls, model_class: type[RightToWorkCheck], *args: Any, **kwargs: Any) -> RightToWorkCheck:
        candidate = kwargs.pop("candidate")
        actor = kwargs.pop("actor", None) or candidate.owner
        return services.rtw_check_record(actor=actor, candidate=candidate, **kwargs)


class DBSCheckFactory(factory.django.DjangoModelFactory):
    """A clear basic check unless told otherwise (higher levels need `requirements`)."""

    class Meta:
        model = DBSCheck

    candidate = factory.SubFactory(CandidateFactory)
    level = "basic"
    workforce = "adult"
    certificate_number = factory.Sequence(lambda n: f"{n:012d}")
    issued_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    result = "clear"

    @classmethod
    def _create(cls, model_class: type[DBSCheck], *args: Any, **kwargs: Any) -> DBSCheck:
        candidate = kwargs.pop("candidate")
        actor = kwargs.pop("actor", None) or candidate.owner
        return services.dbs_check_record(actor=actor, candidate=candidate, **kwargs)


class ReferenceCheckFactory(factory.django.DjangoModelFactory):
    """A received, verified reference from a former line manager who agrees to disclosure."""

    class Meta:
        model = ReferenceCheck

    candidate = factory.SubFactory(CandidateFactory)
    referee_name = factory.Faker("name", locale="en_GB")
    referee_email = factory.Sequence(lambda n: f"referee{n}@example.test")
    relationship = "Line manager"
    is_relative = False
    organisation = "Northgate Engineering"
    requested_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=20))
    received_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    verified = True
    consent_to_disclose = True

    @classmethod
    def _create(cls, model_class: type[ReferenceCheck], *args: Any, **kwargs: Any) -> ReferenceCheck:
        candidate = kwargs.pop("candidate")
        actor = kwargs.pop("actor", None) or candidate.owner
        return services.reference_check_record(actor=actor, candidate=candidate, **kwargs)


def right_to_work_body(candidate: Any, **overrides: Any) -> dict[str, Any]:
    """An API body for a passing online share-code check, recorded today."""
    today = datetime.date.today()
    return {
        "candidate": candidate.pk,
        "holds": "digital_status",
        "route": "online_share_code",
        "list": "list_b_group_1",
        "share_code": "WAB123CDE",
        "checked_on": today.isoformat(),
        "permission_expires_on": (today + datetime.timedelta(days=400)).isoformat(),
        "outcome": "pass",
        **overrides,
    }


def dbs_body(candidate: Any, **overrides: Any) -> dict[str, Any]:
    """An API body for a clear basic DBS certificate issued today."""
    return {
        "candidate": candidate.pk,
        "level": "basic",
        "workforce": "adult",
        "certificate_number": "001234567890",
        "issued_on": datetime.date.today().isoformat(),
        "result": "clear",
        **overrides,
    }
