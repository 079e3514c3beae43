"""Every field that could hold personal data is covered by an anonymiser or declared not personal."""

from __future__ import annotations

from django.db import models

from core.anonymisation import PERSONAL_FIELDS
from privacy import registry


def test_every_text_file_or_json_field_is_classified():
    missing = registry.unclassified_fields()
    assert missing == [], (
        "These fields are neither anonymised nor declared not personal in privacy/registry.py: "
        f"{missing}. Add them to the app's anonymisers.py, or to NOT_PERSONAL with the reason."
    )


def test_the_registry_notices_a_new_unclassified_field(monkeypatch):
    from candidates.models import Candidate

    field = models.CharField(max_length=10, blank=True)
    field.set_attributes_from_name("nickname")
    monkeypatch.setattr(Candidate._meta, "concrete_fields", (*Candidate._meta.concrete_fields, field))
    assert "candidates.candidate.nickname" in registry.unclassified_fields()


def test_registered_personal_fields_exist_and_every_anonymiser_is_in_the_one_list():
    from django.apps import apps

    for label, names in PERSONAL_FIELDS.items():
        model = apps.get_model(label)
        assert names <= {f.name for f in model._meta.get_fields()}, label
    listed = {a.model._meta.label_lower for a in [*registry.ANONYMISERS, *registry.CONTACT_ANONYMISERS]}
    ours = {label for label in PERSONAL_FIELDS if label.split(".")[0] in registry.APPS}  # not test-only ones
    assert ours <= listed
