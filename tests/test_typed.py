"""What a person types, read the same from every keyboard: no app, no database."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from spelotheek import typed
from spelotheek.families import cardcode

# Every code point, lone surrogates included (JSON's "\ud800" makes one).
any_text = st.text(st.characters(codec=None, exclude_categories=()))
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@given(any_text)
@example("İ")
@example("ABCD–EFGH")
@example("١٢٣٤")
@example("\ud800")
def test_every_function_takes_any_text(text: str) -> None:
    for function in (typed.fold, typed.code, typed.digits, typed.reference, typed.email):
        assert isinstance(function(text), str)
    assert len(typed.digest(text)) == 64
    assert set(typed.digits(text)) <= typed.ASCII_DIGITS


@given(any_text)
def test_folding_twice_changes_nothing(text: str) -> None:
    assert typed.fold(typed.fold(text)) == typed.fold(text)
    assert typed.code(typed.code(text)) == typed.code(text)


@given(st.text(st.characters(max_codepoint=127)))
@example("".join(map(chr, range(128))))  # every ASCII character: dashes, controls, \x1c-\x1f
@example(" ABcd-\tef\x1f12 ")
def test_ascii_folds_as_any_text_does(text: str) -> None:
    """fold()'s quick way for ASCII reads every ASCII text as the Unicode way does."""
    assert typed.fold(text) == typed._fold_unicode(text)


@pytest.mark.parametrize(
    ("typed_text", "read_as"),
    [
        ("١٢٣٤", "1234"),  # Arabic-Indic digits
        ("۱۲۳۴", "1234"),  # Persian digits
        ("१२३४", "1234"),  # Devanagari digits
        ("１２３４", "1234"),  # full-width digits
        ("¹²³⁴", "1234"),  # superscripts: isdigit() is true for them
        ("12 34", "1234"),
        ("12–34", "1234"),  # en dash
        ("12\u221234", "1234"),  # minus sign
        ("\u200f1234\u200e", "1234"),  # right-to-left and left-to-right marks
        ("\u202e1234", "1234"),  # right-to-left override
        ("12\u00ad34", "1234"),  # soft hyphen
        ("İSTANBUL", "istanbul"),  # Turkish capital I with a dot
        ("STRAẞE", "strasse"),
        ("ﬁ", "fi"),
        ("Ａｂｃ", "abc"),
        ("é", "e"),
    ],
)
def test_what_a_keyboard_types_reads_as_plain_ascii(typed_text: str, read_as: str) -> None:
    assert typed.fold(typed_text) == read_as


def test_codes_are_in_capitals_whatever_the_keyboard() -> None:
    assert typed.code("ıi") == "II"  # Turkish dotless and dotted i
    assert typed.code("straße") == "STRASSE"


def test_digits_keeps_only_the_digits() -> None:
    assert typed.digits("١٢٣ ٤٥٦") == "123456"
    assert typed.digits("²³⁴-567") == "234567"


@pytest.mark.parametrize(
    ("text", "number"),
    [("42", 42), (" ٤٢ ", 42), ("４２", 42), ("²", 2), ("2147483647", 2**31 - 1)],
)
def test_numbers_read_from_any_digits(text: str, number: int) -> None:
    assert typed.number(text) == number


@pytest.mark.parametrize("text", ["", "-1", "+1", "1.5", "2147483648", "9" * 5000, "4 2", "x"])
def test_what_is_no_number_that_fits_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        typed.number(text)
    with pytest.raises(ValueError):
        typed.database_id("0")


def test_references_keep_their_inner_dashes() -> None:
    assert typed.reference(" t٠٠٤٢ ") == "T0042"
    assert typed.reference("ab-12") == "AB-12"


def test_email_keeps_dashes_and_accents_but_not_case_or_spaces() -> None:
    assert typed.email("  Jan-Peeters@Exämple.BE\u200b ") == "jan-peeters@exämple.be"
    assert typed.email("ｊａｎ＠ｘ.ｂｅ") == "jan@x.be"


def test_a_plain_ascii_text_hashes_as_before() -> None:
    # Card hashes already stored were SHA-256 of the ASCII code: they must still match.
    import hashlib

    code = cardcode.encode(42)
    assert typed.digest(code) == hashlib.sha256(code.encode("ascii")).hexdigest()
    assert cardcode.token_hash(code) == hashlib.sha256(code.encode("ascii")).hexdigest()
    assert (
        cardcode.library_card_hash("2000000000123")
        == hashlib.sha256(b"library-card:2000000000123").hexdigest()
    )


random_codes = st.integers(min_value=0, max_value=(1 << cardcode.RANDOM_BITS) - 1)


@given(random_codes, st.sampled_from(["–", "—", " ", "\u00a0", "\u2212", "\u200f", "-"]))
def test_a_card_code_parses_from_any_keyboard(value: int, separator: str) -> None:
    code = cardcode.encode(value)
    groups = cardcode.format_code(code).split("-")
    for variant in (
        separator.join(groups).translate(ARABIC_INDIC),
        separator.join(groups).translate(PERSIAN).lower(),
        "".join(FULL_WIDTH.get(c, c) for c in separator.join(groups)),
        separator.join(groups).replace("1", "İ"),  # Turkish keyboard: İ for the I of 1
    ):
        assert cardcode.parse(variant) == code


@given(any_text)
@example("İ" * 27)
@example("١" * 27)
def test_any_text_is_a_code_or_a_plain_refusal(text: str) -> None:
    try:
        code = cardcode.parse(text)
    except cardcode.CardCodeError as error:
        assert error.reason in ("shape", "check")
    else:
        assert code.isascii() and len(code) == cardcode.CODE_LENGTH
    assert len(cardcode.token_hash(cardcode.normalise(text))) == 64
    assert cardcode.library_card_digits(text).isascii()
