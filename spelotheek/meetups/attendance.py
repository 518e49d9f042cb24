"""Drop-in counts, card scans and "I'll probably come". Services flush, never commit.

Counts are anonymous numbers. A card scan links a family to a date only to count reach, and
only scans with the family's consent are read by reach statistics.
"""

from __future__ import annotations

import hashlib
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.db import utcnow
from spelotheek.families import cardcode
from spelotheek.families.cards import family_for_scan
from spelotheek.meetups import dates, rules, timetable
from spelotheek.meetups.models import MeetupCardScan, MeetupInterest, MeetupOccurrence
from spelotheek.meetups.rules import MeetupRefused
from spelotheek.meetups.timetable import Listed


def check_countable(listed: Listed, today: date) -> None:
    """Counting starts on the day itself and never on a cancelled date."""
    if listed.occurrence.cancelled:
        raise MeetupRefused(_l("This date is cancelled: there is nothing to count."), status=409)
    if listed.occurrence.day > today:
        raise MeetupRefused(
            _l("You can count from the day of the meeting on."), code="not_yet", status=409
        )


def _locked_row(session: Session, listed: Listed) -> MeetupOccurrence:
    """The date's row, locked so two hosts tapping at once both count (PostgreSQL row lock;
    SQLite writing transactions already take the write lock up front)."""
    row = dates.row_for(session, listed)
    return session.scalars(
        select(MeetupOccurrence)
        .where(MeetupOccurrence.id == row.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _store(session: Session, row: MeetupOccurrence, counts: rules.Counts) -> None:
    for name, value in counts.as_dict().items():
        setattr(row, name, value)
    row.counted_at = utcnow()
    session.flush()


def tap(
    session: Session,
    actor_id: int | None,
    series_id: int,
    original_day: date,
    counter: str,
    step: int,
    today: date,
) -> Listed:
    """One tap on + or − by a host; answers the date with its new counts."""
    listed = timetable.get_occurrence(session, series_id, original_day, today)
    check_countable(listed, today)
    row = _locked_row(session, listed)
    _store(
        session, row, rules.tap(Listed(listed.occurrence, listed.series, row).counts, counter, step)
    )
    audit.record(
        session,
        "meetup_count_tapped",
        actor_id=actor_id,
        subject_type="meetup_occurrence",
        subject_id=row.id,
        detail=f"{counter} {step:+d}",
    )
    return Listed(listed.occurrence, listed.series, row, listed.interested)


def correct(
    session: Session,
    actor_id: int | None,
    series_id: int,
    original_day: date,
    counts: rules.Counts,
    today: date,
) -> Listed:
    """Set the counts of a date afterwards (corrections); the numbers must fit together."""
    listed = timetable.get_occurrence(session, series_id, original_day, today)
    check_countable(listed, today)
    rules.check_counts(counts)
    row = _locked_row(session, listed)
    _store(session, row, counts)
    audit.record(
        session,
        "meetup_counts_corrected",
        actor_id=actor_id,
        subject_type="meetup_occurrence",
        subject_id=row.id,
    )
    return Listed(listed.occurrence, listed.series, row, listed.interested)


def scan_card(
    session: Session,
    actor_id: int | None,
    series_id: int,
    original_day: date,
    code: str,
    reach_consent: bool,
    today: date,
) -> bool:
    """A family's card scanned at the meeting; answers False when it was scanned before.

    Raises CardNotFound or CardRevoked (from families) for a card that does not work.
    """
    listed = timetable.get_occurrence(session, series_id, original_day, today)
    check_countable(listed, today)
    family = family_for_scan(session, cardcode.from_scan(code)[:64])
    row = dates.row_for(session, listed)
    scan = session.scalar(
        select(MeetupCardScan).where(
            MeetupCardScan.occurrence_id == row.id, MeetupCardScan.family_id == family.id
        )
    )
    audit.record(
        session,
        "meetup_card_scanned",
        actor_id=actor_id,
        subject_type="meetup_occurrence",
        subject_id=row.id,
    )
    if scan is not None:
        scan.reach_consent = scan.reach_consent or reach_consent
        session.flush()
        return False
    session.add(
        MeetupCardScan(occurrence_id=row.id, family_id=family.id, reach_consent=reach_consent)
    )
    session.flush()
    return True


def browser_hash(token: str) -> str:
    """What is stored of a browser's random cookie: its hash."""
    return hashlib.sha256(f"meetup-interest:{token}".encode()).hexdigest()


def has_interest(session: Session, listed: Listed, token: str | None) -> bool:
    """True when this browser said it would probably come to this date."""
    if not token or listed.row is None:
        return False
    return (
        session.scalar(
            select(MeetupInterest.id).where(
                MeetupInterest.occurrence_id == listed.row.id,
                MeetupInterest.browser_hash == browser_hash(token),
            )
        )
        is not None
    )


def toggle_interest(
    session: Session,
    series_id: int,
    original_day: date,
    token: str,
    family_id: int | None,
    today: date,
) -> bool:
    """'I'll probably come' on, or off again; answers the new state."""
    listed = timetable.get_occurrence(session, series_id, original_day, today)
    if listed.occurrence.cancelled:
        raise MeetupRefused(_l("This date is cancelled."), status=409)
    if listed.occurrence.day < today:
        raise MeetupRefused(_l("This date is over."), code="past", status=409)
    row = dates.row_for(session, listed)
    digest = browser_hash(token)
    found = session.scalar(
        select(MeetupInterest).where(
            MeetupInterest.occurrence_id == row.id, MeetupInterest.browser_hash == digest
        )
    )
    if found is not None:
        session.delete(found)
        session.flush()
        return False
    session.add(MeetupInterest(occurrence_id=row.id, browser_hash=digest, family_id=family_id))
    session.flush()
    return True
