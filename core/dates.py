"""UK business days: weekdays that are not bank holidays in the configured UK nation.

Used for deadlines the rules count in business days (complaint acknowledgement in 2, Conduct Regs
reg 21 written confirmation in 3). The region is settings.BANK_HOLIDAY_REGION ("ENG" for England
and Wales, "SCT", "NIR"); the `holidays` package keeps the calendar current.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=8)
def _calendar(region: str) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=region)


def is_business_day(day: date, region: str | None = None) -> bool:
    return day.weekday() < 5 and day not in _calendar(region or settings.BANK_HOLIDAY_REGION)


def add_business_days(start: date, days: int, region: str | None = None) -> date:
    """The date `days` business days after `start` (before when negative); `start` is not counted."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    current = start
    while remaining:
        current += timedelta(days=step)
        if is_business_day(current, region):
            remaining -= 1
    return current


def business_days_between(start: date, end: date, region: str | None = None) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_business_day(current, region):
            count += 1
    return count
