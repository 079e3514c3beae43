"""Pipeline factories: applications are made through the service so their first history row is real."""

from __future__ import annotations

from typing import Any

import factory

from tests.factories.candidates import CandidateFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Application, RejectionReason
from vacancies.services.pipeline import application_create


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


def submit_application(application: Application, actor: Any = None) -> Application:
    """Take an application through the Conduct Regs reg 19 gates (a manager's approval on a
    shortlist, the candidate's consent for this vacancy, identity confirmed) to `submitted`, through
    the service, so an interview or an offer can be recorded on it."""
    from candidates.services import consent_record
    from tests.factories.matching import approved_entry
    from vacancies.services.pipeline import application_move

    actor = actor or application.vacancy.owner
    approved_entry(vacancy=application.vacancy, candidate=application.candidate)
    consent_record(
        actor=actor,
        candidate=application.candidate,
        purpose="submission",
        lawful_basis="consent",
        vacancy_id=application.vacancy_id,
        method="phone",
        wording_version="v1",
    )
    from tests.factories.compliance import IdentityCheckFactory

    candidate = application.candidate
    if not (candidate.identity_checks.exists() or candidate.rtw_checks.filter(outcome="pass").exists()):
        IdentityCheckFactory(candidate=candidate)  # Conduct Regs reg 19: identity confirmed
    for stage in ("screening", "shortlisted", "submitted"):
        if application.stage != stage:
            application = application_move(actor=actor, application=application, stage=stage)
    return application
