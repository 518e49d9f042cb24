"""Short messages in a family's data rights: in its download (never the text), cancelled and
unlinked at erasure, and deleted a while after they were sent, failed or cancelled."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from spelotheek.db import rows_affected
from spelotheek.families.models import Family
from spelotheek.messages.models import Message, MessageConsent, MessagePreference
from spelotheek.registry import ERASERS, EXPORT_LABELS, EXPORTERS, PURGERS
from spelotheek.templating import SECTION_TITLES

CLOSED = ("sent", "delivered", "failed", "cancelled")


def export_messages(
    session: Session, family: Family, _viewer_id: int | None
) -> tuple[str, Any] | None:
    """The family's channels, message language and messages: purpose, status and dates only."""
    channels = list(
        session.scalars(
            select(MessageConsent.channel)
            .where(MessageConsent.family_id == family.id)
            .order_by(MessageConsent.channel)
        )
    )
    language = session.scalar(
        select(MessagePreference.language).where(MessagePreference.family_id == family.id)
    )
    sent = session.scalars(
        select(Message).where(Message.family_id == family.id).order_by(Message.created_at)
    ).all()
    if not channels and not sent and language is None:
        return None
    return "messages", {
        "channels": channels,
        "language": language or family.language or "",
        "messages": [
            {
                "purpose": m.purpose,
                "channel": m.channel,
                "status": m.status,
                "created_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else "",
                "delivered_at": m.delivered_at.isoformat() if m.delivered_at else "",
            }
            for m in sent
        ],
    }


def forget_messages(session: Session, family: Family) -> None:
    """Erasure: what waits is cancelled, every message loses the family and its text."""
    session.execute(
        update(Message)
        .where(Message.family_id == family.id, Message.status.in_(("queued", "sending")))
        .values(status="cancelled", last_error="family erased")
    )
    session.execute(
        update(Message).where(Message.family_id == family.id).values(family_id=None, body="")
    )
    session.execute(delete(MessageConsent).where(MessageConsent.family_id == family.id))
    session.execute(delete(MessagePreference).where(MessagePreference.family_id == family.id))


def purge_old_messages(
    session: Session, now: datetime, settings: Mapping[str, Any]
) -> Mapping[str, int]:
    """Messages closed and older than RETENTION_MESSAGES_DAYS are deleted."""
    before = now - timedelta(days=int(settings.get("RETENTION_MESSAGES_DAYS", 30)))
    gone = rows_affected(
        session.execute(
            delete(Message).where(Message.status.in_(CLOSED), Message.created_at < before)
        )
    )
    return {"short messages deleted": gone}


SECTION_TITLES["messages"] = _l("Short messages")
EXPORTERS.append(export_messages)
ERASERS.append(forget_messages)
PURGERS.append(purge_old_messages)
EXPORT_LABELS.update(
    {
        "messages.channels": _l("You get short messages by"),
        "messages.language": _l("Language of the messages"),
        "messages.messages": _l("Messages"),
    }
)
