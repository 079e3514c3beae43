"""Customer service: communications, email templates, complaints, surveys and improvements."""

from engagement.models.bulk import SKIP_REASONS, BulkEmail
from engagement.models.communication import Communication, EmailTemplate
from engagement.models.complaint import Complaint, Improvement
from engagement.models.email import EMAIL_KINDS, OutboundAttachment, OutboundEmail
from engagement.models.feedback import FeedbackRequest, FeedbackResponse
from engagement.models.inbound import BouncedAddress, InboundAttachment, InboundEmail
from engagement.models.stage_message import StageMessage
from engagement.models.todo import ToDo

__all__ = [
    "EMAIL_KINDS",
    "SKIP_REASONS",
    "BouncedAddress",
    "BulkEmail",
    "Communication",
    "Complaint",
    "EmailTemplate",
    "FeedbackRequest",
    "FeedbackResponse",
    "Improvement",
    "InboundAttachment",
    "InboundEmail",
    "OutboundAttachment",
    "OutboundEmail",
    "StageMessage",
    "ToDo",
]
