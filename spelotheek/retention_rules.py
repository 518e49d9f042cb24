"""Retention arithmetic: pure functions, the clock comes in as an argument."""

from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta


def months_before(moment: datetime, months: int) -> datetime:
    """The instant `months` calendar months before `moment` (31 March − 1 month = 28/29 Feb)."""
    return moment - relativedelta(months=months)


def notice_due(
    last_active: datetime, notice_at: datetime | None, now: datetime, inactive_months: int
) -> bool:
    """True when a family away this long should now be asked whether it wants to stay."""
    return notice_at is None and last_active <= months_before(now, inactive_months)


def removal_due(
    last_active: datetime, notice_at: datetime | None, now: datetime, notice_months: int
) -> bool:
    """True when the family was asked long enough ago and has not come back since."""
    if notice_at is None or last_active > notice_at:
        return False
    return notice_at <= months_before(now, notice_months)
