"""Customer service: communications, email templates, complaints, surveys and improvements."""

from engagement.models.communication import Communication, EmailTemplate
from engagement.models.complaint import Complaint, Improvement
from engagement.models.email import OutboundEmail
from engagement.models.feedback import FeedbackRequest, FeedbackResponse
from engagement.models.todo import ToDo

__all__ = [
    "Communication",
    "Complaint",
    "EmailTemplate",
    "FeedbackRequest",
    "FeedbackResponse",
    "Improvement",
    "OutboundEmail",
    "ToDo",
]
