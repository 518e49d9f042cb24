"""Phone numbers as people type them become one form; what cannot be a number is refused."""

from __future__ import annotations

import pytest

from spelotheek.phones import PhoneRefused, can_receive_sms, normalise_phone, show_phone


@pytest.mark.parametrize(
    "typed",
    ["0470 12 34 56", "0470/12.34.56", "+32 470 12 34 56", "0032470123456", " 0470123456 "],
)
def test_belgian_mobile_numbers_are_one_number(typed: str) -> None:
    assert normalise_phone(typed) == "+32470123456"


def test_numbers_from_abroad_keep_their_country() -> None:
    assert normalise_phone("+31 6 12345678") == "+31612345678"
    assert normalise_phone("+90 532 123 45 67") == "+905321234567"


@pytest.mark.parametrize(
    "typed", ["", "   ", "hello", "0470", "12", "+32 470 12 34 56 78 90", "٠٤٧٠", "1" * 50]
)
def test_what_is_not_a_number_is_refused(typed: str) -> None:
    with pytest.raises(PhoneRefused):
        normalise_phone(typed)


def test_only_mobiles_get_an_sms() -> None:
    assert can_receive_sms(normalise_phone("0470 12 34 56"))
    assert not can_receive_sms(normalise_phone("09 225 12 34"))  # a landline in Gent


def test_numbers_are_shown_as_people_write_them() -> None:
    assert show_phone("+32470123456") == "0470 12 34 56"
    assert show_phone("+31612345678").startswith("+31 6")
