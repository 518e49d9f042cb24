"""The day before a group session, participants who opted in to short messages get one.

Only "your group meets tomorrow at 10:00 at <place>": never the group's name or theme, which
could tell what the group is about (pregnancy is health data). There is no e-mail for this.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek.families.models import Family
from spelotheek.groups.models import Enrolment, Group, GroupSession
from spelotheek.groups.rules import BRUSSELS
from spelotheek.messages import texts
from spelotheek.messages.occasions import Occasion, queue_for
from spelotheek.messages.rules import earliest_send
from spelotheek.registry import REMINDER_SENDERS


def _place(group_session: GroupSession) -> str:
    room = group_session.room.strip()
    name = group_session.group.location.name
    return f"{name}, {room}" if room else name


def queue_session_tomorrow(session: Session, now: datetime) -> int:
    """Queue "your group meets tomorrow" for the sessions of the day after the message goes out.

    "Tomorrow" counts from when the message can be sent: at 23:00 it waits until 08:00, so it is
    about the sessions of the day after that morning. Flush, never commit; answers how many.
    """
    sent_on = earliest_send(now).astimezone(BRUSSELS).date()
    day_start = datetime.combine(sent_on + timedelta(days=1), time(0), tzinfo=BRUSSELS)
    day_end = datetime.combine(sent_on + timedelta(days=2), time(0), tzinfo=BRUSSELS)
    found = session.execute(
        select(GroupSession, Family)
        .join(Group, Group.id == GroupSession.group_id)
        .join(Enrolment, Enrolment.group_id == Group.id)
        .join(Family, Family.id == Enrolment.family_id)
        .where(
            Group.status != "finished",
            GroupSession.starts_at >= day_start.astimezone(now.tzinfo),
            GroupSession.starts_at < day_end.astimezone(now.tzinfo),
            GroupSession.starts_at > now,
            GroupSession.position >= Enrolment.first_position,  # joined later: not before
            Enrolment.withdrawn_at.is_(None),
            Family.phone.is_not(None),
        )
        .options(selectinload(GroupSession.group).selectinload(Group.location))
        .order_by(GroupSession.starts_at, Family.id)
    ).all()
    occasions = [
        Occasion(
            family,
            f"session_tomorrow:{group_session.id}:{family.id}",
            partial(
                texts.session_tomorrow, start=group_session.starts_at, place=_place(group_session)
            ),
        )
        for group_session, family in found
    ]
    return len(queue_for(session, "session_tomorrow", occasions, now))


def send_session_tomorrow(session: Session, now: datetime) -> Mapping[str, int]:
    """The `send-reminders` job: queue the messages and commit (the outbox sends them)."""
    queued = queue_session_tomorrow(session, now)
    session.commit()
    return {"group session messages queued": queued}


REMINDER_SENDERS.append(send_session_tomorrow)
