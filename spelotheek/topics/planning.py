"""Plan an accepted topic into a meetup date or a group session, and report back afterwards.

The date shows the topic as its theme through the meetups' and groups' own services (so their
calendar SEQUENCE, audit and rules stay theirs). When a plan changes, the theme we set is taken
away again, unless staff changed it by hand in the meantime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.groups import services as group_services
from spelotheek.groups.models import Group, GroupSession
from spelotheek.meetups import dates as meetup_dates
from spelotheek.meetups import timetable
from spelotheek.meetups.models import MeetupOccurrence
from spelotheek.meetups.rules import BRUSSELS
from spelotheek.topics import rules
from spelotheek.topics.models import Topic
from spelotheek.topics.rules import TopicRefused

WEEKS_AHEAD = 12


@dataclass(frozen=True)
class Slot:
    """A date a topic can be planned into: a meetup date or a group session."""

    value: str  # "m:<series>:<YYYY-MM-DD>" or "g:<session id>"
    day: date
    label: str  # the meeting's or group's name (not translated: it is a name)


def slots(session: Session, topic: Topic, today: date) -> list[Slot]:
    """Dates ahead this topic can go into: its group's sessions for a group topic, else the
    meetup dates (of its own series, when it is for one)."""
    if topic.audience == "group":
        group = session.scalar(
            select(Group).where(Group.id == topic.group_id).options(selectinload(Group.sessions))
        )
        if group is None:
            return []
        found = []
        for item in group.sessions:
            day = item.starts_at.astimezone(BRUSSELS).date()
            if day >= today:
                found.append(Slot(f"g:{item.id}", day, f"{group.name} · {item.position}"))
        return found
    listed = timetable.schedule(
        session,
        today,
        today + timedelta(weeks=WEEKS_AHEAD),
        series_id=topic.series_id if topic.audience == "series" else None,
    )
    return [
        Slot(
            f"m:{x.series.id}:{x.occurrence.original_day.isoformat()}",
            x.occurrence.day,
            x.series.title,
        )
        for x in listed
        if not x.occurrence.cancelled
    ]


def _set_meetup_theme(
    session: Session, actor_id: int | None, row: MeetupOccurrence, theme: str | None
) -> None:
    """Give one meetup date a theme through the meetups' own change of a date."""
    listed = timetable.get_occurrence(session, row.series_id, row.original_day)
    shown = listed.occurrence
    meetup_dates.change_date(
        session,
        actor_id,
        row.series_id,
        row.original_day,
        day=shown.day,
        starts=shown.starts,
        ends=shown.ends,
        theme=theme,
    )


def _set_session_theme(
    session: Session, actor_id: int | None, group_session: GroupSession, theme: str
) -> None:
    """Give one group session a theme through the groups' own change of a session."""
    local = group_session.starts_at.astimezone(BRUSSELS)
    group_services.update_session(
        session,
        actor_id,
        group_session.group,
        group_session,
        local.date(),
        local.time().replace(tzinfo=None),
        {"theme": theme},
    )


def clear_plan(session: Session, actor_id: int | None, topic: Topic) -> None:
    """Take the topic off the date it was planned into (its theme too, if still ours)."""
    if topic.occurrence is not None:
        if (topic.occurrence.theme or "") == topic.planned_theme:
            _set_meetup_theme(session, actor_id, topic.occurrence, None)
        topic.occurrence = None
    if topic.group_session is not None:
        if topic.group_session.theme == topic.planned_theme:
            _set_session_theme(session, actor_id, topic.group_session, "")
        topic.group_session = None
    topic.planned_theme = ""
    session.flush()


def plan(
    session: Session,
    actor_id: int | None,
    topic: Topic,
    slot_value: str,
    theme: str,
    today: date,
    now: datetime,
) -> None:
    """Plan (or re-plan) the topic into a date ahead; that date shows `theme` as its theme."""
    rules.check_move(topic.status, "planned")
    theme = rules.clean_text(theme)[: rules.THEME_TEXT_MAX] or rules.theme_text(
        topic.summary, topic.text, ""
    )
    if not theme:
        raise TopicRefused(_l("Please write the theme to show on that date."), code="theme_needed")
    allowed = {s.value: s for s in slots(session, topic, today)}
    if slot_value not in allowed:
        raise TopicRefused(
            _l("Please choose a date from the list: a coming date that is not cancelled."),
            code="unknown_date",
        )
    clear_plan(session, actor_id, topic)
    kind, _sep, rest = slot_value.partition(":")
    if kind == "m":
        series_text, _sep, day_text = rest.partition(":")
        listed = timetable.get_occurrence(session, int(series_text), date.fromisoformat(day_text))
        row = meetup_dates.row_for(session, listed)
        session.flush()
        _set_meetup_theme(session, actor_id, row, theme)
        topic.occurrence = row
    else:
        group_session = session.get(GroupSession, int(rest))
        if group_session is None:  # pragma: no cover  (it was in the list a moment ago)
            raise TopicRefused(_l("Please choose a date from the list."), code="unknown_date")
        _set_session_theme(session, actor_id, group_session, theme)
        topic.group_session = group_session
    topic.planned_theme = theme
    topic.status = "planned"
    topic.updated_at = now
    session.flush()
    audit.record(
        session,
        "topic_planned",
        actor_id=actor_id,
        subject_type="topic",
        subject_id=topic.id,
        detail=slot_value,
    )


def unplan(session: Session, actor_id: int | None, topic: Topic, now: datetime) -> None:
    """Take a plan back: the topic is 'proposed' again and the date loses its theme."""
    rules.check_move(topic.status, "accepted")
    if topic.status != "planned":  # pragma: no cover  (the workflow allows only planned here)
        return
    clear_plan(session, actor_id, topic)
    topic.status = "accepted"
    topic.updated_at = now
    session.flush()


def report(
    session: Session,
    actor_id: int | None,
    topic: Topic,
    talked: str,
    found: str,
    next_steps: str,
    now: datetime,
) -> None:
    """Write what came of it; a planned topic becomes 'talked about'. The note can be
    corrected later."""
    talked, found, next_steps = rules.check_note(talked, found, next_steps)
    if topic.status != "discussed":
        rules.check_move(topic.status, "discussed")
        topic.status = "discussed"
        topic.discussed_at = now
    topic.note_talked, topic.note_found, topic.note_next = talked, found, next_steps
    topic.updated_at = now
    session.flush()
    audit.record(
        session, "topic_reported", actor_id=actor_id, subject_type="topic", subject_id=topic.id
    )
