"""Demo adverts for the careers site: `make run` shows a real /jobs/ page (published, open vacancies
with their public text and a closing date; the confidential client's role included, unnamed)."""

from __future__ import annotations

import datetime

from core.models import User
from vacancies.models import Vacancy
from vacancies.services.vacancies import vacancy_update

# title: (advert, days until the closing date)
ADVERTS: dict[str, tuple[str, int]] = {
    "Senior Python Developer": (
        "Help engineers keep towns safe from flooding. You will build the Python and Django tools our "
        "modellers use every day, from data pipelines to the maps they share with councils.\n\n"
        "You will join a small, supportive team that pairs often, writes tests and ships weekly. "
        "Hybrid working: two days a week in our Leeds city-centre office.\n\n"
        "We would love to hear from you if you have several years of commercial Python and enjoy "
        "PostgreSQL. GIS experience is a bonus, not a must.",
        28,
    ),
    "Site Engineer (Civil)": (
        "A nine-month contract setting out and supervising a flood-alleviation scheme in Bradford. "
        "You will work with subcontractors and the project manager to keep the programme on track "
        "safely.\n\nYou will need an HNC in civil engineering (or higher), SMSTS and a CSCS card.",
        21,
    ),
    "Healthcare Assistant (Nights)": (
        "Make a real difference to patients recovering from surgery. Three night shifts a week on a "
        "friendly surgical ward in Leeds, with full induction and training.\n\n"
        "You will need the Care Certificate and six months' experience in a care setting. An enhanced "
        "DBS check is needed for this role; we help you with it.",
        14,
    ),
    "Head of Payments": (
        "Our client, a fast-growing payments business, is looking for a Head of Payments to own its "
        "strategy and lead a team of twelve.\n\nYou will bring long experience in payments and "
        "regulated firms. The client's name is shared with shortlisted candidates only.",
        35,
    ),
    "Financial Controller": (
        "Run month-end close and statutory reporting for a private equity firm in the City of London, "
        "and be a trusted partner to the board.\n\nACA or ACCA qualified, with five years' experience "
        "after qualifying.",
        30,
    ),
}


def seed_careers(*, users: dict[str, User]) -> int:
    """Publish the demo vacancies that are open and have an advert here (idempotent)."""
    today = datetime.date.today()
    published = 0
    for title, (advert, days) in ADVERTS.items():
        vacancy = Vacancy.objects.filter(title=title, status=Vacancy.Status.OPEN).first()
        if vacancy is None or vacancy.is_published or vacancy.reg18_missing_fields:
            continue
        vacancy_update(
            actor=vacancy.owner,
            vacancy=vacancy,
            is_published=True,
            advert=advert,
            closes_on=today + datetime.timedelta(days=days),
        )
        published += 1
    return published
