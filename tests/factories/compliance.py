"""Compliance factories: checks are recorded through the services, so derived dates and audit are real."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from compliance import services
from compliance.models import DBSCheck, IdentityCheck, ReferenceCheck, RightToWorkCheck
from core.models import User
from tests.factories.candidates import CandidateFactory
from tests.factories.core import UserFactory


def team_compliance_officer(candidate: Any) -> User:
    """The candidate's team's compliance officer (made on first use): the second pair of eyes."""
    found = User.objects.filter(role=User.Role.COMPLIANCE, team_id=candidate.team_id, is_active=True).first()
    return found or UserFactory(role=User.Role.COMPLIANCE, team=candidate.team)


def verified(check: Any, verified: bool) -> Any:
    """Four eyes (COMPLIANCE_FOUR_EYES): checks are verified by compliance unless a test says
    `verified=False` — test data meets the gates unless the test is about them."""
    if not verified or check.verified_at is not None:
        return check
    officer = team_compliance_officer(check.candidate)
    if officer.pk in (getattr(check, "recorded_by_id", None), getattr(check, "checked_by_id", None)):
        return check  # recorded by compliance itself: counts at once
    return services.check_verify(actor=officer, check=check)


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
        is_verified = kwargs.pop("verified", True)
        return verified(services.rtw_check_record(actor=actor, candidate=candidate, **kwargs), is_verified)


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
    # Compliance's decision: a clear certificate is decided on the day it is recorded here;
    # a disclosure waits for one unless the test gives it.
    decision_on = factory.LazyAttribute(lambda check: check.issued_on if check.result == "clear" else None)

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
        is_verified = kwargs.pop("four_eyes_verified", True)
        check = services.reference_check_record(actor=actor, candidate=candidate, **kwargs)
        return verified(check, is_verified)


class IdentityCheckFactory(factory.django.DjangoModelFactory):
    """An original passport seen last week by the candidate's owner, verified by compliance."""

    class Meta:
        model = IdentityCheck

    candidate = factory.SubFactory(CandidateFactory)
    method = "document_seen"
    checked_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    notes = "UK passport seen in person."

    @classmethod
    def _create(cls, model_class: type[IdentityCheck], *args: Any, **kwargs: Any) -> IdentityCheck:
        candidate = kwargs.pop("candidate")
        actor = kwargs.pop("actor", None) or candidate.owner
        is_verified = kwargs.pop("verified", True)
        return verified(
            services.identity_check_record(actor=actor, candidate=candidate, **kwargs), is_verified
        )


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
