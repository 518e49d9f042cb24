"""Password and PIN hashing with argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# A hash to verify against when no account matches, so timing does not tell which emails exist.
# Made at the first check that needs it, not at import: hashing took 0.17 s of every process's
# start (each web and queue worker, each command), most of which never check a password.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("no account has this password")
    return _DUMMY_HASH


def hash_secret(secret: str) -> str:
    """An argon2id hash of a password or PIN."""
    return _hasher.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """True when the secret matches the stored hash; False for a missing hash."""
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), secret) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with older parameters."""
    return _hasher.check_needs_rehash(stored_hash)
