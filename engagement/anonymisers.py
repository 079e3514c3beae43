"""Customer service's share of a person's personal data (candidates; contacts through `contact`).

Rows stay (timelines, complaint counts and NPS keep their numbers); the free text that says
something about the person is replaced. privacy/ lists these with every other app's anonymisers.
"""

from __future__ import annotations

from core.anonymisation import Anonymiser, blank, removed
from engagement.models import Communication, Complaint, FeedbackResponse, OutboundEmail, ToDo


class CommunicationAnonymiser(Anonymiser):
    model = Communication
    person_field = "candidate"
    label = "communication"
    fields = {"summary": removed, "subject": blank}


class ContactCommunicationAnonymiser(CommunicationAnonymiser):
    person_field = "contact"
    label = "contact communication"


class ComplaintAnonymiser(Anonymiser):
    model = Complaint
    person_field = "candidate"
    label = "complaint"
    fields = {
        "description": removed,
        "complainant_name": blank,
        "follow_up_summary": blank,
        "resolution": blank,
    }


class ContactComplaintAnonymiser(ComplaintAnonymiser):
    person_field = "contact"
    label = "contact complaint"


class FeedbackAnonymiser(Anonymiser):
    model = FeedbackResponse
    person_field = "request__application__candidate"
    label = "feedback"
    fields = {"comment": blank}


class OutboundEmailAnonymiser(Anonymiser):
    model = OutboundEmail
    person_field = "candidate"
    label = "email"
    fields = {"body": removed, "subject": blank}


class ContactOutboundEmailAnonymiser(OutboundEmailAnonymiser):
    person_field = "contact"
    label = "contact email"


class ToDoAnonymiser(Anonymiser):
    """A to-do's title may say something about the person ("call Sam about the offer")."""

    model = ToDo
    person_field = "candidate"
    label = "to-do"
    fields = {"title": removed}


class ContactToDoAnonymiser(ToDoAnonymiser):
    person_field = "contact"
    label = "contact to-do"


ANONYMISERS: list[type[Anonymiser]] = [
    CommunicationAnonymiser,
    ComplaintAnonymiser,
    FeedbackAnonymiser,
    OutboundEmailAnonymiser,
    ToDoAnonymiser,
]
CONTACT_ANONYMISERS: list[type[Anonymiser]] = [
    ContactCommunicationAnonymiser,
    ContactComplaintAnonymiser,
    ContactOutboundEmailAnonymiser,
    ContactToDoAnonymiser,
]
