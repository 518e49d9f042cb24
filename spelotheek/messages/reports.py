"""What the provider tells us: delivery reports, and answers such as STOP."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from spelotheek.audit import record
from spelotheek.db import rows_affected
from spelotheek.families.models import Family
from spelotheek.messages.models import Message, MessageConsent
from spelotheek.phones import PhoneRefused, normalise_phone

REPORTED = ("delivered", "failed")


def record_report(session: Session, reference: str, status: str, now: datetime) -> bool:
    """Mark the message with this provider reference delivered or failed (False: unknown).

    The same report twice changes nothing; a report never takes a delivered message back.
    """
    if status not in REPORTED:
        raise ValueError(f"unknown delivery status {status!r}")
    found = session.scalar(select(Message.id).where(Message.provider_ref == reference))
    if found is None:
        return False
    values: dict[str, object] = {"status": status, "body": ""}
    if status == "delivered":
        values["delivered_at"] = now
    else:
        values["last_error"] = "provider reported not delivered"
    session.execute(
        update(Message).where(Message.id == found, Message.status == "sent").values(**values)
    )
    session.flush()
    return True


def families_with_number(session: Session, e164: str) -> list[Family]:
    """The families that gave this number and opted in to short messages (typed any way)."""
    opted = session.scalars(
        select(Family)
        .where(Family.phone.is_not(None))
        .where(Family.id.in_(select(MessageConsent.family_id)))
    ).all()
    matches = []
    for family in opted:
        try:
            if normalise_phone(family.phone or "") == e164:
                matches.append(family)
        except PhoneRefused:
            continue
    return matches


def stop_number(session: Session, from_text: str, now: datetime) -> int:
    """STOP from a number: its families lose every text-channel opt-in and queued message.

    Answers how many families stopped (the caller tells the sender nothing about them).
    """
    try:
        e164 = normalise_phone(from_text)
    except PhoneRefused:
        # Providers often send international numbers without the "+" (31612345678).
        digits = "".join(c for c in from_text if c.isascii() and c.isdigit())
        try:
            e164 = normalise_phone("+" + digits)
        except PhoneRefused:
            return 0
    families = families_with_number(session, e164)
    for family in families:
        session.execute(delete(MessageConsent).where(MessageConsent.family_id == family.id))
        cancelled = rows_affected(
            session.execute(
                update(Message)
                .where(Message.family_id == family.id, Message.status == "queued")
                .values(status="cancelled", body="", last_error="STOP")
            )
        )
        record(
            session,
            "messages.stop",
            actor_kind="family",
            subject_type="family",
            subject_id=family.id,
            detail=f"by an answer; {cancelled} queued cancelled",
            at=now,
        )
    session.flush()
    return len(families)
