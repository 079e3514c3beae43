from __future__ import annotations

from engagement.anonymisers import ANONYMISERS, CONTACT_ANONYMISERS
from engagement.models import Communication, Complaint
from tests.factories.engagement import CommunicationFactory, ComplaintFactory


def test_a_candidates_communications_and_complaints_are_scrubbed_once(recruiter, candidate):
    CommunicationFactory(candidate=candidate, actor=recruiter, summary="Mentioned a health condition")
    ComplaintFactory(actor=recruiter, complainant_type="candidate", candidate=candidate, complainant_name="")
    changed = sum(anonymiser().anonymise(candidate) for anonymiser in ANONYMISERS)
    assert changed == 2
    assert Communication.objects.get().summary == "[removed]"
    assert Complaint.objects.get().description == "[removed]"
    assert sum(anonymiser().anonymise(candidate) for anonymiser in ANONYMISERS) == 0  # idempotent
    exported = ANONYMISERS[0]().export(candidate)
    assert exported[0]["summary"] == "[removed]"


def test_a_contacts_communications_are_scrubbed(recruiter, contact):
    CommunicationFactory(candidate=None, contact=contact, actor=recruiter, summary="Private remark")
    assert sum(anonymiser().anonymise(contact) for anonymiser in CONTACT_ANONYMISERS) == 1
    assert Communication.objects.get().summary == "[removed]"
