from __future__ import annotations

from decimal import Decimal

import factory

from clients.models import Client, Contact, TermsOfBusiness
from tests.factories.core import UserFactory


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Northgate Engineering {n} Ltd")
    sector = "Engineering"
    status = Client.Status.ACTIVE
    address = "1 Wellington Street\nLeeds"
    postcode = "LS1 4AP"
    owner = factory.SubFactory(UserFactory)
    team = factory.LazyAttribute(lambda o: o.owner.team)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"contact{n}@client.test")
    phone = "0113 496 0000"
    job_title = "Head of Engineering"
    is_hiring_manager = True
    owner = factory.LazyAttribute(lambda o: o.client.owner)
    team = factory.LazyAttribute(lambda o: o.client.team)


class TermsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TermsOfBusiness

    client = factory.SubFactory(ClientFactory)
    fee_percent = Decimal("20.00")
    rebate_schedule = factory.LazyFunction(
        lambda: [
            {"weeks": 4, "refund_percent": 100},
            {"weeks": 8, "refund_percent": 50},
            {"weeks": 12, "refund_percent": 25},
        ]
    )
    signed_on = factory.Faker("date_between", start_date="-2y", end_date="today")
