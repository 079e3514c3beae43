"""Demo data for `make run`: two teams and one user per role, then each app's demo records.

Idempotent: running it again updates the same users (and resets their password to DEMO_PASSWORD).
Apps add records through an optional `<app>/demo.py` with `seed(*, users, teams) -> int`, found in
INSTALLED_APPS order by name (as core.roles finds roles.py): core never imports the apps above it.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.models import Team, User
from core.roles import role_groups_sync
from core.services import team_create, user_create, user_role_sync

TEAMS = ["Leeds Technology", "London Finance"]

# username, first, last, role, team (index into TEAMS or None)
DEMO_USERS = [
    ("rachel", "Rachel", "Adeyemi", User.Role.RECRUITER, 0),
    ("tom", "Tom", "Whitfield", User.Role.RECRUITER, 0),
    ("oliver", "Oliver", "Grant", User.Role.RECRUITER, 1),
    ("maya", "Maya", "Patel", User.Role.MANAGER, 0),
    ("colin", "Colin", "Baker", User.Role.COMPLIANCE, 0),
    ("ada", "Ada", "Okafor", User.Role.ADMIN, None),
]


class Command(BaseCommand):
    help = "Create (or refresh) the demo teams and users. Password from DEMO_PASSWORD."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the login table.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        password = settings.DEMO_PASSWORD
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("DEMO_PASSWORD is too weak: " + " ".join(exc.messages)) from None

        role_groups_sync()
        teams = [
            Team.objects.filter(name=name).first() or team_create(actor=None, name=name) for name in TEAMS
        ]
        for number, (username, first, last, role, team_index) in enumerate(DEMO_USERS):
            team = teams[team_index] if team_index is not None else None
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_create(
                    actor=None,
                    username=username,
                    password=password,
                    role=role,
                    team=team,
                    email=f"{username}@demo-agency.co.uk",
                    first_name=first,
                    last_name=last,
                    # Ofcom's numbers kept for drama (0113 496 0000-0999): never a real person's.
                    phone=f"0113 496 0{100 + number:03d}",
                )
            else:
                user.role, user.team, user.is_active = role, team, True
                user.set_password(password)
                user.save()
                user_role_sync(user=user)
            if role == User.Role.MANAGER and team is not None and team.lead_id != user.pk:
                team.lead = user
                team.save(update_fields=["lead"])

        # Each app may add demo records in its own `demo.py` (core never imports the apps above it).
        users = {user.username: user for user in User.objects.filter(username__in=[u[0] for u in DEMO_USERS])}
        for config in apps.get_app_configs():
            try:
                demo = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            created = demo.seed(users=users, teams=teams)
            if created and not options["quiet_logins"]:
                self.stdout.write(f"  {config.label}: {created} demo records")

        if not options["quiet_logins"]:
            self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password: {password}):"))
            for username, first, last, role, team_index in DEMO_USERS:
                team_name = TEAMS[team_index] if team_index is not None else "all teams"
                self.stdout.write(f"  {username:<8} {role:<11} {first} {last} ({team_name})")
