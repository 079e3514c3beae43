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
        return candidate_create(actor=actor, owner=owner, **kwargs)
