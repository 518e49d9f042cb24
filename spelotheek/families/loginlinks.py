"""One-time login links sent by text when a card is lost. Never commits.

A link holds 256 random bits; only its hash is stored. It works once, for LINK_MINUTES, and
only for a family that opted in to text messages on the number that asked for it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from spelotheek import audit, typed
from spelotheek.db import rows_affected
from spelotheek.families.models import Family, LoginLink
from spelotheek.messages.models import Message
from spelotheek.messages.services import opted_in_channels, queue_message
from spelotheek.registry import EXPORT_LABELS, EXPORTERS, PURGERS
from spelotheek.templating import SECTION_TITLES

LINK_MINUTES = 15


def token_hash(token: str) -> str:
    """The stored hash of a login link's token."""
    return typed.digest(token, b"login-link:")


def send_link(
    session: Session, phone: str, now: datetime, body_for: Callable[[Family, str], str]
) -> Message | None:
    """Queue a login link for the family with this (E.164) number if it opted in to texts.

    `body_for(family, token)` writes the text in the family's language. Answers the message, or
    None when no family has this number or none opted in: the caller says the same either way.
    """
    families = session.scalars(select(Family).where(Family.phone == phone).order_by(Family.id))
    family = next((f for f in families if opted_in_channels(session, f.id)), None)
    if family is None:
        return None
    token = secrets.token_urlsafe(32)
    link = LoginLink(
        family_id=family.id,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + timedelta(minutes=LINK_MINUTES),
    )
    session.add(link)
    session.flush()
    message = queue_message(
        session,
        family,
        "login_link",
        body_for(family, token),
        now=now,
        key=f"login_link:{link.id}",
    )
    audit.record_by_staff_or_family(
        session, "login_link_sent", None, subject_type="family", subject_id=family.id
    )
    session.flush()
    return message


def usable_link(session: Session, token: str, now: datetime) -> LoginLink | None:
    """The link with this token if it is unused and not expired (reads only)."""
    link = session.scalar(select(LoginLink).where(LoginLink.token_hash == token_hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    return link


def use_link(session: Session, token: str, now: datetime) -> Family | None:
    """Spend the link once and answer its family; None when it is unknown, used or expired.

    The row is marked in one conditional UPDATE, so two clicks at once log in only once.
    """
    result = session.execute(
        update(LoginLink)
        .where(
            LoginLink.token_hash == token_hash(token),
            LoginLink.used_at.is_(None),
            LoginLink.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if rows_affected(result) != 1:
        return None
    family_id = session.scalar(
        select(LoginLink.family_id).where(LoginLink.token_hash == token_hash(token))
    )
    family = session.get(Family, family_id)
    if family is not None:
        audit.record_by_staff_or_family(
            session, "login_link_used", None, subject_type="family", subject_id=family.id
        )
    session.flush()
    return family


def purge_old_links(session: Session, now: datetime, _settings: Any) -> dict[str, int]:
    """Remove links that expired or were used (they open nothing any more)."""
    result = session.execute(
        delete(LoginLink).where(or_(LoginLink.expires_at <= now, LoginLink.used_at.is_not(None)))
    )
    session.flush()
    return {"login_links": rows_affected(result)}


def export_links(session: Session, family: Family, _actor_id: int | None) -> tuple[str, Any] | None:
    """The login links sent to the family that are still kept, for its data download."""
    rows = session.scalars(
        select(LoginLink).where(LoginLink.family_id == family.id).order_by(LoginLink.id)
    ).all()
    if not rows:
        return None
    return "login_links", [
        {
            "created_at": link.created_at.isoformat(),
            "expires_at": link.expires_at.isoformat(),
            "used_at": link.used_at.isoformat() if link.used_at else None,
        }
        for link in rows
    ]


PURGERS.append(purge_old_links)
EXPORTERS.append(export_links)
SECTION_TITLES["login_links"] = _l("Login links sent by text")
EXPORT_LABELS["login_links.expires_at"] = _l("Worked until")
EXPORT_LABELS["login_links.used_at"] = _l("Used on")
