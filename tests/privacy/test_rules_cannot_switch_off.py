"""Issue 17 "Rules that cannot switch off": every start-up registry that enforces a rule is checked
by a system check (`manage.py check` fails when one is empty) and fails closed at run time."""

from __future__ import annotations

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from candidates.services import consents
from compliance import requirements


def _errors() -> set[str]:
    return {message.id for message in checks.run_checks() if message.level >= checks.ERROR}


def test_the_running_project_has_every_rule_registered():
    assert not {"candidates.E001", "candidates.E010", "compliance.E001"} & _errors()


def test_without_the_vacancy_visibility_check_manage_py_check_fails_and_consents_are_refused(
    monkeypatch, recruiter
):
    monkeypatch.setattr(consents, "VACANCY_VISIBILITY", [])
    assert "candidates.E010" in _errors()
    with pytest.raises(ImproperlyConfigured):
        consents.consent_vacancy_check(actor=recruiter, vacancy_id=1)


def test_without_a_requirements_resolver_manage_py_check_fails_and_nothing_is_judged(monkeypatch, recruiter):
    monkeypatch.setattr(requirements, "_resolvers", [])
    assert "compliance.E001" in _errors()
    with pytest.raises(ImproperlyConfigured):
        requirements.requirements_resolve(user=recruiter, vacancy_id=1)


def test_which_exclusions_bind_a_manual_erasure_is_a_typed_property_not_wording():
    from privacy.selectors.due import retention_exclusion_list, statutory_exclusion_list

    statutory = {e.reason for e in statutory_exclusion_list()}
    assert statutory == {e.reason for e in retention_exclusion_list() if e.is_statutory}
    assert any("Conduct Regulations" in reason for reason in statutory)
    assert any("Right-to-work" in reason for reason in statutory)
    assert "legal hold" not in statutory and "open application" not in statutory
