"""What a person types (card codes, PINs, labels, two-step codes, e-mail): one reading of it,
whatever the keyboard, phone or scanner it came from.

Pure functions over every str (lone surrogates included). The readers of text never raise, so
a strange character can at worst make a code not match, never crash the page that reads it;
number() raises ValueError on purpose, for what is no whole number that fits.
"""

from __future__ import annotations

import hashlib
import unicodedata

# Dashes, spaces, and invisible marks (RTL/LTR marks, zero-width space, soft hyphen, BOM) carry
# no meaning inside a code; accents (non-spacing marks) neither: no code has one, so an accent is
# the keyboard's doing (a Turkish 'İ' is an 'I').
_IGNORED_CATEGORIES = frozenset({"Pd", "Zs", "Zl", "Zp", "Cf", "Mn", "Me"})
_IGNORED_CHARACTERS = frozenset("\u2212\ufe63\uff0d")  # minus signs (category Sm) look like dashes
ASCII_DIGITS = frozenset("0123456789")
DATABASE_INT = 2**31 - 1  # ids and counts are 32-bit integers in PostgreSQL


def _ascii_digit(char: str) -> str:
    """A decimal digit of any script (Arabic-Indic, Persian, Devanagari…) as its ASCII digit."""
    value = unicodedata.decimal(char, None)
    return char if value is None else str(value)


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf"


def _ignored(char: str) -> bool:
    return (
        char.isspace()
        or char in _IGNORED_CHARACTERS
        or unicodedata.category(char) in _IGNORED_CATEGORIES
    )


# What fold() drops of ASCII, by the same rule (a dash and the whitespace characters).
_ASCII_IGNORED = {code: None for code in range(128) if _ignored(chr(code))}


def fold(text: str) -> str:
    """The text as codes compare it: NFKC, digits of any script as ASCII, no dashes, spaces,
    invisible marks or accents, case folded (lower case)."""
    if text.isascii():
        # What a scanner and most keyboards send: the same reading without the character-by-
        # character Unicode work (ASCII is its own NFKC and NFKD and has no other digits or
        # accents); a desk's every scan reads a code several times.
        return text.lower().translate(_ASCII_IGNORED)
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    """fold() for any text."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = (_ascii_digit(c) for c in unicodedata.normalize("NFKD", folded) if not _ignored(c))
    return unicodedata.normalize("NFKC", "".join(kept))


def code(text: str) -> str:
    """A typed code as stored and compared: folded, in capitals."""
    return fold(text).upper()


def digits(text: str) -> str:
    """Only the digits of what was typed, as ASCII (for PINs and two-step codes)."""
    return "".join(c for c in fold(text) if c in ASCII_DIGITS)


def number(text: str, low: int = 0, high: int = DATABASE_INT) -> int:
    """A whole number typed in any script's digits, from `low` to `high`.

    Raises ValueError otherwise (so it serves as werkzeug's `type=` for a query parameter):
    str.isdigit() and int() accept '²' or a hundred-digit number that no column holds.
    """
    text = "".join(_ascii_digit(c) for c in unicodedata.normalize("NFKC", text)).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(DATABASE_INT)):
        raise ValueError("not a whole number that fits")
    value = int(text)
    if not low <= value <= high:
        raise ValueError("out of range")
    return value


def database_id(text: str) -> int:
    """A record's number typed or sent in a URL: 1 to the largest id; ValueError otherwise."""
    return number(text, 1)


def reference(text: str) -> str:
    """A catalogue reference as typed: NFKC, any script's digits as ASCII, capitals, no outer
    spaces (inner dashes stay: an imported reference may have them)."""
    return "".join(_ascii_digit(c) for c in unicodedata.normalize("NFKC", text)).strip().upper()


def email(text: str) -> str:
    """An e-mail address as compared: NFKC, without spaces or invisible marks, lower case.

    Not folded like a code: dashes and accents are part of an address.
    """
    kept = (c for c in unicodedata.normalize("NFKC", text) if not _invisible(c))
    return "".join(kept).lower()


def digest(text: str, purpose: bytes = b"") -> str:
    """A SHA-256 hex digest of any text (a lone surrogate included), for keys and lookups."""
    return hashlib.sha256(purpose + text.encode("utf-8", "surrogatepass")).hexdigest()
