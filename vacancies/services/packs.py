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

Built with fpdf2 (pure Python, from wheels) and pypdf (to append the original PDF): nothing from
the operating system. fpdf2's built-in fonts cover Latin-1 only, so text is folded to Latin-1
(accents kept where Latin-1 has them, dropped where it has not, typographic quotes and dashes made
plain, anything else "?") unless settings.SUBMISSION_PACK_FONT names a TrueType font to embed,
which prints any script it covers.

`submission_pack_build` is pure (no writes): the send (engagement/services/submission_packs.py)
checks the gates, builds, queues the email with the pack attached and records the submission.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from candidates.models import Candidate, Document
from core import files
from core.models import AgencyProfile, User
from core.selectors import agency_get
from vacancies.models import Application, ShortlistEntry
from vacancies.selectors.cv_redaction import cv_text_redact
from vacancies.selectors.review_links import review_entry_facts

logger = logging.getLogger("recruitcrm.packs")

PACK_CONTENT_TYPE = files.PDF

RIGHT_TO_WORK_DECLARED: dict[str, str] = {
    Candidate.RightToWork.YES: "Yes, declared by the candidate (checked before any start)",
    Candidate.RightToWork.NEEDS_SPONSORSHIP: "Needs sponsorship, declared by the candidate",
    Candidate.RightToWork.UNKNOWN: "Not yet declared",
}

# Typographic characters outside Latin-1 that have a plain equivalent.
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2022": "-",
        "\u25cf": "-",
        "\u25aa": "-",
        "\u2023": "-",
        "\u2043": "-",
        "\u2026": "...",
        "\u20ac": "EUR",
        "\u2122": "(TM)",
        "\u0141": "L",
        "\u0142": "l",
        "\u0110": "D",
        "\u0111": "d",
        "\u0131": "i",
        "\u0152": "OE",
        "\u0153": "oe",
        "\u00a0": " ",
        "\u200b": "",
        "\ufeff": "",
        "\t": "    ",
    }
)
_ONLY_REDACTED = re.compile(r"[\s|,;:/\-\u2013\u2022·]*(?:\[redacted\][\s|,;:/\-\u2013\u2022·]*)+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def latin1_fold(text: str) -> str:
    """Text the built-in PDF fonts can print: Latin-1 kept, accents dropped from letters Latin-1
    lacks ("Łódź" → "Lodz"), typographic quotes and dashes made plain, anything else "?"."""
    text = _CONTROL.sub("", text.translate(_PLAIN))
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base and all(ord(c) < 256 for c in base) else "?")
    return "".join(out)


@dataclass
class PackContent:
    """Everything the pack prints, already redacted for a blind vacancy."""

    agency_name: str
    logo: bytes | None
    heading: str  # the candidate's name, or "Candidate <rank>" when blind
    title_line: str
    client_name: str
    vacancy_title: str
    recruiter_name: str
    case: str
    facts: list[tuple[str, str]]
    cv_text: str
    cv_pdf: bytes | None  # the original PDF to append (never for a blind pack)
    cv_note: str
    blind: bool
    date_label: str
    title_meta: str
    extra: dict[str, Any] = field(default_factory=dict)


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


def _embedded_text(value: str) -> str:
    return _CONTROL.sub("", value.replace("\t", "    ").replace("\u00a0", " "))


class _PackPDF(FPDF):
    footer_text = ""
    family = "Helvetica"
    # With the original CV appended the pack's own pages are numbered without a total (the CV's
    # pages follow, unnumbered).
    count_pages = True

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family, "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        total = " of {nb}" if self.count_pages else ""
        self.cell(0, 5, f"Page {self.page_no()}{total}", align="R")


_INK = (32, 36, 44)
_ACCENT = (31, 78, 121)
_MUTED = (100, 106, 116)
_RULE = (200, 205, 212)


def submission_pack_render(content: PackContent) -> bytes:
    """The PDF's bytes for `content` (fpdf2; the original CV's pages appended with pypdf)."""
    pdf = _PackPDF(format="A4")
    font_path = getattr(settings, "SUBMISSION_PACK_FONT", "") or ""
    if font_path:
        pdf.add_font("PackFont", "", font_path)
        pdf.add_font("PackFont", "B", font_path)
        pdf.add_font("PackFont", "I", font_path)
        pdf.family = "PackFont"
        text: Callable[[str], str] = _embedded_text
    else:
        text = latin1_fold
    family = pdf.family
    pdf.count_pages = content.cv_pdf is None
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.footer_text = text(f"{content.agency_name} - confidential, for {content.client_name} only")
    pdf.set_title(text(content.title_meta))
    pdf.set_author(text(content.agency_name))
    pdf.set_subject(text(f"Submission for {content.vacancy_title}"))
    pdf.set_creator("RecruitCRM")
    pdf.set_producer("RecruitCRM")
    pdf.set_creation_date(timezone.now())
    pdf.add_page()
    width = pdf.epw

    # Header: logo and agency name, the date and what it is for.
    top = pdf.get_y()
    x_text = pdf.l_margin
    if content.logo:
        try:
            info = pdf.image(io.BytesIO(content.logo), x=pdf.l_margin, y=top, h=14)
            x_text = pdf.l_margin + float(info.rendered_width) + 5
        except Exception:  # a logo fpdf2 cannot read never stops a pack
            logger.warning("pack.logo_unusable")
    pdf.set_xy(x_text, top + 1)
    pdf.set_font(family, "B", 15)
    pdf.set_text_color(*_ACCENT)
    pdf.cell(width - (x_text - pdf.l_margin) - 50, 7, text(content.agency_name))
    pdf.set_font(family, "", 9)
    pdf.set_text_color(*_MUTED)
    pdf.set_xy(pdf.w - pdf.r_margin - 50, top + 1)
    pdf.cell(50, 5, text(content.date_label), align="R")
    pdf.set_xy(x_text, top + 8)
    pdf.cell(0, 5, text("Candidate submission"))
    pdf.set_y(top + 17)
    pdf.set_draw_color(*_RULE)
    pdf.set_line_width(0.4)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(6)

    pdf.set_font(family, "", 10)
    pdf.set_text_color(*_MUTED)
    pdf.multi_cell(
        width,
        5,
        text(f"For {content.client_name} - {content.vacancy_title}"),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(1)
    pdf.set_font(family, "B", 20)
    pdf.set_text_color(*_INK)
    pdf.multi_cell(width, 9, text(content.heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if content.title_line:
        pdf.set_font(family, "", 12)
        pdf.set_text_color(*_MUTED)
        pdf.multi_cell(width, 6, text(content.title_line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(family, "", 9)
    pdf.set_text_color(*_MUTED)
    pdf.multi_cell(
        width,
        5,
        text(f"Put forward by {content.recruiter_name}"),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(4)

    def section(title: str) -> None:
        pdf.ln(2)
        pdf.set_font(family, "B", 12)
        pdf.set_text_color(*_ACCENT)
        pdf.cell(width, 7, text(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(*_RULE)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 40, pdf.get_y())
        pdf.ln(3)
        pdf.set_text_color(*_INK)

    section("Why we are putting this candidate forward")
    pdf.set_font(family, "", 10.5)
    pdf.multi_cell(
        width,
        5.5,
        text(content.case.strip() or "Ask us: the recruiter will talk you through this candidate."),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )

    section("Key facts")
    pdf.set_font(family, "", 10)
    with pdf.table(
        col_widths=(1, 3),
        text_align=("LEFT", "LEFT"),
        first_row_as_headings=False,
        line_height=6,
        borders_layout="HORIZONTAL_LINES",
        padding=1.5,
    ) as table:
        for label, value in content.facts:
            row = table.row()
            pdf.set_font(family, "B", 10)
            row.cell(text(label))
            pdf.set_font(family, "", 10)
            row.cell(text(value))
    pdf.ln(2)

    section("Curriculum vitae")
    pdf.set_font(family, "I", 9)
    pdf.set_text_color(*_MUTED)
    pdf.multi_cell(width, 5, text(content.cv_note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*_INK)
    if content.cv_text.strip():
        pdf.ln(2)
        pdf.set_font(family, "", 9.5)
        for paragraph in re.split(r"\n\s*\n", content.cv_text.strip()):
            pdf.multi_cell(width, 4.8, text(paragraph.strip("\n")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
    pdf.alias_nb_pages()
    body = bytes(pdf.output())
    if content.cv_pdf is None:
        return body
    return _append(body, content.cv_pdf, content)


def _append(body: bytes, cv_pdf: bytes, content: PackContent) -> bytes:
    """The pack with the original CV's pages after it; a CV pypdf cannot read (damaged, encrypted)
    leaves the pack as it is, saying so."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(body)))
    try:
        cv = PdfReader(io.BytesIO(cv_pdf))
        if cv.is_encrypted:
            raise PyPdfError("encrypted")
        writer.append(cv, import_outline=False)
    except (PyPdfError, ValueError, KeyError, OSError):
        logger.warning("pack.cv_not_appended")
        content.cv_pdf = None
        content.cv_note = "The CV's PDF could not be read: ask us for a copy."
        return submission_pack_render(content)
    writer.add_metadata(
        {
            "/Title": content.title_meta,
            "/Author": content.agency_name,
            "/Creator": "RecruitCRM",
            "/Producer": "RecruitCRM",
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
