"""Perinatal groups: demo data — one running group, one starting soon, invented participants."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.auth.models import User
from spelotheek.families.models import Family
from spelotheek.groups import participants, plans, rules, services, signup
from spelotheek.groups.models import JoinRequest, SessionTemplate
from spelotheek.locations.models import Location

MIDWIFE = "midwife@demo.spelotheek.be"
RUNNING = ["Amira", "Lotte", "Fatima", "Elif", "Sara", "Nina", "Aylin"]
STARTING = ["Zeynep", "Marie", "Samira"]


def _due_window(first_day: date) -> tuple[date, date]:
    """Due months for people in week 14 of pregnancy on the first day, one month each side."""
    due = first_day + timedelta(weeks=40 - rules.FIRST_SESSION_WEEK)
    return rules.first_of_month(rules.add_months(due, -1)), rules.first_of_month(due)


def load(session: Session, today: date) -> None:
    """Add this feature's demo data (called once, when the demo data is first loaded)."""
    midwife = session.scalar(select(User).where(User.email == MIDWIFE))
    location = session.scalar(select(Location).order_by(Location.id))
    if midwife is None or location is None:
        return
    plans.ensure_default_templates(session)
    templates = {t.name: t for t in session.scalars(select(SessionTemplate))}
    families = {f.display_name: f for f in session.scalars(select(Family))}
    now = rules.local_to_utc(today, time(12))

    running_first = today - timedelta(weeks=10) + timedelta(days=(5 - today.weekday()) % 7)
    starting_first = today + timedelta(weeks=3) + timedelta(days=(5 - today.weekday()) % 7)
    for name, first, plan, people, status in (
        ("Group A", running_first, "10 sessions", RUNNING, "running"),
        ("Group B", starting_first, "8 sessions", STARTING, "planned"),
    ):
        due_from, due_to = _due_window(first)
        group = services.create_group(
            session,
            midwife.id,
            {
                "name": name,
                "location_id": location.id,
                "due_from": due_from,
                "due_to": due_to,
                "capacity": 8,
                "languages": "nl,ar,tr",
                "status": "planned",
                "rolling_entry": plan == "8 sessions",
            },
            [midwife.id],
            templates[plan].id,
            first,
            time(10),
            "Room 1",
        )
        enrolled_at = rules.local_to_utc(first - timedelta(days=14), time(12))
        for index, display_name in enumerate(people):
            family = families.get(display_name)
            if family is None:
                continue
            participants.enrol(
                session,
                midwife.id,
                group,
                family,
                due_year=due_to.year if index % 2 else due_from.year,
                due_month=due_to.month if index % 2 else due_from.month,
                consent=True,
                now=enrolled_at,
                with_partner=index % 3 == 0,
                share_name=index % 2 == 0,
                contact_ok=index != 2,  # one person did not say yes to being contacted
            )
        if plan == "8 sessions":
            # A midwife's referral without a family card: a first name and a phone only.
            signup.sign_up(
                session,
                group,
                first_name="Yasmina",
                phone="0470 11 22 33",
                consent=True,
                now=enrolled_at,
                language="ar",
                actor_id=midwife.id,
            )
        group.status = status
        _attendance_so_far(session, midwife.id, group, now, today)
    # Someone left a number on the public page to hear about the next group.
    session.add(JoinRequest(phone="0470 00 00 00", language="ar"))
    session.flush()


def _attendance_so_far(session: Session, actor_id: int, group, now, today: date) -> None:
    """Mostly present, a few absences (one person missed the last two: reach out)."""
    held = [s for s in group.sessions if s.starts_at <= now]
    people = participants.active_enrolments(group)
    for number, item in enumerate(held):
        marks = {}
        for index, enrolment in enumerate(people):
            if index == 1 and number >= len(held) - 2:
                status = "absent"
            elif (index + number) % 5 == 4:
                status = "excused"
            else:
                status = "present"
            marks[enrolment.id] = (status, enrolment.with_partner and number % 2 == 0)
        participants.record_attendance(session, actor_id, group, item, marks, today=today)
