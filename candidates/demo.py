"""Demo candidates for `seed_demo` (core discovers each app's `demo.py`): a few hundred realistic
records across both teams, with near-duplicates, stale availability and missing privacy notices so
every screen has something to show. Deterministic and idempotent (emails are the key)."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.conf import settings
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import candidate_create
from core.models import User

FIRST = [
    "Oliver",
    "Amelia",
    "Jack",
    "Isla",
    "Harry",
    "Ava",
    "Jacob",
    "Mia",
    "Charlie",
    "Ivy",
    "Thomas",
    "Sophia",
    "George",
    "Grace",
    "Oscar",
    "Lily",
    "James",
    "Freya",
    "William",
    "Emily",
    "Noah",
    "Ella",
    "Leo",
    "Poppy",
    "Arjun",
    "Priya",
    "Mohammed",
    "Aisha",
    "Kwame",
    "Chloe",
    "Dylan",
    "Niamh",
    "Callum",
    "Zara",
    "Ewan",
    "Megan",
    "Rhys",
    "Hannah",
    "Tariq",
    "Sian",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Robinson",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Khan",
    "Hughes",
    "Edwards",
    "Lewis",
    "Murphy",
    "Campbell",
    "Ahmed",
    "Okafor",
    "Singh",
    "Kaur",
    "Morgan",
    "Price",
    "Bennett",
    "Reid",
    "Fraser",
]
PLACES = [
    ("Leeds", "LS1 4AP"),
    ("Leeds", "LS6 2QT"),
    ("Bradford", "BD1 1HY"),
    ("Wakefield", "WF1 2EB"),
    ("York", "YO1 7HH"),
    ("Sheffield", "S1 2HE"),
    ("Manchester", "M1 3BN"),
    ("Harrogate", "HG1 1DN"),
    ("London", "EC2V 7HH"),
    ("London", "SE1 9SG"),
    ("London", "N1 9GU"),
    ("Croydon", "CR0 1NX"),
]
ROLES = [
    ("Python Developer", ["Python", "Django", "PostgreSQL", "AWS"]),
    ("Senior Java Developer", ["Java", "Spring", "Kubernetes", "SQL"]),
    ("Frontend Engineer", ["JS", "React", "TypeScript", "CSS"]),
    ("DevOps Engineer", ["k8s", "Terraform", "AWS", "Linux"]),
    ("Data Analyst", ["SQL", "Excel", "Power BI", "Python"]),
    ("Management Accountant", ["ACCA", "Excel", "Sage", "Month-end"]),
    ("Payroll Administrator", ["Payroll", "Sage", "Excel"]),
    ("Site Manager", ["CSCS", "SMSTS", "First aid", "Project management"]),
    ("Quantity Surveyor", ["Cost planning", "NEC3", "AutoCAD"]),
    ("Registered Nurse", ["RGN", "Medication administration", "Care planning"]),
    ("Healthcare Assistant", ["Personal care", "Manual handling", "Dementia care"]),
    ("Project Manager", ["Prince2", "Agile", "Stakeholder management"]),
    ("Warehouse Operative", ["Forklift", "Picking", "Health and safety"]),
]
EMPLOYERS = [
    "Sky",
    "Asda",
    "Arla Foods",
    "BT",
    "Capita",
    "Leeds Teaching Hospitals NHS Trust",
    "Balfour Beatty",
    "Morrisons",
    "Aviva",
    "Lloyds Banking Group",
    "Jet2",
    "Sage Group",
    "KPMG",
    "Deloitte",
    "Bupa",
    "Network Rail",
]
SOURCES = ["job_board", "job_board", "direct", "direct", "referral", "social_media", "database", "event"]
DETAILS = {
    "job_board": ["CV-Library", "Indeed", "Reed", "Totaljobs"],
    "social_media": ["LinkedIn"],
    "event": ["Leeds Digital Festival"],
    "referral": [""],
    "database": ["Old ATS"],
    "direct": ["Website"],
}


def seed(*, users: dict[str, User], **_: Any) -> int:
    rng = random.Random(2024)  # demo data, not security
    owners = [users[name] for name in ("rachel", "tom", "oliver") if name in users]
    if not owners:
        return 0
    existing = set(
        Candidate.objects.filter(email__endswith="@demo-candidate.example").values_list("email", flat=True)
    )
    today = timezone.localdate()
    created = 0
    for n in range(settings.DEMO_CANDIDATES):
        email = f"candidate{n:03d}@demo-candidate.example"
        first, last = rng.choice(FIRST), rng.choice(LAST)
        town, postcode = rng.choice(PLACES)
        title, skills = rng.choice(ROLES)
        source = rng.choice(SOURCES)
        started = today - datetime.timedelta(days=rng.randint(400, 3000))
        employer, previous = rng.sample(EMPLOYERS, 2)
        if email in existing:
            continue
        candidate_create(
            actor=owners[n % len(owners)],
            owner=owners[n % len(owners)],
            first_name=first,
            last_name=last,
            email=email,
            phone=f"+4477009{n:05d}" if n % 5 else "",
            postcode=postcode if n % 11 else "",
            town=town,
            current_title=title,
            summary=f"{title} with {rng.randint(2, 15)} years' experience, most recently at {employer}.",
            employment_types=rng.sample(["perm", "contract", "temp"], rng.randint(1, 2)),
            desired_salary=rng.randrange(24000, 90000, 1000),
            desired_day_rate=rng.randrange(150, 650, 25) if n % 3 == 0 else None,
            available_from=today + datetime.timedelta(days=rng.randint(0, 90)),
            availability_confirmed_on=today - datetime.timedelta(days=rng.randint(0, 200)) if n % 4 else None,
            notice_period_weeks=rng.choice([0, 1, 4, 4, 8, 12]),
            source=source,
            source_detail=rng.choice(DETAILS[source]),
            referrer="A former colleague" if source == "referral" else "",
            privacy_notice_sent_on=today - datetime.timedelta(days=rng.randint(1, 60)) if n % 6 else None,
            right_to_work=rng.choice(["yes", "yes", "yes", "needs_sponsorship", "unknown"]),
            status=rng.choice(["active"] * 6 + ["not_looking", "placed"]),
            tags=rng.sample(
                ["hot", "returner", "nights", "relocating", "silver-medallist"], rng.randint(0, 2)
            ),
            skills=rng.sample(skills, rng.randint(2, len(skills))),
            work_history=[
                {"employer": employer, "title": title, "started_on": started, "summary": "Current role."},
                {
                    "employer": previous,
                    "title": title.replace("Senior ", ""),
                    "started_on": started - datetime.timedelta(days=rng.randint(400, 1500)),
                    "ended_on": started - datetime.timedelta(days=1),
                },
            ],
            qualifications=[
                {"name": rng.choice(["BSc", "BA", "HND", "NVQ Level 3", "A levels"]), "verified": n % 2 == 0}
            ]
            if n % 3
            else [],
        )
        created += 1
    return created
