"""Channels: staff create, change and revoke them; cards' scans and new families are counted.
Never commits."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.channels import rules
from spelotheek.channels.models import Channel, ChannelCount
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.locations.models import Location

CODE_TRIES = 5  # a clash of 50 random bits is unlikely; five in a row is a broken generator


def all_channels(session: Session) -> Sequence[Channel]:
    """Every channel, active ones first, by kind and name."""
    return session.scalars(
        select(Channel)
        .options(selectinload(Channel.location))
        .order_by(Channel.revoked_at.is_not(None), Channel.kind, Channel.name)
    ).all()


def get_channel(session: Session, channel_id: int) -> Channel:
    """The channel with this id; NotFound otherwise."""
    channel = session.get(Channel, channel_id)
    if channel is None:
        raise rules.channel_not_found()
    return channel


def _check_location(session: Session, location_id: int | None) -> None:
    if location_id is not None and session.get(Location, location_id) is None:
        raise rules.ChannelRefused(_l("Please choose one of the places."))


def create_channel(
    session: Session, actor_id: int, kind: str, name: str, location_id: int | None
) -> Channel:
    """A new active channel with a fresh random code; raises ChannelRefused on bad input."""
    kind, name = rules.check_channel(kind, name)
    _check_location(session, location_id)
    for _ in range(CODE_TRIES):
        code = rules.make_code(secrets.randbits(rules.RANDOM_BITS))
        if session.scalar(select(Channel.id).where(Channel.code == code)) is None:
            break
    else:  # pragma: no cover  (50 random bits clashing five times)
        raise RuntimeError("no free channel code")
    channel = Channel(code=code, kind=kind, name=name, location_id=location_id)
    session.add(channel)
    session.flush()
    audit.record(
        session, "channel_created", actor_id=actor_id, subject_type="channel", subject_id=channel.id
    )
    return channel


def change_channel(
    session: Session,
    actor_id: int,
    channel_id: int,
    kind: str,
    name: str,
    location_id: int | None,
) -> Channel:
    """Rename a channel, change its kind or place (its code and printed cards stay valid)."""
    channel = get_channel(session, channel_id)
    kind, name = rules.check_channel(kind, name)
    _check_location(session, location_id)
    changed = [
        field
        for field, value in (("kind", kind), ("name", name), ("location_id", location_id))
        if getattr(channel, field) != value
    ]
    channel.kind, channel.name, channel.location_id = kind, name, location_id
    session.flush()
    audit.record(
        session,
        "channel_changed",
        actor_id=actor_id,
        subject_type="channel",
        subject_id=channel.id,
        detail=",".join(changed),
    )
    return channel


def revoke_channel(session: Session, actor_id: int, channel_id: int, now: datetime) -> Channel:
    """Stop a channel: its cards open the plain first-visit page and are no longer counted."""
    channel = get_channel(session, channel_id)
    if channel.revoked_at is None:
        channel.revoked_at = now
        session.flush()
        audit.record(
            session,
            "channel_revoked",
            actor_id=actor_id,
            subject_type="channel",
            subject_id=channel.id,
        )
    return channel


def active_by_code(session: Session, code: str) -> Channel | None:
    """The active channel with this code (None for an unknown or revoked code)."""
    parsed = rules.parse_code(code)
    if parsed is None:
        return None
    return session.scalar(
        select(Channel).where(Channel.code == parsed, Channel.revoked_at.is_(None))
    )


def active_channels(session: Session) -> Sequence[Channel]:
    """The channels a family can name at issue time, by kind and name."""
    return session.scalars(
        select(Channel).where(Channel.revoked_at.is_(None)).order_by(Channel.kind, Channel.name)
    ).all()


def _add_one(session: Session, channel_id: int, measure: str, period: date) -> None:
    """Add one to a counter in a single statement, safe when two requests count at once.

    INSERT … ON CONFLICT DO UPDATE SET count = count + 1: the database adds to the row it
    holds, so no count is lost between a read and a write (both dialects, each its own insert).
    """
    upsert: postgresql.Insert | sqlite.Insert
    if session.get_bind().dialect.name == "postgresql":
        upsert = postgresql.insert(ChannelCount)
    else:
        upsert = sqlite.insert(ChannelCount)
    table = ChannelCount.__table__
    statement = upsert.values(channel_id=channel_id, measure=measure, period=period, count=1)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.channel_id, table.c.measure, table.c.period],
            set_={"count": table.c.count + 1},
        )
    )


def count_scan(session: Session, channel: Channel, today: date) -> bool:
    """Count one scan of an active channel's card today; False (nothing counted) when revoked.

    Nothing of the visitor is kept: no address, no browser, no cookie, only the day's number.
    """
    if not channel.active:
        return False
    _add_one(session, channel.id, "scan", rules.period_of("scan", today))
    return True


def count_new_family(session: Session, channel_id: int | None, today: date) -> bool:
    """Count a new family that heard of us through an active channel, in this month's number.

    Nothing is written on the family: the month's count cannot lead back to it.
    """
    if channel_id is None:
        return False
    found = session.scalar(
        select(Channel.id).where(Channel.id == channel_id, Channel.revoked_at.is_(None))
    )
    if found is None:
        raise rules.ChannelRefused(_l("This channel is no longer in use. Please choose another."))
    _add_one(session, channel_id, "family", rules.period_of("family", today))
    return True


def statistics(
    session: Session, start: date, end: date
) -> tuple[list[rules.ChannelInfo], list[tuple[int, str, date, int]]]:
    """Every channel, and its counts (channel id, measure, period, count) in [start, end).

    One statement: each channel with its counts of the period (none: one row of NULLs).
    """
    rows = session.execute(
        select(
            Channel.id,
            Channel.kind,
            Channel.name,
            ChannelCount.measure,
            ChannelCount.period,
            ChannelCount.count,
        )
        .outerjoin(
            ChannelCount,
            (ChannelCount.channel_id == Channel.id)
            & (ChannelCount.period >= start)
            & (ChannelCount.period < end),
        )
        .order_by(Channel.kind, Channel.name, Channel.id)
    ).all()
    channels = list(dict.fromkeys(rules.ChannelInfo(r[0], r[1], r[2]) for r in rows))
    counts = [(r[0], r[3], r[4], r[5]) for r in rows if r[3] is not None]
    return channels, counts
