"""Cards scanned by staff: refusals in the scanner's words, and a revoked card's scan audited.

A revoked card scanned: the refused operation rolls back, the audit of the scan stays.

That is two transactions, and the views that scan cards say so where they open the first:

    with audit_revoked_scans(current_user.id), transaction() as db:
        family = family_for_scan(db, code)
        ...

When the card turns out revoked, `transaction()` rolls back everything the block did, and then
a second, short transaction writes the audit event before the refusal goes on to the view.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l

from spelotheek.db import transaction
from spelotheek.families import cardcode
from spelotheek.families.cards import CardNotFound, CardRevoked, audit_revoked_scan


@contextmanager
def audit_revoked_scans(actor_id: int | None) -> Iterator[None]:
    """Around a writing transaction that scans a card: audit a revoked card in a second one."""
    try:
        yield
    except CardRevoked as refused:
        with transaction() as db:
            audit_revoked_scan(db, actor_id, refused)
        raise


@contextmanager
def staff_scans(actor_id: int | None, code: str) -> Iterator[None]:
    """Around a writing transaction where staff scan a family card (a desk, a meeting's host, a
    midwife): a revoked card is audited, and a refused card is said to the person scanning."""
    try:
        with audit_revoked_scans(actor_id):
            yield
    except (CardNotFound, CardRevoked) as error:
        raise card_in_desk_words(error, code) from None


def card_in_desk_words(
    error: CardNotFound | CardRevoked, code: str
) -> CardNotFound | CardRevoked:
    """The refusal of a card, said to whoever scans it at the desk (a page or a device).

    The family-facing "ask at the desk" makes no sense to the person at the desk; the error
    and its code stay the same, so devices keep reading `card_not_found` / `card_revoked`.
    """
    if isinstance(error, CardRevoked):
        error.message = _l(
            "This family card was replaced by a new one and no longer works. Ask the family "
            "for their newest card; staff can make a new one."
        )
    elif error.typo:
        error.message = _l(
            "This family card code has a typing error. Check the characters and type it again."
        )
    elif cardcode.looks_like_card_code(code):
        error.message = _l(
            "We do not know this family card. Ask the family for their newest card; staff can "
            "make a new one."
        )
    else:
        error.message = _l(
            "This is not a family card code. Scan the card again, or type the code printed "
            "under the QR code."
        )
    error.args = (str(error.message),)
    return error
