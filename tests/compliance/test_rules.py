"""The UK vetting rules with their boundary dates (DOMAIN.md)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance import rules
from compliance.requirements import Requirements, RequirementsInvalid

D = datetime.date


def test_list_a_protects_for_the_whole_employment():
    assert (
        rules.excuse_until(
            document_list="list_a", outcome="pass", permission_expires_on=None, pvn_issued_on=None
        )
        is None
    )


def test_list_b_group_1_protects_until_the_permission_expires():
    assert rules.excuse_until(
        document_list="list_b_group_1",
        outcome="pass",
        permission_expires_on=D(2027, 3, 31),
        pvn_issued_on=None,
    ) == D(2027, 3, 31)


def test_list_b_group_2_protects_for_six_months_from_the_pvn():
    assert rules.excuse_until(
        document_list="list_b_group_2",
        outcome="pass",
        permission_expires_on=None,
        pvn_issued_on=D(2026, 8, 31),
    ) == D(2027, 2, 28)  # month end clamps


def test_a_failed_or_pending_check_protects_nothing():
    for outcome in ("fail", "pending"):
        assert (
            rules.excuse_until(
                document_list="list_b_group_1",
                outcome=outcome,
                permission_expires_on=D(2030, 1, 1),
                pvn_issued_on=None,
            )
            is None
        )


def test_follow_up_is_28_days_and_escalation_7_days_before_the_excuse_ends():
    assert rules.follow_up_due_on(D(2027, 3, 31)) == D(2027, 3, 3)
    assert rules.escalate_on(D(2027, 3, 31)) == D(2027, 3, 24)
    assert rules.follow_up_due_on(None) is None and rules.escalate_on(None) is None


def test_periods_follow_settings(settings):
    settings.COMPLIANCE_RTW_FOLLOW_UP_DAYS = 40
    settings.COMPLIANCE_PVN_MONTHS = 3
    assert rules.follow_up_due_on(D(2027, 3, 31)) == D(2027, 2, 19)
    assert rules.excuse_until(
        document_list="list_b_group_2",
        outcome="pass",
        permission_expires_on=None,
        pvn_issued_on=D(2026, 1, 10),
    ) == D(2026, 4, 10)


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("WAB123CDE", True),
        ("wab 123 cde", True),
        ("W-AB1-23C-DE", True),
        ("AB123CDEF", False),
        ("WAB123CD", False),
        ("WAB123CDEF", False),
        ("", False),
        ("WAB12!CDE", False),
    ],
)
def test_share_codes_are_nine_characters_starting_with_w(code, valid):
    assert rules.share_code_is_valid(code) is valid


@given(st.text(max_size=30))
def test_share_code_validation_never_crashes(text):
    assert rules.share_code_is_valid(text) in (True, False)


def test_a_share_code_older_than_90_days_is_stale():
    assert not rules.share_code_is_stale(issued_on=D(2026, 1, 1), checked_on=D(2026, 4, 1))  # 90 days
    assert rules.share_code_is_stale(issued_on=D(2026, 1, 1), checked_on=D(2026, 4, 2))  # 91 days
    assert not rules.share_code_is_stale(issued_on=None, checked_on=D(2026, 4, 2))


def test_idsp_is_offered_only_to_holders_of_a_valid_british_or_irish_passport():
    offering = [holds for holds, routes in rules.ROUTES_FOR_HOLDING.items() if rules.ROUTE_IDSP in routes]
    assert offering == [rules.HOLDS_BRITISH_IRISH_PASSPORT]
    assert rules.ROUTES_FOR_HOLDING[rules.HOLDS_DIGITAL_STATUS] == (rules.ROUTE_SHARE_CODE,)
    assert rules.ROUTES_FOR_HOLDING[rules.HOLDS_PENDING_APPLICATION] == (rules.ROUTE_ECS,)


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("001234567890", True),
        ("0012 3456 7890", True),
        ("12345678901", False),
        ("1234567890123", False),
        ("00123456789X", False),
    ],
)
def test_dbs_certificate_numbers_are_12_digits(number, valid):
    assert rules.certificate_number_is_valid(number) is valid


def test_dbs_levels_only_for_eligible_roles_and_barred_lists_only_for_regulated_activity():
    assert rules.dbs_level_allowed(level="basic", role_level="none") is None
    assert "eligible" in rules.dbs_level_allowed(level="standard", role_level="basic")
    assert rules.dbs_level_allowed(level="standard", role_level="standard") is None
    assert "eligible" in rules.dbs_level_allowed(level="enhanced", role_level="standard")
    assert rules.dbs_level_allowed(level="enhanced", role_level="enhanced_barred") is None
    assert "regulated activity" in rules.dbs_level_allowed(level="enhanced_barred", role_level="enhanced")
    assert rules.dbs_level_allowed(level="enhanced_barred", role_level="enhanced_barred") is None
    assert rules.dbs_level_allowed(level="none", role_level="enhanced")


def test_dbs_recheck_is_three_years_by_default_and_a_client_may_set_shorter():
    assert rules.dbs_recheck_due_on(D(2024, 2, 29)) == D(2027, 2, 28)
    assert rules.dbs_recheck_due_on(D(2024, 1, 10), 12) == D(2025, 1, 10)
    assert rules.dbs_recheck_due_on(D(2024, 1, 10), 60) == D(2027, 1, 10)  # never longer than the default


def test_dbs_images_are_purged_six_months_after_the_decision():
    assert rules.dbs_image_purge_on(D(2026, 1, 31)) == D(2026, 7, 31)
    assert rules.dbs_images_allowed() is False


def test_rtw_evidence_is_kept_for_the_employment_plus_two_years():
    assert rules.evidence_retention_ends_on(D(2026, 5, 1)) == D(2028, 5, 1)


def test_gaps_longer_than_three_months_are_found():
    periods = [(D(2020, 1, 1), D(2020, 12, 31)), (D(2021, 4, 1), D(2022, 6, 30)), (D(2022, 10, 2), None)]
    gaps = rules.history_gaps(periods)
    # 1 Jan-31 Mar 2021 is exactly three months: not longer. 1 Jul-1 Oct 2022 is 3 months and a day.
    assert [g.key for g in gaps] == ["2022-07-01/2022-10-01"]


def test_overlapping_and_current_jobs_leave_no_gap():
    periods = [(D(2018, 1, 1), None), (D(2019, 1, 1), D(2019, 6, 1)), (D(2023, 1, 1), D(2023, 2, 1))]
    assert rules.history_gaps(periods) == []
    assert (
        rules.history_gaps(
            [(D(2018, 1, 1), D(2020, 1, 1)), (D(2019, 1, 1), D(2019, 6, 1)), (D(2020, 3, 1), None)]
        )
        == []
    )


@given(st.lists(st.tuples(st.dates(), st.one_of(st.none(), st.dates())), max_size=8))
def test_gaps_are_well_formed_for_any_history(raw):
    periods = [(start, end if end is None or end >= start else start) for start, end in raw]
    for gap in rules.history_gaps(periods):
        assert gap.ends_on >= gap.starts_on


def test_requirements_from_the_vacancy_required_checks():
    value = Requirements.from_required_checks(
        {"right_to_work": True, "dbs_level": "enhanced_barred", "references": 2},
        works_with_vulnerable_people=True,
    )
    assert value.is_regulated_activity
    assert value.names() == [
        "right_to_work",
        "dbs",
        "references",
        "reg22_references",
        "reg22_qualifications",
        "work_history_gaps",
    ]
    assert Requirements.from_required_checks(None).names() == ["right_to_work"]
    with pytest.raises(RequirementsInvalid):
        Requirements.from_required_checks({"dbs_level": "platinum"})
    with pytest.raises(RequirementsInvalid):
        Requirements.from_required_checks({"references": "lots"})


def test_barred_lists_only_for_their_own_workforce():
    assert rules.barred_lists_match_workforce(barred_lists="adults", workforce="adult")
    assert rules.barred_lists_match_workforce(barred_lists="both", workforce="child_and_adult")
    assert not rules.barred_lists_match_workforce(barred_lists="children", workforce="adult")
    assert not rules.barred_lists_match_workforce(barred_lists="adults", workforce="other")
    assert rules.barred_lists_match_workforce(barred_lists="", workforce="other")
