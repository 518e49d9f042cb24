"""A revoked card scanned: the refused operation rolls back, the audit of the scan stays.

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

from spelotheek.db import transaction
from spelotheek.families.services import CardRevoked, audit_revoked_scan


@contextmanager
def audit_revoked_scans(actor_id: int | None) -> Iterator[None]:
    """Around a writing transaction that scans a card: audit a revoked card in a second one."""
    try:
        yield
    except CardRevoked as refused:
        with transaction() as db:
            audit_revoked_scan(db, actor_id, refused)
        raise
