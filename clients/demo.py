"""Demo clients, contacts and terms for `seed_demo` (found by name, like roles.py; idempotent)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from clients import services
from clients.models import Client
from core.models import User

SLIDING_SCALE = [
    {"weeks": 4, "refund_percent": 100},
    {"weeks": 8, "refund_percent": 50},
    {"weeks": 12, "refund_percent": 25},
]

# name, sector, status, owner, postcode, address, fee, update every, confidential, contacts
CLIENTS = [
    (
        "Northgate Engineering Ltd",
        "Civil engineering",
        "active",
        "rachel",
        "LS1 4AP",
        "3 Wellington Place\nLeeds",
        "20",
        7,
        False,
        [("Helen", "Marsh", "Head of Engineering", True), ("David", "Okoye", "Talent Partner", False)],
    ),
    (
        "Brightwater Health Trust",
        "Healthcare",
        "active",
        "tom",
        "LS9 7TF",
        "Beckett Street\nLeeds",
        "18",
        5,
        False,
        [("Sarah", "Collins", "Ward Manager", True)],
    ),
    (
        "Pennine Software Co",
        "Software",
        "prospect",
        "rachel",
        "HX1 1UG",
        "Dean Clough Mills\nHalifax",
        None,
        14,
        False,
        [("Ravi", "Mistry", "CTO", True)],
    ),
    (
        "Project Kestrel Holdings",
        "Fintech",
        "active",
        "rachel",
        "LS11 5QN",
        "Holbeck\nLeeds",
        "25",
        3,
        True,
        [("Joanna", "Price", "Chief Operating Officer", True)],
    ),
    (
        "Thameside Capital",
        "Financial services",
        "active",
        "oliver",
        "EC2M 4YE",
        "1 Broadgate\nLondon",
        "22.5",
        7,
        False,
        [("Mark", "Ellison", "Finance Director", True)],
    ),
    (
        "Canary Wharf Analytics",
        "Data",
        "lapsed",
        "oliver",
        "E14 5AB",
        "Canada Square\nLondon",
        "20",
        14,
        False,
        [],
    ),
]


def seed(*, users: dict[str, User], **_: Any) -> int:
    created = 0
    for name, sector, status, owner_name, postcode, address, fee, every, secret, contacts in CLIENTS:
        if Client.objects.filter(name=name).exists():
            continue
        owner = users[owner_name]
        created += 1
        client = services.client_create(
            actor=owner,
            name=name,
            sector=sector,
            status=status,
            postcode=postcode,
            address=address,
            update_every_days=every,
            is_confidential=secret,
        )
        if secret and "maya" in users:
            services.client_grant_access(actor=owner, client=client, users=[users["maya"]])
        if fee is not None:
            services.terms_create(
                actor=owner,
                client=client,
                fee_percent=Decimal(fee),
                rebate_schedule=SLIDING_SCALE,
                signed_on=datetime.date(2025, 3, 14),
            )
        for index, (first, last, title, hiring) in enumerate(contacts):
            services.contact_create(
                actor=owner,
                client=client,
                first_name=first,
                last_name=last,
                job_title=title,
                is_hiring_manager=hiring,
                email=f"{first.lower()}.{last.lower()}@{name.split()[0].lower()}.example",
                phone=f"0113 496 0{100 + created * 10 + index:03d}",  # Ofcom's drama range
            )
    return created
