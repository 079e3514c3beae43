"""The client review link: a hiring manager without an account sees the approved entries of a
shortlist (blind when the vacancy says so), downloads CVs and decides per candidate.

Every view and download is written to the access log (the link's creator stands as the user, the
link id in the details); an expired, revoked or tampered link raises core.signing's errors and the
page shows only the reason. Conduct Regs reg 28: only approved entries — for which the candidate
agreed to be put forward — are ever shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from candidates.models import Candidate, Document
from core.models import AccessLog, SignedLink, User
from core.services import access_log_record, access_log_record_many, audit_record
from core.signing import signed_link_check
from vacancies.models import Application, ClientFeedback, Shortlist, ShortlistEntry
from vacancies.notices import notify
from vacancies.shortlists import SHARE_PURPOSE


@dataclass
class ReviewView:
    link: SignedLink
    shortlist: Shortlist
    entries: list[ShortlistEntry]
    blind: bool


def _viewer(link: SignedLink, shortlist: Shortlist) -> User:
    return link.created_by or shortlist.owner


def review_open(*, token: str, log: bool = True) -> ReviewView:
    """The approved entries behind a live link (SignedLinkError otherwise); logs the view."""
    link = signed_link_check(token=token, purpose=SHARE_PURPOSE)
    shortlist = Shortlist.objects.select_related("vacancy__client", "owner").get(pk=link.object_id)
    entries = list(
        shortlist.entries.filter(decision=ShortlistEntry.Decision.APPROVED)
        .select_related("candidate")
        .prefetch_related("client_feedback")
        .order_by("rank", "id")
    )
    if log:
        access_log_record_many(
            user=_viewer(link, shortlist),
            action=AccessLog.Action.VIEW,
            objects=[entry.candidate for entry in entries],
            details={"via": "client_review_link", "link": link.pk, "shortlist": shortlist.pk},
        )
    return ReviewView(
        link=link, shortlist=shortlist, entries=entries, blind=shortlist.vacancy.blind_shortlist
    )


def _entry(view: ReviewView, entry_id: int) -> ShortlistEntry:
    for entry in view.entries:
        if entry.pk == entry_id:
            return entry
    raise ShortlistEntry.DoesNotExist


def latest_cv(candidate: Candidate) -> Document | None:
    return candidate.documents.filter(kind=Document.Kind.CV).order_by("-uploaded_at", "-id").first()


def redacted_text(candidate: Candidate, text: str) -> str:
    """Blind shortlists: the CV's text without the name, email and phone number."""
    for value in (candidate.first_name, candidate.last_name, candidate.email, candidate.phone):
        if value and len(value) > 1:
            text = re.sub(re.escape(value), "[redacted]", text, flags=re.IGNORECASE)
    text = re.sub(r"[\w.+-]+@[\w-]+\.[\w.-]+", "[redacted]", text)
    return re.sub(r"\+?\d[\d ()-]{8,}\d", "[redacted]", text)


def review_download(*, token: str, entry_id: int) -> tuple[ReviewView, ShortlistEntry, Document]:
    view = review_open(token=token, log=False)
    entry = _entry(view, entry_id)
    document = latest_cv(entry.candidate)
    if document is None:
        raise Document.DoesNotExist
    access_log_record(
        user=_viewer(view.link, view.shortlist),
        action=AccessLog.Action.DOWNLOAD,
        obj=document,
        details={"via": "client_review_link", "link": view.link.pk, "blind": view.blind},
    )
    return view, entry, document


@transaction.atomic
def review_decide(*, token: str, entry_id: int, decision: str, comment: str) -> ClientFeedback:
    """The client's decision lands on the application's timeline and the recruiter is told."""
    view = review_open(token=token, log=False)
    entry = _entry(view, entry_id)
    if decision not in ClientFeedback.Decision.values:
        raise ValidationError({"decision": ["Choose interview, maybe or reject."]})
    feedback = ClientFeedback.objects.create(
        entry=entry, link=view.link, decision=decision, comment=comment[:2000]
    )
    application = Application.objects.filter(
        vacancy_id=view.shortlist.vacancy_id, candidate_id=entry.candidate_id
    ).first()
    audit_record(
        actor=None,
        action="client_feedback.recorded",
        obj=application or entry,
        details={"decision": decision, "entry": entry.pk, "link": view.link.pk},
    )
    label = f"candidate {entry.rank} on the shortlist"  # notices never carry names
    recipients = [view.shortlist.owner] + ([application.owner] if application else [])
    notify(
        users=recipients,
        kind="client_feedback",
        text=f"The client answered on {view.shortlist.vacancy.title}: {label} — "
        f"{feedback.get_decision_display()}.",
        url=reverse("vacancies:application", args=[application.pk]) if application else "",
    )
    return feedback
