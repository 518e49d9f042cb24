"""Welcome buddies: families who come often offer a first name and languages; newcomers ask
for one at a meeting date; staff match them. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.families.models import Family
from spelotheek.meetups import timetable
from spelotheek.meetups.models import MeetupCardScan, MeetupOccurrence, MeetupSeries
from spelotheek.welcome import rules
from spelotheek.welcome.models import Buddy, BuddyRequest
from spelotheek.welcome.rules import WelcomeRefused

MAX_REQUESTS_PER_DATE = 20  # more would be someone filling the form, not newcomers
ROTA_DAYS = 28


def visit_days(session: Session, family_id: int, now: datetime) -> list[date]:
    """The meeting dates at which the family's card was scanned lately."""
    return list(
        session.scalars(
            select(MeetupOccurrence.original_day)
            .join(MeetupCardScan, MeetupCardScan.occurrence_id == MeetupOccurrence.id)
            .where(
                MeetupCardScan.family_id == family_id,
                MeetupCardScan.scanned_at >= rules.often_since(now),
            )
        ).all()
    )


def may_offer(session: Session, family_id: int, now: datetime, today: date) -> bool:
    """True when the family comes often enough to be a buddy (or already is one)."""
    return buddy_of(session, family_id) is not None or rules.comes_often(
        visit_days(session, family_id, now), today
    )


def buddy_of(session: Session, family_id: int) -> Buddy | None:
    """The family's buddy offer, if it made one."""
    return session.scalar(select(Buddy).where(Buddy.family_id == family_id))


def offer(
    session: Session,
    family: Family,
    first_name: str | None,
    languages: Iterable[str],
    now: datetime,
    today: date,
) -> Buddy:
    """The family offers (or changes its offer) to welcome newcomers."""
    name = rules.first_name(first_name, required=True)
    spoken = rules.languages(languages)
    buddy = buddy_of(session, family.id)
    if buddy is None:
        if not rules.comes_often(visit_days(session, family.id, now), today):
            raise WelcomeRefused(
                _l("Buddies are parents who come often. Come to a few more meetings first!"),
                code="not_often",
                status=409,
            )
        buddy = Buddy(family_id=family.id, first_name=name, languages=spoken)
        session.add(buddy)
    buddy.first_name, buddy.languages = name, spoken
    session.flush()
    return buddy


def stop(session: Session, family: Family) -> bool:
    """The family stops being a buddy: its row goes, matches fall back to open."""
    result = session.execute(delete(Buddy).where(Buddy.family_id == family.id))
    session.flush()
    return bool(getattr(result, "rowcount", 0))


def ask(
    session: Session,
    series_id: int,
    day: date,
    language: str | None,
    first_name: str | None,
    today: date,
) -> BuddyRequest:
    """A newcomer asks for a buddy who speaks `language` at one date (no account needed)."""
    code = rules.language(language)
    name = rules.first_name(first_name, required=False)
    listed = timetable.get_occurrence(session, series_id, day, today)
    if listed.occurrence.cancelled or listed.occurrence.day < today:
        raise WelcomeRefused(
            _l("You can ask for a buddy for a meeting that is still to come."), code="past"
        )
    waiting = session.scalar(
        select(func.count())
        .select_from(BuddyRequest)
        .where(BuddyRequest.series_id == series_id, BuddyRequest.day == day)
    )
    if (waiting or 0) >= MAX_REQUESTS_PER_DATE:
        raise WelcomeRefused(
            _l("Many people asked already. Just come: the hosts will welcome you."), code="full"
        )
    request = BuddyRequest(series_id=series_id, day=day, language=code, first_name=name)
    session.add(request)
    session.flush()
    return request


def match(session: Session, actor_id: int | None, request_id: int, buddy_id: int | None) -> None:
    """Staff give a request a buddy who speaks its language (None: take the match back)."""
    request = session.get(BuddyRequest, request_id)
    if request is None:
        raise NotFound(_l("We could not find this request."))
    if buddy_id is not None:
        buddy = session.get(Buddy, buddy_id)
        if buddy is None or not rules.speaks(buddy.languages, request.language):
            raise WelcomeRefused(
                _l("Choose a buddy who speaks this language."), code="language_mismatch"
            )
    request.buddy_id = buddy_id
    session.flush()
    audit.record(
        session,
        "buddy_matched" if buddy_id else "buddy_unmatched",
        actor_id=actor_id,
        subject_type="buddy_request",
        subject_id=request.id,
    )


@dataclass
class RotaDate:
    """One upcoming date with its requests and the buddies who speak their languages."""

    series: MeetupSeries
    day: date
    requests: list[BuddyRequest] = field(default_factory=list)
    candidates: dict[str, list[Buddy]] = field(default_factory=dict)


def rota(session: Session, today: date) -> list[RotaDate]:
    """The requests for the coming weeks by date, with who could welcome each (3 queries)."""
    requests = session.scalars(
        select(BuddyRequest)
        .where(BuddyRequest.day >= today, BuddyRequest.day <= today + timedelta(days=ROTA_DAYS))
        .order_by(BuddyRequest.day, BuddyRequest.series_id, BuddyRequest.id)
    ).all()
    if not requests:
        return []
    series = timetable.series_by_id(session, {r.series_id for r in requests})
    buddies = session.scalars(select(Buddy).order_by(Buddy.first_name, Buddy.id)).all()
    dates: dict[tuple[int, date], RotaDate] = {}
    for request in requests:
        entry = dates.setdefault(
            (request.series_id, request.day), RotaDate(series[request.series_id], request.day)
        )
        entry.requests.append(request)
        entry.candidates.setdefault(
            request.language, [b for b in buddies if rules.speaks(b.languages, request.language)]
        )
    return list(dates.values())


@dataclass(frozen=True)
class Welcome:
    """A newcomer a buddy will welcome: the date, the meeting, a first name and a language."""

    series_id: int
    title: str
    day: date
    first_name: str
    language: str


def welcomes_of(session: Session, family_id: int, today: date) -> Sequence[Welcome]:
    """The newcomers matched to this family's buddy, from today on."""
    rows = session.execute(
        select(BuddyRequest, MeetupSeries.title)
        .join(Buddy, Buddy.id == BuddyRequest.buddy_id)
        .join(MeetupSeries, MeetupSeries.id == BuddyRequest.series_id)
        .where(Buddy.family_id == family_id, BuddyRequest.day >= today)
        .order_by(BuddyRequest.day, BuddyRequest.id)
    ).all()
    return [Welcome(r.series_id, title, r.day, r.first_name, r.language) for r, title in rows]


def purge_requests(session: Session, today: date) -> int:
    """Requests whose date is more than a week ago are deleted."""
    cutoff = today - timedelta(days=rules.REQUEST_KEPT_DAYS)
    result = session.execute(delete(BuddyRequest).where(BuddyRequest.day < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
