"""`generate_candidates N [--seed S] [--owner USERNAME]`: a synthetic agency database for benchmarks
(API.md "Management commands"; docs/performance.md "Data generator").

Realistic and deterministic (same seed, same data; N=100,000 is a prefix of N=1,000,000): UK towns
and postcodes, long-tailed skills, work histories, qualifications, text-only CVs, consents, and
applications across synthetic clients' vacancies, some placed, some records stale. Written with
COPY and refreshed by the app's own derived-values SQL (bench.synthetic), so a million candidates
take minutes. Candidates already there (by email) are skipped, so running it again is cheap.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.models import User


class Command(BaseCommand):
    help = "Create N synthetic candidates (and their teams, clients, vacancies and applications)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--jobs", type=int, default=1, help="Worker processes writing chunks in parallel (default 1)."
        )
        parser.add_argument(
            "--owner",
            default="",
            help="Username (in a team) to own every candidate; default: synthetic teams of the seed.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # bench/ sits above every app (it also makes vacancies); imported here, only when run
        # (tests/test_layering.py allows this one reach upward from the top floor's commands).
        from bench.synthetic import generate

        count, seed = options["count"], options["seed"]
        if count < 1:
            raise CommandError("N must be at least 1.")
        if seed < 0:
            raise CommandError("The seed must be 0 or more.")
        owner = None
        if options["owner"]:
            owner = User.objects.filter(username=options["owner"], is_active=True).first()
            if owner is None or owner.team_id is None:
                raise CommandError(f"No active user {options['owner']!r} in a team.")
        if not 1 <= options["jobs"] <= 16:
            raise CommandError("--jobs must be from 1 to 16.")
        report = generate(count=count, seed=seed, owner=owner, jobs=options["jobs"], log=self.stdout.write)
        rows = ", ".join(f"{table.split('_', 1)[1]} {n:,}" for table, n in report.rows.items() if n)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {report.created:,} created, {report.already_there:,} already there"
                f" (seed {seed}) in {report.seconds:.1f} s." + (f" Rows: {rows}." if rows else "")
            )
        )
