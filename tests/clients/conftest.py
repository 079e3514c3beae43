from __future__ import annotations

import pytest

from tests.factories.clients import ClientFactory, ContactFactory, TermsFactory


@pytest.fixture
def acme(recruiter):
    """A client owned by the recruiter (alice) in her team."""
    return ClientFactory(name="Acme Widgets Ltd", owner=recruiter)


@pytest.fixture
def acme_contact(acme):
    return ContactFactory(client=acme, first_name="Priya", last_name="Shah", email="priya@acme.test")


@pytest.fixture
def acme_terms(acme):
    return TermsFactory(client=acme)


@pytest.fixture
def secret_client(recruiter, admin_user):
    """A confidential client in alice's team, named to alice only."""
    from clients.services import client_create

    return client_create(actor=recruiter, name="Project Falcon Holdings", is_confidential=True)
