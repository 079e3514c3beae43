"""privacy fills candidates' seam at start-up, and the seam fails closed without it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from candidates import privacy_seam
from privacy.selectors.holds import legal_hold_notice_get


def test_privacy_fills_the_candidates_seam_at_start_up():
    assert privacy_seam.check_suppression_hooks() == []
    assert legal_hold_notice_get in privacy_seam._notices


def test_a_missing_suppression_hook_stops_the_system_check(monkeypatch):
    monkeypatch.setattr(privacy_seam, "_hooks", {})
    (error,) = privacy_seam.check_suppression_hooks()
    assert error.id == "candidates.E001" and "suppression_matches" in error.msg
    # Fail closed at run time too: never "not suppressed" for want of a hook (issue 17).
    for call in (
        lambda: privacy_seam.suppression_check(email="a@example.test", phone=""),
        lambda: privacy_seam.suppression_check_many(people=[("a@example.test", "")]),
        lambda: privacy_seam.suppression_override_record(candidate=None, actor=None, reason="x"),
    ):
        with pytest.raises(ImproperlyConfigured):
            call()
