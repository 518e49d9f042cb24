"""Quiet hours in Brussels time (daylight-saving weeks too) and the STOP words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spelotheek.messages.rules import earliest_send, in_quiet_hours, is_stop


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Winter (UTC+1): 10:00 local is sent at once; 21:30 local waits for 08:00 the next day.
        (datetime(2026, 1, 14, 9, 0, tzinfo=UTC), datetime(2026, 1, 14, 9, 0, tzinfo=UTC)),
        (datetime(2026, 1, 14, 20, 30, tzinfo=UTC), datetime(2026, 1, 15, 7, 0, tzinfo=UTC)),
        # 06:59 local (05:59 UTC) waits one minute past the hour.
        (datetime(2026, 1, 14, 5, 59, tzinfo=UTC), datetime(2026, 1, 14, 7, 0, tzinfo=UTC)),
        # 20:59 local is still allowed; 21:00 local is not.
        (datetime(2026, 1, 14, 19, 59, tzinfo=UTC), datetime(2026, 1, 14, 19, 59, tzinfo=UTC)),
        (datetime(2026, 1, 14, 20, 0, tzinfo=UTC), datetime(2026, 1, 15, 7, 0, tzinfo=UTC)),
        # Summer (UTC+2): 21:30 local on 14 July waits for 08:00 local = 06:00 UTC.
        (datetime(2026, 7, 14, 19, 30, tzinfo=UTC), datetime(2026, 7, 15, 6, 0, tzinfo=UTC)),
        # The night the clocks go forward (29 March 2026): 08:00 local is then 06:00 UTC.
        (datetime(2026, 3, 28, 22, 0, tzinfo=UTC), datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
        # The night the clocks go back (25 October 2026): 08:00 local is then 07:00 UTC.
        (datetime(2026, 10, 24, 21, 0, tzinfo=UTC), datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),
    ],
)
def test_messages_wait_for_the_end_of_the_quiet_hours(now: datetime, expected: datetime) -> None:
    assert earliest_send(now) == expected
    assert in_quiet_hours(now) == (expected != now)


@pytest.mark.parametrize("text", ["STOP", "stop", " Stop. ", "arrêt", "DUR", "توقف"])
def test_stop_words_unsubscribe(text: str) -> None:
    assert is_stop(text)


@pytest.mark.parametrize("text", ["", "stop please call me", "OK", "top"])
def test_other_answers_do_not(text: str) -> None:
    assert not is_stop(text)
