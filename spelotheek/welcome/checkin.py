"""The three-picture check-in: one anonymous tap per question adds 1 to a counter of the date.

No row per person, no time finer than the date, no cookie: only how often each answer was
tapped at a date. Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from spelotheek.meetups.attendance import check_countable
from spelotheek.meetups.models import MeetupSeries
from spelotheek.meetups.timetable import Listed, get_occurrence
from spelotheek.welcome import rules
from spelotheek.welcome.models import CheckinCount

Tally = dict[str, dict[str, int]]  # question → answer → taps


def checkin_date(session: Session, series_id: int, day: date, today: date) -> Listed:
    """The date a check-in is for: it must be today or past, and not cancelled."""
    listed = get_occurrence(session, series_id, day, today)
    check_countable(listed, today)
    return listed


def tap(
    session: Session, series_id: int, day: date, question: str, answer: str, today: date
) -> None:
    """Count one answer to one question at a date (safe when several tablets tap at once)."""
    question, answer = rules.question(question), rules.answer(answer)
    checkin_date(session, series_id, day, today)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CheckinCount).values(
        series_id=series_id, day=day, question=question, answer=answer, taps=1
    )
    # One statement: a second tablet's tap adds to the row the first one made.
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["series_id", "day", "question", "answer"],
            set_={"taps": CheckinCount.taps + 1},
        )
    )
    session.flush()


def empty_tally() -> Tally:
    """Every question and answer at zero."""
    return {q: dict.fromkeys(rules.ANSWERS, 0) for q in rules.QUESTIONS}


def date_tally(session: Session, series_id: int, day: date) -> Tally:
    """The taps of one date."""
    tally = empty_tally()
    for question, answer, taps in session.execute(
        select(CheckinCount.question, CheckinCount.answer, CheckinCount.taps).where(
            CheckinCount.series_id == series_id, CheckinCount.day == day
        )
    ):
        tally[question][answer] = taps
    return tally


def month_tallies(session: Session, start: date, end: date) -> Mapping[str, Tally]:
    """The taps per month ('YYYY-MM') of [start, end), every series together."""
    if session.get_bind().dialect.name == "postgresql":
        month = func.to_char(CheckinCount.day, "YYYY-MM")
    else:
        month = func.strftime("%Y-%m", CheckinCount.day)
    found: dict[str, Tally] = {}
    for key, question, answer, taps in session.execute(
        select(month, CheckinCount.question, CheckinCount.answer, func.sum(CheckinCount.taps))
        .join(MeetupSeries, MeetupSeries.id == CheckinCount.series_id)
        .where(CheckinCount.day >= start, CheckinCount.day < end)
        .group_by(month, CheckinCount.question, CheckinCount.answer)
    ):
        found.setdefault(key, empty_tally())[question][answer] = int(taps or 0)
    return found
