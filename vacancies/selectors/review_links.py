"""The client review link, read: a hiring manager without an account sees the approved entries of a
shortlist (blind when the vacancy says so) and downloads CVs (services/review_links.py records the
decision per candidate).

Every view and download is written to the access log (the link's creator stands as the user, the
link id in the details); an expired, revoked or tampered link raises core.signing's errors and the
page shows only the reason. Conduct Regs reg 28: only approved entries whose candidate holds a live
`submission` consent for this vacancy are ever shown — judged again at every view and CV download
(`review_entry_queryset`), so a withdrawn consent hides the entry at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from candidates.models import Candidate, Consent, Document
from candidates.selectors import candidate_current_cv_get
from compliance.selectors.records import reg22_notes_get
from core import files
from core.models import AccessLog, SignedLink, User
from core.services import access_log_record, access_log_record_many
from core.signing import signed_link_check
from vacancies.models import Shortlist, ShortlistEntry
from vacancies.selectors.cv_redaction import cv_text_redact
from vacancies.selectors.shortlists import SHARE_PURPOSE


@dataclass
class ReviewView:
    link: SignedLink
    shortlist: Shortlist
    entries: list[ShortlistEntry]
    blind: bool


@dataclass
class ReviewCv:
    """A CV as the client downloads it: the stored file, or — blind — its text without name, email
    or phone; always under a neutral name."""

    filename: str
    content_type: str
    document: Document
    text: str | None = None


def _viewer(link: SignedLink, shortlist: Shortlist) -> User:
    return link.created_by or shortlist.owner


def review_entry_queryset(shortlist: Shortlist) -> QuerySet[ShortlistEntry]:
    """What a client may see of a shortlist: approved entries of live (not merged, anonymised or
    restricted) people who agreed, for this vacancy, to be put forward (Conduct Regs reg 19 / reg 28;
    a withdrawn consent no longer counts)."""
    consented = Consent.objects.filter(
        candidate_id=OuterRef("candidate_id"),
        purpose=Consent.Purpose.SUBMISSION,
        vacancy_id=shortlist.vacancy_id,
        withdrawn_at__isnull=True,
    )
    return shortlist.entries.filter(
        Exists(consented),
        decision=ShortlistEntry.Decision.APPROVED,
        candidate__merged_into__isnull=True,
        candidate__is_anonymised=False,
        candidate__restricted_at__isnull=True,  # erasure inside a statutory floor: never shown
    )


def review_link_open(*, token: str, log: bool = True) -> ReviewView:
    """The approved entries behind a live link (SignedLinkError otherwise); logs the view."""
    link = signed_link_check(token=token, purpose=SHARE_PURPOSE)
    shortlist = Shortlist.objects.select_related("vacancy__client", "owner").get(pk=link.object_id)
    entries = list(
        review_entry_queryset(shortlist)
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


def review_entry_get(*, view: ReviewView, entry_id: int) -> ShortlistEntry:
    for entry in view.entries:
        if entry.pk == entry_id:
            return entry
    raise ShortlistEntry.DoesNotExist


def candidate_latest_cv_get(candidate: Candidate) -> Document | None:
    """The CV a client may open: the candidate's current real PDF or Word CV (never a junk upload)."""
    return candidate_current_cv_get(candidate=candidate)


def review_entry_facts(*, entry: ShortlistEntry, blind: bool) -> list[tuple[str, str]]:
    """What the client reads beside the recruiter's case (the current title heads the card): notice
    and availability, and the town unless the shortlist is blind. Never pay, never the matcher's
    reasons."""
    candidate = entry.candidate
    today = timezone.localdate()
    weeks = candidate.notice_period_weeks
    if weeks is None:
        notice = "Ask us"
    elif weeks == 0:
        notice = "None"
    else:
        notice = f"{weeks} week{'s' if weeks != 1 else ''}"
    if candidate.available_from and candidate.available_from > today:
        available = f"From {candidate.available_from:%-d %b %Y}"
    elif candidate.available_from or weeks == 0:
        available = "Now"
    elif weeks:
        available = f"After {weeks} week{'s' if weeks != 1 else ''}' notice"
    else:
        available = "Ask us"
    facts = [
        ("Notice", notice),
        ("Available", available),
    ]
    if not blind and candidate.town:
        facts.append(("Based in", candidate.town))
    return facts


def review_link_download(*, token: str, entry_id: int) -> tuple[ReviewView, ShortlistEntry, Document]:
    view = review_link_open(token=token, log=False)
    entry = review_entry_get(view=view, entry_id=entry_id)
    document = candidate_latest_cv_get(entry.candidate)
    if document is None:
        raise Document.DoesNotExist
    access_log_record(
        user=_viewer(view.link, view.shortlist),
        action=AccessLog.Action.DOWNLOAD,
        obj=document,
        details={
            "via": "client_review_link",
            "link": view.link.pk,
            "shortlist": view.shortlist.pk,
            "blind": view.blind,
        },
    )
    return view, entry, document


def review_link_page(*, token: str) -> ReviewView:
    """What the client's review page shows (logged as a view): each entry carries its pitch —
    `facts`, the recruiter's `case` (without name or contact details when the shortlist is blind),
    `has_cv`, and for roles with vulnerable people the reg 22 `vetting_notes` (the steps taken where
    references or qualifications could not be confirmed). Never the candidate's asking pay against
    the budget, nor the matcher's reasons or score (internal to the agency)."""
    view = review_link_open(token=token)
    notes = (
        reg22_notes_get(candidate_ids=[entry.candidate_id for entry in view.entries])
        if view.shortlist.vacancy.works_with_vulnerable_people
        else {}
    )
    for entry in view.entries:
        entry.vetting_notes = notes.get(entry.candidate_id, [])  # type: ignore[attr-defined]
        entry.facts = review_entry_facts(entry=entry, blind=view.blind)  # type: ignore[attr-defined]
        entry.case = (  # type: ignore[attr-defined]
            cv_text_redact(entry.candidate, entry.rationale) if view.blind else entry.rationale
        )
        entry.has_cv = candidate_latest_cv_get(entry.candidate) is not None  # type: ignore[attr-defined]
    return view


def review_link_cv(*, token: str, entry_id: int) -> ReviewCv:
    """The CV of one entry behind a live link (logged as a download). Blind: a text version without
    name, email or phone. The neutral name's extension comes from the content type judged at upload,
    never the upload's name. ShortlistEntry/Document.DoesNotExist when there is none to give."""
    view, entry, document = review_link_download(token=token, entry_id=entry_id)
    if view.blind:
        return ReviewCv(
            filename=f"candidate-{entry.rank}-cv.txt",
            content_type="text/plain; charset=utf-8",
            document=document,
            text=cv_text_redact(entry.candidate, document.text or ""),
        )
    suffix = files.EXTENSIONS.get(document.content_type, "bin")
    return ReviewCv(
        filename=f"candidate-{entry.rank}-cv.{suffix}", content_type=document.content_type, document=document
    )
