from __future__ import annotations

import datetime

import factory

from tests.factories.clients import ClientFactory
from vacancies.models import Vacancy


class VacancyFactory(factory.django.DjangoModelFactory):
    """A draft permanent vacancy with every Conduct Regs reg 18 field filled (so it can be opened)."""

    class Meta:
        model = Vacancy

    client = factory.SubFactory(ClientFactory)
    owner = factory.LazyAttribute(lambda o: o.client.owner)
    team = factory.LazyAttribute(lambda o: o.client.team)
    title = factory.Sequence(lambda n: f"Senior Python Developer {n}")
    description = "Build and support our booking platform with a friendly team."
    must_have_skills = factory.LazyFunction(lambda: ["Python", "Django"])
    nice_to_have_skills = factory.LazyFunction(lambda: ["PostgreSQL"])
    postcode = "LS1 4AP"
    remote = Vacancy.Remote.HYBRID
    employment_type = Vacancy.EmploymentType.PERM
    salary_min = 55000
    salary_max = 65000
    start_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=45))
    headcount = 1
    status = Vacancy.Status.DRAFT
    hirer_business = "Northgate Engineering Ltd, a civil engineering consultancy"
    duration = "Permanent"
    hours = "37.5 hours a week, Monday to Friday"
    health_and_safety_risks = "Office work; occasional site visits with PPE provided"
    required_qualifications = "Three years of commercial Python"
    benefits = "25 days holiday, 6% pension"
    notice_period = "One month"
