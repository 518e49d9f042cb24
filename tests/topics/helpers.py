"""Test data for topics: a meetup series with coming dates, topics in a given status."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from spelotheek.locations.models import Location
from spelotheek.meetups import services as meetup_services
from spelotheek.meetups.models import MeetupSeries
from spelotheek.meetups.rules import BRUSSELS
from spelotheek.topics import moderation, planning, services
from spelotheek.topics.models import Topic

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def today() -> date:
    """Today in Brussels (planning looks at the coming dates)."""
    return datetime.now(BRUSSELS).date()


def make_series(db: Session, title: str = "Play morning") -> MeetupSeries:
    """A weekly series on today's weekday, from today on, so it has coming dates."""
    location = Location(name=f"Place {title}", address="Straat 1", postcode="9000", city="Gent")
    db.add(location)
    db.flush()
    weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[today().weekday()]
    return meetup_services.create_series(
        db,
        None,
        {
            "title": title,
            "location_id": location.id,
            "rrule": f"FREQ=WEEKLY;BYDAY={weekday}",
            "first_day": today() - timedelta(days=14),
            "starts": time(10),
            "ends": time(12),
        },
    )


def make_topic(
    db: Session,
    text: str = "Where do we find a doctor?",
    theme: str | None = "health",
    status: str = "new",
    actor_id: int | None = None,
    **fields,
) -> Topic:
    """A topic moved to the status asked for through the services (new/accepted/declined)."""
    topic = services.propose(db, text=text, theme=theme, **fields).topic
    if status in ("accepted", "planned", "discussed"):
        moderation.accept(db, actor_id, topic, NOW)
    if status == "declined":
        moderation.decline(db, actor_id, topic, "Not for now", NOW)
    return topic


def plan_first(db: Session, topic: Topic, actor_id: int, theme: str = "") -> str:
    """Plan the topic into its first coming slot; answers the slot value."""
    slot = planning.slots(db, topic, today())[0]
    planning.plan(db, actor_id, topic, slot.value, theme, today(), NOW)
    return slot.value
