"""Domain refusals with a message for people: plain Python, so rules.py modules stay pure.

errors.py turns them into pages and JSON; nothing here knows about Flask or the database.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the visitor can act on; the message is (lazily) translated."""

    code = "refused"
    status = 422
    problem = False  # True: answered as application/problem+json (RFC 9457), on any path

    def __init__(self, message: object, code: str | None = None, status: int | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status


class NotFound(DomainError):
    """The thing asked for does not exist (or is not the caller's to see)."""

    code = "not_found"
    status = 404
