"""Password and PIN hashing with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# A hash to verify against when no account matches, so timing does not tell which emails exist.
# Written out, not made at import (hashing took 0.17 s of every process's start: each web and
# queue worker, each command) nor at first use (the first unknown address in a fresh worker would
# take a hash longer and so tell that it has no account). Made with _hasher's parameters, so
# checking against it costs what checking a real password does; a test fails when they differ.
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$0xKucVqcA156r+lBfhon2Q$"
    "nsQ1DpY72EOhuB0OY+V7cnLkn64LHr97cv2cvcGhzPc"
)


def hash_secret(secret: str) -> str:
    """An argon2id hash of a password or PIN."""
    return _hasher.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """True when the secret matches the stored hash; False for a missing hash."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, secret) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with older parameters."""
    return _hasher.check_needs_rehash(stored_hash)
