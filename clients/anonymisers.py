"""Contacts are personal data: the same retention and erasure machinery as candidates (core.anonymisation).

privacy/ lists this anonymiser with the others; rows stay (vacancies and placements keep their
foreign keys) with the personal values replaced.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from clients.models import Contact
from core.anonymisation import Anonymiser, blank, removed


class ContactAnonymiser(Anonymiser):
    model = Contact
    person_field = "pk"
    label = "client contact"
    fields = {
        "first_name": removed,
        "last_name": removed,
        "email": blank,
        "phone": blank,
        "job_title": blank,
    }

    def anonymise_row(self, row: models.Model) -> bool:
        changed = super().anonymise_row(row)
        if changed or getattr(row, "anonymised_at", None) is None:
            Contact.objects.filter(pk=row.pk).update(anonymised_at=timezone.now(), updated_at=timezone.now())
        return changed


ANONYMISERS = [ContactAnonymiser]
