"""The personal-data base class: export, anonymise in place (idempotent), register personal fields."""

from __future__ import annotations

from core.anonymisation import PERSONAL_FIELDS, REMOVED, Anonymiser, RetentionExclusion, blank, null, removed
from core.models import User


class StaffNameAnonymiser(Anonymiser):
    # User stands in for a person here; real anonymisers live in each app's anonymisers.py.
    model = User
    person_field = "pk"
    fields = {"first_name": removed, "last_name": blank, "email": "", "last_login": null}


def test_subclass_registers_its_personal_fields():
    assert PERSONAL_FIELDS["core.user"] >= {"first_name", "last_name", "email"}
    assert StaffNameAnonymiser.label == "user"


def test_export_returns_the_personal_values(recruiter):
    (row,) = StaffNameAnonymiser().export(recruiter)
    assert row["pk"] == recruiter.pk
    assert row["first_name"] == recruiter.first_name and row["email"] == recruiter.email


def test_anonymise_replaces_values_in_place_and_is_idempotent(recruiter, teammate):
    anonymiser = StaffNameAnonymiser()
    assert anonymiser.anonymise(recruiter) == 1
    recruiter.refresh_from_db()
    assert (recruiter.first_name, recruiter.last_name, recruiter.email) == (REMOVED, "", "")
    assert recruiter.username == "alice"  # the row stays, so foreign keys keep working
    assert anonymiser.anonymise(recruiter) == 0  # a second run changes nothing
    teammate.refresh_from_db()
    assert teammate.first_name != REMOVED  # nobody else touched


def test_retention_exclusions_default_to_none_and_carry_a_reason():
    from django.db.models import Q

    assert StaffNameAnonymiser().retention_exclusions() == []
    exclusion = RetentionExclusion(q=Q(is_active=True), reason="open application")
    assert exclusion.reason == "open application"
