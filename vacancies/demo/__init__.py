"""Demo vacancies for `seed_demo` (found by name, like roles.py; idempotent)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from candidates.models import Candidate
from candidates.services import candidate_create, consent_record
from clients.models import Client
from core.models import User
from vacancies.models import Application, RejectionReason, Vacancy
from vacancies.selectors.compliance import vacancy_requirements_get
from vacancies.services.interviews import interview_create
from vacancies.services.offers import offer_create
from vacancies.services.pipeline import application_create, application_move
from vacancies.services.placements import placement_create
from vacancies.services.vacancies import vacancy_create

PERM_BASICS = {
    "duration": "Permanent",
    "hours": "37.5 hours a week, Monday to Friday, flexible start",
    "health_and_safety_risks": "Office based; display screen equipment assessment on joining",
    "benefits": "25 days holiday plus bank holidays, 6% matched pension, private medical cover",
    "notice_period": "One month either side after probation",
}

# client, title, owner, status, fields
VACANCIES: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "Northgate Engineering Ltd",
        "Senior Python Developer",
        "rachel",
        "open",
        {
            **PERM_BASICS,
            "description": "Build the tools our engineers use to model flood defences. You will work "
            "in a supportive, collaborative team and share what you learn.",
            "employment_type": "perm",
            "salary_min": 60000,
            "salary_max": 70000,
            "remote": "hybrid",
            "postcode": "LS1 4AP",
            "must_have_skills": ["Python", "Django", "PostgreSQL"],
            "nice_to_have_skills": ["GIS", "Celery"],
            "required_qualifications": "Four years of commercial Python; degree or equivalent experience",
            "hirer_business": "Northgate Engineering Ltd, civil engineering consultancy",
            "headcount": 2,
        },
    ),
    (
        "Northgate Engineering Ltd",
        "Site Engineer (Civil)",
        "tom",
        "open",
        {
            "description": "Lead site set-out and supervise subcontractors on a decisive, "
            "competitive programme of works.",
            "employment_type": "contract",
            "day_rate": 450,
            "duration": "9 months",
            "hours": "08:00 to 17:00, Monday to Friday",
            "health_and_safety_risks": "Live construction site: CSCS card and full PPE required",
            "postcode": "BD1 1HY",
            "required_qualifications": "HNC civil engineering; SMSTS",
            "hirer_business": "Northgate Engineering Ltd, civil engineering consultancy",
            "must_have_skills": ["Setting out", "AutoCAD"],
        },
    ),
    (
        "Brightwater Health Trust",
        "Healthcare Assistant (Nights)",
        "tom",
        "open",
        {
            "description": "Provide warm, compassionate care to patients on a busy surgical ward.",
            "employment_type": "temp",
            "day_rate": 140,
            "duration": "12 weeks, likely to extend",
            "hours": "Three 12.5 hour night shifts a week",
            "health_and_safety_risks": "Manual handling and infection control; training given",
            "postcode": "LS9 7TF",
            "required_qualifications": "Care Certificate; six months in a care setting",
            "hirer_business": "Brightwater Health Trust, NHS acute hospital trust",
            "works_with_vulnerable_people": True,
            "required_checks": {"right_to_work": True, "dbs_level": "enhanced_barred", "references": 2},
            "headcount": 4,
        },
    ),
    (
        "Pennine Software Co",
        "Graduate Developer",
        "rachel",
        "draft",
        {
            "description": "A young, energetic team is looking for a recent graduate "
            "who is a digital native.",
            "employment_type": "perm",
            "salary_min": 28000,
            "postcode": "HX1 1UG",
            "hirer_business": "Pennine Software Co, accounting software",
            "must_have_skills": ["JavaScript"],
        },
    ),
    (
        "Project Kestrel Holdings",
        "Head of Payments",
        "rachel",
        "open",
        {
            **PERM_BASICS,
            "description": "Own our payments strategy and lead a team of twelve.",
            "employment_type": "perm",
            "salary_min": 110000,
            "salary_max": 130000,
            "postcode": "LS11 5QN",
            "required_qualifications": "Ten years in payments; FCA approved person experience",
            "hirer_business": "Kestrel (confidential), a payments start-up",
            "blind_shortlist": True,
        },
    ),
    (
        "Thameside Capital",
        "Financial Controller",
        "oliver",
        "open",
        {
            **PERM_BASICS,
            "description": "Run month-end close and statutory reporting; "
            "an analytical, honest partner to the board.",
            "employment_type": "perm",
            "salary_min": 85000,
            "salary_max": 95000,
            "postcode": "EC2M 4YE",
            "required_qualifications": "ACA/ACCA qualified; five years post-qualification",
            "hirer_business": "Thameside Capital, private equity",
            "must_have_skills": ["IFRS", "Consolidation"],
        },
    ),
]


def seed(*, users: dict[str, User], **_: Any) -> int:
    created = 0
    today = datetime.date.today()
    for client_name, title, owner_name, status, fields in VACANCIES:
        client = Client.objects.filter(name=client_name).first()
        if client is None or Vacancy.objects.filter(client=client, title=title).exists():
            continue
        contact = client.contacts.filter(is_hiring_manager=True).first()
        created += 1
        vacancy_create(
            actor=users[owner_name],
            client=client,
            title=title,
            contact=contact,
            start_on=today + datetime.timedelta(days=30),
            status=status,
            **fields,
        )
    from vacancies.demo.careers import seed_careers

    return created + seed_pipelines(users=users) + seed_careers(users=users)


# first, last, title, owner, (vacancy title, stage)
PIPELINE = [
    ("Amara", "Okonkwo", "Python Developer", "rachel", "Senior Python Developer", "offer"),
    ("Liam", "Hargreaves", "Backend Engineer", "rachel", "Senior Python Developer", "interview"),
    ("Sophie", "Brennan", "Software Engineer", "tom", "Senior Python Developer", "submitted"),
    ("Kwame", "Mensah", "Django Developer", "rachel", "Senior Python Developer", "shortlisted"),
    ("Chloe", "Whitaker", "Full Stack Developer", "tom", "Senior Python Developer", "screening"),
    ("Ibrahim", "Patel", "Graduate Engineer", "rachel", "Senior Python Developer", "sourced"),
    ("Megan", "Doyle", "Junior Developer", "rachel", "Senior Python Developer", "rejected"),
    ("Ewan", "McAllister", "Site Engineer", "tom", "Site Engineer (Civil)", "interview"),
    ("Grace", "Oduya", "Healthcare Assistant", "tom", "Healthcare Assistant (Nights)", "placed"),
    ("Daniel", "Frost", "Care Worker", "tom", "Healthcare Assistant (Nights)", "shortlisted"),
]
ORDER = ["sourced", "screening", "shortlisted", "submitted", "interview", "offer"]


def _approve_on_shortlist(actor: User, application: Application) -> None:
    """Conduct Regs reg 19: a manager approved the candidate on the vacancy's shortlist."""
    from vacancies.models import Shortlist, ShortlistEntry

    vacancy = application.vacancy
    reviewer = User.objects.filter(team_id=vacancy.team_id, role=User.Role.MANAGER).first()
    shortlist = vacancy.shortlists.filter(status=Shortlist.Status.APPROVED).first()
    if shortlist is None:
        shortlist = Shortlist.objects.create(
            vacancy=vacancy,
            owner=actor,
            team=vacancy.team,
            status=Shortlist.Status.APPROVED,
            rationale="Strongest Python backgrounds from the matching run.",
            reviewed_by=reviewer,
            reviewed_at=timezone.now(),
        )
    ShortlistEntry.objects.get_or_create(
        shortlist=shortlist,
        candidate=application.candidate,
        defaults={
            "rank": shortlist.entries.count() + 1,
            "decision": ShortlistEntry.Decision.APPROVED,
            "decided_by": reviewer,
            "decided_at": timezone.now(),
        },
    )


def _advance(actor: User, application: Application, target: str) -> None:
    vacancy, candidate = application.vacancy, application.candidate
    if target in ("submitted", "interview", "offer", "placed"):
        # Conduct Regs reg 19: agreement to be put forward for this vacancy, recorded first.
        consent_record(
            actor=actor, candidate=candidate, purpose="submission", vacancy_id=vacancy.pk, method="phone"
        )
        _approve_on_shortlist(actor, application)
        # Conduct Regs reg 19(a): identity confirmed before anyone is put forward.
        from compliance.demo import identity_confirm

        identity_confirm(actor=actor, candidate=candidate)
    if target == "shortlisted":
        # Four eyes: an identity check the recruiter recorded, waiting for the compliance officer.
        from compliance.demo import identity_confirm

        identity_confirm(actor=actor, candidate=candidate, verify=False)
    if target == "rejected":
        reason = RejectionReason.objects.filter(is_active=True).first()
        if reason is not None:
            application_move(actor=actor, application=application, stage="rejected", reason=reason)
        return
    last = "offer" if target == "placed" else target
    for stage in ORDER[1 : ORDER.index(last) + 1]:
        application = application_move(actor=actor, application=application, stage=stage)
    if target == "offer":
        offer_create(
            actor=actor,
            application=application,
            salary=vacancy.salary_max,
            start_on=datetime.date.today() + datetime.timedelta(days=40),
            counter_offer_risk=True,
            counter_offer_note="Current employer has asked to talk before she resigns",
        )
    if target == "interview":
        interview_create(
            actor=actor,
            application=application,
            starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3, hours=2),
            kind="video",
            interviewers="Hiring manager and a senior engineer",
            video_link="https://meet.example.invalid/demo",
            send_invites=False,  # demo data: no invitations to the made-up people
        )
    if target == "placed":
        # The compliance gate refuses a placement until the vacancy's checks are recorded.
        from compliance.demo import clear_for_placement

        clear_for_placement(actor=actor, candidate=candidate, requirements=vacancy_requirements_get(vacancy))
        placement_create(
            actor=actor,
            application=application,
            start_on=datetime.date.today() - datetime.timedelta(days=3),
            pay_rate=120,
            charge_rate=160,
            expected_days=65,  # a three-month assignment: £40 a day x 65 days on the reports
        )


def seed_pipelines(*, users: dict[str, User]) -> int:
    created = 0
    for first, last, title, owner_name, vacancy_title, stage in PIPELINE:
        email = f"{first.lower()}.{last.lower()}@candidates.example"
        vacancy = Vacancy.objects.filter(title=vacancy_title).first()
        if vacancy is None or Candidate.objects.filter(email=email).exists():
            continue
        owner = users[owner_name]
        candidate = candidate_create(
            actor=owner,
            owner=owner,
            first_name=first,
            last_name=last,
            email=email,
            current_title=title,
            postcode=vacancy.postcode or "LS1 4AP",
            source="job_board",
        )
        application = application_create(actor=owner, vacancy=vacancy, candidate=candidate)
        _advance(owner, application, stage)
        created += 1
    return created
