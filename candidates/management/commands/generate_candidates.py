"""`generate_candidates N [--seed S]`: synthetic candidates for benchmarks (API.md "Management commands").

Goes through the import service in batches, so rows are validated, deduplicated, searchable and
audited exactly as a real import would be. Emails are unique per seed and index.
"""

from __future__ import annotations

import csv
import io
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from candidates.demo import FIRST, LAST, PLACES, ROLES, SOURCES
from candidates.services.imports import import_csv
from core.models import User

COLUMNS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "town",
    "current_title",
    "summary",
    "skills",
    "source",
    "tags",
]
BATCH = 5000


class Command(BaseCommand):
    help = "Create N synthetic candidates (for benchmarks), owned by --owner (default: the first recruiter)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--owner", default="", help="Username of the owner (must be in a team).")

    def handle(self, *args: Any, **options: Any) -> None:
        count, seed = options["count"], options["seed"]
        if count < 1:
            raise CommandError("N must be at least 1.")
        owners = User.objects.filter(team__isnull=False, is_active=True)
        owner = (
            owners.filter(username=options["owner"]) if options["owner"] else owners.order_by("pk")
        ).first()
        if owner is None:
            raise CommandError("No owner in a team: run seed_demo first or pass --owner.")
        rng = random.Random(seed)  # synthetic data, not security
        created = 0
        for start in range(0, count, BATCH):
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            for n in range(start, min(count, start + BATCH)):
                title, skills = rng.choice(ROLES)
                town, postcode = rng.choice(PLACES)
                writer.writerow(
                    [
                        rng.choice(FIRST),
                        rng.choice(LAST),
                        f"synthetic-{seed}-{n}@generated.example",
                        "",
                        postcode,
                        town,
                        title,
                        f"{title} in {town}. " + " ".join(rng.sample(skills, min(2, len(skills)))),
                        ";".join(rng.sample(skills, rng.randint(1, len(skills)))),
                        rng.choice(SOURCES),
                        "synthetic",
                    ]
                )
            report = import_csv(actor=owner, upload=io.BytesIO(out.getvalue().encode()))
            created += report.created
            self.stdout.write(f"{created} created ({report.skipped_duplicates} already there)")
        self.stdout.write(self.style.SUCCESS(f"Done: {created} candidates for {owner.username}."))
