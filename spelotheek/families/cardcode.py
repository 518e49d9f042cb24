"""The family card code: Crockford base32 in groups, with a Luhn mod 32 check character.

Pure functions: randomness comes in as an argument, so every rule here is testable.
"""

from __future__ import annotations

from spelotheek import typed

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
DATA_CHARS = 26  # 130 bits of randomness, above the 128 the design asks for
RANDOM_BITS = DATA_CHARS * 5
GROUPS = (4, 4, 4, 4, 4, 4, 3)  # 27 characters with the check character
CODE_LENGTH = DATA_CHARS + 1
_LIBRARY_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# What people mistype that means the same character (typed.code already drops separators).
_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class CardCodeError(ValueError):
    """A text that cannot be a card code; `reason` is 'shape' or 'check'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_character(data: str) -> str:
    """The Luhn mod 32 check character for the data characters."""
    factor = 2
    total = 0
    for char in reversed(data):
        addend = factor * ALPHABET.index(char)
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def encode(random_value: int) -> str:
    """A new code, unformatted, from RANDOM_BITS random bits."""
    if not 0 <= random_value < 1 << RANDOM_BITS:
        raise ValueError("random value out of range")
    chars = []
    for _ in range(DATA_CHARS):
        chars.append(ALPHABET[random_value & 31])
        random_value >>= 5
    data = "".join(reversed(chars))
    return data + check_character(data)


def format_code(code: str) -> str:
    """The code in groups for reading and typing: XXXX-XXXX-…-XXX."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(parts)


def normalise(text: str) -> str:
    """The text as a code: any keyboard's digits and letters folded (typed.code), separators
    dropped, O read as 0 and I/L as 1. Never raises; the result may still not be a code."""
    return typed.code(text).translate(_READS_AS)


def from_scan(text: str) -> str:
    """What to read as the card in a scanned text: the fragment of the card's link
    ("https://…/c#CODE", the QR code since issue 21), else the text as it is (a bare code from
    an older card, a typed code or a library card number)."""
    head, hash_sign, fragment = text.strip().rpartition("#")
    if hash_sign and "/" in head and fragment.strip():
        return fragment.strip()
    return text


def card_link(base: str, code: str) -> str:
    """The text of the card's QR code: the login page's address with the code as its fragment,
    which a browser never sends to a server (no log, history or Referer sees it)."""
    return f"{base}#{code}"


def looks_like_card_code(text: str) -> bool:
    """True when the text has the shape of our card code (length and alphabet)."""
    code = normalise(text)
    return len(code) == CODE_LENGTH and all(c in ALPHABET for c in code)


def parse(text: str) -> str:
    """The normalised code from what was typed or scanned.

    Raises CardCodeError('shape') when it cannot be a code and CardCodeError('check') when
    the check character does not match (a typing error).
    """
    if not looks_like_card_code(text):
        raise CardCodeError("shape")
    code = normalise(text)
    if check_character(code[:-1]) != code[-1]:
        raise CardCodeError("check")
    return code


def token_hash(code: str) -> str:
    """The stored hash of a normalised code (the code has 130 random bits; no salt needed).

    Any text hashes (a rate-limit key may be built from what is not a code); a code's hash is
    its ASCII bytes' SHA-256, as stored.
    """
    return typed.digest(code)


def library_card_digits(text: str) -> str:
    """A public-library card number reduced to its letters and digits (any script's digits
    read as ASCII), upper-cased."""
    return "".join(c for c in typed.reference(text) if c in _LIBRARY_CHARS)


def library_card_hash(number: str) -> str:
    """The stored hash of a library card number."""
    return typed.digest(number, b"library-card:")
