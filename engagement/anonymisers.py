"""Customer service's share of a person's personal data (candidates; contacts through `contact`).

Rows stay (timelines, complaint counts and NPS keep their numbers); the free text that says
something about the person is replaced. privacy/ lists these with every other app's anonymisers.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from core.anonymisation import Anonymiser, Replacement, blank, removed
from engagement.models import (
    Communication,
    Complaint,
    FeedbackResponse,
    InboundAttachment,
    InboundEmail,
    OutboundAttachment,
    OutboundEmail,
    StageMessage,
    ToDo,
)


class CommunicationAnonymiser(Anonymiser):
    model = Communication
    person_field = "candidate"
    # A submission pack (issue 18) goes to a client contact, so its email is on the contact's timeline,
    # but the pack, the covering message and the timeline entry are about the candidate: erased with them.
    also_person_fields: ClassVar[tuple[str, ...]] = ("email__submission__application__candidate",)
    label = "communication"
    fields = {"summary": removed, "subject": blank}


class ContactCommunicationAnonymiser(CommunicationAnonymiser):
    person_field = "contact"
    also_person_fields = ()
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
    # A submission pack (issue 18) goes to a client contact, so its email is on the contact's timeline,
    # but the pack, the covering message and the timeline entry are about the candidate: erased with them.
    also_person_fields: ClassVar[tuple[str, ...]] = ("submission__application__candidate",)
    label = "email"
    fields = {"body": removed, "subject": blank, "to_email": blank}


class ContactOutboundEmailAnonymiser(OutboundEmailAnonymiser):
    person_field = "contact"
    also_person_fields = ()
    label = "contact email"


class OutboundAttachmentAnonymiser(Anonymiser):
    """Files the app made for a message (packs, invitations) are deleted; the row stays as a stub."""

    model = OutboundAttachment
    person_field = "email__candidate"
    also_person_fields: ClassVar[tuple[str, ...]] = ("email__submission__application__candidate",)
    label = "email attachment"
    fields: ClassVar[dict[str, Replacement]] = {"filename": removed, "file": blank}

    def delete_files(self, row: models.Model) -> None:
        assert isinstance(row, OutboundAttachment)
        if row.file and row.file.name:
            row.file.storage.delete(row.file.name)


class ContactOutboundAttachmentAnonymiser(OutboundAttachmentAnonymiser):
    person_field = "email__contact"
    also_person_fields = ()
    label = "contact email attachment"


class InboundEmailAnonymiser(Anonymiser):
    """Mail that came back, filed on the person's timeline: its text and sender go."""

    model = InboundEmail
    person_field = "candidate"
    label = "inbound email"
    fields = {
        "body": removed,
        "reply_text": blank,
        "subject": blank,
        "from_email": blank,
        "from_name": blank,
        "message_id": blank,
    }


class ContactInboundEmailAnonymiser(InboundEmailAnonymiser):
    person_field = "contact"
    label = "contact inbound email"


class InboundAttachmentAnonymiser(Anonymiser):
    """Files that came with their mail are deleted; the row stays as a stub."""

    model = InboundAttachment
    person_field = "email__candidate"
    label = "inbound email attachment"
    fields: ClassVar[dict[str, Replacement]] = {"filename": removed, "file": blank}

    def delete_files(self, row: models.Model) -> None:
        assert isinstance(row, InboundAttachment)
        if row.file and row.file.name:
            row.file.storage.delete(row.file.name)


class ContactInboundAttachmentAnonymiser(InboundAttachmentAnonymiser):
    person_field = "email__contact"
    label = "contact inbound email attachment"


class ToDoAnonymiser(Anonymiser):
    """A to-do's title may say something about the person ("call Sam about the offer")."""

    model = ToDo
    person_field = "candidate"
    label = "to-do"
    fields = {"title": removed}


class ContactToDoAnonymiser(ToDoAnonymiser):
    person_field = "contact"
    label = "contact to-do"


class StageMessageAnonymiser(Anonymiser):
    """A message about an application (issue 19): its text names the person and the role."""

    model = StageMessage
    person_field = "candidate"
    label = "stage message"
    fields: ClassVar[dict[str, Replacement]] = {"subject": blank, "body": removed}


ANONYMISERS: list[type[Anonymiser]] = [
    CommunicationAnonymiser,
    ComplaintAnonymiser,
    FeedbackAnonymiser,
    OutboundEmailAnonymiser,
    OutboundAttachmentAnonymiser,
    InboundEmailAnonymiser,
    InboundAttachmentAnonymiser,
    ToDoAnonymiser,
    StageMessageAnonymiser,
]
CONTACT_ANONYMISERS: list[type[Anonymiser]] = [
    ContactCommunicationAnonymiser,
    ContactComplaintAnonymiser,
    ContactOutboundEmailAnonymiser,
    ContactOutboundAttachmentAnonymiser,
    ContactInboundEmailAnonymiser,
    ContactInboundAttachmentAnonymiser,
    ContactToDoAnonymiser,
]
