"""Short messages and phones that stay logged in: demo data for the demo family — it opted in
to SMS (texts in French), got two texts that were delivered, keeps one phone logged in and once
asked for a login link for a lost card."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.families.models import Family, FamilyDevice, LoginLink
from spelotheek.messages.models import Message, MessageConsent, MessagePreference

DEMO_PHONE = "+32470000001"  # fictional


def _hash() -> str:
    """The hash of a random token nobody holds (demo rows must not open anything)."""
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()


def load(session: Session, today: date) -> None:
    """Add this feature's demo data (called once, when the demo data is first loaded)."""
    family = session.scalars(select(Family).order_by(Family.id)).first()
    if family is None:
        return
    noon = datetime.combine(today, time(11, 0), tzinfo=UTC)
    family.phone = family.phone or DEMO_PHONE
    session.add(
        MessageConsent(family_id=family.id, channel="sms", given_at=noon - timedelta(days=40))
    )
    session.add(
        MessagePreference(family_id=family.id, language="fr", changed_at=noon - timedelta(days=40))
    )
    for back, purpose in ((9, "due_soon"), (3, "hold_ready")):
        sent = noon - timedelta(days=back)
        session.add(
            Message(
                family_id=family.id,
                channel="sms",
                purpose=purpose,
                language="fr",
                body="",  # emptied once sent, as every sent message is
                idempotency_key=f"demo:{purpose}:{back}",
                status="delivered",
                send_after=sent,
                attempts=1,
                provider_ref=f"demo-{purpose}",
                created_at=sent,
                sent_at=sent,
                delivered_at=sent + timedelta(seconds=5),
            )
        )
    session.add(
        FamilyDevice(
            family_id=family.id,
            token_hash=_hash(),
            created_at=noon - timedelta(days=12),
            last_seen_at=noon - timedelta(days=1),
            expires_at=noon + timedelta(days=78),
        )
    )
    session.add(
        LoginLink(
            family_id=family.id,
            token_hash=_hash(),
            created_at=noon - timedelta(hours=2),
            expires_at=noon - timedelta(hours=2) + timedelta(minutes=15),
            used_at=noon - timedelta(hours=2) + timedelta(minutes=3),
        )
    )
    session.flush()
