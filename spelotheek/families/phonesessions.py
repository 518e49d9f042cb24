"""Phones that stay logged in: one row per device, ended by the family or the desk. Never commits.

The phone's cookie carries a random id (≥ 256 bits); only its hash is stored, so a copy of the
database opens no session. No user agent and no address are kept: the family recognises a phone
by the day it was added.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from spelotheek import audit, typed
from spelotheek.db import rows_affected
from spelotheek.families.models import Family, FamilyDevice
from spelotheek.registry import EXPORT_LABELS, EXPORTERS, PURGERS
from spelotheek.templating import SECTION_TITLES

# last_seen_at is written at most this often: a phone used all day writes once an hour.
TOUCH_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class NewDevice:
    """A device just added: the token goes into the cookie now and is never shown again."""

    device: FamilyDevice
    token: str


def token_hash(token: str) -> str:
    """The stored hash of a device token."""
    return typed.digest(token, b"family-device:")


def add_device(session: Session, family: Family, now: datetime, days: int) -> NewDevice:
    """Remember this phone for `days` days; the family just proved who it is (card and PIN)."""
    token = secrets.token_urlsafe(32)
    device = FamilyDevice(
        family_id=family.id,
        token_hash=token_hash(token),
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(device)
    session.flush()
    audit.record_by_staff_or_family(
        session, "family_device_added", None, subject_type="family", subject_id=family.id
    )
    return NewDevice(device, token)


def device_for(session: Session, family_id: int, token: str, now: datetime) -> FamilyDevice | None:
    """The family's device with this token that has not expired, or None (reads only)."""
    device = session.scalar(
        select(FamilyDevice).where(FamilyDevice.token_hash == token_hash(token))
    )
    if device is None or device.family_id != family_id or device.expires_at <= now:
        return None
    return device


def needs_touch(device: FamilyDevice, now: datetime) -> bool:
    """True when last_seen_at is old enough to be written again."""
    return now - device.last_seen_at >= TOUCH_AFTER


def devices_of(session: Session, family_id: int, now: datetime) -> list[FamilyDevice]:
    """The family's phones that stay logged in, oldest first."""
    return list(
        session.scalars(
            select(FamilyDevice)
            .where(FamilyDevice.family_id == family_id, FamilyDevice.expires_at > now)
            .order_by(FamilyDevice.created_at, FamilyDevice.id)
        )
    )


def end_device(session: Session, family: Family, device_id: int) -> bool:
    """The family ends one of its phones' sessions; False when it had no such phone."""
    result = session.execute(
        delete(FamilyDevice).where(
            FamilyDevice.id == device_id, FamilyDevice.family_id == family.id
        )
    )
    ended = rows_affected(result) > 0
    if ended:
        audit.record_by_staff_or_family(
            session, "family_device_ended", None, subject_type="family", subject_id=family.id
        )
    session.flush()
    return ended


def forget_device(session: Session, family_id: int, token: str) -> None:
    """The phone logs out: its row goes, the family's other phones stay logged in."""
    session.execute(
        delete(FamilyDevice).where(
            FamilyDevice.token_hash == token_hash(token), FamilyDevice.family_id == family_id
        )
    )
    session.flush()


def end_all_sessions(session: Session, actor_id: int | None, family: Family) -> int:
    """Log the family out everywhere: every phone, and every copy of other sessions.

    The desk does it for a lost phone; a new card or a new PIN does it too. Answers how many
    phones were logged in.
    """
    result = session.execute(delete(FamilyDevice).where(FamilyDevice.family_id == family.id))
    family.session_version += 1
    count = rows_affected(result)
    audit.record_by_staff_or_family(
        session,
        "family_sessions_ended",
        actor_id,
        subject_type="family",
        subject_id=family.id,
        detail=f"phones={count}",
    )
    session.flush()
    return count


def purge_expired_devices(session: Session, now: datetime, _settings: Any) -> dict[str, int]:
    """Remove phone sessions past their end."""
    result = session.execute(delete(FamilyDevice).where(FamilyDevice.expires_at <= now))
    session.flush()
    return {"family_devices": rows_affected(result)}


def export_devices(
    session: Session, family: Family, _actor_id: int | None
) -> tuple[str, Any] | None:
    """The family's phones that stay logged in, for its data download."""
    rows = session.scalars(
        select(FamilyDevice).where(FamilyDevice.family_id == family.id).order_by(FamilyDevice.id)
    ).all()
    if not rows:
        return None
    return "phones_logged_in", [
        {
            "created_at": d.created_at.isoformat(),
            "last_seen_at": d.last_seen_at.isoformat(),
            "expires_at": d.expires_at.isoformat(),
        }
        for d in rows
    ]


PURGERS.append(purge_expired_devices)
EXPORTERS.append(export_devices)
SECTION_TITLES["phones_logged_in"] = _l("Phones that stay logged in")
EXPORT_LABELS["phones_logged_in.last_seen_at"] = _l("Last used")
EXPORT_LABELS["phones_logged_in.expires_at"] = _l("Ends on")
