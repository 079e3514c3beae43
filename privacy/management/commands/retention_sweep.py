"""`manage.py retention_sweep [--dry-run]` (API.md management commands): one sweep, in this process."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from privacy.models import SweepRun
from privacy.services.sweep import sweep_run


class Command(BaseCommand):
    help = "Anonymise everyone whose retention period has run out (or, with --dry-run, report who)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        run = SweepRun.objects.create(dry_run=options["dry_run"], trigger="command")
        run = sweep_run(run=run)
        self.stdout.write(
            f"sweep {run.pk} {run.status}: due {run.due}, "
            f"{'would anonymise' if run.dry_run else 'anonymised'} {run.anonymised}, skipped {run.skipped}"
        )
