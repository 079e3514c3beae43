"""The submission pack's PDF (issue 18), drawn from a `PackContent` (vacancies/services/packs.py
gathers it from the records, already redacted for a blind vacancy): fpdf2 lays out the pack, pypdf
appends the original CV's pages. Pure Python from wheels: nothing from the operating system.

fpdf2's built-in fonts cover Latin-1 only, so text is folded to Latin-1 (`latin1_fold`) unless
settings.SUBMISSION_PACK_FONT names a TrueType font to embed, which prints any script it covers.
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
from fpdf import FPDF
from fpdf.enums import XPos, YPos

logger = logging.getLogger("recruitcrm.packs")

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
