"""Pipeline factories: applications are made through the service so their first history row is real."""

from __future__ import annotations

from typing import Any

import factory

from tests.factories.candidates import CandidateFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Application, RejectionReason
from vacancies.pipeline import application_create


class RejectionReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RejectionReason
        django_get_or_create = ("code",)

    code = "skills_gap"
    label = "Skills or experience do not match"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    vacancy = factory.SubFactory(VacancyFactory)
    candidate = factory.LazyAttribute(lambda o: CandidateFactory(owner=o.vacancy.owner))

    @classmethod
    def _create(cls, model_class: type[Application], *args: Any, **kwargs: Any) -> Application:
        vacancy = kwargs.pop("vacancy")
        actor = kwargs.pop("actor", vacancy.owner)
        return application_create(actor=actor, vacancy=vacancy, candidate=kwargs.pop("candidate"), **kwargs)
