"""One-time login links sent by text when a card is lost. Never commits.

A link holds 256 random bits; only its hash is stored. It works once, for LINK_MINUTES, and
only for a family that opted in to text messages on the number that asked for it. A number gets
no more texts than LOGIN_LINK_LIMIT allows, counted here in the database: every instance and
worker sees the same count, with or without Redis (Flask-Limiter's count is kept in front too).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from spelotheek import audit, typed
from spelotheek.auth import rules
from spelotheek.db import rows_affected
from spelotheek.families.models import Family, LoginLink
from spelotheek.messages.models import Message
from spelotheek.messages.services import opted_in_channels, queue_message
from spelotheek.registry import EXPORT_LABELS, EXPORTERS, PURGERS
from spelotheek.templating import SECTION_TITLES

log = logging.getLogger(__name__)

LINK_MINUTES = 15


def token_hash(token: str) -> str:
    """The stored hash of a login link's token."""
    return typed.digest(token, b"login-link:")


def _texts_sent_at(session: Session, family_ids: Sequence[int], since: datetime) -> list[datetime]:
    """When login links were queued for these families since then, whatever became of them."""
    return list(
        session.scalars(
            select(Message.created_at).where(
                Message.family_id.in_(family_ids),
                Message.purpose == "login_link",
                Message.created_at > since,
            )
        )
    )


def send_link(
    session: Session,
    phone: str,
    now: datetime,
    body_for: Callable[[Family, str], str],
    *,
    limits: Sequence[rules.Limit],
) -> Message | None:
    """Queue a login link for the family with this (E.164) number if it opted in to texts.

    `body_for(family, token)` writes the text in the family's language. Answers the message, or
    None when no family has this number, none opted in, or the number had as many texts as
    `limits` allow: the caller says the same either way.
    """
    # The number's families stay locked until the transaction ends (FOR NO KEY UPDATE on
    # PostgreSQL; on SQLite the writing transaction holds the write lock): parallel asks for one
    # number count one after the other, so two at the limit never both queue a text.
    families = session.scalars(
        select(Family)
        .where(Family.phone == phone)
        .order_by(Family.id)
        .with_for_update(key_share=True)
    ).all()
    family = next((f for f in families if opted_in_channels(session, f.id)), None)
    if family is None:
        return None
    if limits:
        # Per number, over every family that has it: the texts go to one phone.
        since = now - max(limit.window for limit in limits)
        sent_at = _texts_sent_at(session, [f.id for f in families], since)
        if not rules.fits_within(sent_at, limits, now):
            # Without the number or family: a run of these lines is what to look into.
            log.warning("login link not sent: the number had its texts (LOGIN_LINK_LIMIT)")
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
