from datetime import date

import pytest

from core.dates import add_business_days, business_days_between, is_business_day


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 25), 2, date(2026, 11, 27)),  # Wed + 2 = Fri
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Fri + 1 skips the weekend
        # Christmas Day is a Friday in 2026; Boxing Day (Sat) is substituted on Monday 28th.
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 24), 3, date(2026, 12, 31)),
        # Good Friday 26 March 2027 and Easter Monday 29 March 2027 (England and Wales).
        (date(2027, 3, 25), 1, date(2027, 3, 30)),
        (date(2026, 11, 30), -1, date(2026, 11, 27)),
        (date(2026, 11, 25), 0, date(2026, 11, 25)),
    ],
)
def test_add_business_days_skips_weekends_and_bank_holidays(start, days, expected):
    assert add_business_days(start, days, region="ENG") == expected


def test_scotland_has_its_own_bank_holidays():
    # 2 January is a bank holiday in Scotland, not in England.
    assert not is_business_day(date(2026, 1, 2), region="SCT")
    assert is_business_day(date(2026, 1, 2), region="ENG")


def test_business_days_between_counts_after_start_up_to_end():
    assert business_days_between(date(2026, 12, 24), date(2026, 12, 31), region="ENG") == 3
    assert business_days_between(date(2026, 12, 31), date(2026, 12, 24), region="ENG") == 0


def test_default_region_comes_from_settings(settings):
    settings.BANK_HOLIDAY_REGION = "ENG"
    assert add_business_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
