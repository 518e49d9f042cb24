"""A network meeting as a calendar event (RFC 5545), built with `icalendar` in UTC instants."""

from __future__ import annotations

from datetime import UTC

from icalendar import Calendar, Event

from spelotheek.signals.models import NetworkMeeting

PRODID = "-//Spelotheek//Network meetings//NL"


def meeting_ics(meeting: NetworkMeeting, summary: str, description: str, url: str) -> bytes:
    """One VEVENT for the meeting; the same UID every time, so calendars update it."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", meeting.updated_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", summary)
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", description)
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
