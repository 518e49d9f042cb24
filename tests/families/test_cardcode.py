"""Card code rules: no app, no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spelotheek.families import cardcode

random_values = st.integers(min_value=0, max_value=(1 << cardcode.RANDOM_BITS) - 1)


def test_a_code_carries_at_least_128_random_bits() -> None:
    assert cardcode.RANDOM_BITS >= 128
    assert len(cardcode.encode(0)) == cardcode.CODE_LENGTH == 27


@given(random_values)
def test_every_code_parses_back_formatted_or_not(value: int) -> None:
    code = cardcode.encode(value)
    assert cardcode.parse(code) == code
    assert cardcode.parse(cardcode.format_code(code)) == code
    assert cardcode.parse(" " + cardcode.format_code(code).lower() + " ") == code


def test_different_random_values_give_different_codes() -> None:
    assert cardcode.encode(1) != cardcode.encode(2)
    assert cardcode.encode(1)[:-1] != cardcode.encode(1 << 125)[:-1]


@given(
    random_values, st.integers(min_value=0, max_value=25), st.integers(min_value=1, max_value=31)
)
def test_any_single_wrong_character_is_caught(value: int, position: int, shift: int) -> None:
    code = cardcode.encode(value)
    wrong = cardcode.ALPHABET[(cardcode.ALPHABET.index(code[position]) + shift) % 32]
    typo = code[:position] + wrong + code[position + 1 :]
    with pytest.raises(cardcode.CardCodeError) as caught:
        cardcode.parse(typo)
    assert caught.value.reason == "check"


def test_swapping_neighbours_is_mostly_caught() -> None:
    code = cardcode.encode(0x1234_5678_9ABC_DEF0_1234_5678_9ABC_DEF0)
    caught = 0
    swaps = 0
    for i in range(len(code) - 2):
        if code[i] == code[i + 1]:
            continue
        swaps += 1
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        try:
            cardcode.parse(swapped)
        except cardcode.CardCodeError:
            caught += 1
    assert caught / swaps > 0.9


def test_letters_that_look_alike_read_as_digits() -> None:
    code = cardcode.encode(0)  # all zeros plus a check character
    assert cardcode.parse("O" * 26 + code[-1]) == code


@pytest.mark.parametrize("text", ["", "1234", "ABCD-EFGH", "2000000000123", "U" * 27, "!" * 27])
def test_texts_that_are_not_codes_are_refused_by_shape(text: str) -> None:
    assert not cardcode.looks_like_card_code(text)
    with pytest.raises(cardcode.CardCodeError) as caught:
        cardcode.parse(text)
    assert caught.value.reason == "shape"


def test_format_groups_for_typing() -> None:
    formatted = cardcode.format_code(cardcode.encode(0))
    assert [len(part) for part in formatted.split("-")] == [4, 4, 4, 4, 4, 4, 3]


def test_hash_is_stable_and_does_not_contain_the_code() -> None:
    code = cardcode.encode(42)
    assert cardcode.token_hash(code) == cardcode.token_hash(code)
    assert code not in cardcode.token_hash(code)
    assert len(cardcode.token_hash(code)) == 64


def test_library_numbers_keep_only_letters_and_digits() -> None:
    assert cardcode.library_card_digits(" 2 0001-2345 é") == "200012345"
    assert cardcode.library_card_hash("200012345") != cardcode.library_card_hash("200012346")
