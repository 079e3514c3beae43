from __future__ import annotations

from typing import Any

import factory

from candidates.models import Candidate
from candidates.services import candidate_create
from core.models import User
from tests.factories.core import UserFactory


class CandidateFactory(factory.django.DjangoModelFactory):
    """Candidates are made through the service, so derived values, consent and audit are real."""

    class Meta:
        model = Candidate

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"candidate{n}@example.test")
    phone = ""
    postcode = "LS1 4AB"
    town = "Leeds"
    current_title = "Software Developer"
    source = Candidate.Source.JOB_BOARD
    owner = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class: type[Candidate], *args: Any, **kwargs: Any) -> Candidate:
        owner: User = kwargs.pop("owner")
        actor = kwargs.pop("actor", owner)
        # Issue 19: a factory person has had the privacy notice (so mail tests count only their own
        # messages); art. 14 tests pass privacy_notice_version="" for someone who has not.
        version = kwargs.pop("privacy_notice_version", "2024-1")
        candidate = candidate_create(actor=actor, owner=owner, **kwargs)
        if version:
            Candidate.objects.filter(pk=candidate.pk).update(privacy_notice_version=version)
            candidate.privacy_notice_version = version
        return candidate
