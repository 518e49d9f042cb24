"""Channel rules without fixtures: codes, print runs, the page's language, counting periods."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spelotheek.channels import rules

LANGUAGES = {"nl": {}, "fr": {}, "en": {}, "ar": {}, "tr": {}}


@given(st.integers(min_value=0, max_value=(1 << rules.RANDOM_BITS) - 1))
def test_a_code_is_short_plain_and_read_back_as_itself(value: int) -> None:
    code = rules.make_code(value)
    assert len(code) == rules.CODE_LENGTH
    assert set(code) <= set(rules.ALPHABET)
    assert rules.parse_code(code) == code
    assert rules.parse_code(code.upper()) == code


def test_different_random_values_make_different_codes() -> None:
    assert rules.make_code(1) != rules.make_code(2)
    assert rules.make_code(0) == "0" * rules.CODE_LENGTH
    with pytest.raises(ValueError):
        rules.make_code(1 << rules.RANDOM_BITS)


def test_a_typed_o_or_i_reads_as_a_digit_and_junk_is_no_code() -> None:
    assert rules.parse_code(" OI23456789 ") == "0123456789"
    assert rules.parse_code("short") is None
    assert rules.parse_code("0123456789a") is None
    assert rules.parse_code("01234567u9") is None  # u is not in the alphabet
    assert rules.parse_code("../../etc/") is None


def test_a_channel_needs_a_known_kind_and_a_name() -> None:
    assert rules.check_channel("school", "  De  Regenboog ") == ("school", "De Regenboog")
    with pytest.raises(rules.ChannelRefused):
        rules.check_channel("pharmacy", "Apotheek")
    with pytest.raises(rules.ChannelRefused):
        rules.check_channel("school", "   ")
    with pytest.raises(rules.ChannelRefused):
        rules.check_channel("school", "x" * (rules.NAME_MAX + 1))


@pytest.mark.parametrize(
    ("size", "count", "sheets"), [("card", 1, 1), ("card", 10, 1), ("card", 11, 2), ("a6", 9, 3)]
)
def test_a_print_run_fills_whole_sheets(size: str, count: int, sheets: int) -> None:
    run = rules.check_print("tr", size, count, LANGUAGES)
    assert run.sheets == sheets
    assert run.per_sheet == rules.SIZES[size][2]


@pytest.mark.parametrize(
    ("language", "size", "count"),
    [("de", "card", 10), ("nl", "a4", 10), ("nl", "card", 0), ("nl", "card", 201)],
)
def test_a_print_run_outside_the_choices_is_refused(language: str, size: str, count: int) -> None:
    with pytest.raises(rules.ChannelRefused):
        rules.check_print(language, size, count, LANGUAGES)


def test_the_visitors_own_choice_wins_over_the_cards_language() -> None:
    assert rules.page_language("tr", None, LANGUAGES) == "tr"
    assert rules.page_language("tr", "ar", LANGUAGES) == "ar"
    assert rules.page_language("xx", None, LANGUAGES) is None
    assert rules.page_language("xx", "nl", LANGUAGES) == "nl"
    assert rules.page_language("tr", "xx", LANGUAGES) == "tr"


def test_scans_count_per_day_and_families_per_month() -> None:
    day = date(2026, 3, 17)
    assert rules.period_of("scan", day) == day
    assert rules.period_of("family", day) == date(2026, 3, 1)
    with pytest.raises(ValueError):
        rules.period_of("visitor", day)


def test_buckets_cover_the_period_by_month_or_quarter() -> None:
    start, end = date(2026, 2, 1), date(2026, 8, 1)
    months = rules.buckets(start, end, "month")
    assert months == [date(2026, m, 1) for m in range(2, 8)]
    quarters = rules.buckets(start, end, "quarter")
    assert quarters == [date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)]
    assert [rules.bucket_key(q, "quarter") for q in quarters] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert rules.buckets(date(2026, 12, 1), date(2027, 2, 1), "month")[-1] == date(2027, 1, 1)
    assert rules.bucket_of(date(2026, 12, 31), "quarter") == date(2026, 10, 1)
