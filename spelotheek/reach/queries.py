"""Reach statistics in SQL: a pseudonymised extract per computation, then GROUP BY counts.

No names or contact data are ever selected. The extract has one row per family reached in the
period, keyed by a pseudonym that is new at every computation (`row_number()` over a random
order); profile answers and children's ages are read only for families whose consent stands.
Every function runs a fixed number of statements, whatever the amount of data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    CTE,
    ColumnElement,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql import Subquery

from spelotheek.families.models import Child
from spelotheek.groups.models import Attendance, Enrolment, GroupSession
from spelotheek.loans.models import Loan
from spelotheek.meetups.models import MeetupCardScan, MeetupOccurrence
from spelotheek.reach.dimensions import UNKNOWN
from spelotheek.reach.models import ReachProfile
from spelotheek.templating import BRUSSELS

SERVICES = ("all", "loans", "meetings", "groups")
HEAD_COUNTS = ("adults", "children", "first_visits", "mothers", "fathers", "other_caregivers")


@dataclass(frozen=True)
class Window:
    """A period of whole local days [start, end) and its UTC instants."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(0), BRUSSELS)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end, time(0), BRUSSELS)

    def holds(self, column: InstrumentedAttribute[datetime]) -> ColumnElement[bool]:
        return and_(column >= self.since, column < self.until)


def without_jit(session: Session) -> None:
    """For the rest of this transaction, PostgreSQL runs the counts without compiling them.

    Each count is costly enough for PostgreSQL's JIT, which then spent ~60 ms compiling the
    breakdown alone (of ~0.5 s) at the Flanders size, every time: more than it saves.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def _services(service: str) -> tuple[str, ...]:
    return ("loans", "meetings", "groups") if service == "all" else (service,)


def _activities(window: Window, service: str = "all") -> Subquery:
    """Every dated contact with a family in the window, by service: loans, consented scans,
    group presence. Each part filters on its own time column, so an index reads the period."""
    parts = []
    if "loans" in _services(service):
        parts.append(
            select(
                Loan.family_id.label("family_id"),
                Loan.lent_at.label("at"),
                literal("loans", String).label("service"),
            ).where(Loan.family_id.is_not(None), window.holds(Loan.lent_at))
        )
    if "meetings" in _services(service):
        parts.append(
            select(
                MeetupCardScan.family_id, MeetupCardScan.scanned_at, literal("meetings", String)
            ).where(MeetupCardScan.reach_consent.is_(True), window.holds(MeetupCardScan.scanned_at))
        )
    if "groups" in _services(service):
        parts.append(
            select(Enrolment.family_id, GroupSession.starts_at, literal("groups", String))
            .join(Attendance, Attendance.enrolment_id == Enrolment.id)
            .join(GroupSession, GroupSession.id == Attendance.session_id)
            .where(
                Attendance.status == "present",
                Enrolment.family_id.is_not(None),
                window.holds(GroupSession.starts_at),
            )
        )
    return union_all(*parts).subquery("activities")


def _came_before(
    family_id: ColumnElement[int], since: datetime, service: str
) -> ColumnElement[bool]:
    """True when the family had a contact (in this service) before `since`: then it returns.

    One index probe per family reached (family_id, time), instead of reading all history.
    """
    checks = []
    if "loans" in _services(service):
        checks.append(exists().where(Loan.family_id == family_id, Loan.lent_at < since))
    if "meetings" in _services(service):
        checks.append(
            exists().where(
                MeetupCardScan.family_id == family_id,
                MeetupCardScan.reach_consent.is_(True),
                MeetupCardScan.scanned_at < since,
            )
        )
    if "groups" in _services(service):
        checks.append(
            select(Attendance.id)
            .join(Enrolment, Enrolment.id == Attendance.enrolment_id)
            .join(GroupSession, GroupSession.id == Attendance.session_id)
            .where(
                Enrolment.family_id == family_id,
                Attendance.status == "present",
                GroupSession.starts_at < since,
            )
            .exists()
        )
    return or_(*checks)


OVERLAP = "*overlap"  # the marker of the overlap's rows among the breakdowns' (no dimension's name)


def _reached(window: Window) -> CTE:
    """One row per family reached in the window, with a 0/1 flag per service that reached it.

    The overlap between services and every breakdown are counted from it in one statement, so
    the period's activities (200,000 loans a year at the Flanders size) are read once.
    """
    act = _activities(window)
    flags = [
        func.max(case((act.c.service == name, 1), else_=0)).label(name) for name in _services("all")
    ]
    return select(act.c.family_id, *flags).group_by(act.c.family_id).cte("reached")


def extract(reached: CTE, window: Window, service: str) -> CTE:
    """The pseudonymised extract: one row per family the service reached, only categories."""
    families = select(reached.c.family_id)
    if service != "all":
        families = families.where(reached.c[service] == 1)
    chosen = families.subquery("chosen")
    youngest = (
        select(Child.family_id, func.max(Child.birth_year * 12 + Child.birth_month).label("born"))
        .group_by(Child.family_id)
        .subquery("youngest")
    )
    last_day = window.end - timedelta(days=1)
    age = literal(last_day.year * 12 + last_day.month) - youngest.c.born
    consent = ReachProfile.id.is_not(None)
    youngest_band = case(
        (~consent, UNKNOWN),
        (youngest.c.born.is_(None), "no_children"),
        (age < 0, "expecting"),
        (age < 12, "under_1"),
        (age < 36, "1_2"),
        (age < 72, "3_5"),
        (age < 108, "6_8"),
        else_="9_plus",
    )
    came_before = _came_before(chosen.c.family_id, window.since, service)
    columns = {
        "new_or_returning": case((came_before, "returning"), else_="new"),
        "home_language": func.coalesce(ReachProfile.home_language, UNKNOWN),
        "household": func.coalesce(ReachProfile.household, UNKNOWN),
        "usual_carer": func.coalesce(ReachProfile.usual_carer, UNKNOWN),
        "neighbourhood": func.coalesce(ReachProfile.neighbourhood, UNKNOWN),
        "youngest_child": youngest_band,
    }
    return (
        select(
            func.row_number().over(order_by=func.random()).label("pseudonym"),
            *(column.label(name) for name, column in columns.items()),
        )
        .select_from(chosen)
        .outerjoin(
            ReachProfile,
            and_(
                ReachProfile.family_id == chosen.c.family_id,
                ReachProfile.withdrawn_at.is_(None),
            ),
        )
        .outerjoin(youngest, youngest.c.family_id == chosen.c.family_id)
        .cte("extract")
    )


@dataclass(frozen=True)
class FamilyCounts:
    """Families reached: by combination of services, and per category of each breakdown."""

    overlap: dict[tuple[bool, bool, bool], int]
    breakdowns: dict[tuple[str, ...], int]


def family_counts(
    session: Session,
    window: Window,
    service: str,
    singles: Sequence[str],
    pair: tuple[str, ...] | None = None,
) -> FamilyCounts:
    """The overlap (keys: reached by loans, meetings, groups) over all services, and families
    per category of the service: keys (dim, cat) for singles, (a, ca, b, cb) for a pair."""
    reached = _reached(window)
    table = extract(reached, window, service)
    # The extract has one row per family (each its own pseudonym), so count() counts families;
    # count(DISTINCT pseudonym) sorted every group again: 0.1 s of 0.5 at the Flanders size.
    parts = [
        select(
            literal(OVERLAP, String).label("d1"),
            (
                cast(reached.c.loans, String)
                + cast(reached.c.meetings, String)
                + cast(reached.c.groups, String)
            ).label("c1"),
            literal("", String).label("d2"),
            literal("", String).label("c2"),
            func.count().label("n"),
        ).group_by(reached.c.loans, reached.c.meetings, reached.c.groups)
    ]
    for dim in singles:
        column = table.c[dim]
        parts.append(
            select(
                literal(dim, String),
                column,
                literal("", String),
                literal("", String),
                func.count(),
            ).group_by(column)
        )
    if pair:
        a, b = table.c[pair[0]], table.c[pair[1]]
        parts.append(
            select(
                literal(pair[0], String),
                a,
                literal(pair[1], String),
                b,
                func.count(),
            ).group_by(a, b)
        )
    overlap: dict[tuple[bool, bool, bool], int] = {}
    breakdowns: dict[tuple[str, ...], int] = {}
    for d1, c1, d2, c2, n in session.execute(union_all(*parts)).all():
        if d1 == OVERLAP:
            overlap[(c1[0] == "1", c1[1] == "1", c1[2] == "1")] = n
        else:
            breakdowns[(d1, c1, d2, c2) if d2 else (d1, c1)] = n
    return FamilyCounts(overlap, breakdowns)


def event_counts(session: Session, window: Window) -> dict[str, int]:
    """Loans, desk visits (family-days with a loan), meeting visits (adults counted) and group
    attendances in the window, in one statement."""
    loan_days = (
        select(Loan.family_id, func.date(Loan.lent_at))
        .where(window.holds(Loan.lent_at))
        .distinct()
        .subquery("loan_days")
    )
    day = func.coalesce(MeetupOccurrence.day, MeetupOccurrence.original_day)
    row = session.execute(
        select(
            select(func.count()).where(window.holds(Loan.lent_at)).scalar_subquery(),
            select(func.count()).select_from(loan_days).scalar_subquery(),
            select(func.coalesce(func.sum(MeetupOccurrence.adults), 0))
            .where(
                MeetupOccurrence.status == "scheduled",
                day >= window.start,
                day < window.end,
            )
            .scalar_subquery(),
            select(func.count())
            .select_from(Attendance)
            .join(GroupSession, GroupSession.id == Attendance.session_id)
            .where(Attendance.status == "present", window.holds(GroupSession.starts_at))
            .scalar_subquery(),
        )
    ).one()
    return {
        "loans": row[0],
        "loan_visits": row[1],
        "meeting_visits": int(row[2]),
        "group_visits": row[3],
    }


def head_counts(session: Session, window: Window) -> dict[tuple[str, bool], dict[str, int]]:
    """The anonymous meeting counts per (month 'YYYY-MM', on a Saturday) in the window."""
    day = func.coalesce(MeetupOccurrence.day, MeetupOccurrence.original_day)
    if session.get_bind().dialect.name == "postgresql":
        month = func.to_char(day, "YYYY-MM")
        saturday = func.extract("dow", day) == 6
    else:
        month = func.strftime("%Y-%m", day)
        saturday = func.strftime("%w", day) == "6"
    is_saturday = case((saturday, 1), else_=0)
    rows = session.execute(
        select(
            month,
            is_saturday,
            *(func.sum(getattr(MeetupOccurrence, name)) for name in HEAD_COUNTS),
        )
        .where(MeetupOccurrence.status == "scheduled", day >= window.start, day < window.end)
        .group_by(month, is_saturday)
    ).all()
    return {
        (r[0], bool(r[1])): {name: int(v or 0) for name, v in zip(HEAD_COUNTS, r[2:], strict=True)}
        for r in rows
    }
