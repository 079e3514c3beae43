"""The submission pack (issue 18): the PDF a client receives when a candidate is put forward.

One document, built here from the records and nothing else: the agency's header (name and logo),
the candidate's name and current title, the recruiter's case for them (the approved shortlist
entry's rationale), the key facts a client plans with (current title, notice, availability, right
to work *as declared*, and the town), then the CV — the original PDF's pages appended when there is
one, otherwise its text laid out.

Blind vacancies (Equality Act 2010; DOMAIN.md "blind shortlists") get a pack with nothing that
identifies the person anywhere: no name (the heading is "Candidate <rank>"), no town, the case and
the CV text passed through `cv_text_redact`, never the original file (a PDF cannot be redacted
here, so its redacted text is laid out instead), a neutral file name and neutral PDF metadata.

The PDF is drawn by pack_pdf.py (fpdf2, pypdf: from wheels, nothing from the operating system).
fpdf2's built-in fonts cover Latin-1 only, so text is folded to Latin-1 (accents kept where Latin-1
has them, dropped where it has not, typographic quotes and dashes made plain, anything else "?")
unless settings.SUBMISSION_PACK_FONT names a TrueType font to embed, which prints any script it
covers.

`submission_pack_build` is pure (no writes): the send (engagement/services/submission_packs.py)
checks the gates, builds, queues the email with the pack attached and records the submission.
"""

from __future__ import annotations

import logging
import re

from django.utils import timezone
from django.utils.text import slugify

from candidates.models import Candidate, Document
from core import files
from core.models import AgencyProfile, User
from core.selectors import agency_get
from vacancies.models import Application, ShortlistEntry
from vacancies.selectors.cv_redaction import cv_text_redact
from vacancies.selectors.review_links import review_entry_facts
from vacancies.services.pack_pdf import PackContent, latin1_fold, submission_pack_render

__all__ = ["PackContent", "latin1_fold", "submission_pack_render"]

logger = logging.getLogger("recruitcrm.packs")

PACK_CONTENT_TYPE = files.PDF

RIGHT_TO_WORK_DECLARED: dict[str, str] = {
    Candidate.RightToWork.YES: "Yes, declared by the candidate (checked before any start)",
    Candidate.RightToWork.NEEDS_SPONSORSHIP: "Needs sponsorship, declared by the candidate",
    Candidate.RightToWork.UNKNOWN: "Not yet declared",
}

# A blind CV's line left holding nothing but redactions ("[redacted] | [redacted]").
_ONLY_REDACTED = re.compile(r"[\s|,;:/\-\u2013\u2022·]*(?:\[redacted\][\s|,;:/\-\u2013\u2022·]*)+")


def pack_is_blind(application: Application) -> bool:
    return bool(application.vacancy.blind_shortlist)


def submission_pack_filename(*, application: Application, entry: ShortlistEntry | None) -> str:
    """The attachment's name: the candidate's name for an ordinary vacancy, a neutral one when blind."""
    vacancy_part = slugify(application.vacancy.title)[:60] or "vacancy"
    if pack_is_blind(application):
        rank = entry.rank if entry is not None else 1
        return f"candidate-{rank}-{vacancy_part}.pdf"
    candidate = application.candidate
    name_part = slugify(f"{candidate.first_name} {candidate.last_name}")[:60] or "candidate"
    return f"{name_part}-{vacancy_part}.pdf"


def _logo() -> bytes | None:
    profile = AgencyProfile.objects.filter(pk=1).first()
    if profile is None or not profile.logo:
        return None
    try:
        with profile.logo.open("rb") as handle:
            return handle.read()
    except OSError:
        logger.warning("pack.logo_unreadable")
        return None


def _cv_pdf(document: Document) -> bytes | None:
    if document.content_type != files.PDF or not document.file:
        return None
    try:
        with document.file.open("rb") as handle:
            return handle.read()
    except OSError:
        logger.warning("pack.cv_unreadable", extra={"document": document.pk})
        return None


def submission_pack_content(
    *, application: Application, entry: ShortlistEntry | None, document: Document | None, actor: User
) -> PackContent:
    """What goes in the pack, from the records (reads only)."""
    candidate = application.candidate
    vacancy = application.vacancy
    blind = pack_is_blind(application)
    agency = agency_get()

    def clean(text: str) -> str:
        return cv_text_redact(candidate, text) if blind else text

    rank = entry.rank if entry is not None else 1
    title = clean(candidate.current_title or "")
    facts = [("Current title", title or "Not given")]
    if entry is not None:
        facts += review_entry_facts(entry=entry, blind=blind)
    else:
        facts += review_entry_facts(entry=ShortlistEntry(candidate=candidate), blind=blind)
    facts.append(("Right to work", RIGHT_TO_WORK_DECLARED.get(candidate.right_to_work, "Not yet declared")))
    cv_pdf = None if blind or document is None else _cv_pdf(document)
    if document is None:
        cv_text, cv_note = "", "No CV on file."
    elif cv_pdf is not None:
        cv_text, cv_note = "", "The candidate's CV follows on the next pages."
    elif blind:
        # Lines left holding nothing but redactions ("[redacted] | [redacted]") are dropped.
        cv_text = "\n".join(
            line for line in clean(document.text or "").splitlines() if not _ONLY_REDACTED.fullmatch(line)
        )
        cv_note = (
            "Identifying details (name, contact details, address, date of birth and links) have been "
            "removed from this CV: the shortlist for this vacancy is blind."
        )
    else:
        cv_text = document.text or ""
        cv_note = "Laid out from the candidate's CV." if cv_text else "The CV's text could not be read."
    if blind and not cv_text and document is not None:
        cv_note = "The CV's text could not be read, so no blind version could be made."
    heading = f"Candidate {rank}" if blind else candidate.full_name
    return PackContent(
        agency_name=agency.name,
        logo=_logo() if agency.has_logo else None,
        heading=heading,
        title_line=title,
        client_name=vacancy.client.name,
        vacancy_title=vacancy.title,
        recruiter_name=actor.display_name,
        case=clean(entry.rationale if entry is not None else ""),
        facts=facts,
        cv_text=cv_text,
        cv_pdf=cv_pdf,
        cv_note=cv_note,
        blind=blind,
        date_label=f"{timezone.localdate():%-d %B %Y}",
        title_meta=f"Candidate submission: {vacancy.title}",
    )


def submission_pack_build(
    *, application: Application, entry: ShortlistEntry | None, document: Document | None, actor: User
) -> bytes:
    """The submission pack's PDF for this application (pure: reads the records, writes nothing)."""
    return submission_pack_render(
        submission_pack_content(application=application, entry=entry, document=document, actor=actor)
    )


def submission_pack_message_default(
    *, application: Application, contact_first_name: str, actor: User
) -> tuple[str, str]:
    """The covering email's subject and body, a starting point the recruiter edits. A blind
    vacancy's never names the candidate."""
    vacancy = application.vacancy
    who = "a candidate" if pack_is_blind(application) else application.candidate.full_name
    subject = f"Candidate for {vacancy.title}" if pack_is_blind(application) else f"{who} for {vacancy.title}"
    greeting = f"Dear {contact_first_name}," if contact_first_name else "Hello,"
    body = (
        f"{greeting}\n\n"
        f"I'd like to put forward {who} for your {vacancy.title} vacancy. The attached pack has my "
        "reasons, the key facts and the CV.\n\n"
        "Let me know if you'd like to meet them, or if you have any questions.\n\n"
        f"Kind regards,\n{actor.display_name}\n{agency_get().name}"
    )
    return subject[:200], body


def blind_message_problems(*, application: Application, texts: list[str]) -> bool:
    """True when a blind vacancy's covering message names the candidate or gives their email or
    phone (the pack is blind; the email around it must be too)."""
    if not pack_is_blind(application):
        return False
    candidate = application.candidate
    joined = "\n".join(texts)
    for value in (candidate.email, candidate.phone):
        if value and len(value) > 3 and value.lower() in joined.lower():
            return True
    for name in (candidate.first_name, candidate.last_name):
        if name and len(name) > 1 and re.search(rf"\b{re.escape(name)}\b", joined):
            return True
    return False
